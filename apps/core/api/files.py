"""Private files, served through the short-lived signed links API responses give (docs/private-files.md)."""

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from apps.core.files import private_file_resolve

from .schema import errors
from .views import PublicApi


class PrivateFileView(PublicApi):
    """Streams one private file to whoever holds a valid link (apps.core.files.private_file_url)."""

    # The signed token is the credential, like a presigned URL; a link bound to a user is checked
    # against the session or JWT. Tokens cannot be guessed and expire in minutes, and an admin list
    # loads dozens of thumbnails at once, so rate limits would only get in the way.
    throttle_classes = []

    @extend_schema(
        tags=["files"],
        summary="A private file, through a link an API response gave",
        description="Links (`*_url` fields such as `return_photo_url`) work for a few minutes; "
        "fetch the object again for a new one. A tampered, expired or someone else's link is "
        "`404 files.not_found`. Answers `Cache-Control: private, no-store`.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, with its content type (image/jpeg, image/png, "
                "image/webp, application/pdf).",
            ),
            **errors(404),
        },
    )
    def get(self, request, token: str):
        storage, name, kind = private_file_resolve(token=token, user=request.user)
        response = FileResponse(
            storage.open(name, "rb"),
            content_type=kind.content_type if kind else "application/octet-stream",
            # a file of no known kind is downloaded, never rendered
            as_attachment=kind is None,
            filename=name.rsplit("/", 1)[-1],
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
