"""Django settings for Yigongti. Every setting comes from the environment, with embedded defaults."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PORTAL_DIR = BASE_DIR / "portal"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


TESTING = "PYTEST_VERSION" in os.environ
if "PORTAL_DATA_DIR" not in os.environ and TESTING:
    # A test run never writes its graph store or index into a developer's var/.
    import tempfile

    os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="yigongti-test-")
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def instance_secret_key(data_dir: Path) -> str:
    """The instance's own key, generated once into PORTAL_DATA_DIR/secret_key (mode 0600)."""
    from django.core.management.utils import get_random_secret_key

    path = data_dir / "secret_key"
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= 50:
        return key
    key = get_random_secret_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


# No public fallback: SECRET_KEY from the environment, or one generated for this instance.
SECRET_KEY = os.environ.get("SECRET_KEY") or instance_secret_key(DATA_DIR)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
PORTAL_BASE_URI = os.environ.get("PORTAL_BASE_URI", "http://127.0.0.1:8000").rstrip("/")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SPARQL_URL = os.environ.get("SPARQL_URL", "")
# SPARQL 1.1 Update endpoint; by default SPARQL_URL with /query replaced by /update.
SPARQL_UPDATE_URL = os.environ.get("SPARQL_UPDATE_URL", "")

INSTALLED_APPS = [
    "portal",
    "content",
    "knowledge",
    "search",
    "assessment",
    "consultation",
    "ninja",  # serves Swagger UI from its own static files (no CDN)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.RejectNulMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.LoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PORTAL_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a concurrent writer instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # WAL: readers never block the writer, and a commit no longer fsyncs the whole journal;
    # IMMEDIATE transactions take the write lock up front instead of failing to upgrade it.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if TESTING:
    # Hashing a password with PBKDF2 takes ~0.5 s; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# portal/locale: Chinese for Wagtail admin strings its own zh_Hans catalogue leaves in English
LOCALE_PATHS = [PORTAL_DIR / "locale", BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PORTAL_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- security -------------------------------------------------------------------------------
# Production behind HTTPS: PORTAL_HTTPS=1 turns on the SSL redirect, secure cookies and HSTS
# (``manage.py check --deploy`` is then clean). PORTAL_BEHIND_PROXY=1 trusts X-Forwarded-Proto
# from the reverse proxy that terminates TLS.
PORTAL_HTTPS = env_bool("PORTAL_HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PORTAL_HTTPS)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PORTAL_HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PORTAL_HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if PORTAL_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PORTAL_HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PORTAL_HTTPS)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("PORTAL_BEHIND_PROXY", False) else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Wagtail's preview views override this with SAMEORIGIN for their own frame.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (portal.middleware): inline scripts need the request's nonce.
CSP_POLICY = os.environ.get(
    "CSP_POLICY",
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
CSP_ADMIN_POLICY = os.environ.get(
    "CSP_ADMIN_POLICY",
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; img-src 'self' data: blob: https:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
)

# Login throttling (portal.middleware.LoginThrottleMiddleware): failures per account and per
# client address within the window; the counters live in the cache below.
LOGIN_THROTTLE_PATHS = {"/accounts/login/", "/admin/login/", "/django-admin/login/"}
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))
LOGIN_THROTTLE_SECONDS = int(os.environ.get("LOGIN_THROTTLE_SECONDS", "900"))
# A file cache under PORTAL_DATA_DIR is shared by every worker process of one instance.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

WAGTAIL_SITE_NAME = "医共体规范门户"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URI
# Wagtail's database backend with Chinese segmentation, so admin search finds 2-character words.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
WAGTAILDOCS_EXTENSIONS = ["docx", "pdf", "txt", "xlsx", "md"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The first handler keeps each upload's full name (Django cuts UploadedFile.name to 255 characters).
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.OriginalNameUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Import limits (content.importer).
IMPORT_MAX_BYTES = 20 * 1024 * 1024

# Evidence uploads (assessment).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
EVIDENCE_ALLOWED_TYPES = ["pdf", "png", "jpg", "jpeg", "docx", "xlsx", "txt"]

# Graph store and search index live beside the database.
GRAPH_STORE_DIR = DATA_DIR / "graph"
SEARCH_INDEX_DIR = DATA_DIR / "search-index"
SPARQL_TIMEOUT_SECONDS = float(os.environ.get("SPARQL_TIMEOUT_SECONDS", "10"))
SPARQL_RESULT_CAP = int(os.environ.get("SPARQL_RESULT_CAP", "10000"))
# Bounds checked before a query is parsed: its length, and the nesting depth of { ( [.
SPARQL_MAX_QUERY_CHARS = int(os.environ.get("SPARQL_MAX_QUERY_CHARS", "20000"))
SPARQL_MAX_DEPTH = int(os.environ.get("SPARQL_MAX_DEPTH", "16"))

# Projections (graph, search index) follow publishing; tests may switch this off.
PORTAL_SYNC_PROJECTIONS = env_bool("PORTAL_SYNC_PROJECTIONS", True)
# An extracted fact nobody reviewed is shown (marked 自动识别，待审核) only from this confidence
# on; below it, it waits in the review queue (see knowledge/extract/confidence.py, bench/confidence.py).
PORTAL_REVIEW_MIN_CONFIDENCE = float(os.environ.get("PORTAL_REVIEW_MIN_CONFIDENCE", "0.6"))

# Projection jobs (content.jobs, knowledge.tasks, search.tasks): django-tasks with its database
# backend, so a command-line import and the running server share one queue; the process that
# holds the projection lock (the server's worker thread, else the command) runs them. Under
# pytest, or with PORTAL_TASKS=immediate, tasks run right after the commit that enqueued them.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
PORTAL_TASKS = os.environ.get("PORTAL_TASKS", "immediate" if TESTING else "database")
TASKS = {
    # Wagtail's own tasks (reference index, admin search) stay immediate, as before.
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "projections": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if PORTAL_TASKS == "immediate"
        else "django_tasks_db.DatabaseBackend",
    },
}
# "1": this process runs the projection worker thread (e.g. under a WSGI server); "0": never;
# unset: only `manage.py runserver` (the serving process) runs it.
PORTAL_RUN_WORKER = os.environ.get("PORTAL_RUN_WORKER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
