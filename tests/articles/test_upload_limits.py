"""Uploads cannot stall the site (issue 14, item 7): pixel limits per image and per animation
(frames × pixels) are checked on the header before anything is decoded, on both upload paths (the
CKEditor endpoint and the photo form); what is accepted is bounded (bench/bench_uploads.py prints
what it costs); and a reader page keeps answering while the worst accepted file is processed, on a
real server."""

import statistics
import threading
import time
import urllib.request
import uuid
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from articles.models import Photo
from articles.uploads import DEFAULT_LIMITS, JPEG_DRAFT_SCALE
from bench.bench_uploads import make_case
from tests.desk.helpers import make_user
from tests.factories import make_article, make_issue, make_page

UPLOAD_URL = "/ckeditor5/image_upload/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def files():
    return {
        case: make_case(case)
        for case in ("issue-gif-60x3000x3000", "png-over-limit", "worst-jpeg", "worst-png")
    }


def upload(client, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_the_issue_gif_is_refused_from_its_header(client, files):
    """60 frames of 3000×3000 in 458 KB: it took a worker 30 s and 680 MB; now refused at once."""
    client.force_login(make_user("编辑"))
    started = time.perf_counter()
    response = upload(client, "炸弹.gif", files["issue-gif-60x3000x3000"])
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "炸弹.gif" in message and "60 帧" in message and "3000×3000" in message
    assert elapsed < 5, elapsed  # header only: a tenth of a second on an idle machine


@pytest.mark.django_db
def test_still_over_the_pixel_limit_is_refused_on_the_photo_form(client, files):
    client.force_login(make_user("编辑"))
    article = make_article(page=make_page(issue=make_issue()))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:articles_photo_add"),
        {
            "article": article.pk,
            "order": 1,
            "caption": "x",
            "image": SimpleUploadedFile("大图.png", files["png-over-limit"]),
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "大图.png" in html and "尺寸过大" in html and "上限为 26 百万像素" in html
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_animation_limit_is_frames_times_pixels(client):
    """Each frame small, but many of them: refused; the same frames fewer times: accepted."""
    client.force_login(make_user("编辑"))

    def gif(count):
        frames = [Image.new("P", (1000, 1000), i) for i in range(count)]  # distinct, or Pillow merges them
        out = BytesIO()
        frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:])
        return out.getvalue()

    too_many = DEFAULT_LIMITS["NEWSROOM_MAX_ANIMATION_PIXELS"] // 1_000_000 + 1
    response = upload(client, "长动图.gif", gif(too_many))
    assert response.status_code == 400 and f"{too_many} 帧" in response.json()["error"]["message"]
    assert upload(client, "短动图.gif", gif(too_many - 2)).status_code == 200


@pytest.mark.django_db
def test_large_jpeg_is_decoded_and_stored_at_half_scale(client, media_root, files):
    client.force_login(make_user("编辑"))
    response = upload(client, "相机原图.jpg", files["worst-jpeg"])
    assert response.status_code == 200, response.content
    stored = media_root / response.json()["url"].removeprefix("/media/")
    with Image.open(BytesIO(files["worst-jpeg"])) as original:
        width, height = original.size
    assert width * height > DEFAULT_LIMITS["NEWSROOM_MAX_IMAGE_PIXELS"]
    with Image.open(stored) as image:
        # Decoded at half scale by libjpeg (rounded up), never at full size.
        assert image.size == (-(-width // JPEG_DRAFT_SCALE), -(-height // JPEG_DRAFT_SCALE))


@pytest.mark.django_db(transaction=True)
def test_reader_page_answers_while_the_worst_files_upload(live_server, files):
    """A real server: the worst accepted still (a 26-megapixel PNG) and five copies of the issue's
    GIF are uploaded at once; the article page is requested all the while and must answer in its
    usual time."""
    article = make_article(page=make_page(issue=make_issue()))
    editor = make_user("编辑")
    desk = Client()
    desk.force_login(editor)
    session = desk.cookies["sessionid"].value
    csrf = uuid.uuid4().hex  # a 32-character secret, sent as cookie and header
    page_url = live_server.url + article.get_absolute_url()

    def get_page() -> float:
        started = time.perf_counter()
        with urllib.request.urlopen(page_url, timeout=30) as response:
            assert response.status == 200 and article.headline in response.read().decode()
        return time.perf_counter() - started

    get_page()  # the first rendering fills the page cache
    usual = statistics.median(get_page() for _ in range(10))

    results = {}

    def post(name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            live_server.url + UPLOAD_URL,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": f"sessionid={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Referer": live_server.url + "/admin/",
            },
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                results[name] = (response.status, time.perf_counter() - started)
        except urllib.error.HTTPError as exc:
            results[name] = (exc.code, time.perf_counter() - started)

    uploads = [threading.Thread(target=post, args=("worst.png", files["worst-png"]))]
    uploads += [
        threading.Thread(target=post, args=(f"bomb{i}.gif", files["issue-gif-60x3000x3000"]))
        for i in range(5)
    ]
    for thread in uploads:
        thread.start()
    during = []
    while any(thread.is_alive() for thread in uploads):
        during.append(get_page())
    for thread in uploads:
        thread.join()

    assert results["worst.png"][0] == 200, results
    assert all(results[f"bomb{i}.gif"][0] == 400 for i in range(5)), results
    assert during, "the uploads ended before a reader request was made"
    # "Its usual time": a cached page in milliseconds; allow for a busy two-core machine.
    assert max(during) < max(20 * usual, 1.0), (usual, during, results)
    print(
        f"reader page usual {usual * 1000:.1f} ms; during uploads max {max(during) * 1000:.1f} ms "
        f"over {len(during)} requests; uploads {results}"
    )
