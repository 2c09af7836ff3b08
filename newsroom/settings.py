"""Settings for the 浙江工人日报 newsroom, read from the environment.

One module for every environment: development defaults (SQLite in the checkout, DEBUG on) and
production values come from environment variables, so the same code runs under `make run`,
`make test` and `make serve`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-only-for-local-use-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

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
    "django_ckeditor_5",
    "django_filters",
    "reversion",
    "reversion_compare",
    "axes",
    "imagekit",  # page and photo renditions (core/renditions.py)
    "issues",
    "articles",
    "reader",  # the reader site: no models (README "Layout")
    "desk",  # the editors' desk: every ModelAdmin, no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "newsroom.admin_language.AdminChineseMiddleware",  # the desk is always in Simplified Chinese
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.csp.CachedCSPMiddleware",  # django-csp's, with the header string built once
    "axes.middleware.AxesMiddleware",  # login rate limiting: answers locked-out logins (last, as axes asks)
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite in the checkout is the embedded default; PostgreSQL via DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Media go through Django's storage API: object storage replaces the folder by settings alone.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

CACHES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.environ.get("DJANGO_CACHE_LOCATION", "newsroom"),
        "TIMEOUT": 600,
    }
}

LOGIN_URL = "admin:login"

# Password guessing (django-axes, newsroom/security.py): after AXES_FAILURE_LIMIT failed logins for
# one account, or from one address, both are refused for the cool-off time (HTTP 429, a Chinese
# page); a successful login resets the account's count. Failures are stored in the database, so all
# workers and app servers share them. `manage.py axes_reset` (or axes_reset_username NAME) unlocks.
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("NEWSROOM_LOGIN_RATE_LIMIT", True)
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the app servers that append to X-Forwarded-For (1 behind nginx, see
# docs/deploy.md); 0 trusts REMOTE_ADDR only.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "0"))

# Security: on by default when DEBUG is off (production), relaxed for local development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# DENY for old browsers (and `check --deploy`); modern browsers obey CSP frame-ancestors 'self' below
# instead, so same-origin frames (admin previews) still work. A view may opt in with @xframe_options_sameorigin.
X_FRAME_OPTIONS = "DENY"
# The load balancer probes /healthz over plain HTTP on the private network: no redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp 4). CKEditor 5's build injects inline styles, so style-src
# allows 'unsafe-inline'; scripts are same-origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The publication this deployment serves (masthead name recognised by the importer).
NEWSROOM_PUBLICATION = "浙江工人日报"
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")

# CKEditor 5: a newsroom toolbar; no raw-HTML source editing, no media embeds.
CKEDITOR_5_FILE_STORAGE = "articles.uploads.ArticleImageStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 10  # MB
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "imageUpload",
            "insertTable",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading3", "view": "h3", "title": "小标题", "class": "ck-heading_heading3"},
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "小标题（次级）",
                    "class": "ck-heading_heading4",
                },
            ]
        },
        # This build has no "imageStyle:full" (it warned in the console); 字数 is counted by the
        # desk's own script (static/desk/desk.js): CKEditor's word count means nothing for Chinese.
        "image": {"toolbar": ["imageTextAlternative", "|", "imageStyle:alignLeft"]},
        "wordCount": {"displayWords": False, "displayCharacters": False},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
NEWSROOM_MAX_IMAGE_BYTES = 10 * 1024 * 1024
# Checked on the image header before decoding (articles/uploads.py, README "Security").
NEWSROOM_MAX_IMAGE_PIXELS = 26_000_000
NEWSROOM_MAX_WEBP_PIXELS = 12_000_000
NEWSROOM_MAX_ANIMATION_PIXELS = 10_000_000  # frames × width × height
NEWSROOM_MAX_ANIMATION_FRAMES = 200


# The search backend: a dotted path to an articles.search.backends.base.SearchBackend class; unset,
# the default database's vendor chooses (articles.search.backends.DEFAULT_BACKENDS).
NEWSROOM_SEARCH_BACKEND = os.environ.get("NEWSROOM_SEARCH_BACKEND") or None
