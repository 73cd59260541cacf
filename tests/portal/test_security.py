"""Boundary guards of the whole portal: NUL bytes, Content-Security-Policy, login throttling,
the instance secret key and the documented production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from content.models import Work

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("method", "path", "data", "content_type"),
    [
        ("get", "/search/", {"q": "医共体\x00"}, None),
        ("get", "/api/v1/search", {"q": "a\x00b"}, None),
        ("get", "/admin/pages/search/", {"q": "\x00"}, None),
        ("get", "/sparql", {"query": "ASK {}\x00"}, None),
        ("post", "/accounts/login/", {"username": "ad\x00min", "password": "x"}, None),
        ("post", "/api/v1/assessments/", '{"region_code": "21\\u00001", "period": "2026"}', "application/json"),
        ("post", "/sparql", "ASK { ?s ?p '\x00' }", "application/sparql-query"),
    ],
)
def test_nul_anywhere_answers_400_and_changes_nothing(client, method, path, data, content_type):
    works = Work.objects.count()
    kwargs = {"content_type": content_type} if content_type else {}
    response = getattr(client, method)(path, data, **kwargs)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert Work.objects.count() == works


def test_nul_in_a_multipart_field_is_refused_but_binary_files_pass_the_guard(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client.post("/accounts/login/", {"username": "x\x00", "password": "y"})
    assert refused.status_code == 400
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\x00\x00binary")
    # a binary upload with NUL bytes reaches the view (which asks for a login here)
    response = client.post("/assessments/1/items/1/evidence/", {"file": upload, "note": "ok"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_carry_a_content_security_policy_with_a_fresh_nonce(client, imported_corpus):
    first = client.get("/search/", {"q": "医共体"})
    second = client.get("/search/", {"q": "医共体"})
    policy = first["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    # every inline script of the page carries the request's nonce
    for tag in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", first.content.decode()):
        assert f'nonce="{nonce}"' in tag
    assert second["Content-Security-Policy"] != policy


def test_admin_gets_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_login_is_throttled_after_repeated_failures(client, settings, path):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 3
    get_user_model().objects.create_user(username="clerk", password="right-password")
    for _ in range(3):
        assert client.post(path, {"username": "clerk", "password": "wrong"}).status_code == 200
    locked = client.post(path, {"username": "clerk", "password": "right-password"})
    assert locked.status_code == 429 and "次数过多" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.LOGIN_THROTTLE_SECONDS
    assert "_auth_user_id" not in client.session
    # another account from elsewhere is not affected
    get_user_model().objects.create_user(username="other", password="pw-other-1")
    assert client.post(path, {"username": "other", "password": "pw-other-1"}, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_successful_login_clears_the_account_count(client, settings):
    settings.LOGIN_MAX_FAILURES_PER_ACCOUNT = 3
    get_user_model().objects.create_user(username="clerk", password="right-password")
    for _ in range(2):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "clerk", "password": "right-password"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "clerk", "password": "right-password"}).status_code == 302


def _settings_probe(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "PYTEST_VERSION", "PORTAL_HTTPS"}}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True, text=True, timeout=120,
    )


def test_without_secret_key_each_instance_generates_its_own(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    one = _settings_probe({"PORTAL_DATA_DIR": str(tmp_path / "a")}, code)
    again = _settings_probe({"PORTAL_DATA_DIR": str(tmp_path / "a")}, code)
    other = _settings_probe({"PORTAL_DATA_DIR": str(tmp_path / "b")}, code)
    assert one.returncode == 0, one.stderr
    key = one.stdout.strip()
    assert len(key) >= 50 and "insecure" not in key
    assert again.stdout.strip() == key and other.stdout.strip() != key
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_documented_production_settings_pass_check_deploy(tmp_path):
    env = {"PORTAL_DATA_DIR": str(tmp_path), "DEBUG": "0", "PORTAL_HTTPS": "1", "ALLOWED_HOSTS": "portal.example.org"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PYTEST_VERSION"}}, **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
