"""The built web client is served compressed, and its hashed assets are cached for a year."""

from pathlib import Path

from django.conf import settings
from django.test import Client


def built_script() -> str:
    assets = Path(settings.WEB_CLIENT_DIST) / "assets"
    # `make test` builds the client (and pre-compresses it) before the suite runs
    [script] = [p.name for p in assets.glob("index-*.js")]
    return f"/static/assets/{script}"


def test_the_app_script_comes_brotli_compressed_and_immutable():
    response = Client().get(built_script(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]


def test_a_client_without_brotli_gets_gzip():
    response = Client().get(built_script(), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
