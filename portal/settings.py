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
SECRET_KEY = os.environ.get("SECRET_KEY") or "yigongti-local-only-insecure-key-set-SECRET_KEY-in-production"
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
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
LOCALE_PATHS = [BASE_DIR / "locale"]
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

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

WAGTAIL_SITE_NAME = "医共体规范门户"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URI
# Wagtail's database backend with Chinese segmentation, so admin search finds 2-character words.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
WAGTAILDOCS_EXTENSIONS = ["docx", "pdf", "txt", "xlsx", "md"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

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

# Projections (graph, search index) follow publishing; tests may switch this off.
PORTAL_SYNC_PROJECTIONS = env_bool("PORTAL_SYNC_PROJECTIONS", True)

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
