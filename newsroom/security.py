"""Login rate limiting (django-axes): the client address behind the proxy, and the Chinese lockout page.

Failed logins are counted per account and per address (AXES_LOCKOUT_PARAMETERS); past the limit
both the account and the address are refused for the cool-off time, even with the right password."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind NEWSROOM_TRUSTED_PROXIES reverse proxies the address the outermost
    trusted proxy saw (nginx appends it to X-Forwarded-For; entries further left are the client's
    own claims and cannot be trusted)."""
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """HTTP 429 with a page in Chinese saying what happened, for how long, and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("登录已暂时锁定"),
        "cooloff_minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "admin/desk/lockout.html", context, status=429)


class LoginRateLimitBackend(AxesStandaloneBackend):
    """axes' backend, except that an authenticate() call without a request (Django's test client
    login, scripts) is passed on to ModelBackend instead of raising: only requests can be counted,
    and every login form (the admin's) passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
