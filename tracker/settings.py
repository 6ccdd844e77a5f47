"""Settings for the defence-procurement tracker.

Everything that differs between a laptop and production comes from the environment; README.md
lists every variable. With nothing set, the app runs in debug mode on an embedded SQLite file.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Only ever used on a developer's machine: DEBUG=0 refuses to start without a real key.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search and trigram indexes when on PostgreSQL
    "rest_framework",
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc served from our own static files
    "simple_history",
    "procurement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the database: a refused request costs one cache round trip.
    "procurement.ratelimit.PageRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "procurement.access.ReadAccessMiddleware",  # TRACKER_PUBLIC_READ=0: sign in to read
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a sign-in refused by its backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL selects PostgreSQL in production (postgres://user:pass@host:5432/name);
# without it the app uses an embedded SQLite file so a fresh clone runs with no server.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while ingestion writes; synchronous=NORMAL syncs at checkpoints
    # instead of every commit (a crash can lose the last commits, never corrupt the file),
    # which is what lets one core ingest hundreds of articles a second. IMMEDIATE takes the
    # write lock up front so concurrent writers wait instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]  # loaddata reference finds fixtures/reference.json
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# In development whitenoise serves straight from the app folders; production runs collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "1")
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "1")

# HTTPS. All off by default: a laptop serves plain HTTP, and HSTS cannot be taken back once a
# browser has seen it. README "Production" lists the values under which `check --deploy` is clean.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "0")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
# Probes often call the app directly over plain HTTP, and read a redirect as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Only behind a proxy that sets this header itself and drops any copy the client sent; anywhere
# else a client could claim HTTPS with the header and get secure cookies sent over plain HTTP.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not _proxy_ssl_header.startswith("HTTP_"):
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER names a request.META key, e.g. "
                                   "HTTP_X_FORWARDED_PROTO (not X-Forwarded-Proto).")
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")

# How many proxies of ours append to X-Forwarded-For. 0 trusts nobody's header and uses the
# connection's address; N takes the Nth address from the right, the one our outermost proxy saw.
# Throttles, page rate limits and sign-in lockouts all identify clients by this one rule.
NUM_PROXIES = envint("NUM_PROXIES", 0)
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("NUM_PROXIES must be 0 or more.")

# Counters for throttles and page rate limits. With several workers (or machines) they must be
# shared, or each worker allows the full rate: REDIS_URL (redis://host:6379/0) does that.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tracker")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Pages (not the API, which DRF throttles; not admin, static files or /healthz), per address.
# Search runs the heaviest queries, so it has its own, lower rate. Same "N/second|minute|hour|day"
# format as the API rates; empty switches a limit off.
PAGE_THROTTLE = os.environ.get("PAGE_THROTTLE", "600/minute")
SEARCH_THROTTLE = os.environ.get("SEARCH_THROTTLE", "60/minute")
# Sign-in form posts per address, across all accounts: django-axes below locks one account at one
# address; this caps an address that tries many accounts.
LOGIN_THROTTLE = os.environ.get("LOGIN_THROTTLE", "30/hour")

# Password guessing on /admin/login/ (django-axes). Failures are counted per account *and*
# address: an attacker elsewhere cannot lock an editor out, only their own address out of that
# account. LOGIN_THROTTLE caps the addresses. The address is read by NUM_PROXIES as above.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "procurement.ratelimit.client_address"
AXES_VERBOSE = False  # its start-up banner would print on every manage.py command (cron backups)
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME <= datetime.timedelta(0):
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be at least 1.")

# Ingestion: articles larger than this are refused rather than stored (news copy is rarely
# over 100 KB; anything bigger is almost always a mis-pointed file).
INGEST_MAX_BYTES = envint("INGEST_MAX_BYTES", 2_000_000)

# Jobs (polling feeds, ingesting their items, alerts) go to workers through a broker:
# redis://127.0.0.1:6379/1 or amqp://guest:guest@127.0.0.1:5672//. Without one they run in the
# process that asks (`manage.py poll`), so a laptop needs nothing more.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip()
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # outcomes are in the database (sources, items), not a backend
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-job leaves it for another worker
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: one at a time, so idle workers can take them
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "tracker")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Celery beat enqueues these; the jobs themselves decide what is due (each source's own
# interval, each delivery's back-off), so a missed tick only delays, never skips.
DIGEST_HOUR = envint("DIGEST_HOUR", 7)  # local time (TIME_ZONE) the daily digests go out
CELERY_BEAT_SCHEDULE = {
    "sources-due": {"task": "procurement.tasks.sources.sources_poll_due", "schedule": 60.0},
    "alert-events": {"task": "procurement.tasks.alerts.events_collect", "schedule": 60.0},
    "webhook-deliveries": {"task": "procurement.tasks.alerts.deliveries_send_due",
                           "schedule": 30.0},
    "daily-digests": {"task": "procurement.tasks.alerts.digests_send",
                      "schedule": crontab(minute=0, hour=DIGEST_HOUR)},
}

# Polling outlets' feeds (services.sources, procurement/feeds). Feeds and pages at private,
# loopback or link-local addresses are refused unless FEEDS_ALLOW_PRIVATE=1 (tests, intranets):
# a feed address typed by an editor must not make the server ask its own network.
FEEDS_ALLOW_PRIVATE = envbool("FEEDS_ALLOW_PRIVATE", "0")
FEEDS_TIMEOUT = float(os.environ.get("FEEDS_TIMEOUT", "10"))  # seconds per connect or read
FEEDS_MAX_BYTES = envint("FEEDS_MAX_BYTES", 5_000_000)  # a larger feed or page is not read
FEEDS_HOST_DELAY = float(os.environ.get("FEEDS_HOST_DELAY", "1"))  # seconds between requests
FEEDS_MAX_REDIRECTS = envint("FEEDS_MAX_REDIRECTS", 3)
FEEDS_USER_AGENT = os.environ.get(
    "FEEDS_USER_AGENT", "defence-procurement-tracker/1.0 (feed reader)").strip()

# Rows in one page's CSV export. Exports stream (memory stays flat at any size); the cap keeps
# one download from holding a database connection for minutes. The API pages through any size.
EXPORT_MAX_ROWS = envint("EXPORT_MAX_ROWS", 1_000_000)

# Alerts (follows, private feeds, daily digests, webhooks). E-mail goes to the console unless
# EMAIL_BACKEND says otherwise (django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST…).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tracker@localhost")
# Links in e-mails and webhook payloads are absolute: they are read away from any request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# New-article alerts skip articles dated longer ago than this (an archive import is not news),
# and wait this long after an article arrives (so a slow ingestion commit is not skipped).
ALERTS_ARTICLE_MAX_AGE_DAYS = envint("ALERTS_ARTICLE_MAX_AGE_DAYS", 14)
ALERTS_SETTLE_SECONDS = envint("ALERTS_SETTLE_SECONDS", 60)
# Webhooks: never to private, loopback or link-local addresses unless allowed (a test server, an
# intranet). Each delivery is tried WEBHOOKS_MAX_ATTEMPTS times, waiting 1 min × 6^n (at most
# 12 h) between tries; a webhook is switched off after WEBHOOKS_MAX_FAILURES failures in a row.
WEBHOOKS_ALLOW_PRIVATE = envbool("WEBHOOKS_ALLOW_PRIVATE", "0")
WEBHOOKS_TIMEOUT = envint("WEBHOOKS_TIMEOUT", 10)
WEBHOOKS_MAX_ATTEMPTS = envint("WEBHOOKS_MAX_ATTEMPTS", 6)
WEBHOOKS_MAX_FAILURES = envint("WEBHOOKS_MAX_FAILURES", 30)
WEBHOOKS_PER_USER = envint("WEBHOOKS_PER_USER", 10)

# Reading is open to anonymous users unless TRACKER_PUBLIC_READ=0.
TRACKER_PUBLIC_READ = envbool("TRACKER_PUBLIC_READ", "1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# REST API (/api/v1/). Reading is public unless TRACKER_PUBLIC_READ=0; writing needs the editors
# group. Tokens (knox) are stored hashed and expire.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["procurement.api.permissions.ReadOpenWriteEditors"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # JSON with a nesting limit (deep JSON answers 400, not RecursionError's 500); the form
    # parsers are what the browsable API's HTML forms send.
    "DEFAULT_PARSER_CLASSES": [
        "procurement.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "procurement.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "procurement.api.schema.TrackerAutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Model validation raised by services answers 400 with its messages, not 500.
    "EXCEPTION_HANDLER": "procurement.api.errors.exception_handler",
    # "url" is an article's own field (where the source published it); API links are "api_url".
    "URL_FIELD_NAME": "api_url",
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "procurement.api.throttling.AccountRateThrottle",
    ],
    # Counted in the default cache: per process unless REDIS_URL makes it shared.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "600/hour"),
        "user": os.environ.get("API_THROTTLE_USER", "10000/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Every token expires: a leaked one stops working on its own. (knox reads a TTL of None as never.)
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)
if API_TOKEN_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_DAYS must be at least 1: API tokens always expire.")
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Defence-procurement tracker API",
    "DESCRIPTION": (
        "A curated, sourced record of India–Russia defence procurement built from Hindi and "
        "English news: entities (platforms, countries, people, organisations, forums, meetings, "
        "agreements, places) with their names in every script, programmes with a status derived from "
        "confirmed, dated claims and the quotes behind them, meetings and their outcomes, and "
        "the articles and the mentions found in them.\n\n"
        "**Following links.** Every record has `api_url`. Entities refer to each other as "
        "`{slug, kind, name}`; any entity is at `/api/v1/entities/{slug}/` (and at its kind's "
        "address, e.g. `/api/v1/platforms/{slug}/`). A platform lists its programmes, each with "
        "its status and confirmed claims; a claim gives its quote, `article` id and "
        "`article_url`; an article gives its text and mentions.\n\n"
        "**Reading** is open unless the server closes it. **Writing** needs an editor: send "
        "`Authorization: Token <key>` (an administrator runs `manage.py create_api_token USER "
        "--role editor`), or use a signed-in session with its CSRF token. Tokens expire; "
        "`POST /api/v1/auth/logout/` revokes one.\n\n"
        "**Lists** are paginated (`page_size` at most 200); articles and mentions use cursor "
        "links without a count. Add `?format=csv` to a list for a spreadsheet."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page are closed with the data when TRACKER_PUBLIC_READ=0.
    "SERVE_PERMISSIONS": ["procurement.api.permissions.ReadOpen"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Separate request components: references are written as slugs but read as objects.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "procurement.models.Entity.Kind",
        "AliasKindEnum": "procurement.models.Alias.Kind",
        "ProgrammeKindEnum": "procurement.models.Programme.Kind",
        "ClaimStatusEnum": "procurement.models.StatusClaim.Status",
        "AgreementStatusEnum": "procurement.models.Agreement.Status",
        "AgreementCategoryEnum": "procurement.models.Agreement.Category",
        "PlatformCategoryEnum": "procurement.models.Platform.Category",
        "ForumCategoryEnum": "procurement.models.Forum.Category",
        "OrganisationCategoryEnum": "procurement.models.Organisation.Category",
        "PlaceCategoryEnum": "procurement.models.Place.Category",
        "ReviewEnum": "procurement.models.Review",
        "PrecisionEnum": "procurement.models.Precision",
        "LanguageEnum": "procurement.models.Language",
        "ScriptEnum": "procurement.models.Script",
    },
    # Swagger UI and ReDoc from our own static files (drf-spectacular-sidecar): no third-party
    # script runs on our origin, and the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True,
                            "displayOperationId": False},
}
