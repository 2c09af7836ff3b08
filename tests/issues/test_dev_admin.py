"""`make run`'s logins: a superuser and one user per newsroom role (DEBUG only)."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_creates_admin_and_one_user_per_role(settings):
    settings.DEBUG = True
    call_command("ensure_dev_admin", stdout=io.StringIO())
    admin = authenticate(username="admin", password="admin")
    assert admin is not None and admin.is_superuser
    editor = authenticate(username="editor", password="admin")
    proofreader = authenticate(username="proofreader", password="admin")
    archivist = authenticate(username="archivist", password="admin")
    assert editor.has_perm("articles.publish_article") and editor.has_perm("articles.change_article")
    assert proofreader.has_perm("articles.change_article") and not proofreader.has_perm(
        "articles.publish_article"
    )
    assert archivist.has_perm("issues.add_issue") and not archivist.has_perm("articles.change_article")
    call_command("ensure_dev_admin", stdout=io.StringIO())  # idempotent


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_dev_admin")
