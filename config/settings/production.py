"""City deployment. Refuses to start without a secret key, allowed hosts, field encryption keys and
the health pseudonym key."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env

DEBUG = False
try:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
except ImproperlyConfigured as exc:
    raise ImproperlyConfigured(
        "Production needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment."
    ) from exc
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host.")
# No fallback to a key derived from SECRET_KEY here: rotating the secret key must not make every
# encrypted field unreadable, and the keys belong in the city's secret store.
IEUM_FIELD_ENCRYPTION_KEYS = env.list("IEUM_FIELD_ENCRYPTION_KEYS", default=[])
if not IEUM_FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "Production needs IEUM_FIELD_ENCRYPTION_KEYS in the environment (comma-separated Fernet "
        "keys, the first encrypts; see docs/deploy.md)."
    )
# The city's health pseudonyms and member-token lookups are keyed with it: derived from the
# secret key, rotating that would change every pseudonym the city holds (docs/privacy.md).
HEALTH_PSEUDONYM_KEY = env("HEALTH_PSEUDONYM_KEY", default="")
if len(HEALTH_PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured(
        "Production needs HEALTH_PSEUDONYM_KEY in the environment (32 characters or more, from the "
        "city's secret store, never changed; see docs/deploy.md)."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_CONTENT_TYPE_NOSNIFF = True
PAYMENT_USES_SSL = True
# API processes see the predicted delays the Celery worker publishes to Redis.
TRANSIT_DELAYS_FROM_CACHE = env.bool("TRANSIT_DELAYS_FROM_CACHE", default=bool(REDIS_URL))
