"""The production settings: `manage.py check --deploy` is clean, and the headers and cookies are what they say."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PRIMARIA_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", PRIMARIA_VAR_DIR=str(tmp_path), PRIMARIA_DEBUG="0",
               PRIMARIA_HTTPS="1", PRIMARIA_PROXY_COUNT="1", PRIMARIA_SECRET_KEY=secrets.token_urlsafe(50),
               PRIMARIA_ALLOWED_HOSTS="primaria.example.ro", PRIMARIA_SITE_URL="https://primaria.example.ro")
    env.update(extra)
    return env


def check_deploy(env):
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https(tmp_path):
    result = check_deploy(production_env(tmp_path, PRIMARIA_HTTPS="0"))
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_check_deploy_fails_with_the_development_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["PRIMARIA_SECRET_KEY"]
    result = check_deploy(env)
    assert result.returncode != 0
    assert "primaria.E001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_https_settings_follow_primaria_https(tmp_path):
    code = ("from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_PROXY_SSL_HEADER)")
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    on = subprocess.run(run, cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert on.stdout.split()[:4] == ["31536000", "True", "True", "True"], on.stderr
    assert "HTTP_X_FORWARDED_PROTO" in on.stdout
    off = subprocess.run(run, cwd=ROOT, env=production_env(tmp_path, PRIMARIA_HTTPS="0"), capture_output=True,
                         text=True, timeout=120)
    assert off.stdout.split()[:4] == ["0", "False", "False", "False"], off.stderr  # `make run` on plain HTTP
