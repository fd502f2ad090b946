"""One settings module, read from the environment (see README "Settings")."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var"))
INDEX_DIR = Path(os.environ.get("ARCHIVE_INDEX_DIR", DATA_DIR / "index"))

DEBUG = env_flag("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # No default secret in the repository: one is generated per data directory and kept there.
    key_file = DATA_DIR / "secret_key"
    try:
        SECRET_KEY = key_file.read_text().strip()
    except FileNotFoundError:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            key_file.write_text(SECRET_KEY)
            key_file.chmod(0o600)
        except OSError:
            pass

DEFAULT_HOSTS = "localhost,127.0.0.1,[::1],testserver"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", DEFAULT_HOSTS).split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # archive before haystack: its rebuild_index (atomic swap) overrides haystack's.
    "archive",
    "haystack",
    "ninja",
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.admin.safety.EmptyToFieldMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "archive.api.cors.ReadOnlyCorsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "archive.views.unavailable.SearchUnavailableMiddleware",
]

ROOT_URLCONF = "archive.urls"

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

WSGI_APPLICATION = "archive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface speaks French and English: Accept-Language picks, the switcher (set_language)
# remembers the choice in a cookie; English is the fallback.
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Search engine (docs/search.md): "whoosh" (embedded, the default) or "postgres" (the index in
# the PostgreSQL database). Either is haystack's "default" connection; nothing else changes.
ARCHIVE_SEARCH_ENGINE = os.environ.get("ARCHIVE_SEARCH_ENGINE", "whoosh").strip().lower()
SEARCH_ENGINES = {
    "whoosh": {
        "ENGINE": "archive.search.backend.ArchiveWhooshEngine",
        "PATH": str(INDEX_DIR),
    },
    # Imported by haystack only when chosen: Whoosh runs without that module.
    "postgres": {
        "ENGINE": "archive.search.postgres.engine.PostgresEngine",
        "PATH": str(INDEX_DIR),
        "INCLUDE_SPELLING": True,
    },
}
if ARCHIVE_SEARCH_ENGINE not in SEARCH_ENGINES:
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_ENGINE={ARCHIVE_SEARCH_ENGINE!r}: use one of {', '.join(SEARCH_ENGINES)}."
    )
if (ARCHIVE_SEARCH_ENGINE == "postgres"
        and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        "ARCHIVE_SEARCH_ENGINE=postgres keeps the search index in PostgreSQL: set DATABASE_URL "
        "to a postgres:// database (it is now "
        f"{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})."
    )
HAYSTACK_CONNECTIONS = {"default": dict(SEARCH_ENGINES[ARCHIVE_SEARCH_ENGINE])}
# Processes that analyse a long Whoosh batch (a rebuild, a deep queue of at least
# whoosh_writing.PARALLEL_MIN_DOCS articles): this one reads the database, the others write a
# segment each. Default: one per core this process may use, at most 4 (2 on a 2-core machine
# measured 1.8x one process). Job file k goes to sub-process k % procs, so the segment layout,
# hence BM25's order of near-equal scores, is the same on every rebuild with the same setting.
ARCHIVE_INDEX_PROCS = max(1, int(os.environ.get("ARCHIVE_INDEX_PROCS")
                                 or min(4, len(os.sched_getaffinity(0)))))
# Read replica (a hot standby): page reads and searches go there, writes to the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"],
                                                 conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"]
    MIDDLEWARE.append("archive.db_router.ReplicaReadsMiddleware")
# Index work is queued after commit and applied by one writer (archive/search/queue.py).
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"

SESSION_COOKIE_HTTPONLY = True

# Behind a TLS-terminating proxy (DJANGO_HTTPS=1): HTTPS only, said to browsers for a year.
# The proxy must set X-Forwarded-Proto (and strip it from clients). /healthz stays reachable
# over plain HTTP for load balancers.
HTTPS = env_flag("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Login throttling (django-axes): after 5 failed logins for one username from one address,
# logins for it from there are refused for 15 minutes, the right password included.
AUTHENTICATION_BACKENDS = [
    "archive.admin.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "archive.admin.throttle.lockout_response"
AXES_VERBOSE = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Import caps (archive/ingest/limits.py): decompressed bytes of one record (a WARC record,
# a JSON line, a page) and characters of one article's body.
ARCHIVE_INGEST_MAX_RECORD_BYTES = int(os.environ.get("ARCHIVE_INGEST_MAX_RECORD_BYTES",
                                                     8 * 1024 * 1024))
ARCHIVE_INGEST_MAX_ARTICLE_CHARS = int(os.environ.get("ARCHIVE_INGEST_MAX_ARTICLE_CHARS",
                                                      1_000_000))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "archive": {"handlers": ["console"], "level": os.environ.get("ARCHIVE_LOG_LEVEL", "INFO"),
                    "propagate": False},
    },
}

# Capture from the web (docs/capture.md).
ARCHIVE_CAPTURE_CONTACT = os.environ.get("ARCHIVE_CAPTURE_CONTACT", "")
ARCHIVE_CAPTURE_USER_AGENT = os.environ.get("ARCHIVE_CAPTURE_USER_AGENT", "")
ARCHIVE_CAPTURE_DELAY = float(os.environ.get("ARCHIVE_CAPTURE_DELAY", "2"))
ARCHIVE_CAPTURE_TIMEOUT = float(os.environ.get("ARCHIVE_CAPTURE_TIMEOUT", "20"))
ARCHIVE_CAPTURE_MAX_BYTES = int(os.environ.get("ARCHIVE_CAPTURE_MAX_BYTES", 16 * 1024 * 1024))
ARCHIVE_CAPTURE_ALLOW_PRIVATE = os.environ.get("ARCHIVE_CAPTURE_ALLOW_PRIVATE", "0")
ARCHIVE_CAPTURE_SCHEDULE = env_flag("ARCHIVE_CAPTURE_SCHEDULE", True)
ARCHIVE_CAPTURE_RECAPTURE = os.environ.get("ARCHIVE_CAPTURE_RECAPTURE", "1h,1d,7d,30d")
ARCHIVE_CAPTURE_RETRIES = int(os.environ.get("ARCHIVE_CAPTURE_RETRIES", "3"))
ARCHIVE_CAPTURE_WARC_DIR = Path(os.environ.get("ARCHIVE_CAPTURE_WARC_DIR", DATA_DIR / "warcs"))
ARCHIVE_CAPTURE_WARC_MB = int(os.environ.get("ARCHIVE_CAPTURE_WARC_MB", "1000"))
