"""Return photos: the type is read from the file's first bytes (never trusted from the name or the
browser's content type), and the size is capped."""

from django.conf import settings

from .errors import RentalError

SIGNATURES = {
    "jpg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def max_bytes() -> int:
    return getattr(settings, "RENTALS_PHOTO_MAX_BYTES", 5 * 1024 * 1024)


def photo_extension(head: bytes) -> str | None:
    for ext, prefixes in SIGNATURES.items():
        if head.startswith(prefixes):
            return ext
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def photo_validate(photo) -> str:
    """Return the extension to store the photo under, or raise a translated error."""
    limit = max_bytes()
    if photo.size is not None and photo.size > limit:
        raise RentalError.photo_too_large(max_mb=max(1, limit // (1024 * 1024)))
    photo.seek(0)
    head = photo.read(16)
    photo.seek(0)
    ext = photo_extension(head)
    if ext is None:
        raise RentalError.photo_invalid_type()
    return ext
