"""Civil requests (Open311 GeoReport v2) inside the chat app; see docs/open311.md.

The error enum is imported here so it is registered for the schema's ``ErrorCodeEnum`` whenever
the app's models load (core autodiscovers ``apps.chat.errors``, which belongs to the chat part)."""

from . import errors  # noqa: F401
