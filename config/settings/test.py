"""Settings for `make test`. DATABASE_URL / REDIS_URL, when set (as in CI), put the suite on
PostgreSQL and Redis; otherwise it runs on SQLite and the in-memory layers."""

import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, REST_FRAMEWORK, env

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
IEUM_TICKER_ENABLED = False
MEDIA_ROOT = "/tmp/ieum-test-media"
# Private files of one test run stay in its own temporary folder, removed at exit; a live server
# the run starts (browser tests) inherits the folder through the environment.
PRIVATE_MEDIA_ROOT = os.environ.get("IEUM_TEST_PRIVATE_MEDIA_ROOT", "")
if not PRIVATE_MEDIA_ROOT:
    PRIVATE_MEDIA_ROOT = os.environ["IEUM_TEST_PRIVATE_MEDIA_ROOT"] = tempfile.mkdtemp(
        prefix="ieum-test-private-"
    )
    atexit.register(shutil.rmtree, PRIVATE_MEDIA_ROOT, ignore_errors=True)
# Throttles are tested where they matter, with their own rates; the suite must not trip them.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min", "device": "10000/min"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a live server thread or process sees the same test database.
    DATABASES["default"]["TEST"] = {
        "NAME": env("IEUM_TEST_SQLITE", default="/tmp/ieum-test.sqlite3")
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
