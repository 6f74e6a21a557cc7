"""Re-encrypt every encrypted field of every model with the first key of IEUM_FIELD_ENCRYPTION_KEYS.

Run after putting a new key first (old keys after it). Safe to run twice: values already written
with the first key are left alone. Afterwards the old keys can be removed from the variable.
"""

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from apps.core.encryption import decrypt_str, encrypted_fields, is_current


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted model field with the first key of IEUM_FIELD_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        total_checked = total_rotated = 0
        for model, fields in encrypted_fields():
            checked, rotated = self._rotate_model(model, fields, batch_size)
            total_checked += checked
            total_rotated += rotated
            self.stdout.write(
                f"{model._meta.label}: {checked} rows checked, {rotated} re-encrypted "
                f"({', '.join(f.name for f in fields)})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total_checked} rows checked, {total_rotated} re-encrypted.")
        )

    def _rotate_model(self, model, fields, batch_size: int) -> tuple[int, int]:
        manager = model._base_manager
        checked = rotated = 0
        last_pk = None
        # Raw ciphertext: a Cast to text skips the field's decrypting converter.
        raw = [Cast(field.attname, output_field=models.TextField()) for field in fields]
        while True:
            with transaction.atomic():
                batch = manager.order_by("pk")
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                pks = list(batch.values_list("pk", flat=True)[:batch_size])
                if not pks:
                    return checked, rotated
                # Lock the batch so a concurrent write is not overwritten with an older value.
                rows = (
                    manager.select_for_update()
                    .filter(pk__in=pks)
                    .order_by("pk")
                    .values_list("pk", *raw)
                )
                for pk, *tokens in rows:
                    checked += 1
                    stale = {
                        field.name: decrypt_str(token)
                        for field, token in zip(fields, tokens, strict=True)
                        if token is not None and not is_current(token)
                    }
                    if stale:
                        # The plaintext goes back through the field, which encrypts with key one.
                        manager.filter(pk=pk).update(**stale)
                        rotated += 1
                last_pk = pks[-1]
