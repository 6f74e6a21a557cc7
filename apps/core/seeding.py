"""How demo data is seeded: `manage.py seed` runs on every `make run`, so it only adds demo rows
that are missing and leaves existing rows as staff edited them in admin; `manage.py seed --reset`
puts the demo values back on purpose."""

from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def seed_row(model: type[M], *, reset: bool, defaults: dict, **lookup) -> tuple[M, bool]:
    """The demo row found by ``lookup``: created with ``defaults`` when missing; an existing row is
    left alone unless ``reset``, when ``defaults`` are written back. Returns (row, created)."""
    if reset:
        return model.objects.update_or_create(defaults=defaults, **lookup)
    return model.objects.get_or_create(defaults=defaults, **lookup)
