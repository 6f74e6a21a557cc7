"""Whole-project guarantees: settings per environment, migrations, the OpenAPI schema."""

import json
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
        if not k.startswith("DJANGO_")
        and k not in ("IEUM_FIELD_ENCRYPTION_KEYS", "HEALTH_PSEUDONYM_KEY")
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
    "HEALTH_PSEUDONYM_KEY": "p" * 64,
}


def test_production_refuses_to_start_without_field_encryption_keys():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "IEUM_FIELD_ENCRYPTION_KEYS"}
    result = _settings_check(env)
    assert result.returncode != 0
    assert "IEUM_FIELD_ENCRYPTION_KEYS" in result.stderr


@pytest.mark.parametrize("key", [None, "too-short"])
def test_production_refuses_to_start_without_a_health_pseudonym_key(key):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "HEALTH_PSEUDONYM_KEY"}
    if key is not None:
        env["HEALTH_PSEUDONYM_KEY"] = key
    result = _settings_check(env)
    assert result.returncode != 0
    assert "HEALTH_PSEUDONYM_KEY" in result.stderr


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


# --- every test run keeps to its own database, files and Redis keys ------------------------------

RUN_NAMES = (
    "import json,django;django.setup();from django.conf import settings as s;"
    "print(json.dumps({'token': s.IEUM_TEST_RUN_TOKEN, 'dir': str(s.IEUM_TEST_RUN_DIR),"
    "'media': s.MEDIA_ROOT, 'db': s.DATABASES['default']['TEST']['NAME'],"
    "'cache': s.CACHES['default'].get('KEY_PREFIX', ''),"
    "'layer': s.CHANNEL_LAYERS['default'].get('CONFIG', {}).get('prefix', '')}))"
)


def _run_names(**env: str) -> dict:
    clean = {
        k: v for k, v in os.environ.items() if k not in ("IEUM_TEST_RUN_DIR", "IEUM_TEST_SQLITE")
    }
    result = subprocess.run(
        [sys.executable, "-c", RUN_NAMES],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_this_run_has_its_own_database_media_and_redis_keys():
    token, run_dir = settings.IEUM_TEST_RUN_TOKEN, Path(settings.IEUM_TEST_RUN_DIR)
    assert token and token in run_dir.name and run_dir.is_dir()
    # Exported, so the browser tests' server process loads the same names.
    assert os.environ["IEUM_TEST_RUN_DIR"] == str(run_dir)
    assert Path(settings.MEDIA_ROOT).is_relative_to(run_dir)
    test_db = settings.DATABASES["default"]["TEST"]["NAME"]
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        assert test_db.endswith(f"_{token}")
    elif not os.environ.get("IEUM_TEST_SQLITE"):  # unless pinned by hand
        assert Path(test_db).parent == run_dir
    if settings.REDIS_URL:
        assert token in settings.CACHES["default"]["KEY_PREFIX"]
        assert token in settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]


def test_two_runs_get_different_names_and_their_server_the_same():
    first, second = _run_names(), _run_names()
    assert first["token"] != second["token"]
    for key in ("dir", "media", "db"):
        assert first[key] != second[key]
        assert first["token"] in first[key]
    if settings.REDIS_URL:
        assert first["cache"] != second["cache"] and first["layer"] != second["layer"]
    # The run that made its directory removed it when it exited.
    assert not Path(first["dir"]).exists() and not Path(second["dir"]).exists()

    # A process the run starts (the e2e server) inherits the run's directory and keeps it.
    child = _run_names(IEUM_TEST_RUN_DIR=str(settings.IEUM_TEST_RUN_DIR))
    assert child["token"] == settings.IEUM_TEST_RUN_TOKEN
    assert child["media"] == settings.MEDIA_ROOT
    assert child["cache"] == settings.CACHES["default"].get("KEY_PREFIX", "")
    assert child["layer"] == settings.CHANNEL_LAYERS["default"].get("CONFIG", {}).get("prefix", "")
    assert Path(settings.IEUM_TEST_RUN_DIR).is_dir()


@pytest.mark.skipif(not settings.REDIS_URL, reason="Redis only (CI sets REDIS_URL)")
def test_clearing_the_cache_leaves_another_runs_keys_alone():
    import redis
    from django.core.cache import cache

    other = "ieum_test_someoneelse:1:planner"
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.set(other, b"theirs", ex=60)
    try:
        cache.set("planner", "ours")
        cache.clear()
        assert cache.get("planner") is None
        assert client.get(other) == b"theirs"
    finally:
        client.delete(other)
