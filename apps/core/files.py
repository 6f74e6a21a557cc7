"""Private files: every upload that is not public (return photos, health and welfare documents,
civil-request photos) is stored, checked and served the same way.

- Stored in the ``private`` storage (``STORAGES["private"]``): a folder outside ``MEDIA_ROOT`` in the
  embedded default, an S3-compatible bucket in a deployment. No media URL ever serves it.
- Stored under a random name (``<prefix>/<uuid4>.<ext>``): the uploaded file name is never kept,
  so a name neither leaks anything nor can be guessed.
- Checked by its bytes (magic numbers), never by its name or the browser's content type.
- Served only through ``/files/<signed token>/``: a selector or serializer calls
  :func:`private_file_url` *after* it has checked access, and the link works for a few minutes.

See docs/private-files.md for how an app uses it.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import checks, signing
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _

from .errors import ApplicationError, ErrorCode

STORAGE_ALIAS = "private"
_SALT = "ieum.core.files.private-file-url"


# --- kinds: what a file is, read from its first bytes ----------------------------------------------


@dataclass(frozen=True)
class FileKind:
    name: str
    extension: str
    content_type: str
    label: str
    # alternatives; each is a tuple of (offset, bytes) that must all match
    signatures: tuple[tuple[tuple[int, bytes], ...], ...]

    def matches(self, head: bytes) -> bool:
        return any(
            all(head[at : at + len(magic)] == magic for at, magic in signature)
            for signature in self.signatures
        )


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("jpeg", "jpg", "image/jpeg", "JPEG", (((0, b"\xff\xd8\xff"),),)),
        FileKind("png", "png", "image/png", "PNG", (((0, b"\x89PNG\r\n\x1a\n"),),)),
        FileKind("webp", "webp", "image/webp", "WebP", (((0, b"RIFF"), (8, b"WEBP")),)),
        FileKind("pdf", "pdf", "application/pdf", "PDF", (((0, b"%PDF-"),),)),
    )
}
IMAGE_KINDS = ("jpeg", "png", "webp")
_BY_EXTENSION = {kind.extension: kind for kind in KINDS.values()}


def kind_of_name(name: str) -> FileKind | None:
    """The kind a stored file was saved as, from the extension its random name carries."""
    return _BY_EXTENSION.get(os.path.splitext(name)[1].lower().lstrip("."))


class FileErrorCode(ErrorCode):
    INVALID_TYPE = "files.invalid_type"
    TOO_LARGE = "files.too_large"
    NOT_FOUND = "files.not_found"


class PrivateFileError(ApplicationError):
    @classmethod
    def invalid_type(cls, *, kinds: tuple[str, ...]):
        labels = ", ".join(KINDS[k].label for k in kinds)
        return cls(
            FileErrorCode.INVALID_TYPE,
            _("This type of file is not accepted. Please send %(kinds)s.") % {"kinds": labels},
            status=415,
            extra={"kinds": list(kinds)},
        )

    @classmethod
    def too_large(cls, *, max_bytes: int):
        max_mb = max(1, max_bytes // (1024 * 1024))
        return cls(
            FileErrorCode.TOO_LARGE,
            _("The file is too large. The limit is %(max)d MB.") % {"max": max_mb},
            status=413,
            extra={"max_bytes": max_bytes},
        )

    @classmethod
    def link_invalid(cls):
        # One answer for tampered, expired, someone else's and deleted: nothing to learn from it.
        return cls(
            FileErrorCode.NOT_FOUND, _("This file link is not valid or has expired."), status=404
        )


def private_file_validate(
    upload, *, kinds: tuple[str, ...] = ("jpeg", "png", "webp", "pdf"), max_bytes: int | None = None
) -> str:
    """Check an uploaded file before anything is locked or written; return the extension to store
    it under (``"jpg"``, ``"png"``, ``"webp"``, ``"pdf"``) or raise a translated
    :class:`PrivateFileError` (413 too large, 415 not one of ``kinds``)."""
    limit = max_bytes if max_bytes is not None else settings.IEUM_PRIVATE_FILE_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    if size > limit:
        raise PrivateFileError.too_large(max_bytes=limit)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for name in kinds:
        if KINDS[name].matches(head):
            return KINDS[name].extension
    raise PrivateFileError.invalid_type(kinds=kinds)


# --- storage and the model field -------------------------------------------------------------------


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used (and again after tests change STORAGES)."""

    def _setup(self):
        self._wrapped = storages[STORAGE_ALIAS]


private_storage = _PrivateStorage()


def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_reset_private_storage)


class PrivateFieldFile(FieldFile):
    @property
    def url(self):
        # AttributeError, so admin widgets and DRF's FileField show no link instead of crashing.
        raise AttributeError(
            "A private file has no public URL: check access, then call "
            "apps.core.files.private_file_url(field_file=...)."
        )


class PrivateFileField(models.FileField):
    """A FileField in the private storage under a random name: ``<prefix>/<uuid4 hex>.<ext>``.

    ``prefix`` defaults to ``<app_label>/<model_name>``. Only the extension of the name given to
    ``.save()`` is kept, and only when it is one of :data:`KINDS` (use the value returned by
    :func:`private_file_validate`). The file is deleted from storage after the row is deleted
    (post_delete, on commit).
    """

    attr_class = PrivateFieldFile

    def __init__(self, verbose_name=None, name=None, *, prefix: str = "", **kwargs):
        if "upload_to" in kwargs or "storage" in kwargs:
            raise TypeError("PrivateFileField chooses its own storage and names; use prefix=.")
        self.prefix = prefix.strip("/")
        super().__init__(verbose_name, name, storage=private_storage, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("upload_to", None)
        kwargs.pop("storage", None)
        if self.prefix:
            kwargs["prefix"] = self.prefix
        return name, path, args, kwargs

    def generate_filename(self, instance, filename):
        extension = os.path.splitext(filename)[1].lower().lstrip(".")
        suffix = f".{extension}" if extension in _BY_EXTENSION else ""
        prefix = self.prefix or f"{self.model._meta.app_label}/{self.model._meta.model_name}"
        return self.storage.generate_filename(f"{prefix}/{uuid.uuid4().hex}{suffix}")

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # historical models (migrations) live in "__fake__" and never delete real files
        if not cls._meta.abstract and cls.__module__ != "__fake__":
            post_delete.connect(_delete_files_of_deleted_row, sender=cls)


def _delete_files_of_deleted_row(sender, instance, using, **kwargs):
    """After the row is gone for good (commit), its private files go too; a rollback keeps both."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, PrivateFileField):
            field_file = getattr(instance, field.attname)
            if field_file:
                storage, name = field_file.storage, field_file.name
                transaction.on_commit(lambda s=storage, n=name: s.delete(n), using=using)


# --- signed, short-lived URLs (served by apps.core.api.views.PrivateFileView) ------------------


def private_file_url(*, field_file: FieldFile, user=None, ttl: int | None = None) -> str | None:
    """A ``/files/<token>/`` link to the file, valid ``ttl`` seconds (default
    ``IEUM_PRIVATE_FILE_URL_TTL``); ``None`` when the field holds no file.

    Call it only after access was checked (in a selector, or a serializer of objects a selector
    returned). With ``user`` the link works only for requests authenticated as that user (session
    or JWT); without it, anyone holding the link can fetch the file until it expires, which is what
    an ``<img src>`` needs on a phone that sends its token in a header.
    """
    if not field_file:
        return None
    ttl = settings.IEUM_PRIVATE_FILE_URL_TTL if ttl is None else ttl
    payload = {
        "s": STORAGE_ALIAS,
        "n": field_file.name,
        "e": int(time.time()) + ttl,
        "u": str(user.pk) if user is not None and user.is_authenticated else None,
    }
    token = signing.dumps(payload, salt=_SALT, compress=True)
    return reverse("private-file", kwargs={"token": token})


def private_file_resolve(*, token: str, user) -> tuple[Storage, str, FileKind | None]:
    """The storage, name and kind a link points to, or :meth:`PrivateFileError.link_invalid`
    (tampered, expired, bound to someone else, or the file is gone)."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise PrivateFileError.link_invalid() from None
    if not isinstance(payload, dict) or payload.get("s") != STORAGE_ALIAS:
        raise PrivateFileError.link_invalid()
    if int(payload.get("e", 0)) < time.time():
        raise PrivateFileError.link_invalid()
    bound = payload.get("u")
    if bound is not None and (user is None or not user.is_authenticated or str(user.pk) != bound):
        raise PrivateFileError.link_invalid()
    storage, name = storages[payload["s"]], payload["n"]
    if not storage.exists(name):
        raise PrivateFileError.link_invalid()
    return storage, name, kind_of_name(name)


# --- a system check: the private folder must not be served -----------------------------------------


@checks.register(checks.Tags.security)
def check_private_root(app_configs=None, **kwargs):
    options = settings.STORAGES.get(STORAGE_ALIAS)
    if options is None:
        return [checks.Error("STORAGES has no 'private' storage.", id="core.E101")]
    location = options.get("OPTIONS", {}).get("location")
    if not location:
        return []
    private = os.path.realpath(location)
    for served in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        if served and os.path.commonpath([private, os.path.realpath(served)]) in (
            private,
            os.path.realpath(served),
        ):
            return [
                checks.Error(
                    f"The private files folder {location} overlaps {served}, which is served.",
                    id="core.E102",
                )
            ]
    return []
