"""Shared fixtures: the seed files, and a real headless Chromium (Debian's package) for browser tests."""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous, so Django's async-safety guard must stand aside in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Screenshots and logs for people to look at; `make test` gives each database pass its own folder.
ARTIFACTS = Path(os.environ.get("NEWSROOM_TEST_ARTIFACTS", ROOT / "test-artifacts"))
SEED_2021 = FIXTURES / "000_0abb412f47d5fc4e.txt"
SEED_2022 = FIXTURES / "002_eec9bc72a36272fd.txt"

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a file of their own, not Django's shared in-memory database. With an
    in-memory database the live server's threads share the test thread's one connection, so a
    browser request still in flight when a test ends locked the tables and the flush failed
    ("database table is locked"), failing the next tests too. On a file each thread has its own
    connection (WAL, busy timeout from settings), as in production."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _clear_reader_cache():
    """Reader pages are cached per site generation (core/generation.py); a test database rolled back
    between tests sends no signal, so every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def seed_2021() -> Path:
    return SEED_2021


@pytest.fixture
def seed_2022() -> Path:
    return SEED_2022


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (the browser download Playwright tries cannot work here)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, locale="zh-CN"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()
