"""Photos get their web sizes once, when the image is saved or changed (issues/pagefiles.py)."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from tests.desk.helpers import make_superuser
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg(width: int, height: int) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_photo_uploaded_in_the_admin_gets_renditions(client, media_root):
    client.force_login(make_superuser())
    article = make_article(page=make_page(issue=make_issue()))
    data = {
        "article": article.pk,
        "order": 1,
        "caption": "职工驿站",
        "image": SimpleUploadedFile("big.jpg", jpeg(2000, 1500), content_type="image/jpeg"),
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:articles_photo_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    photo = Photo.objects.get(article=article)
    assert photo.renditions["source"] == photo.image.name
    assert [w for w, _n in photo.renditions["webp"]] == [480, 960, 1600]
    for fmt, pil_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        for width, name in photo.renditions[fmt]:
            assert name.startswith("renditions/photos/")
            with Image.open(media_root / name) as image:
                assert (image.format, image.size) == (pil_format, (width, width * 3 // 4))
    assert photo.image_rendition_url(600, "webp") == f"/media/{photo.renditions['webp'][1][1]}"


def test_a_small_photo_is_not_enlarged_and_saving_again_makes_nothing(media_root):
    photo = Photo(article=make_article(page=make_page(issue=make_issue())), order=1)
    photo.image.save("small.jpg", ContentFile(jpeg(640, 480)))
    photo.refresh_from_db()
    assert [w for w, _n in photo.renditions["jpeg"]] == [480, 640]
    files = sorted(p.name for p in media_root.rglob("*.*"))

    photo.caption = "新说明"
    photo.save()

    photo.refresh_from_db()
    assert sorted(p.name for p in media_root.rglob("*.*")) == files
    assert photo.image_srcset("jpeg").endswith(" 640w")


def test_a_changed_image_replaces_its_renditions(media_root, django_capture_on_commit_callbacks):
    photo = Photo(article=make_article(page=make_page(issue=make_issue())), order=1)
    photo.image.save("first.jpg", ContentFile(jpeg(1000, 500)))
    old = {name for _w, name in photo.renditions["webp"]}
    with django_capture_on_commit_callbacks(execute=True):
        photo.image.save("second.jpg", ContentFile(jpeg(1000, 500)))
    photo.refresh_from_db()
    assert not old & {name for _w, name in photo.renditions["webp"]}
    assert not any((media_root / name).exists() for name in old)

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert not any(media_root.rglob("renditions/**/*.*"))


def test_the_reader_article_page_offers_the_photo_renditions(client, media_root):
    """The reader's <picture>: WebP sizes first, then the JPEG sizes as the <img>'s srcset."""
    from issues.models import Status

    article = make_article(page=make_page(issue=make_issue()), status=Status.PUBLISHED)
    photo = Photo(article=article, order=1, caption="职工驿站")
    photo.image.save("big.jpg", ContentFile(jpeg(2000, 1500)))
    photo.refresh_from_db()
    text = client.get(article.get_absolute_url()).content.decode()
    assert f'<source type="image/webp" srcset="{photo.image_srcset("webp")}"' in text
    assert f'srcset="{photo.image_srcset("jpeg")}"' in text
    assert "1600w" in photo.image_srcset("webp")
