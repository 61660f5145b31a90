"""Test settings: the production settings with fast hashing and tasks run in-process."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("LOG_LEVEL", "warning")

from commissioning.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OPENING_KEY_PWHASH = {"opslimit": 1, "memlimit": 8192}  # libsodium's minimum: tests make many keys
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_MODE = False
# Live-server threads must not keep connections open, or PostgreSQL cannot drop the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Tests see each page rendered; core/tests/test_kept_pages.py turns keeping on, with real commits.
KEPT_PAGES = False
