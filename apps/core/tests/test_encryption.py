"""Encrypted model fields: what reaches the database, key rotation, and a wrong key."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from apps.core.devices import services
from apps.core.devices.models import DeviceKey
from apps.core.encryption import FieldDecryptionError, check_field_encryption_keys

pytestmark = pytest.mark.django_db

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def raw_secret(key: DeviceKey) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM core_devicekey WHERE id = %s", [key.pk])
        return cursor.fetchone()[0]


def make_key() -> tuple[DeviceKey, str]:
    device, secret = services.device_register(name="Kiosk", kind="health_kiosk", app_label="core")
    return device.keys.get(), secret


def test_round_trip_and_the_database_holds_no_plaintext():
    key, secret = make_key()
    assert DeviceKey.objects.get(pk=key.pk).secret == secret
    raw = raw_secret(key)
    assert raw != secret and secret not in raw
    # A fresh IV every write: the same text never encrypts the same way twice.
    DeviceKey.objects.filter(pk=key.pk).update(secret=secret)
    assert raw_secret(key) != raw
    assert DeviceKey.objects.get(pk=key.pk).secret == secret


def test_only_isnull_lookups(settings):
    assert DeviceKey.objects.filter(secret__isnull=True).count() == 0
    with pytest.raises(FieldError):
        list(DeviceKey.objects.filter(secret="x"))


def test_rotation_old_key_still_decrypts_then_the_command_reencrypts(settings):
    settings.IEUM_FIELD_ENCRYPTION_KEYS = [OLD]
    key, secret = make_key()
    other, other_secret = make_key()

    settings.IEUM_FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    assert DeviceKey.objects.get(pk=key.pk).secret == secret  # the old key still decrypts
    out = StringIO()
    call_command("rotate_field_encryption", "--batch-size", "1", stdout=out)
    assert "core.DeviceKey: 2 rows checked, 2 re-encrypted" in out.getvalue()

    settings.IEUM_FIELD_ENCRYPTION_KEYS = [NEW]  # the old key is gone
    assert DeviceKey.objects.get(pk=key.pk).secret == secret
    assert DeviceKey.objects.get(pk=other.pk).secret == other_secret
    assert Fernet(NEW).decrypt(raw_secret(key).encode()).decode() == secret

    again = StringIO()
    call_command("rotate_field_encryption", stdout=again)  # idempotent
    assert "core.DeviceKey: 2 rows checked, 0 re-encrypted" in again.getvalue()


def test_wrong_key_is_a_clear_error(settings):
    settings.IEUM_FIELD_ENCRYPTION_KEYS = [OLD]
    key, _secret = make_key()
    settings.IEUM_FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(FieldDecryptionError, match="IEUM_FIELD_ENCRYPTION_KEYS"):
        DeviceKey.objects.get(pk=key.pk)
    with pytest.raises(FieldDecryptionError):
        call_command("rotate_field_encryption", stdout=StringIO())


def test_an_invalid_key_fails_the_system_check(settings):
    settings.IEUM_FIELD_ENCRYPTION_KEYS = ["not-a-fernet-key"]
    [error] = check_field_encryption_keys()
    assert error.id == "ieum.E001" and "not a valid Fernet key" in error.msg
    settings.IEUM_FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    assert check_field_encryption_keys() == []


def test_local_runs_use_a_key_derived_from_the_secret_key(settings):
    import base64
    import hashlib

    expected = base64.urlsafe_b64encode(
        hashlib.sha256(b"ieum-field-encryption:" + settings.SECRET_KEY.encode()).digest()
    ).decode()
    assert settings.IEUM_FIELD_ENCRYPTION_KEYS == [expected]
