"""The one settings file of stranded, read from the environment.

Every setting a deployment may change is an environment variable; README.md lists them.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent  # the checkout (holds src/, var/)
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A real deployment sets STRANDED_PRODUCTION=true: HTTPS-only cookies, HSTS, hashed static files,
# and a refusal to start without a secret key. The laptop demo and the tests run without it.
PRODUCTION = env_bool("STRANDED_PRODUCTION", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when STRANDED_PRODUCTION=true")
    SECRET_KEY = "insecure-development-key-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# In a checkout, var/ beside src/; once installed (`pip install .`), var/ in the directory the
# command runs from (the services' WorkingDirectory), never inside the virtual environment.
_IN_CHECKOUT = PACKAGE_DIR.parent.name == "src" and (BASE_DIR / "pyproject.toml").exists()
DATA_DIR = Path(
    os.environ.get("STRANDED_DATA_DIR") or (BASE_DIR if _IN_CHECKOUT else Path.cwd()) / "var"
)
# Attachments (photos of remains, documents) live outside the web root, served only through views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("STRANDED_PRIVATE_MEDIA", DATA_DIR / "private"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
    "stranded.core",
    "stranded.places",
    "stranded.tracing",
    "stranded.sweeps",
    "stranded.evacuation",
    "stranded.needs",
    "stranded.remains",
    "stranded.animals",
    "stranded.interop",
    "stranded.fieldwork",
]

MIDDLEWARE = [
    "stranded.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the cookie the switch sets, else the browser's Accept-Language...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "stranded.core.headers.SecurityHeadersMiddleware",
    "stranded.core.badinput.RequestBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ...and once logged in, the one saved on the account.
    "stranded.core.language.UserLanguageMiddleware",
    "stranded.core.switcher.OperationChoiceMiddleware",
    "stranded.core.middleware.SessionTimeoutMiddleware",
    "stranded.core.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stranded.urls"
WSGI_APPLICATION = "stranded.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stranded.core.context.operation",
            ],
        },
    }
]

# --- database: SQLite (WAL) under var/ by default, PostgreSQL through DATABASE_URL ---
_default_sqlite = f"sqlite:///{DATA_DIR / 'stranded.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL: readers never block the writer nor the writer readers. A write transaction (an
    # action) takes the write lock when it begins (IMMEDIATE), so two writers queue instead of
    # failing on an upgrade; actions are short, a waiting writer gives up after 20 s.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
    # Tests use a file too (not shared memory): concurrent tests meet WAL's real locking.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-stranded.sqlite3")}
# Requests are not one transaction: reads run in autocommit (a slow page holds no lock), every
# change is an atomic action, and a request's read events are stored together before its
# response leaves (core.middleware.AuditContextMiddleware).
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("STRANDED_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The worker (`stranded worker`): seen dead after this long without a heartbeat (its running
# task is then retried or failed); jobs it runs on its own schedule (dotted path, seconds).
STRANDED_WORKER_STALE_SECONDS = int(os.environ.get("STRANDED_WORKER_STALE_SECONDS", "60"))
STRANDED_WORKER_SCHEDULE = [
    (
        "stranded.evacuation.outbox.send_outbox",
        int(os.environ.get("STRANDED_OUTBOX_SECONDS", "60")),
    ),
    ("stranded.core.worker.prune_finished_tasks", 3600),
]
STRANDED_TASK_KEEP_DAYS = int(os.environ.get("STRANDED_TASK_KEEP_DAYS", "14"))
# /health/ and `stranded health` fail when no worker beat for this long, or a message to a
# family has waited this long.
STRANDED_HEALTH_WORKER_MINUTES = int(os.environ.get("STRANDED_HEALTH_WORKER_MINUTES", "5"))
STRANDED_HEALTH_OUTBOX_MINUTES = int(os.environ.get("STRANDED_HEALTH_OUTBOX_MINUTES", "30"))

# --- authentication ---
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "stranded.core.passwords.VarietyValidator"},
]
# One-time set-password links (new accounts, approved roles) expire after two days.
PASSWORD_RESET_TIMEOUT = 2 * 24 * 3600
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("STRANDED_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("STRANDED_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "stranded.core.middleware.client_ip"

# The reverse proxies (addresses or networks) whose X-Forwarded-For / X-Real-IP are believed.
# Empty: the connection's own address is the client's (no proxy, or a proxy not yet configured).
STRANDED_TRUSTED_PROXIES = env_list("STRANDED_TRUSTED_PROXIES", "")
for _proxy in STRANDED_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise RuntimeError(
            f"STRANDED_TRUSTED_PROXIES: {_proxy!r} is no address or network"
        ) from _error

SESSION_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("STRANDED_SESSION_IDLE_MINUTES", "30")))
SESSION_ABSOLUTE_TIMEOUT = timedelta(
    hours=int(os.environ.get("STRANDED_SESSION_ABSOLUTE_HOURS", "12"))
)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- HTTPS and headers: on in production, behind a TLS-terminating reverse proxy ---
SECURE_HTTPS = env_bool("STRANDED_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("STRANDED_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Monitors may ask gunicorn directly, without TLS.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The team's working languages: pages, PDFs, messages. A user's choice is saved on the account
# (core.User.language); before login the switch's cookie, else the browser's Accept-Language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("hy", "Armenian"), ("ru", "Russian"), ("az", "Azerbaijani")]
# Catalogs: src/stranded/locale/<lang>/LC_MESSAGES/django.po (`make messages` updates them,
# `make setup` compiles them); the glossary of the domain's words beside them.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Date, time and number formats per language (Django has none for Armenian; ours for English
# are 24-hour and day-first, as the team writes them).
FORMAT_MODULE_PATH = ["stranded.formats"]
LANGUAGE_COOKIE_NAME = "stranded_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

# Where place searches look first when no operation says otherwise: two towns share a name
# (Martuni in Armenia, Martuni = Khojavend in Karabakh); the nearer one wins a tie.
_focus = os.environ.get("STRANDED_FOCUS", "39.8155,46.7519")
STRANDED_FOCUS: tuple[float, float] | None = None
if _focus:
    _lat, _lon = _focus.split(",")
    STRANDED_FOCUS = (float(_lat), float(_lon))

# --- map: no tiles by default (works offline on a plain background) ---
STRANDED_TILE_URL = os.environ.get("STRANDED_TILE_URL", "")
STRANDED_TILE_ATTRIBUTION = os.environ.get("STRANDED_TILE_ATTRIBUTION", "")

# Logs carry ids and verbs, never names or free text about persons (stranded.core.logs): the
# application and the access log in one format, JSON lines with STRANDED_LOG_FORMAT=json, on
# stderr (journald under systemd, `docker compose logs` in containers).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "stranded.core.logs.RequestFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [request %(request_id)s user "
            "%(user_id)s] %(message)s"
        },
        "json": {"()": "stranded.core.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request"],
            "formatter": "json" if os.environ.get("STRANDED_LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("STRANDED_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # fpdf2 subsets fonts chattily
        "stranded.access": {"level": os.environ.get("STRANDED_ACCESS_LOG_LEVEL", "INFO")},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Messages to families (evacuation hand-over): a class with send(message); the default "log"
# channel marks them sent and logs only their id. Plug an SMS or e-mail gateway here.
STRANDED_OUTBOX_CHANNEL = os.environ.get(
    "STRANDED_OUTBOX_CHANNEL", "stranded.evacuation.outbox.LogChannel"
)
