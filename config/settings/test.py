"""Settings for `make test`. DATABASE_URL / REDIS_URL, when set (as in CI), put the suite on
PostgreSQL and Redis; otherwise it runs on SQLite and the in-memory layers.

Every test run gets its own token and temporary directory, so two runs on one machine (two
worktrees, CI jobs on one runner) never share a SQLite file, uploaded files, a PostgreSQL test
database or Redis keys. The first process to load these settings creates them and removes the
directory when it exits; it exports ``IEUM_TEST_RUN_DIR`` so the processes it starts (the browser
tests' daphne server) load the same names and see the same database, media and channel layer.
"""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL, REST_FRAMEWORK, env

RUN_DIR_PREFIX = "ieum-test-"


def _run_dir() -> Path:
    inherited = os.environ.get("IEUM_TEST_RUN_DIR")
    if inherited:
        path = Path(inherited)
        path.mkdir(parents=True, exist_ok=True)
        return path
    path = Path(tempfile.mkdtemp(prefix=f"{RUN_DIR_PREFIX}{secrets.token_hex(4)}-"))
    os.environ["IEUM_TEST_RUN_DIR"] = str(path)
    creator = os.getpid()

    def remove() -> None:
        # Only the creator cleans up: a forked child exiting must not pull it from under the run.
        if os.getpid() == creator:
            shutil.rmtree(path, ignore_errors=True)

    atexit.register(remove)
    return path


IEUM_TEST_RUN_DIR = _run_dir()
# The hex part of the directory name: it goes into a PostgreSQL database name and Redis keys.
IEUM_TEST_RUN_TOKEN = IEUM_TEST_RUN_DIR.name.removeprefix(RUN_DIR_PREFIX).split("-")[0]

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
IEUM_TICKER_ENABLED = False
MEDIA_ROOT = str(IEUM_TEST_RUN_DIR / "media")
PRIVATE_MEDIA_ROOT = str(IEUM_TEST_RUN_DIR / "private-media")
# Throttles are tested where they matter, with their own rates; the suite must not trip them.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        "anon": "10000/min",
        "user": "10000/min",
        "device": "10000/min",
        "open_data": "10000/min",
        "civil_request": "10000/min",
        "civil_request_key": "10000/min",
    },
}
CHAT_ASK_RATE = "10000/min"  # the chat's own limit (apps/chat/throttles.py)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a live server thread or process sees the same test database.
    DATABASES["default"]["TEST"] = {
        "NAME": env("IEUM_TEST_SQLITE", default=str(IEUM_TEST_RUN_DIR / "test.sqlite3"))
    }
else:
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_{DATABASES['default']['NAME']}_{IEUM_TEST_RUN_TOKEN}"[:63]
    }

if REDIS_URL:
    # Runs may share one Redis database: each keeps to its own keys (and clears only those).
    IEUM_TEST_REDIS_PREFIX = f"ieum_test_{IEUM_TEST_RUN_TOKEN}"
    CACHES = {
        "default": {
            **CACHES["default"],
            "KEY_PREFIX": IEUM_TEST_REDIS_PREFIX,
            "OPTIONS": {
                **CACHES["default"]["OPTIONS"],
                "CLIENT_CLASS": "config.test_redis.RunScopedRedisClient",
            },
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            **CHANNEL_LAYERS["default"],
            "CONFIG": {**CHANNEL_LAYERS["default"]["CONFIG"], "prefix": IEUM_TEST_REDIS_PREFIX},
        }
    }
    CELERY_BROKER_TRANSPORT_OPTIONS = {"global_keyprefix": f"{IEUM_TEST_REDIS_PREFIX}:"}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
