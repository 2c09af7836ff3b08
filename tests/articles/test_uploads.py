"""Uploads: real images only, size limit, dated random names, EXIF/GPS stripped — in the photo
form and behind CKEditor 5's upload endpoint (anonymous and non-permitted users get 403)."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from articles.uploads import clean_uploaded_image
from tests.desk.helpers import gps_image_bytes, has_gps, make_superuser, make_user
from tests.factories import make_article, make_issue, make_page

UPLOAD_URL = "/ckeditor5/image_upload/"
DATED_NAME = re.compile(r"^(articles|photos)/\d{4}/\d{2}/\d{2}/[A-Za-z0-9_-]{20,}\.(jpg|png|gif|webp)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_and_gps_are_stripped(fmt):
    data = gps_image_bytes(fmt)
    assert has_gps(data)  # the test image really carries GPS
    cleaned = clean_uploaded_image(upload(f"photo.{fmt.lower()}", data)).read()
    assert not has_gps(cleaned)
    with Image.open(BytesIO(cleaned)) as image:
        assert image.format == fmt and image.size == (64, 48)
        assert not image.getexif()


def test_jpeg_orientation_is_applied_before_stripping():
    image = Image.new("RGB", (60, 20), "blue")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when displayed
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    with Image.open(BytesIO(clean_uploaded_image(upload("r.jpg", out.getvalue())).read())) as cleaned:
        assert cleaned.size == (20, 60)


@pytest.mark.parametrize(
    "name,data",
    [
        ("evil.jpg", b"<?php system($_GET['c']); ?>"),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
        ("empty.jpg", b""),
    ],
)
def test_non_images_are_refused_with_a_clear_message(name, data):
    with pytest.raises(ValidationError) as excinfo:
        clean_uploaded_image(upload(name, data))
    assert name in excinfo.value.messages[0]
    assert "不是有效的图片" in excinfo.value.messages[0]


def test_disallowed_image_types_are_refused():
    out = BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(ValidationError):
        clean_uploaded_image(upload("a.bmp", out.getvalue(), "image/bmp"))


def test_size_limit(settings):
    data = gps_image_bytes()
    settings.NEWSROOM_MAX_IMAGE_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as excinfo:
        clean_uploaded_image(upload("big.jpg", data))
    assert "太大" in excinfo.value.messages[0]


# --- the CKEditor 5 endpoint ------------------------------------------------------------------


@pytest.mark.django_db
def test_endpoint_url_is_the_one_the_widget_uses():
    assert reverse("ck_editor_5_upload_file") == UPLOAD_URL


@pytest.mark.django_db
def test_anonymous_upload_is_forbidden(client, media_root):
    response = client.post(UPLOAD_URL, {"upload": upload("a.jpg", gps_image_bytes())})
    assert response.status_code == 403
    assert "error" in response.json()
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))


@pytest.mark.django_db
@pytest.mark.parametrize("role,staff", [(None, True), ("档案管理员", True), ("编辑", False)])
def test_users_without_permission_get_403(client, media_root, role, staff):
    client.force_login(make_user(role, staff=staff))
    response = client.post(UPLOAD_URL, {"upload": upload("a.jpg", gps_image_bytes())})
    assert response.status_code == 403
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))


@pytest.mark.django_db
def test_get_is_not_allowed(client):
    client.force_login(make_user("编辑"))
    assert client.get(UPLOAD_URL).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["编辑", "校对"])
def test_permitted_upload_is_stored_dated_random_and_clean(client, media_root, role):
    client.force_login(make_user(role))
    response = client.post(UPLOAD_URL, {"upload": upload("DSC_0001 我的照片.jpg", gps_image_bytes())})
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    name = url.removeprefix("/media/")
    assert DATED_NAME.match(name), name
    assert "DSC" not in name
    stored = (media_root / name).read_bytes()
    assert not has_gps(stored)


@pytest.mark.django_db
def test_endpoint_refuses_non_images(client, media_root):
    client.force_login(make_user("编辑"))
    response = client.post(UPLOAD_URL, {"upload": upload("x.jpg", b"GIF89a<script>alert(1)</script>")})
    assert response.status_code == 400
    assert "x.jpg" in response.json()["error"]["message"]
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


# --- photo uploads through the admin ------------------------------------------------------------


@pytest.mark.django_db
def test_photo_admin_upload_is_validated_and_stripped(client, media_root):
    client.force_login(make_superuser())
    article = make_article(page=make_page(issue=make_issue()))
    data = {
        "article": article.pk,
        "order": 1,
        "caption": "职工驿站",
        "credit_text": "记者曾晨路 摄",
        "image": upload("GPS.jpg", gps_image_bytes()),
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:articles_photo_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get(article=article)
    assert DATED_NAME.match(photo.image.name), photo.image.name
    assert (photo.width, photo.height) == (64, 48)
    assert not has_gps((media_root / photo.image.name).read_bytes())

    # The thumbnail is shown on the article form and the photo list.
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert photo.image.url in page
    assert photo.image.url in client.get(reverse("admin:articles_photo_changelist")).content.decode()


@pytest.mark.django_db
def test_photo_admin_refuses_a_fake_image(client, media_root):
    client.force_login(make_superuser())
    article = make_article(page=make_page(issue=make_issue()))
    response = client.post(
        reverse("admin:articles_photo_add"),
        {
            "article": article.pk,
            "order": 1,
            "caption": "x",
            "image": upload("fake.jpg", b"not an image at all"),
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert "errorlist" in response.content.decode()
