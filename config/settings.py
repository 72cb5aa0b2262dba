"""Settings for Primăria Digitală.

Every value that differs between the embedded default (one machine: SQLite, local files, a task
worker in the same box) and a production deployment (PostgreSQL, Redis-backed workers on many
machines, S3-compatible storage) is read from the environment; see docs/deployment.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PRIMARIA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("PRIMARIA_DEBUG", False)
SECRET_KEY = os.environ.get("PRIMARIA_SECRET_KEY", "dev-only-not-secret-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("PRIMARIA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("PRIMARIA_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("PRIMARIA_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "django_guid",
    "django_prometheus",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "knox",
    "huey.contrib.djhuey",
    # Domain apps: what a city hall does.
    "primaria.core",
    "primaria.institutions",
    "primaria.accounts",
    "primaria.identity",
    "primaria.security",
    "primaria.audit",
    "primaria.outbox",
    "primaria.catalog",
    "primaria.registry",
    "primaria.documents",
    "primaria.signing",
    "primaria.requests",
    "primaria.workflow",
    "primaria.notifications",
    "primaria.archive",
    "primaria.search",
    "primaria.overview",
    "primaria.privacy",
    "primaria.payments",
    "primaria.taxes",
    "primaria.appointments",
    "primaria.queue_tickets",
    "primaria.parking",
    "primaria.audiences",
    "primaria.reports",
    "primaria.satisfaction",
    "primaria.monitor",
    "primaria.council",
    "primaria.participation",
    "primaria.alerts",
    "primaria.api",
    "primaria.demo",
    "primaria.backup",  # manage.py backup / restore (docs/deployment.md)
]

MIDDLEWARE = [
    # Observability (docs/deployment.md): the request id first, so every later log line carries it; the
    # Prometheus pair around everything else, so a route's latency is the whole answer.
    "django_guid.middleware.guid_middleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "primaria.core.csp.ContentSecurityPolicyMiddleware",  # scripts and styles only from static files
    "primaria.core.middleware.RefuseUnreadableInputMiddleware",  # before anything reads the request's data
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The city hall the host name serves (one installation can host many: primaria.institutions.tenancy).
    "primaria.institutions.middleware.CityHallMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "primaria.core.middleware.AccountLanguageMiddleware",  # an account's chosen language where the browser has none
    # Rate limits on the public endpoints: a 429 in Romanian over PRIMARIA_RATE_LIMITS (fails open without a cache).
    "primaria.core.ratelimit.RateLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Officials: logged out after PRIMARIA_OFFICIAL_IDLE_MINUTES idle; office pages need a second factor.
    "primaria.security.middleware.OfficialSessionMiddleware",
    # An account tied to ROeID shows its data only to a session that logged in with ROeID.
    "primaria.identity.middleware.EidRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # A 405 (a form's address opened by hand) answered with a page in Romanian instead of an empty body.
    "primaria.core.middleware.MethodNotAllowedPageMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "primaria" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "primaria.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (embedded default) runs in WAL mode with IMMEDIATE transactions, so that concurrent writers
# queue on the write lock instead of failing when a read transaction tries to upgrade.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'primaria.sqlite3'}", conn_max_age=60,
        # A kept connection the server ended meanwhile (a restart, a failover, pg_terminate_backend) is found
        # before the request uses it and opened again, instead of failing that request (docs/reliability.md).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("PRIMARIA_PG_PREPARED", True):
    # Server-side parameters, so that psycopg prepares a statement the connection has run a few times:
    # PostgreSQL then plans it once per connection instead of on every request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-primaria.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches and sessions ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "primaria.core.cache.SharedRedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared by the web server and the worker of the embedded default (both on this machine).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache"), "OPTIONS": {"MAX_ENTRIES": 20000}}}
# Each process's own cache: HTML fragments cached under a digest of their content (core.cache.content_key),
# which never go stale, and small values kept for a short, fixed time (the city hall's own row, the inbox
# filters). Reading them costs no round trip to the shared cache.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "primaria-local",
                   "OPTIONS": {"MAX_ENTRIES": 2000}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PRIMARIA_SECURE_COOKIES", False) or env_bool("PRIMARIA_HTTPS", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "primaria.core.error_pages.csrf_failure"  # a plain Romanian page (JSON under /api/)
SESSION_COOKIE_AGE = 60 * 60 * 8

# --- Rate limits (primaria.core.ratelimit, docs/deployment.md "Hardening") ---------------------------------------
# Requests one IP address may send in a window, per endpoint group; "0" switches a group off. Override some
# with PRIMARIA_RATE_LIMITS="sign_in=10/m,search=120/m".
PRIMARIA_RATE_LIMITS = {
    "sign_in": "20/m", "sign_up": "10/h", "mail": "10/h", "verification": "30/h", "search": "60/m",
    "queue_ticket": "30/m", "report": "20/h", "debate": "20/h",
    **{name.strip(): rate.strip() for name, _, rate in
       (item.partition("=") for item in env_list("PRIMARIA_RATE_LIMITS", "")) if rate},
}
PRIMARIA_RATE_LIMIT_CACHE = "default"  # the shared cache: every web process counts in the same place
PRIMARIA_PROXY_COUNT = int(os.environ.get("PRIMARIA_PROXY_COUNT", "0"))  # reverse proxies that set X-Forwarded-For

# --- HTTPS and the security headers (docs/deployment.md "Hardening") -------------------------------------------
# Always: no MIME sniffing, no framing, the referrer only to this site, a window opened from another site cut off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (primaria.core.csp): no inline script or style anywhere; data: images are the QR
# codes drawn inline. The map tiles, the card payment page and ROeID are added from their own settings.
PRIMARIA_CSP = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
    "font-src": ["'self'"], "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"], "form-action": ["'self'"],
} if env_bool("PRIMARIA_CSP", True) else {}
PRIMARIA_CSP_FORM_ACTION = env_list("PRIMARIA_CSP_FORM_ACTION", "")  # more origins a form may lead to (a gateway)
# PRIMARIA_HTTPS=1 (the public site is served over HTTPS): HSTS, cookies only over HTTPS, plain HTTP redirected.
# `make run` serves plain HTTP on 127.0.0.1 and leaves it off. Behind a reverse proxy (PRIMARIA_PROXY_COUNT > 0),
# the proxy terminates TLS and tells the scheme in X-Forwarded-Proto; it must overwrite what the client sent.
PRIMARIA_HTTPS = env_bool("PRIMARIA_HTTPS", False)
if PRIMARIA_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("PRIMARIA_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^sanatate/", r"^metrics$"]  # probes and metrics scraped inside the network
    if PRIMARIA_PROXY_COUNT:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("PRIMARIA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PRIMARIA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("PRIMARIA_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Entering the browsers' preload list is the domain owner's decision, hard to undo, and covers every
        # subdomain of the city hall (not only this site): it is switched on by PRIMARIA_HSTS_PRELOAD=1, not
        # by default, and check --deploy's reminder of it (security.W021) is silenced until then.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "primaria.accounts.backends.AccountsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # The account's e-mail, names and CNP (primaria.security.passwords).
    {"NAME": "primaria.security.passwords.AccountSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    # Known-breached passwords, asked of the "breached_passwords" plugin named below.
    {"NAME": "primaria.security.passwords.BreachedPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id first; PBKDF2 stays so that older hashes still verify and are upgraded at the next login.
PASSWORD_HASHERS = env_list(
    "PRIMARIA_PASSWORD_HASHERS",
    "primaria.security.passwords.Argon2PasswordHasher,django.contrib.auth.hashers.PBKDF2PasswordHasher",
)
# Breached-password check: "local" (a bundled list of SHA-1 hashes of leaked passwords) or "hibp"
# (Have I Been Pwned's k-anonymity range API at PRIMARIA_HIBP_URL: only 5 hex digits of the hash leave).
PRIMARIA_BREACHED_PASSWORDS = os.environ.get("PRIMARIA_BREACHED_PASSWORDS", "local")
PRIMARIA_HIBP_URL = os.environ.get("PRIMARIA_HIBP_URL", "https://api.pwnedpasswords.com/range/")
PRIMARIA_HIBP_TIMEOUT = float(os.environ.get("PRIMARIA_HIBP_TIMEOUT", "3"))

# Officials (an active position) and staff need a second factor (TOTP, passkey; recovery codes) for the
# office and the admin; their sessions end after this many idle minutes, and signing asks for the second
# factor again once the last check is older than PRIMARIA_SIGNING_REAUTH_MINUTES.
PRIMARIA_OFFICIAL_IDLE_MINUTES = int(os.environ.get("PRIMARIA_OFFICIAL_IDLE_MINUTES", "30"))
PRIMARIA_SIGNING_REAUTH_MINUTES = int(os.environ.get("PRIMARIA_SIGNING_REAUTH_MINUTES", "15"))
OTP_TOTP_ISSUER = os.environ.get("PRIMARIA_OTP_ISSUER", "Primăria Digitală")
OTP_WEBAUTHN_RP_ID = os.environ.get("PRIMARIA_WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_RP_NAME = "Primăria Digitală"
# Passkeys need a domain name (an IP address is no WebAuthn origin): http://localhost:8000 for `make run`.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("PRIMARIA_WEBAUTHN_ORIGINS", "http://localhost:8000")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (django-axes): five failures for one account from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("PRIMARIA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "ro"
# Romanian is the default and the language of legal records (registry entries, timelines, issued documents);
# every page and message is also in English and Hungarian (docs/translations.md). Each app keeps its catalog in
# its own locale/ folder; the shared templates' catalog sits beside them.
LANGUAGES = [("ro", "Română"), ("en", "English"), ("hu", "Magyar")]
LOCALE_PATHS = [BASE_DIR / "primaria" / "templates" / "locale"]
LANGUAGE_COOKIE_NAME = "limba"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

# --- Files -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("PRIMARIA_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through views that check access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if os.environ.get("PRIMARIA_S3_BUCKET"):
    # Every stored file in S3-compatible object storage (any number of web and worker machines share it).
    # Credentials come from boto3's usual chain: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, or
    # the machine's role. Files are never served from the bucket: downloads go through views that check access.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PRIMARIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("PRIMARIA_S3_ENDPOINT") or None,
            "region_name": os.environ.get("PRIMARIA_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads with the same name get two objects, as on a disk; the default would overwrite.
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
PRIMARIA_MAX_UPLOAD_MB = int(os.environ.get("PRIMARIA_MAX_UPLOAD_MB", "20"))
# Uploads scanned by clamd (primaria.core.antivirus) when set: a unix socket path or tcp://host:3310.
PRIMARIA_CLAMAV_SOCKET = os.environ.get("PRIMARIA_CLAMAV_SOCKET", "")
PRIMARIA_CLAMAV_TIMEOUT = float(os.environ.get("PRIMARIA_CLAMAV_TIMEOUT", "30"))

# --- E-mail ------------------------------------------------------------------------------------
# The embedded default sends through a real SMTP server on this machine (`manage.py mailbox`),
# which keeps each message as an .eml file under var/mail.
EMAIL_BACKEND = os.environ.get("PRIMARIA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("PRIMARIA_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("PRIMARIA_EMAIL_PORT", "8025"))
EMAIL_TIMEOUT = 10
PRIMARIA_MAIL_DOMAIN = os.environ.get("PRIMARIA_MAIL_DOMAIN", "primaria-demo.ro")  # right of @ in Message-IDs
DEFAULT_FROM_EMAIL = os.environ.get("PRIMARIA_FROM_EMAIL", "Primăria Municipiului Demo <nu-raspunde@primaria-demo.ro>")

# --- Background work ---------------------------------------------------------------------------
# Huey: a SQLite queue for the embedded default; Redis for workers on many machines.
if REDIS_URL and not env_bool("PRIMARIA_TASKS_SQLITE", False):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "primaria",
        "url": REDIS_URL,
        "immediate": env_bool("PRIMARIA_TASKS_IMMEDIATE", False),
        "consumer": {"workers": 4, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "primaria",
        "filename": str(VAR_DIR / "tasks.sqlite3"),
        "immediate": env_bool("PRIMARIA_TASKS_IMMEDIATE", False),
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# A worker holds a delivery (primaria.outbox) this long without a heartbeat before another worker may take it.
PRIMARIA_OUTBOX_LEASE_SECONDS = int(os.environ.get("PRIMARIA_OUTBOX_LEASE_SECONDS", "120"))
# Deliveries done longer ago than this are forgotten every night (failed and waiting ones are kept).
PRIMARIA_OUTBOX_KEEP_DAYS = int(os.environ.get("PRIMARIA_OUTBOX_KEEP_DAYS", "30"))

# --- personal data (primaria.privacy) ---------------------------------------------------------
# Accounts with no legal records unused for this long are anonymised every night; DAYS, when set, wins.
PRIMARIA_INACTIVE_ACCOUNT_YEARS = int(os.environ.get("PRIMARIA_INACTIVE_ACCOUNT_YEARS", "3"))
PRIMARIA_INACTIVE_ACCOUNT_DAYS = (int(os.environ["PRIMARIA_INACTIVE_ACCOUNT_DAYS"])
                                  if os.environ.get("PRIMARIA_INACTIVE_ACCOUNT_DAYS") else None)
# A copy of a person's data can be downloaded for this many days.
PRIMARIA_DATA_EXPORT_DAYS = int(os.environ.get("PRIMARIA_DATA_EXPORT_DAYS", "7"))

# --- API ---------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Clients send "Authorization: Token <token>" (made and revoked on /cont/securitate/; only its hash
        # is stored, it expires). No Basic authentication: it would hash the password on every call.
        "primaria.security.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "primaria.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": ["primaria.api.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Primăria Digitală API",
    "DESCRIPTION": "Catalogul de servicii, cererile solicitanților și lucrul în back office.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CouncilDraftKindEnum": "primaria.council.models.Draft.Kind",
        "CouncilSessionKindEnum": "primaria.council.models.Session.Kind",
        "CouncilDraftStatusEnum": "primaria.council.models.Draft.Status",
        "CouncilDecisionStatusEnum": "primaria.council.models.Decision.Status",
        "RequestStatusEnum": "primaria.requests.models.Status",
    },
}
# API tokens (django-rest-knox): only a hash is stored; each expires after this many days.
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(os.environ.get("PRIMARIA_API_TOKEN_DAYS", "90"))),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# --- Logging -----------------------------------------------------------------------------------
# Logs: every line carries the request id (X-Request-ID, taken from the balancer or made here; the worker logs
# the handlers of a change under the id of the request that made it). PRIMARIA_LOG_FORMAT=json writes one JSON
# object per line for a log collector; "text" (the default) is for people.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True,
               "EXPOSE_HEADER": True, "INTEGRATIONS": [], "IGNORE_URLS": [], "UUID_LENGTH": 32}
PRIMARIA_LOG_FORMAT = os.environ.get("PRIMARIA_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s %(process)d %(threadName)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                 "json_ensure_ascii": False},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if PRIMARIA_LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PRIMARIA_LOG_LEVEL", "WARNING")},
    "loggers": {"primaria": {"level": os.environ.get("PRIMARIA_LOG_LEVEL", "INFO")},
                "django_guid": {"level": "WARNING"}},
}
# Prometheus metrics at /metrics (primaria.core.metrics): answered to these addresses, or to a scraper that
# sends "Authorization: Bearer <PRIMARIA_METRICS_TOKEN>". Several processes (gunicorn's workers, the task
# workers) add up their figures through prometheus-client's multiprocess mode when PROMETHEUS_MULTIPROC_DIR
# names a directory they share (scripts/run-embedded.sh and the deployment's units set it).
PRIMARIA_METRICS_ALLOWED = env_list("PRIMARIA_METRICS_ALLOWED", "127.0.0.1,::1")
PRIMARIA_METRICS_TOKEN = os.environ.get("PRIMARIA_METRICS_TOKEN", "")

# --- The institution this deployment serves ----------------------------------------------------
PRIMARIA_INSTITUTION_CODE = os.environ.get("PRIMARIA_INSTITUTION_CODE", "PMD")

# --- Archive and search (docs/archive.md) -------------------------------------------------------
# The search engine plugin ("tantivy" embedded index, "memory", "postgres"); its index lives here.
PRIMARIA_SEARCH_ENGINE = os.environ.get("PRIMARIA_SEARCH_ENGINE", "tantivy")
PRIMARIA_SEARCH_DIR = Path(os.environ.get("PRIMARIA_SEARCH_DIR", VAR_DIR / "search"))
# Several machines: each keeps its own index, brought up to date by its `manage.py archive_follow`
# (docs/deployment.md, "The search index on many machines"); the outbox's index handler then writes nothing.
PRIMARIA_SEARCH_PER_NODE = env_bool("PRIMARIA_SEARCH_PER_NODE", False)
# A worker holds an archive job this long without a heartbeat before another worker may take it over.
PRIMARIA_ARCHIVE_JOB_LEASE_SECONDS = int(os.environ.get("PRIMARIA_ARCHIVE_JOB_LEASE_SECONDS", "300"))
# OCRmyPDF options overriding primaria.archive.ocr.ocr_options (e.g. {"jobs": 2}).
PRIMARIA_OCR = {}
# The digitisation upload refuses a scanned file, or a whole batch, larger than this (MB).
PRIMARIA_ARCHIVE_MAX_FILE_MB = int(os.environ.get("PRIMARIA_ARCHIVE_MAX_FILE_MB", "50"))
PRIMARIA_ARCHIVE_MAX_BATCH_MB = int(os.environ.get("PRIMARIA_ARCHIVE_MAX_BATCH_MB", "200"))

# --- Electronic signatures (primaria.signing; see docs/signing.md) ------------------------------
# Keys kept by the platform, the demo PKI and the local CSC server's store live here.
PRIMARIA_PKI_DIR = Path(os.environ.get("PRIMARIA_PKI_DIR", VAR_DIR / "pki"))
# RFC 3161 timestamp authority: empty = the local TSA, in-process; else its URL (e.g. a qualified TSA).
PRIMARIA_TSA_URL = os.environ.get("PRIMARIA_TSA_URL", "")
# Trust roots for validation: PEM/DER files; "demo" = the demo PKI's root CA.
PRIMARIA_SIGNING_TRUST_ROOTS = env_list("PRIMARIA_SIGNING_TRUST_ROOTS", "demo")
# Fetch CRLs/OCSP over the network for CAs other than the demo PKI (finalize and validate).
PRIMARIA_SIGNING_FETCH_REVOCATION = env_bool("PRIMARIA_SIGNING_FETCH_REVOCATION", False)
# Which provider an official's own credential is taken from first: "local" or "csc".
PRIMARIA_SIGNING_PROVIDER = os.environ.get("PRIMARIA_SIGNING_PROVIDER", "local")
PRIMARIA_SIGNING_FONT = os.environ.get("PRIMARIA_SIGNING_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Remote signing over the CSC API v2: base URL (endpoints under /csc/v2/), then OAuth2 client credentials
# or auth/login with HTTP Basic, and a PIN if the service asks for one.
PRIMARIA_CSC_URL = os.environ.get("PRIMARIA_CSC_URL", "")
PRIMARIA_CSC_CLIENT_ID = os.environ.get("PRIMARIA_CSC_CLIENT_ID", "")
PRIMARIA_CSC_CLIENT_SECRET = os.environ.get("PRIMARIA_CSC_CLIENT_SECRET", "")
PRIMARIA_CSC_USERNAME = os.environ.get("PRIMARIA_CSC_USERNAME", "")
PRIMARIA_CSC_PASSWORD = os.environ.get("PRIMARIA_CSC_PASSWORD", "")
PRIMARIA_CSC_PIN = os.environ.get("PRIMARIA_CSC_PIN", "")
# The local CSC test server at /csc/v2/ answers only when this names accounts ("user:password,...").
PRIMARIA_CSC_SERVER_ACCOUNTS = os.environ.get("PRIMARIA_CSC_SERVER_ACCOUNTS", "")

# --- Electronic identity (ROeID, OpenID Connect) ------------------------------------------------
# The "Intră cu ROeID" button appears only when the issuer is set; endpoints and keys come from its
# /.well-known/openid-configuration. The scope names the attributes ROeID sends (see ClaimMapping).
PRIMARIA_ROEID_ISSUER = os.environ.get("PRIMARIA_ROEID_ISSUER", "")
PRIMARIA_ROEID_CLIENT_ID = os.environ.get("PRIMARIA_ROEID_CLIENT_ID", "")
PRIMARIA_ROEID_CLIENT_SECRET = os.environ.get("PRIMARIA_ROEID_CLIENT_SECRET", "")
PRIMARIA_ROEID_SCOPE = os.environ.get("PRIMARIA_ROEID_SCOPE", "openid profile email")

# --- Payments -----------------------------------------------------------------------------------
# Card payments through NETOPIA Payments API v2 (primaria/payments/netopia.py): base URL (live
# https://secure.mobilpay.ro/pay), API key, POS signature, and the PEM file of NETOPIA's public key that
# signs the IPNs. With PRIMARIA_NETOPIA_SANDBOX on and no URL, the local sandbox at /netopia-sandbox/ plays
# the gateway (its key and orders in PRIMARIA_NETOPIA_SANDBOX_DIR).
PRIMARIA_NETOPIA_URL = os.environ.get("PRIMARIA_NETOPIA_URL", "")
PRIMARIA_NETOPIA_API_KEY = os.environ.get("PRIMARIA_NETOPIA_API_KEY", "")
PRIMARIA_NETOPIA_POS_SIGNATURE = os.environ.get("PRIMARIA_NETOPIA_POS_SIGNATURE", "")
PRIMARIA_NETOPIA_PUBLIC_KEY = os.environ.get("PRIMARIA_NETOPIA_PUBLIC_KEY", "")
PRIMARIA_NETOPIA_SANDBOX = env_bool("PRIMARIA_NETOPIA_SANDBOX", False)
PRIMARIA_NETOPIA_SANDBOX_DIR = Path(os.environ.get("PRIMARIA_NETOPIA_SANDBOX_DIR", VAR_DIR / "netopia-sandbox"))
PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = env_bool("PRIMARIA_NETOPIA_SANDBOX_SEND_IPN", True)
# A card payment still open this long after it started is asked about at the provider (lost IPN).
PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES = int(os.environ.get("PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES", "10"))
# The department that keeps the revenue (code): the fiscal register, refunds, bank statements, the daily report.
PRIMARIA_TAX_DEPARTMENT = os.environ.get("PRIMARIA_TAX_DEPARTMENT", "itl")
# The parking department (code): its specialists check plates, it keeps the parking zones (docs/parking.md).
PRIMARIA_PARKING_DEPARTMENT = os.environ.get("PRIMARIA_PARKING_DEPARTMENT", "par")
# An unpaid parking subscription leaves the basket (and frees its plate) this many hours after it was asked for.
PRIMARIA_PARKING_PAY_HOURS = int(os.environ.get("PRIMARIA_PARKING_PAY_HOURS", "24"))
# The renewal reminder goes out this many days before a paid parking subscription ends.
PRIMARIA_PARKING_REMIND_DAYS = int(os.environ.get("PRIMARIA_PARKING_REMIND_DAYS", "7"))
# The mayor's office (code) that decides on audience requests and keeps the officials' audience hours, and the
# catalog service (slug) of the requests an audience sends to a department.
PRIMARIA_AUDIENCE_DEPARTMENT = os.environ.get("PRIMARIA_AUDIENCE_DEPARTMENT", "cab")
PRIMARIA_AUDIENCE_SERVICE = os.environ.get("PRIMARIA_AUDIENCE_SERVICE", "solicitare-in-urma-audientei")
# The department (code) whose staff publish the Monitorul Oficial Local (with the secretary general), and the
# catalog service (slug) through which candidates apply to a job competition (docs/monitor.md).
PRIMARIA_MONITOR_DEPARTMENT = os.environ.get("PRIMARIA_MONITOR_DEPARTMENT", "sg")
PRIMARIA_COMPETITION_SERVICE = os.environ.get("PRIMARIA_COMPETITION_SERVICE", "inscriere-la-concurs")
# The city hall's account for payment orders, shown in the basket.
PRIMARIA_PAYMENTS_IBAN = os.environ.get("PRIMARIA_PAYMENTS_IBAN", "")

# Reports on the city map (docs/reports.md). The map library is served from our own static files. Without a tile
# service the map draws the city's own vector base layer (a GeoJSON static file: boundary, districts, streets), so it
# works offline; production names a tile service, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png.
PRIMARIA_MAP_TILES_URL = os.environ.get("PRIMARIA_MAP_TILES_URL", "")
PRIMARIA_MAP_TILES_ATTRIBUTION = os.environ.get("PRIMARIA_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
PRIMARIA_MAP_BASE_LAYER = os.environ.get("PRIMARIA_MAP_BASE_LAYER", "reports/demo-city.geojson")

# Local alerts (docs/alerts.md): who publishes them besides the city hall's secretary general, mayor and deputy
# mayors (the officials of this institution, by its code: the public-domain administration), and the SMS gateway
# (JSON over HTTP with an API key; the embedded default runs the local one, `manage.py smsgateway`).
PRIMARIA_ALERTS_INSTITUTION = os.environ.get("PRIMARIA_ALERTS_INSTITUTION", "ADP")
PRIMARIA_SMS_GATEWAY_PORT = int(os.environ.get("PRIMARIA_SMS_GATEWAY_PORT", "8027"))
PRIMARIA_SMS_URL = os.environ.get("PRIMARIA_SMS_URL", f"http://127.0.0.1:{PRIMARIA_SMS_GATEWAY_PORT}/api/v1/sms")
PRIMARIA_SMS_KEY = os.environ.get("PRIMARIA_SMS_KEY", "cheie-sms-locala")
PRIMARIA_SMS_SENDER = os.environ.get("PRIMARIA_SMS_SENDER", "Primaria")[:11]
