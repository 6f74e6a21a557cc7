"""Settings shared by every way Ieum runs.

Configuration comes from the environment (django-environ). With nothing set, Ieum runs the
embedded default: SQLite, an in-memory channel layer, eager Celery, a local-memory cache and an
in-process ticker for periodic jobs. ``DATABASE_URL`` switches to PostgreSQL; ``REDIS_URL``
switches the channel layer, the Celery broker and the cache to Redis.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="ieum-embedded-development-key-not-for-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Encrypted model fields (apps.core.encryption): comma-separated Fernet keys, the first encrypts,
# all decrypt (rotation). Without the variable, a key derived from SECRET_KEY, so local and test
# runs need no secrets; production.py refuses to start without it.
IEUM_FIELD_ENCRYPTION_KEYS = env.list(
    "IEUM_FIELD_ENCRYPTION_KEYS",
    default=[
        base64.urlsafe_b64encode(
            hashlib.sha256(b"ieum-field-encryption:" + SECRET_KEY.encode()).digest()
        ).decode()
    ],
)

# --- Apps -------------------------------------------------------------------------------------
DJANGO_APPS = [
    "daphne",
    "modeltranslation",  # must come before admin so translated fields show there
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "channels",
    "django_celery_beat",
]
IEUM_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.notifications",
    "apps.payments",
    "apps.tourism",
    "apps.transit",
    "apps.rentals",
    "apps.parking",
    "apps.drt",
    "apps.logistics",
    "apps.health",
    "apps.chat",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + IEUM_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.ControlCharacterMiddleware",  # after LocaleMiddleware: translated 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several ASGI threads write to the one file: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Opening the file costs ~2 ms (SQLite reads the schema on a connection's first query), as
    # much as a cached trip plan: each request thread keeps its connection (request threads are
    # reused, apps/core/asgi.py, so they do not pile up).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("IEUM_DB_CONN_MAX_AGE", default=600)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "IEUM_DB_POOL", default=True
):
    # psycopg's connection pool (Django ≥ 5.1, psycopg_pool): opening a PostgreSQL connection
    # costs a few milliseconds, a request's whole budget for a cached trip plan, and persistent
    # connections (CONN_MAX_AGE) are kept per thread, which under ASGI means per executor
    # thread, leaking connections. With a pool each request borrows an open connection and
    # gives it back when it ends; CONN_MAX_AGE must then be 0. Size it per process:
    # (ASGI processes + Celery workers) × IEUM_DB_POOL_MAX stays under max_connections.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("IEUM_DB_POOL_MIN", default=2),
        "max_size": env.int("IEUM_DB_POOL_MAX", default=10),
        # seconds a request waits for a free connection before failing
        "timeout": env.float("IEUM_DB_POOL_TIMEOUT", default=10.0),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# --- Redis: channel layer, cache, Celery broker -----------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

# How Ieum talks to Redis (used below when REDIS_URL is set; the Redis-down tests use them too).
REDIS_CHANNEL_HOST_OPTIONS = {
    # channels-redis blocks 5 s in BZPOPMIN per receive; redis-py 8 gives up on a socket read
    # after 5 s by default, which closed idle WebSockets (django/channels_redis#422): the read
    # timeout must outlast the block.
    "socket_timeout": 15,
    "socket_connect_timeout": 2,
    # one connection per busy consumer; closing many sockets at once hit redis-py's default cap of
    # 100 (MaxConnectionsError on group_discard)
    "max_connections": env.int("IEUM_REDIS_MAX_CONNECTIONS", default=1000),
}
REDIS_CACHE_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    # Caching and throttling fail open: with Redis down a read is a miss and a write is dropped
    # (and logged), so the API keeps serving from the database.
    "IGNORE_EXCEPTIONS": True,
    "SOCKET_CONNECT_TIMEOUT": 1,
    "SOCKET_TIMEOUT": 1,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "apps.core.channel_layer.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, **REDIS_CHANNEL_HOST_OPTIONS}]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ROUTES = {"*.realtime_*": {"queue": "realtime"}, "*.report_*": {"queue": "reports"}}
CELERY_TASK_DEFAULT_QUEUE = "default"
# Periodic jobs run on the in-process ticker when there is no Celery beat (the embedded default).
IEUM_TICKER_ENABLED = env.bool("IEUM_TICKER_ENABLED", default=not REDIS_URL)

# --- Passwords (staff log in to admin with one; residents use SMS codes) -----------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: Korean by default, English everywhere ------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# civil requests are a part of the chat app with their own catalogue (apps/chat/civic)
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "apps" / "chat" / "civic" / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko", "en")
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static files and the web client -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WEB_CLIENT_DIST = BASE_DIR / "clients" / "web" / "dist"
STATICFILES_DIRS = [WEB_CLIENT_DIST] if WEB_CLIENT_DIST.exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Private uploads (return photos, health and welfare documents, civil-request photos): never under
# MEDIA_ROOT and never at a media URL; served only through core's signed /files/<token>/ links after
# an access check (apps/core/files.py). A folder in the embedded default, an S3-compatible bucket
# (django-storages) when IEUM_PRIVATE_S3_BUCKET is set.
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
IEUM_PRIVATE_S3_BUCKET = env("IEUM_PRIVATE_S3_BUCKET", default="")
if IEUM_PRIVATE_S3_BUCKET:
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": IEUM_PRIVATE_S3_BUCKET,
            # empty = AWS itself, its default region and the default credentials chain (IAM role)
            "endpoint_url": env("IEUM_PRIVATE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("IEUM_PRIVATE_S3_REGION", default="") or None,
            "access_key": env("IEUM_PRIVATE_S3_ACCESS_KEY", default="") or None,
            "secret_key": env("IEUM_PRIVATE_S3_SECRET_KEY", default="") or None,
            "location": env("IEUM_PRIVATE_S3_PREFIX", default=""),
            # no ACL header: the bucket blocks public access itself (some S3-compatible stores
            # and ACL-less AWS buckets refuse ACL headers)
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# How long a signed /files/ link works, and the size limit of a private upload unless an app sets
# its own.
IEUM_PRIVATE_FILE_URL_TTL = env.int("IEUM_PRIVATE_FILE_URL_TTL", default=300)
IEUM_PRIVATE_FILE_MAX_BYTES = env.int("IEUM_PRIVATE_FILE_MAX_BYTES", default=10 * 1024 * 1024)
WHITENOISE_USE_FINDERS = True


def _web_asset_is_immutable(path: str, url: str) -> bool:
    """Vite names the web client's built assets by content hash (assets/index-Djh-EIbq.js): a new
    build is a new name, so browsers may keep them for a year."""
    import re

    return bool(re.search(r"/assets/[^/]+-[\w-]{8}\.\w+$", url))


WHITENOISE_IMMUTABLE_FILE_TEST = _web_asset_is_immutable

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.core.authentication.JWTAuthentication",
        "apps.core.authentication.SessionAuthentication",
    ],
    # Private unless a view says otherwise; PIPA consents (and a guardian's, under 14) come first.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "apps.accounts.permissions.ConsentsComplete",
    ],
    "DEFAULT_PARSER_CLASSES": [
        # JSON only: form encodings read "" as null and every value as text, a different contract
        # from the one the schema documents. A view taking uploads names its own parsers.
        "apps.core.api.parsers.JSONParser",  # with a depth limit
    ],
    "DEFAULT_PAGINATION_CLASS": "apps.core.pagination.CursorPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.core.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("IEUM_THROTTLE_ANON", default="120/min"),
        "user": env("IEUM_THROTTLE_USER", default="600/min"),
        "open_data": env("IEUM_THROTTLE_OPEN_DATA", default="1000/min"),
        # per device key (apps.core.devices.authentication.DeviceRateThrottle)
        "device": env("IEUM_THROTTLE_DEVICE", default="600/min"),
        # filing civil requests (apps/chat/civic/throttles.py): per person or IP, per api_key
        "civil_request": env("IEUM_THROTTLE_CIVIL_REQUEST", default="20/hour"),
        "civil_request_key": env("IEUM_THROTTLE_CIVIL_REQUEST_KEY", default="600/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Proxies (load balancers) in front of Ieum: client IPs for throttles and SMS-code limits are
    # then read from X-Forwarded-For. 0 = use the connection's address.
    "NUM_PROXIES": env.int("IEUM_NUM_PROXIES", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Ieum (이음) API",
    "DESCRIPTION": "Gimhae city's citizen super-app: one account, Korean and English, for getting "
    "around, health, help, visiting and parcels. Errors use one envelope: "
    '`{"code", "message", "extra"}`; messages follow `Accept-Language` (ko default, en).',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.api.schema.document_input_rules",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ErrorCodeEnum": "apps.core.errors.error_code_choices",
        "RoleEnum": "apps.core.roles.Role",
        "DeviceKindEnum": "apps.core.devices.models.Device.Kind",
        "DrtBookingStatusEnum": "apps.drt.models.Booking.Status",
        "NotificationKindEnum": "apps.notifications.models.Notification.Kind",
        "OrderStatusEnum": "apps.payments.models.Order.Status",
        "ParkingLotKindEnum": "apps.parking.models.ParkingLot.Kind",
        "ParkingReservationOutputStatusEnum": "apps.parking.models.Reservation.Status",
        "UserKindEnum": "apps.accounts.models.User.Kind",
        "DeliveryModeEnum": "apps.logistics.models.DeliveryMode",
        "ParcelSizeEnum": "apps.logistics.models.ParcelSize",
        "ServiceAreaKindEnum": "apps.logistics.models.ServiceArea.Kind",
        "ParcelKindEnum": "apps.logistics.models.Parcel.Kind",
        "ParcelStatusEnum": "apps.logistics.models.Parcel.Status",
        "LockerStatusEnum": "apps.logistics.models.Locker.Status",
        "LockerTemperatureEnum": "apps.logistics.models.Locker.Temperature",
        "MachineKindEnum": "apps.logistics.models.Machine.Kind",
        "MachineStatusEnum": "apps.logistics.models.Machine.Status",
        "MissionStatusEnum": "apps.logistics.models.Mission.Status",
        "MachineCommandKindEnum": "apps.logistics.models.MachineCommand.Kind",
        "HealthConditionStatusEnum": "apps.health.models.Condition.Status",
        "MeasurementSourceEnum": "apps.health.models.Measurement.Source",
        "MemberMeasurementSourceEnum": "apps.health.api.serializers.MEASUREMENT_SOURCES_BY_MEMBER",
        "KioskMeasurementSourceEnum": "apps.health.api.serializers.KIOSK_SOURCES",
        "HealthConsentSourceEnum": "apps.health.models.ConsentRecord.Source",
        "LoincCodeEnum": "apps.health.api.serializers.CODE_CHOICES",
        "SourceEnum": ["simulator", "tago"],  # transit's live-data source keeps its name
        "ChatLanguageEnum": "apps.chat.models.Language",
        "ConversationStatusEnum": "apps.chat.models.Conversation.Status",
        "CivilRequestStatusEnum": "apps.chat.civic.models.CivilRequest.Status",
        "CivilRequestChannelEnum": "apps.chat.civic.models.CivilRequest.Channel",
        "Open311StatusEnum": [("open", "open"), ("closed", "closed")],
    },
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "SIGNING_KEY": env("JWT_SIGNING_KEY", default=SECRET_KEY),
}

# --- Integrations: each switches on when its key is set -----------------------------------------
# SMS one-time codes: printed to the server log unless a provider is configured.
SMS_BACKEND = env(
    "SMS_BACKEND",
    default="apps.accounts.sms.ConsoleSmsBackend",
)
SMS_API_KEY = env("SMS_API_KEY", default="")
SMS_API_SECRET = env("SMS_API_SECRET", default="")
SMS_SENDER_NUMBER = env("SMS_SENDER_NUMBER", default="")
if SMS_API_KEY and SMS_BACKEND == "apps.accounts.sms.ConsoleSmsBackend":
    SMS_BACKEND = "apps.accounts.sms.SolapiSmsBackend"

# FCM push through firebase-admin: on when a service-account file is configured.
FCM_CREDENTIALS_FILE = env("FCM_CREDENTIALS_FILE", default="")

# Payments (django-payments): the dummy provider unless Toss Payments keys are set.
TOSS_SECRET_KEY = env("TOSS_SECRET_KEY", default="")
TOSS_CLIENT_KEY = env("TOSS_CLIENT_KEY", default="")
PAYMENT_HOST = env("PAYMENT_HOST", default="localhost:8000")
PAYMENT_USES_SSL = env.bool("PAYMENT_USES_SSL", default=False)
PAYMENT_MODEL = "payments.Payment"
PAYMENT_VARIANTS = {"dummy": ("payments.dummy.DummyProvider", {})}
if TOSS_SECRET_KEY:
    PAYMENT_VARIANTS["toss"] = (
        "apps.payments.providers.toss.TossProvider",
        {"secret_key": TOSS_SECRET_KEY, "client_key": TOSS_CLIENT_KEY},
    )
PAYMENT_DEFAULT_VARIANT = "toss" if TOSS_SECRET_KEY else "dummy"

# Live buses: the national TAGO bus API (data.go.kr) when a key is set; otherwise the schedule
# simulator moves the demo feed's vehicles so `make run` shows live buses.
TAGO_SERVICE_KEY = env("TAGO_SERVICE_KEY", default="")
TAGO_CITY_CODE = env("TAGO_CITY_CODE", default="38070")  # Gimhae
TAGO_POLL_SECONDS = env.int("TAGO_POLL_SECONDS", default=30)
# Planner processes read predicted delays from the shared cache (set in production with Redis).
TRANSIT_DELAYS_FROM_CACHE = env.bool("TRANSIT_DELAYS_FROM_CACHE", default=False)

# --- Signed machine requests (apps.core.devices): sensors, terminals, robots, drones ------------
# A signed request's timestamp may be this many seconds off the server clock, either way; nonces
# are remembered (in the database) for as long.
IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS = env.int("IEUM_DEVICE_SIGNATURE_WINDOW_SECONDS", default=300)

# --- Accounts policy ----------------------------------------------------------------------------
OTP_TTL_SECONDS = 180
OTP_MAX_ATTEMPTS = 5
OTP_PER_PHONE_PER_HOUR = env.int("OTP_PER_PHONE_PER_HOUR", default=5)
OTP_PER_IP_PER_HOUR = env.int("OTP_PER_IP_PER_HOUR", default=30)
ACCOUNT_DELETION_GRACE_DAYS = env.int("ACCOUNT_DELETION_GRACE_DAYS", default=30)

# --- Rentals policy -----------------------------------------------------------------------------
RENTALS_PHOTO_MAX_BYTES = 5 * 1024 * 1024  # a parked-vehicle photo from a phone camera

# --- Parking policy -----------------------------------------------------------------------------
# A space whose sensor has said nothing for this long is shown as unknown, and staff are told once.
PARKING_SENSOR_SILENT_MINUTES = env.int("PARKING_SENSOR_SILENT_MINUTES", default=30)
# The demo sensor simulator moves the demo lots' counts; embedded default only (no Redis), where
# no real sensors post.
PARKING_SENSOR_SIMULATOR = env.bool("PARKING_SENSOR_SIMULATOR", default=not REDIS_URL)
# Parking sharing: refund on cancel by how long before the start (a place may set its own rule),
# the city's commission on hosts' takings, how long an unpaid booking holds its slot, and when
# drivers are reminded before their time ends.
PARKING_SHARING_REFUND_RULE = [
    {"minutes_before_start": 60, "percent": 100},
    {"minutes_before_start": 0, "percent": 50},
]
PARKING_SHARING_COMMISSION_PERCENT = env.int("PARKING_SHARING_COMMISSION_PERCENT", default=10)
PARKING_SHARING_HOLD_MINUTES = 15
PARKING_SHARING_REMINDER_MINUTES = 15

# --- DRT policy (docs/drt.md) -------------------------------------------------------------------
DRT_SOLVER_TIME_LIMIT_S = env.float("DRT_SOLVER_TIME_LIMIT_S", default=1.0)  # per re-optimisation
DRT_MAX_WALK_M = env.int("DRT_MAX_WALK_M", default=800)  # to a hub, and from one
DRT_PICKUP_WINDOW_MIN = 15  # a pickup may come this much later than the earliest
DRT_MAX_RIDE_FACTOR = 1.5  # longest ride: direct time × factor + extra
DRT_MAX_RIDE_EXTRA_S = 600
DRT_DEMO_FARE_KRW = 1000  # the plan names no fare: a labelled demo amount for trip-planner legs
DRT_BOOKING_RETENTION_DAYS = 365
# The demo bus simulator moves demo buses along their plans; embedded default only.
DRT_VEHICLE_SIMULATOR = env.bool("DRT_VEHICLE_SIMULATOR", default=not REDIS_URL)

# --- Parcels (logistics) --------------------------------------------------------------------------
# Delivery tries before a parcel is held in a locker for collection; minutes between tries; days a
# parcel waits in a locker before it goes back to the sender.
LOGISTICS_MAX_ATTEMPTS = env.int("LOGISTICS_MAX_ATTEMPTS", default=2)
LOGISTICS_RETRY_MINUTES = env.int("LOGISTICS_RETRY_MINUTES", default=30)
LOGISTICS_HOLD_DAYS = env.int("LOGISTICS_HOLD_DAYS", default=7)
# Finished parcels lose the recipient (number, account, codes) and machine positions are deleted
# after this many days; the anonymous delivery records stay for the statistics.
LOGISTICS_RETENTION_DAYS = env.int("LOGISTICS_RETENTION_DAYS", default=90)
# The tracking link texted to a recipient without an account.
LOGISTICS_PUBLIC_URL = env("LOGISTICS_PUBLIC_URL", default="http://localhost:8000")
# The offline gazetteer by default; apps.logistics.geocoding.GeopyGeocoder in the city deployment.
LOGISTICS_GEOCODER = env("LOGISTICS_GEOCODER", default="apps.logistics.geocoding.GazetteerGeocoder")
# The demo simulator drives the demo machines (embedded default only, where no real machine posts),
# this many times faster than real time, and brings a demo parcel every so many seconds.
LOGISTICS_SIMULATOR = env.bool("LOGISTICS_SIMULATOR", default=not REDIS_URL)
LOGISTICS_SIMULATOR_SPEEDUP = env.int("LOGISTICS_SIMULATOR_SPEEDUP", default=10)
LOGISTICS_DEMO_PARCEL_EVERY = env.int("LOGISTICS_DEMO_PARCEL_EVERY", default=120)

# --- Health record policy ------------------------------------------------------------------------
# The key of the pseudonyms in the city-sharing export and of member-token lookups (HMAC-SHA256).
# Set it in a deployment and never change it (the city's pseudonyms would change); without it, a
# key derived from SECRET_KEY.
HEALTH_PSEUDONYM_KEY = env(
    "HEALTH_PSEUDONYM_KEY",
    default=hashlib.sha256(b"ieum-health-pseudonym:" + SECRET_KEY.encode()).hexdigest(),
)
HEALTH_DOCUMENT_MAX_BYTES = env.int("HEALTH_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
HEALTH_SHARE_LINK_MAX_HOURS = 24 * 14  # a clinician's read-only link lasts two weeks at most
# The demo kiosk posts the seeded demo member's readings every 10 minutes; embedded default only.
HEALTH_KIOSK_SIMULATOR = env.bool("HEALTH_KIOSK_SIMULATOR", default=not REDIS_URL)

# --- Consultation chat (docs/chat.md) --------------------------------------------------------------
CHAT_ASK_RATE = env("CHAT_ASK_RATE", default="20/min")  # per person, or per IP when anonymous
CHAT_CONFIDENCE_THRESHOLD = env.float("CHAT_CONFIDENCE_THRESHOLD", default=0.4)
CHAT_BOOKING_PORTAL_URL = env("CHAT_BOOKING_PORTAL_URL", default="https://www.gimhae.go.kr/")
CHAT_ANONYMOUS_RETENTION_HOURS = env.int("CHAT_ANONYMOUS_RETENTION_HOURS", default=24)
CHAT_CONVERSATION_RETENTION_DAYS = env.int("CHAT_CONVERSATION_RETENTION_DAYS", default=365)
CHAT_DENSE_MODEL = env("CHAT_DENSE_MODEL", default="")  # needs the optional sentence-transformers
CHAT_LLM_ENABLED = env.bool("CHAT_LLM_ENABLED", default=False)  # rephrasing only, never answering
CHAT_LLM_BASE_URL = env("CHAT_LLM_BASE_URL", default="")
CHAT_LLM_API_KEY = env("CHAT_LLM_API_KEY", default="")
CHAT_LLM_MODEL = env("CHAT_LLM_MODEL", default="gpt-4o-mini")
CHAT_LLM_TIMEOUT = env.float("CHAT_LLM_TIMEOUT", default=5.0)

# --- Civil requests (Open311, apps/chat/civic) -----------------------------------------------
CIVIC_PHOTO_MAX_BYTES = 8 * 1024 * 1024  # one photo of the problem from a phone camera
# Retention: a closed request's contact details (sent by third-party apps) and photo are deleted
# this long after it was closed; the anonymous report itself stays.
CIVIC_PERSONAL_DATA_RETENTION_DAYS = 365

# WebSocket origins allowed besides ALLOWED_HOSTS (AllowedHostsOriginValidator uses ALLOWED_HOSTS).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"daphne": {"level": "WARNING"}, "django.channels.server": {"level": "WARNING"}},
}
