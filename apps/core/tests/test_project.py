"""Whole-project guarantees: settings per environment, migrations, the OpenAPI schema."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


def _settings_check(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k != "IEUM_FIELD_ENCRYPTION_KEYS"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = _settings_check({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "ieum.gimhae.go.kr",
    # a Fernet key (32 url-safe base64 bytes); a real deployment's comes from the secret store
    "IEUM_FIELD_ENCRYPTION_KEYS": "qC2xR3uHjC3l1m0yF3eJm7gQ4m2bT8t3kq0dYd0x5cQ=",
}


def test_production_refuses_to_start_without_field_encryption_keys():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "IEUM_FIELD_ENCRYPTION_KEYS"}
    result = _settings_check(env)
    assert result.returncode != 0
    assert "IEUM_FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_an_invalid_field_encryption_key():
    result = _settings_check({**PRODUCTION_ENV, "IEUM_FIELD_ENCRYPTION_KEYS": "not-a-key"})
    assert result.returncode != 0
    assert "not a valid Fernet key" in result.stderr


def test_production_starts_with_them():
    result = _settings_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_embedded_default_uses_sqlite_and_in_memory_layers():
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'],"
        "s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, s.IEUM_TICKER_ENABLED)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "True",
    ]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_openapi_schema_generates_without_warnings_and_matches_docs(tmp_path):
    # The committed schema is the embedded default's (field ranges differ per database backend).
    target = tmp_path / "schema.yaml"
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--lang",
            "en",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    committed = ROOT / "docs" / "api" / "schema.yaml"
    assert committed.read_text() == target.read_text(), (
        "docs/api/schema.yaml is out of date: run `make schema` and commit it"
    )
