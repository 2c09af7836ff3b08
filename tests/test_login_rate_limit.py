"""Password guessing on /admin/login/ is rate limited (issue 14, item 2): django-axes counts failed
logins per account and per address; past the limit both are refused (HTTP 429, a Chinese page),
even with the right password, until the cool-off time has passed. Real login view, real database."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.desk.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def login(client, username, password, address="10.1.1.1", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )


def assert_locked(response):
    assert response.status_code == 429
    body = response.content.decode()
    assert "登录失败次数过多" in body and "15 分钟后再试" in body
    assert "sessionid" not in response.cookies


def test_production_defaults():
    from django.conf import settings

    from newsroom import settings as project_settings

    assert project_settings.AXES_FAILURE_LIMIT == 10
    assert project_settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_ENABLED


def test_account_locked_after_the_limit_even_with_the_right_password(client):
    make_user("编辑", username="editor")
    for _ in range(LIMIT - 1):
        response = login(client, "editor", "guess")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    assert_locked(login(client, "editor", "guess"))
    assert_locked(login(client, "editor", PASSWORD))  # the right password no longer helps
    assert "_auth_user_id" not in client.session


def test_per_account_whatever_the_address(client):
    """Guesses spread over many addresses still lock the account."""
    make_user("编辑", username="editor")
    for i in range(LIMIT):
        login(client, "editor", "guess", address=f"10.2.0.{i}")
    assert_locked(login(client, "editor", PASSWORD, address="10.2.9.9"))


def test_per_address_whatever_the_account(client):
    """One address trying many accounts is locked out, for other accounts too."""
    make_user("校对", username="proofreader")
    for i in range(LIMIT):
        login(client, f"nobody{i}", "guess", address="10.3.3.3")
    assert_locked(login(client, "proofreader", PASSWORD, address="10.3.3.3"))
    # The account itself is not locked from elsewhere.
    response = login(client, "proofreader", PASSWORD, address="10.4.4.4")
    assert response.status_code == 302


def test_success_below_the_limit_resets_the_count(client):
    make_user("编辑", username="editor")
    for _ in range(LIMIT - 1):
        login(client, "editor", "guess")
    assert login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert login(client, "editor", "guess").status_code == 200
    assert AccessAttempt.objects.filter(username="editor").exists()


def test_forged_forwarded_for_does_not_evade_the_address_limit(client, settings):
    """Behind nginx the address is the one nginx appended; entries the client sent are ignored."""
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    make_user("编辑", username="editor")
    for i in range(LIMIT):
        login(client, f"nobody{i}", "guess", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.{i}, 10.5.5.5")
    assert_locked(login(client, "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.5.5.5"))
    assert (
        login(client, "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.6.6.6").status_code
        == 302
    )
