"""Encrypted model fields (Fernet, AES-128-CBC + HMAC-SHA256) for secrets and sensitive data.

Keys come from ``IEUM_FIELD_ENCRYPTION_KEYS`` (settings, read from the environment): a list of
Fernet keys. The first one encrypts; every one of them decrypts, so a key is rotated by putting a
new key first, running ``manage.py rotate_field_encryption`` (re-encrypts every encrypted field
with the first key) and then dropping the old key. Local and test runs without the variable use a
key derived from ``SECRET_KEY``; production refuses to start without it.

Encrypted values are random per write (Fernet has a fresh IV each time), so the database cannot
compare them: only ``isnull`` lookups work. Look rows up by another column (e.g. a public key id).
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

SETTING = "IEUM_FIELD_ENCRYPTION_KEYS"


class FieldDecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


def _configured_keys() -> list[str]:
    keys = getattr(settings, SETTING, None) or []
    if isinstance(keys, str):
        keys = keys.split(",")
    keys = [k.strip() for k in keys if k and k.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{SETTING} must hold at least one Fernet key.")
    return keys


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    fernets = []
    for position, key in enumerate(_configured_keys(), start=1):
        try:
            fernets.append(Fernet(key))
        except (ValueError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"{SETTING}: key number {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes; make one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`)."
            ) from exc
    return MultiFernet(fernets)


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting == SETTING:
        _fernet.cache_clear()


def encrypt_str(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_str(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise FieldDecryptionError(
            f"An encrypted field could not be decrypted with any key in {SETTING}: "
            "the key it was written with has been removed or changed."
        ) from exc


def is_current(token: str) -> bool:
    """Whether ``token`` was encrypted with the first (current) key."""
    try:
        Fernet(_configured_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate_token(token: str) -> str:
    """Re-encrypt ``token`` with the first key (decrypting with any key)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise FieldDecryptionError(
            f"An encrypted field could not be decrypted with any key in {SETTING}."
        ) from exc


class EncryptedFieldMixin:
    """Encrypts on the way to the database and decrypts on the way back.

    Encryption happens in ``get_db_prep_value`` so every write path — ``save()``, ``update()``,
    ``bulk_create()`` and ``bulk_update()`` — stores ciphertext.
    """

    encrypted = True

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None:
            return None
        return encrypt_str(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return decrypt_str(value)

    def get_lookup(self, lookup_name):
        # Ciphertexts differ on every write: equality or "contains" could never match.
        if lookup_name != "isnull":
            return None
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    """A text column stored encrypted (Fernet token, about 1.4 × the text + 100 characters)."""


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every concrete model with encrypted fields, and those fields."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
        if fields:
            found.append((model, fields))
    return found


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs=None, **kwargs):
    try:
        _fernet.cache_clear()
        _fernet()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="ieum.E001")]
    return []
