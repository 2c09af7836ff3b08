"""Where uploaded images go: dated folders, non-guessable names (never the uploader's file name)."""

import secrets
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.utils import timezone
from django.utils.functional import LazyObject


def dated_random_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6] or ".jpg"
    now = timezone.localtime()
    return f"{folder}/{now:%Y/%m/%d}/{secrets.token_urlsafe(16)}{suffix}"


def photo_upload_to(instance, filename: str) -> str:
    return dated_random_name("photos", filename)


class ArticleImageStorage(LazyObject):
    """CKEditor 5 uploads use the project's default storage (object storage by settings only)."""

    def _setup(self):
        self._wrapped = storages["default"]
