"""History: every admin save is a revision (who, when, comment), diffs are readable, and one click
on an old version restores it — including for imported content that had no revision yet."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Byline, Photo
from issues.models import Issue, Page
from tests.desk.helpers import make_user
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db


def post_data_from(response) -> dict:
    """The change form's current values (main form and inlines) as a browser would post them."""
    data = {}

    def add_form(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if hasattr(field, "fields") and hasattr(field.widget, "decompress"):  # split date/time
                parts = field.widget.decompress(value) if value else ["", ""]
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif value is None or value is False:
                continue
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value.pk if hasattr(value, "pk") else value)

    add_form(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add_form(form)
    return data


@pytest.fixture
def imported(seed_2022):
    call_command("import_issues", str(seed_2022), verbosity=0)
    return Article.objects.get(headline__startswith="高站位高质量高标准")


def edit_article(client, article, **changes):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = post_data_from(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_admin_save_is_a_revision_with_user_comment_and_a_baseline(client, imported):
    editor = make_user("编辑")
    client.force_login(editor)
    assert not Version.objects.get_for_object(imported).exists()  # imports make no revision
    original = imported.body
    edit_article(client, imported, body=original.replace("协调小组", "协调领导小组", 1))

    versions = list(Version.objects.get_for_object(imported))  # newest first
    assert len(versions) == 2
    newest, baseline = versions
    assert newest.revision.user == editor and newest.revision.comment
    assert "领导" in newest.field_dict["body"]
    assert baseline.revision.user is None and "导入" in baseline.revision.comment
    assert baseline.field_dict["body"] == original

    # A second save adds one revision, no second baseline.
    edit_article(client, Article.objects.get(pk=imported.pk), headline="高站位高质量高标准推进产改")
    assert Version.objects.get_for_object(imported).count() == 3


def test_history_and_readable_diff(client, imported):
    client.force_login(make_user("编辑"))
    edit_article(client, imported, body=imported.body.replace("协调小组", "协调领导小组", 1))
    history = client.get(reverse("admin:articles_article_history", args=[imported.pk]))
    html = history.content.decode()
    assert "比较所选版本" in html and "编辑前的版本" in html
    newest, baseline = Version.objects.get_for_object(imported)
    compare = client.get(
        reverse("admin:articles_article_compare", args=[imported.pk]),
        {"version_id1": baseline.pk, "version_id2": newest.pk},
    )
    assert compare.status_code == 200
    diff = compare.content.decode()
    assert "<ins>领导</ins>" in diff or ">领导</ins>" in diff
    assert "<p>" not in diff.split("正文", 1)[1].split("</pre>", 1)[0]  # text, not markup
    assert "比较版本" in diff


def test_one_click_revert_restores_body_and_credits(client, imported):
    client.force_login(make_user("编辑"))
    credits_before = list(imported.credits.values_list("byline__name", "role", "order"))
    original = imported.body
    data = edit_article(client, imported, body="<p>全部改掉了</p>")
    assert Article.objects.get(pk=imported.pk).body == "<p>全部改掉了</p>"
    baseline = Version.objects.get_for_object(imported).last()

    revision_url = reverse("admin:articles_article_revision", args=[imported.pk, baseline.pk])
    page = client.get(revision_url)
    assert page.status_code == 200
    response = client.post(revision_url, post_data_from(page))
    assert response.status_code == 302, data
    restored = Article.objects.get(pk=imported.pk)
    assert restored.body == original
    assert list(restored.credits.values_list("byline__name", "role", "order")) == credits_before
    assert Version.objects.get_for_object(imported).count() == 3  # the revert is itself a revision


@pytest.mark.parametrize("kind", ["issue", "page", "photo", "byline"])
def test_other_models_are_versioned_too(client, kind):
    client.force_login(make_user("编辑") if kind != "issue" else make_user("档案管理员"))
    issue = make_issue()
    page = make_page(issue=issue)
    article = make_article(page=page)
    obj = {
        "issue": issue,
        "page": page,
        "photo": make_photo(article=article),
        "byline": make_byline(name="曾晨路"),
    }[kind]
    model = obj.__class__
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    data = post_data_from(client.get(url))
    field = {"issue": "lunar_date", "page": "name", "photo": "caption", "byline": "bio"}[kind]
    data[field] = "编辑改过的内容"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    versions = Version.objects.get_for_object(model.objects.get(pk=obj.pk))
    assert versions.count() == 2  # baseline + the edit
    assert versions.first().field_dict[field] == "编辑改过的内容"
    assert (
        client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[obj.pk])
        ).status_code
        == 200
    )
    if kind != "byline":
        assert Issue.objects.get(pk=issue.pk).edited_at is not None


def test_reparse_leaves_a_revision_of_the_edited_content(imported):
    from issues.importing import reparse_issue

    Article.objects.filter(pk=imported.pk).update(headline="编辑改过的标题")
    reparse_issue(issue=imported.issue)
    assert Version.objects.get_for_model(Article).filter(serialized_data__contains="编辑改过的标题").exists()


def test_photo_and_page_models_follow(imported):
    """Sanity of the registrations the desk relies on: an article revision carries its credits and
    photos, so a revert restores them together."""
    import reversion

    with reversion.create_revision():
        reversion.add_to_revision(imported)
    version = Version.objects.get_for_object(imported).first()
    models = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "articlecredit", "photo"} <= models
    assert (
        Photo.objects.filter(article=imported).exists() and Page.objects.exists() and Byline.objects.exists()
    )
