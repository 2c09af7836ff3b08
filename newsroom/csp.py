"""django-csp's middleware with the policy string built once instead of on every response.

django-csp 4 rebuilds the header from settings for each response: about 0.2 ms, half of what a
cached reader page costs Django in all (measured for the load benchmark, docs/deploy.md). Without a
nonce, per-view decorators or a report-only policy, the header is the same string every time, so it
is built once (and again when a test overrides the setting). Anything else goes to django-csp as is.
"""

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
_policy: str | None = None


@receiver(setting_changed)
def _forget_policy(*, setting, **kwargs):
    global _policy
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy = None


class CachedCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        policy_settings = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        if (
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy_settings.get("EXCLUDE_URL_PREFIXES")
            or getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in _PER_RESPONSE)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        global _policy
        if _policy is None:
            _policy = build_policy()
        if _policy and HEADER not in response:
            response[HEADER] = _policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
