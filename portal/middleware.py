"""Request guards for the whole portal — 请求防护.

* ``RejectNulMiddleware``: a NUL character (``\\x00``) in the path, a query parameter, a form
  field or a JSON/text body answers 400 before any view runs. PostgreSQL cannot store NUL in
  text, and no legitimate input carries one; file contents of uploads are not inspected.
* ``ContentSecurityPolicyMiddleware``: a Content-Security-Policy on every response. Portal pages
  get ``script-src 'self' 'nonce-…'`` (templates put ``nonce="{{ request.csp_nonce }}"`` on an
  inline script); the Wagtail and Django admin get a policy without script restrictions.
* ``LoginThrottleMiddleware``: failed sign-ins (portal and Wagtail admin) are counted per
  account and per client address in the cache; past the limit the login answers 429 until the
  window has passed. A successful sign-in clears the account's count.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

TEXT_BODY_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "application/sparql-query",
    "application/sparql-update",
    "text/",
)


def _error(request, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return _error(request, 400, _("请求中含有 NUL 字符（\\x00），已拒绝；请删除后重试。"))
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            return True
        if request.method not in {"POST", "PUT", "PATCH"}:
            return False
        content_type = request.content_type or ""
        if content_type == "multipart/form-data":
            if request.path.startswith("/api/"):
                request.body  # noqa: B018 -- keep the raw body readable for the API's parser
            # form fields and file names; the bytes of an uploaded file are not text
            fields = any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
            return fields or any("\x00" in (f.name or "") for _k, files in request.FILES.lists() for f in files)
        if not content_type.startswith(TEXT_BODY_TYPES):
            return False
        body = request.body
        if b"\x00" in body:
            return True
        if content_type == "application/x-www-form-urlencoded":
            return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.POST.lists())
        if content_type == "application/json" and b"\\u0000" in body.lower():
            try:
                return _json_has_nul(json.loads(body))
            except (ValueError, RecursionError):
                return False  # the view reports malformed JSON
        return False


def _json_has_nul(value) -> bool:
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            if "\x00" in current:
                return True
        elif isinstance(current, dict):
            stack.extend(current.keys())
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy(request)
        return response

    @staticmethod
    def policy(request) -> str:
        if request.path.startswith(ADMIN_PREFIXES):
            return settings.CSP_ADMIN_POLICY
        return settings.CSP_POLICY.replace("{nonce}", request.csp_nonce)


def _client_address(request) -> str:
    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        # behind the documented reverse proxy: the proxy appends the real client last
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(kind: str, value: str) -> str:
    return "login-fail:" + kind + ":" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()


class LoginThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path not in settings.LOGIN_THROTTLE_PATHS:
            return self.get_response(request)
        username = (request.POST.get("username") or "").strip().lower()
        keys = [_key("user", username), _key("ip", _client_address(request))]
        limits = [settings.LOGIN_MAX_FAILURES_PER_ACCOUNT, settings.LOGIN_MAX_FAILURES_PER_ADDRESS]
        counts = cache.get_many(keys)
        if any(counts.get(k, 0) >= limit for k, limit in zip(keys, limits, strict=True)):
            minutes = max(1, settings.LOGIN_THROTTLE_SECONDS // 60)
            response = _error(request, 429, _("登录失败次数过多，请 %(m)d 分钟后再试。") % {"m": minutes})
            response["Retry-After"] = str(settings.LOGIN_THROTTLE_SECONDS)
            return response
        response = self.get_response(request)
        if response.status_code in (301, 302, 303) and request.user.is_authenticated:
            cache.delete(keys[0])
        elif response.status_code == 200:  # the login form came back: the credentials were wrong
            for key in keys:
                cache.add(key, 0, settings.LOGIN_THROTTLE_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, settings.LOGIN_THROTTLE_SECONDS)
        return response
