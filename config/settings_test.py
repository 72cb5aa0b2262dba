"""Settings for the test suite: the same as production but for speed and isolation."""

import tempfile

from .settings import *  # noqa: F403
from .settings import CACHES, HUEY

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="primaria-test-media-")
EMAIL_PORT = 0  # set by the test SMTP server fixture
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
AXES_ENABLED = True
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
