"""Private files: checked by their bytes, stored under random names outside MEDIA_ROOT, served only
through signed, short-lived /files/ links."""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from django.views.static import serve

from apps.accounts.tests.factories import UserFactory
from apps.core import files
from apps.core.files import (
    PrivateFieldFile,
    PrivateFileError,
    PrivateFileField,
    private_file_url,
    private_file_validate,
    private_storage,
)

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"\x00" * 64

FIELD = PrivateFileField(prefix="tests/docs")


def stored(content: bytes = JPEG, extension: str = "jpg") -> PrivateFieldFile:
    """A file saved the way a PrivateFileField saves it."""
    name = FIELD.generate_filename(None, f"upload.{extension}")
    name = private_storage.save(name, ContentFile(content))
    return PrivateFieldFile(None, FIELD, name)


def upload(content: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "extension"), [(JPEG, "jpg"), (PNG, "png"), (WEBP, "webp"), (PDF, "pdf")]
)
def test_the_type_is_read_from_the_bytes(content, extension):
    # the upload's name says .jpg every time; the bytes decide
    assert private_file_validate(upload(content)) == extension


def test_a_jpg_that_is_really_text_is_refused_in_korean_and_english():
    fake = upload(b"just some text, not a photo")
    with translation.override("ko"), pytest.raises(PrivateFileError) as exc:
        private_file_validate(fake, kinds=files.IMAGE_KINDS)
    assert exc.value.status == 415 and exc.value.code == "files.invalid_type"
    assert exc.value.message == "받을 수 없는 파일 형식입니다. JPEG, PNG, WebP 파일을 보내 주세요."
    with translation.override("en"), pytest.raises(PrivateFileError) as exc:
        private_file_validate(fake, kinds=files.IMAGE_KINDS)
    assert exc.value.message == "This type of file is not accepted. Please send JPEG, PNG, WebP."
    assert exc.value.extra == {"kinds": ["jpeg", "png", "webp"]}


def test_only_the_kinds_asked_for_are_accepted():
    with pytest.raises(PrivateFileError):
        private_file_validate(upload(PDF, "scan.pdf"), kinds=files.IMAGE_KINDS)
    assert private_file_validate(upload(PDF, "scan.pdf"), kinds=("pdf",)) == "pdf"


def test_too_large_is_refused_in_korean_and_english(settings):
    settings.IEUM_PRIVATE_FILE_MAX_BYTES = 1024 * 1024
    big = upload(JPEG + b"\x00" * (1024 * 1024))
    with translation.override("ko"), pytest.raises(PrivateFileError) as exc:
        private_file_validate(big)
    assert exc.value.status == 413 and exc.value.code == "files.too_large"
    assert exc.value.message == "파일이 너무 큽니다. 최대 1MB까지 올릴 수 있습니다."
    with translation.override("en"), pytest.raises(PrivateFileError) as exc:
        private_file_validate(big, max_bytes=1024 * 1024 + 1)  # an app's own limit
    assert exc.value.message == "The file is too large. The limit is 1 MB."
    assert private_file_validate(big, max_bytes=2 * 1024 * 1024) == "jpg"


# --- storage and names ---------------------------------------------------------------------------


def test_names_are_random_and_never_the_uploaded_name():
    names = {FIELD.generate_filename(None, "김해-주민등록증.JPG") for _ in range(3)}
    assert len(names) == 3
    for name in names:
        folder, base = name.rsplit("/", 1)
        assert folder == "tests/docs" and len(base) == len("0" * 32 + ".jpg") and "주민" not in name
    # an extension that is not a private file kind is dropped
    assert "." not in FIELD.generate_filename(None, "evil.html").rsplit("/", 1)[1]


def test_the_file_is_outside_media_root_and_no_media_url_serves_it(client):
    field_file = stored()
    path = Path(private_storage.path(field_file.name)).resolve()
    assert path.is_file()
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert client.get(f"/media/{field_file.name}").status_code == 404
    # even where DEBUG serves /media/, the file is not under its folder
    with pytest.raises(Http404):
        serve(RequestFactory().get("/"), field_file.name, document_root=settings.MEDIA_ROOT)
    # and the field itself has no URL to hand out by mistake
    with pytest.raises(AttributeError):
        field_file.url  # noqa: B018


def test_a_private_root_under_media_root_fails_the_system_check(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.path.join(settings.MEDIA_ROOT, "private")},
        },
    }
    assert [e.id for e in files.check_private_root()] == ["core.E102"]


def test_the_embedded_default_keeps_private_files_beside_media_not_inside():
    from config.settings import base

    assert base.STORAGES["private"]["OPTIONS"]["location"] == str(base.BASE_DIR / "private-media")
    assert files.check_private_root() == []


# --- signed links --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_link_serves_the_bytes_with_private_headers(api_client):
    url = private_file_url(field_file=stored(PNG, "png"))
    assert url.startswith("/files/") and url.endswith("/")
    response = api_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")

    pdf = api_client.get(private_file_url(field_file=stored(PDF, "pdf")))
    assert pdf["Content-Type"] == "application/pdf"


def test_no_file_no_link():
    assert private_file_url(field_file=PrivateFieldFile(None, FIELD, "")) is None


@pytest.mark.django_db
def test_a_tampered_link_is_refused_without_saying_why(api_client):
    url = private_file_url(field_file=stored())
    token = url.split("/")[2]
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, "nonsense"):
        response = api_client.get(f"/files/{bad}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response.json() == {
            "code": "files.not_found",
            "message": "This file link is not valid or has expired.",
            "extra": {},
        }


@pytest.mark.django_db
def test_an_expired_link_is_refused(api_client, monkeypatch):
    url = private_file_url(field_file=stored(), ttl=60)
    assert api_client.get(url).status_code == 200
    now = time.time()
    monkeypatch.setattr(files.time, "time", lambda: now + 61)
    response = api_client.get(url)
    assert response.status_code == 404 and response.json()["code"] == "files.not_found"
    assert response.json()["message"] == "유효하지 않거나 기간이 지난 파일 링크입니다."


@pytest.mark.django_db
def test_the_default_lifetime_comes_from_settings(api_client, monkeypatch, settings):
    settings.IEUM_PRIVATE_FILE_URL_TTL = 5
    url = private_file_url(field_file=stored())
    now = time.time()
    monkeypatch.setattr(files.time, "time", lambda: now + 10)
    assert api_client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_link_bound_to_a_user_works_only_for_that_user(api_client, make_auth_client):
    owner, other = UserFactory(), UserFactory()
    url = private_file_url(field_file=stored(), user=owner)
    assert make_auth_client(owner).get(url).status_code == 200
    assert make_auth_client(other).get(url).status_code == 404
    assert api_client.get(url).status_code == 404  # not logged in


@pytest.mark.django_db
def test_a_deleted_file_is_not_found(api_client):
    field_file = stored()
    url = private_file_url(field_file=field_file)
    private_storage.delete(field_file.name)
    assert api_client.get(url).status_code == 404


@pytest.mark.django_db
def test_files_paths_answer_in_the_envelope_not_the_web_client(client):
    response = client.get("/files/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
