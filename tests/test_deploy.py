"""Production readiness: `check --deploy`, the CSP header, /healthz, and `make serve` end to end.

The serve tests run scripts/serve.sh itself (collectstatic, migrate, gunicorn) on a free port with
production settings, and look at what a reverse proxy would receive."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org,127.0.0.1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """GET without following redirects: (status, headers, body bytes)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def wait_for(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            fetch(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"server did not answer {url} within {seconds}s:\n{log.read_text()[-4000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- check --deploy ---------------------------------------------------------------------------


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(DJANGO_ALLOWED_HOSTS="example.org"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [PYTHON, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


# --- CSP on reader and admin pages (in-process) -------------------------------------------------


@pytest.fixture
def published_article(db):
    import datetime

    from articles.models import Article
    from issues.models import Issue, Page, Status

    issue = Issue.objects.create(  # new issues start as drafts (issue 15)
        date=datetime.date(2021, 8, 7), weekday="星期六", number=1186, status=Status.PUBLISHED
    )
    page = Page.objects.create(issue=issue, number=1, name="要闻")
    return Article.objects.create(
        issue=issue,
        page=page,
        order=1,
        headline="省总工会全会在杭召开",
        body="<p>正文</p>",
        status=Status.PUBLISHED,
    )


def assert_csp(response):
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives.get("default-src") == ["'self'"], policy
    # Scripts: same origin only; no inline script, no eval — the XSS defence in depth.
    assert directives.get("script-src") == ["'self'"], policy
    assert directives.get("object-src") == ["'none'"], policy
    assert "frame-ancestors" in directives, policy


def test_csp_header_on_reader_pages(client, published_article):
    urls = [
        reverse("home"),
        published_article.issue.get_absolute_url(),
        published_article.page.get_absolute_url(),
        published_article.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_csp(response)


def test_csp_header_on_admin_pages(client, admin_client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_csp(response)
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_csp(response)
    response = admin_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert_csp(response)


# --- /healthz (in-process) -------------------------------------------------------------------


def test_healthz_ok_with_database(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    from django.db import connection

    assert body["database"] == connection.vendor
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_rejects_writes(client, db):
    assert client.post("/healthz").status_code == 405


# --- make serve, end to end --------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """scripts/serve.sh (what `make serve` runs) on a free port, SQLite file database, fresh static root.

    The served site always has its own SQLite file, whatever database the suite runs on, so the
    PostgreSQL pass of `make test` would repeat the same minute of collectstatic and the same
    checks: it runs in the SQLite pass only."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("make serve on its own SQLite file: checked in the SQLite pass")
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    log = tmp / "serve.log"
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        BIN=str(BIN),
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc, log, seconds=240)
        yield {"base": f"http://127.0.0.1:{port}", "static_root": tmp / "static", "log": log}
    finally:
        stop(proc)


HTTPS = {"X-Forwarded-Proto": "https", "Host": "example.org"}


def test_serve_health_endpoint_answers_over_plain_http(served):
    status, headers, body = fetch(served["base"] + "/healthz", {"Host": "example.org"})
    assert status == 200, body
    assert json.loads(body) == {
        "status": "ok",
        "database": "sqlite",
        "database_ms": json.loads(body)["database_ms"],
    }


def test_serve_redirects_plain_http_and_sends_security_headers(served):
    status, headers, _ = fetch(served["base"] + "/", {"Host": "example.org"})
    assert status == 301
    assert headers["Location"] == "https://example.org/"

    status, headers, _ = fetch(served["base"] + "/", HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_serve_rejects_unknown_hosts(served):
    status, _, _ = fetch(served["base"] + "/", {"X-Forwarded-Proto": "https", "Host": "evil.example.com"})
    assert status == 400


def test_serve_static_files_hashed_compressed_and_cached_forever(served):
    manifest = json.loads((served["static_root"] / "staticfiles.json").read_text())["paths"]
    hashed = manifest["admin/css/base.css"]
    assert hashed != "admin/css/base.css"
    assert (served["static_root"] / (hashed + ".br")).exists()
    assert (served["static_root"] / (hashed + ".gz")).exists()
    url = served["base"] + "/static/" + hashed

    status, headers, body = fetch(url, {**HTTPS, "Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]

    status, headers, _ = fetch(url, {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"

    status, headers, _ = fetch(url, {**HTTPS, "If-None-Match": headers["ETag"]})
    assert status == 304


def test_healthz_503_when_database_unreachable(tmp_path):
    """Gunicorn with production settings pointed at a PostgreSQL port nobody listens on."""
    port, dead = free_port(), free_port()
    log = tmp_path / "gunicorn.log"
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{dead}/newsroom",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "newsroom/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = fetch(base + "/healthz", {"Host": "example.org"})
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(log.read_text()[-4000:])
                time.sleep(0.3)
        assert status == 503, body
        assert json.loads(body) == {"status": "error", "database": "unavailable"}
        assert "no-cache" in headers["Cache-Control"]
        # Still answering (the worker did not die), and still 503 on the next probe.
        assert fetch(base + "/healthz", {"Host": "example.org"})[0] == 503
    finally:
        stop(proc)
    assert "Traceback" not in log.read_text()


# --- CKEditor 5 under the CSP, in a real browser ---------------------------------------------


@pytest.mark.browser
def test_ckeditor_works_under_the_csp(live_server, admin_user, desktop_page, artifacts_dir):
    violations = []
    desktop_page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    desktop_page.goto(live_server.url + reverse("admin:login"))
    desktop_page.fill("#id_username", "admin")
    desktop_page.fill("#id_password", "password")
    desktop_page.click("input[type=submit]")
    desktop_page.goto(live_server.url + reverse("admin:articles_article_add"))
    editable = desktop_page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible", timeout=20000)
    editable.click()
    desktop_page.keyboard.type("职工")
    assert "职工" in editable.inner_text()
    desktop_page.screenshot(path=str(artifacts_dir / "deploy-ckeditor-under-csp.png"))
    assert violations == []


def test_csp_header_follows_settings_changes(client, db, settings):
    """The policy string is built once (newsroom/csp.py) but never outlives a change of the setting."""
    before = client.get(reverse("admin:login"))["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get(reverse("admin:login"))["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'"]}}
    assert client.get(reverse("admin:login"))["Content-Security-Policy"] != before


def test_csp_per_view_decorators_still_apply(rf, db):
    """Views that adjust the policy (django-csp decorators) go through django-csp itself."""
    from csp.decorators import csp_update
    from django.http import HttpResponse

    from newsroom.csp import CachedCSPMiddleware

    @csp_update({"img-src": ["https://media.example.org"]})
    def view(request):
        return HttpResponse("ok")

    request = rf.get("/")
    middleware = CachedCSPMiddleware(view)
    response = middleware(request)
    assert "https://media.example.org" in response["Content-Security-Policy"]
    plain = CachedCSPMiddleware(lambda r: HttpResponse("ok"))(rf.get("/"))
    assert "https://media.example.org" not in plain["Content-Security-Policy"]
