"""Settings, all read from the environment (prefixes ``MSP_`` and ``DJANGO_``).

Development mode (the default) needs nothing set: keys are generated once and kept in
``var/dev-keys.json`` (git-ignored) so that tokens survive a restart. Production mode
(``MSP_ENV=production``) refuses to start without real keys and turns on every
transport-security setting that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from msp.key_strength import HOW_TO_GENERATE, weak_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MSP_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


MSP_ENV = env_str("MSP_ENV", "development").lower()
if MSP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("MSP_ENV must be 'development' or 'production'")
PRODUCTION = MSP_ENV == "production"

# Every key has its own variable: the JWT signing key and the audit HMAC key must not be
# derivable from SECRET_KEY, so that leaking one does not forge the others.
_KEY_VARIABLES = {
    "secret_key": "DJANGO_SECRET_KEY",
    "jwt_signing_key": "MSP_JWT_SIGNING_KEY",
    "audit_hmac_key": "MSP_AUDIT_HMAC_KEY",
}


def _development_keys() -> dict[str, str]:
    """Keys generated on first start and kept outside the repository."""
    path = VAR_DIR / "dev-keys.json"
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    missing = [name for name in _KEY_VARIABLES if name not in stored]
    if missing:
        for name in missing:
            stored[name] = secrets.token_urlsafe(50)
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stored))
        path.chmod(0o600)
    return stored


def _keys() -> dict[str, str]:
    from_env = {name: env_str(var) for name, var in _KEY_VARIABLES.items()}
    if all(from_env.values()):
        if PRODUCTION:
            weak = weak_keys({var: from_env[name] for name, var in _KEY_VARIABLES.items()})
            if weak:
                raise ImproperlyConfigured(
                    f"Production mode refuses weak keys: {'; '.join(weak)}. "
                    f"Generate each with: {HOW_TO_GENERATE}"
                )
        return from_env
    if PRODUCTION:
        absent = ", ".join(var for name, var in _KEY_VARIABLES.items() if not from_env[name])
        raise ImproperlyConfigured(f"Production mode needs these variables set: {absent}")
    generated = _development_keys()
    return {name: from_env[name] or generated[name] for name in _KEY_VARIABLES}


_keyset = _keys()
SECRET_KEY = _keyset["secret_key"]
JWT_SIGNING_KEY = _keyset["jwt_signing_key"]
AUDIT_HMAC_KEY = _keyset["audit_hmac_key"]

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "taggit",
    "audit",
    "msp",
    "tracking",
    "context_recall",
    # Last: the project's templates (admin/base_site.html, admin/index.html) come first.
    "msp.admin_config.MspAdminConfig",
]

MIDDLEWARE = [
    # Outermost: the audit log sees every API request, including the ones rejected below.
    "audit.middleware.ApiRequestAuditMiddleware",
    # Work a request defers until its response is sent (msp.http.after_response).
    "msp.http.AfterResponseMiddleware",
    # Next: whatever any layer below answers under /api/ leaves in the JSON error shape.
    "msp.middleware.ApiJsonErrorMiddleware",
    "msp.middleware.ApiBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "msp.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "msp.urls"
WSGI_APPLICATION = "msp.wsgi.application"
ASGI_APPLICATION = "msp.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

# --- Database -------------------------------------------------------------------------
DEFAULT_SQLITE_PATH = VAR_DIR / "msp.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=env_int("MSP_DB_CONN_MAX_AGE", 60))
    # A connection kept across requests is checked before reuse, so the server recovers by
    # itself when the database comes back after an outage.
    config["CONN_HEALTH_CHECKS"] = True
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN: concurrent writers queue instead of
            # failing with "database is locked" when a read transaction upgrades.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA foreign_keys=ON;",
        }
        # A file, not Django's in-memory default: concurrency tests run several threads,
        # each with its own connection, against one database.
        config["TEST"] = {"NAME": str(VAR_DIR / "test_msp.sqlite3")}
    elif engine in {"django.db.backends.mysql"}:
        config["OPTIONS"] = {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_DATE,"
            "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO'",
            "isolation_level": "read committed",
            "connect_timeout": env_int("MSP_DB_CONNECT_TIMEOUT", 5),
        }
        config["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    else:
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:///path or mysql://...")
    return config


DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared across app servers (throttle counters must not live in one process's memory).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "msp_cache",
    }
}

# --- Auth -----------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AXES_FAILURE_LIMIT = env_int("MSP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("MSP_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "audit.client_ip.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "msp.auth.lockout.lockout_response"
AXES_VERBOSE = False

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("MSP_ACCESS_TOKEN_MINUTES", 10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("MSP_REFRESH_TOKEN_DAYS", 1)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "AUDIENCE": env_str("MSP_JWT_AUDIENCE", "msp-api"),
    "ISSUER": env_str("MSP_JWT_ISSUER", "msp-server"),
    "LEEWAY": 0,
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_OBTAIN_SERIALIZER": "msp.auth.serializers.TokenObtainSerializer",
    "TOKEN_REFRESH_SERIALIZER": "msp.auth.serializers.TokenRefreshSerializer",
}

# The currency of every amount (rates, reports, CSV): one per installation.
MSP_BILLING_CURRENCY = env_str("MSP_BILLING_CURRENCY", "EUR") or "EUR"

# Lifetime of the hook clients' machine tokens (revocable at any time).
MSP_MACHINE_TOKEN_DAYS = env_int("MSP_MACHINE_TOKEN_DAYS", 365)

# --- REST framework -------------------------------------------------------------------
REST_FRAMEWORK = {
    # Machine tokens first: DRF stops at the first class that rejects a token, and the
    # access-token class would reject a machine token as the wrong type.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracking.authentication.MachineTokenAuthentication",
        "msp.auth.authentication.JWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["msp.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "msp.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "msp.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "msp.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "msp.api.exceptions.json_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": env_str("MSP_THROTTLE_AUTH", "20/min"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "MSP work tracking and context recall API",
    "DESCRIPTION": "Inventory, credential vault, work tracking, billing and Claude Code "
    "memory for managed service providers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "msp.api.schema_descriptions.describe_query_parameters",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "ENUM_NAME_OVERRIDES": {
        "WorkCategoryEnum": "tracking.models.choices.WorkCategory",
        "TagCategoryEnum": "tracking.models.tags.TagCategory",
    },
}

# --- API limits -----------------------------------------------------------------------
API_PREFIX = "/api/"
MAX_PAGE_SIZE = 500
# Request bodies above this many bytes answer 413 before anything parses them.
MSP_MAX_BODY_BYTES = env_int("MSP_MAX_BODY_BYTES", 1_048_576)
DATA_UPLOAD_MAX_MEMORY_SIZE = MSP_MAX_BODY_BYTES

# --- Audit ----------------------------------------------------------------------------
AUDIT_REQUESTS_ENABLED = env_bool("MSP_AUDIT_REQUESTS", True)
AUDIT_PATH_PREFIXES = ["/api/", "/mcp/"]
AUDIT_BODY_MAX_CHARS = env_int("MSP_AUDIT_BODY_MAX_CHARS", 4096)
# The audit app depends on Django only, so the redactor is named, not imported.
AUDIT_REDACTOR = "msp.redaction.redact"
# Proxies whose X-Forwarded-For is believed (IPs or CIDRs); empty = use REMOTE_ADDR only.
TRUSTED_PROXIES = env_list("MSP_TRUSTED_PROXIES", [])

# --- I18N, static ---------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("MSP_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Development serves static files (admin, Swagger UI, Redoc) straight from the apps;
# production serves the collected, hashed copies.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Security (production) ------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("MSP_SSL_REDIRECT", True)
    # /healthz is probed over plain HTTP by load balancers on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("MSP_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("MSP_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("MSP_LOG_LEVEL", "WARNING")},
    "loggers": {
        "audit": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# --- Vault keys (msp.crypto) ----------------------------------------------------------
# AES-256-GCM keys of the credential vault, never in the database or the repository.
# Either MSP_VAULT_KEYS="k2026a:<base64 of 32 random bytes>,k2025b:<base64>" with
# MSP_VAULT_CURRENT_KEY naming the key new values are encrypted with (default: the
# first), or MSP_VAULT_KEY_FILE=/path/to/keys.json holding
# {"current": "k2026a", "keys": {"k2026a": "<base64>", ...}} with mode 0600 or stricter.
# Not both. Development with neither generates VAR_DIR/vault-keys.json once (0600);
# production refuses. Only read here: msp.crypto parses and validates them on first use.
VAULT_KEYS = env_str("MSP_VAULT_KEYS")
VAULT_CURRENT_KEY = env_str("MSP_VAULT_CURRENT_KEY")
VAULT_KEY_FILE = env_str("MSP_VAULT_KEY_FILE")
# --- end Vault keys -------------------------------------------------------------------

# --- Context recall (docs/context-recall.md) ------------------------------------------
# Half-life of the time decay in recall scoring, in days (may be fractional).
# Unset: the half-life fitted with the other ranking weights (context_recall/scoring.py).
RECALL_HALF_LIFE_DAYS = float(env_str("MSP_RECALL_HALF_LIFE_DAYS", "") or 0) or None
# "wordllama" (weights in its wheel, works offline) or "sentence-transformers:<model>".
RECALL_EMBEDDING_MODEL = env_str("MSP_RECALL_EMBEDDING_MODEL", "wordllama") or "wordllama"
RECALL_DEFAULT_MAX_TOKENS = env_int("MSP_RECALL_MAX_TOKENS", 1500)
# Full-text candidates per recall, before scoring.
RECALL_CANDIDATE_LIMIT = env_int("MSP_RECALL_CANDIDATE_LIMIT", 150)
# Document vectors each server process keeps between recalls, per scope, while the scope
# does not change (about 1 KB each at 256 dimensions).
RECALL_VECTOR_CACHE_ROWS = env_int("MSP_RECALL_VECTOR_CACHE_ROWS", 50_000)

# --- MCP server (docs/claude-code.md) -------------------------------------------------
# Off: /mcp/ answers 404 to everyone.
MSP_MCP_ENABLED = env_bool("MSP_MCP_ENABLED", True)
