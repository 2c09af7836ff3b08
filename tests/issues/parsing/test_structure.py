"""The structure editor's pure part: a page read back as role-labelled lines, articles rebuilt
from such lines, and editors' overrides laid over a later (re-OCR'd) parse."""

from __future__ import annotations

from dataclasses import replace

import pytest

from issues import parsing
from issues.parsing import structure as s
from tests.issues.parsing.helpers import SEED_2021, SEED_2022


def _parse(path):
    return parsing.parse_bytes(path.read_bytes())


def _fields(article):
    photos = [(p.caption, p.credit_text, p.credits, p.line) for p in article.photos]
    return (
        article.kicker, article.headline, article.subheadline, article.dateline, article.bylines,
        article.byline_text, article.paragraphs, photos, article.kind, article.jump_pages,
        article.source_text, article.line, article.untitled,
    )  # fmt: skip


def _edit(lines, number, **changes):
    return [replace(line, **changes) if line.number == number else line for line in lines]


@pytest.mark.parametrize("seed", [SEED_2021, SEED_2022], ids=["2021", "2022"])
def test_lines_read_back_from_the_parse_rebuild_the_same_articles(seed):
    issue = _parse(seed)
    for page in issue.pages:
        articles, meta_lines = s.assemble(s.page_lines(issue, page.number))
        assert [_fields(a) for a in articles] == [_fields(a) for a in page.articles]
        assert meta_lines == page.meta_lines


def test_every_line_of_the_page_gets_the_role_the_parser_gave_it():
    issue = _parse(SEED_2021)
    lines = {line.number: line for line in s.page_lines(issue, 1)}
    assert min(lines) == issue.masthead_end_line + 2  # the masthead is not the page's structure
    assert (lines[25].role, lines[25].start) == ("kicker", True)
    assert (lines[27].role, lines[27].article) == ("headline", 25)
    assert [lines[n].role for n in (31, 33, 37, 39)] == ["caption", "photo_credit", "caption", "photo_credit"]
    assert lines[41].role == "body"  # 本报讯 记者曾晨路报道 … : dateline and byline open the body line
    assert (lines[61].role, lines[63].role, lines[61].start) == ("headline", "subheadline", True)
    assert {line.article for line in lines.values()} == {25, 61, 75, 89}


def test_furniture_lines_go_to_the_page_and_other_roles_to_their_article():
    issue = _parse(SEED_2022)
    lines = s.page_lines(issue, 1)
    furniture = [line.text for line in lines if line.role == s.FURNITURE]
    assert furniture == issue.pages[0].meta_lines == ["88851111", "新闻服务热线"]
    assert all(line.article is None for line in lines if line.role == s.FURNITURE)


def test_new_article_at_a_body_line_splits_the_article_there():
    issue = _parse(SEED_2021)
    lines = _edit(s.page_lines(issue, 1), 69, start=True)
    articles, _meta = s.assemble(lines)
    assert len(articles) == 5
    first, second = articles[1], articles[2]
    assert first.headline == "我省在全国率先推出电子居住证" and len(first.paragraphs) == 2
    assert second.line == 69 and second.untitled and second.paragraphs[0].startswith("记者从省公安厅获悉")
    assert first.source_text.split("\n")[-1].startswith("目前,我省登记在册")


def test_merging_an_article_into_the_previous_one_and_demoting_its_titles():
    issue = _parse(SEED_2021)
    lines = s.page_lines(issue, 1)
    lines = _edit(lines, 89, start=False, role=s.BODY)
    lines = _edit(lines, 91, role=s.BODY)
    articles, _meta = s.assemble(lines)
    assert len(articles) == 3
    merged = articles[2]
    assert merged.headline == "宁波户外劳动者驿站亮相"
    assert merged.paragraphs[2].startswith("浙江省总工会关于团结引领")
    assert "会议强调,全省各级工会干部" in merged.paragraphs[-1]


def test_a_kept_running_head_becomes_page_furniture():
    issue = _parse(SEED_2021)
    lines = _edit(s.page_lines(issue, 1), 75, role=s.FURNITURE, start=False)
    lines = _edit(lines, 77, start=True)
    articles, meta_lines = s.assemble(lines)
    assert meta_lines == ["工会“亮”品牌"]
    assert (articles[2].kicker, articles[2].headline) == ("", "宁波户外劳动者驿站亮相")


def test_a_line_moved_into_an_article_above_joins_it():
    issue = _parse(SEED_2021)
    lines = _edit(s.page_lines(issue, 1), 81, join=25)
    lines = _edit(lines, 83, join=25)
    articles, _meta = s.assemble(lines)
    assert [p.caption for p in articles[0].photos][-1] == "环卫工人在劳动者港湾休息。"
    assert articles[2].photos == []


def test_overrides_follow_their_lines_into_a_re_ocred_file():
    issue = _parse(SEED_2021)
    parsed = s.page_lines(issue, 1)
    edited = _edit(_edit(parsed, 69, start=True, role=s.HEADLINE), 81, join=25)
    s.renumber(edited)
    overrides = s.diff_overrides(parsed, edited)
    assert {o["line"] for o in overrides} == {69, 81}
    assert overrides[0]["text"].startswith("记者从省公安厅获悉")

    # The re-OCR'd file has two more lines above the articles and a word changed elsewhere.
    text = issue.source_text.replace("扛起政治责任", "\n\n扛起政治责任", 1).replace(
        "环卫工人、出租车司机", "环卫工人,出租车司机"
    )
    reocr = parsing.parse_text(text)
    applied = s.restructure_page(reocr, 1, overrides)
    assert applied.applied == 2 and applied.unmatched == []
    moved = {line.text: line for line in applied.lines}
    assert moved[parsed[-1].text].number == parsed[-1].number + 2
    articles, _meta = s.assemble(applied.lines)
    assert moved["环卫工人在劳动者港湾休息。"].number == 83
    assert [a.headline for a in articles][:2] == [
        "省总工会第十五届委员会第五次全体会议在杭召开",
        "我省在全国率先推出电子居住证",
    ]
    assert articles[2].headline.startswith("记者从省公安厅获悉") and articles[2].line == 71
    assert articles[0].photos[-1].caption == "环卫工人在劳动者港湾休息。"


def test_an_override_whose_line_is_gone_is_reported_not_applied():
    issue = _parse(SEED_2021)
    overrides = [{"line": 69, "text": "这一行在新文本中没有", "start": True}]
    applied = s.restructure_page(issue, 1, overrides)
    assert applied.applied == 0 and applied.unmatched == overrides
    assert [_fields(a) for a in s.assemble(applied.lines)[0]] == [_fields(a) for a in issue.pages[0].articles]


def test_apply_to_issue_rebuilds_only_pages_with_overrides():
    issue = _parse(SEED_2021)
    untouched = _parse(SEED_2021)
    report = s.apply_to_issue(
        issue, {1: [{"line": 69, "text": s.page_lines(issue, 1)[-1].text, "start": True}], 7: []}
    )
    assert set(report) == {1}
    assert len(issue.pages[0].articles) == len(untouched.pages[0].articles) + 1


# Round-trip gaps the structure editor is known to have (saving keeps every field whose lines did
# not change, so they never reach an article an editor did not restructure). Strict: a fixed gap
# fails here until it is taken off the list.
KNOWN_ROUND_TRIP_GAPS = {
    "test_page_ads.NOTICES_PAGE_7": "a notice's signer line under its last paragraph",
    "test_page_briefs.SPORTS_HEALTH_PAGE_6": "a run-in headline (title, ideographic space, body)",
    "test_page_photos.PHOTO_PAGE_7": "a caption with its credit on the same line",
    "test_page_compact.COMPACT_PAGE_5": "a caption with its credit on the same line",
}


def _page_texts():
    """Every inside page the page-type tests are written on (module constants holding a page)."""
    import importlib
    import pkgutil

    import tests.issues.parsing as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("test_page_"):
            continue
        module = importlib.import_module(f"tests.issues.parsing.{info.name}")
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and "版" in value[:40] and "{" not in value:
                key = f"{info.name}.{name}"
                gap = KNOWN_ROUND_TRIP_GAPS.get(key)
                marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
                yield pytest.param(value, id=key, marks=marks)


@pytest.mark.parametrize("text", list(_page_texts()))
def test_inside_pages_read_back_rebuild_the_same_paragraphs_and_credits(text):
    from tests.issues.parsing.helpers import INSIDE_HEAD

    issue = parsing.parse_text(INSIDE_HEAD + "\n" + text)
    for page in issue.pages:
        articles, _meta = s.assemble(s.page_lines(issue, page.number))
        rebuilt = [(a.paragraphs, [(c.name, c.role) for c in a.bylines]) for a in articles]
        parsed = [(a.paragraphs, [(c.name, c.role) for c in a.bylines]) for a in page.articles]
        assert rebuilt == parsed, f"第{page.number}版"
