"""`manage.py seed`: load Ieum's demo data. Each app contributes a `seed.py` with
`run(stdout, *, reset=False)`.

`make run` seeds on every start, so a seeder only adds what is missing and never overwrites what
staff changed in admin (prices, names, places, courses); running it twice changes nothing.
`manage.py seed --reset` puts the demo values back (see apps/core/seeding.py)."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load Gimhae demo data from every app's seed module (adds what is missing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put the demo values back, overwriting changes made in admin.",
        )

    def handle(self, *args, reset: bool = False, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            try:
                module = import_module(f"{config.name}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.seed":
                    raise
                continue
            # One app's seed is all or nothing: a failure never leaves it half reset.
            with transaction.atomic():
                module.run(self.stdout, reset=reset)
        self.stdout.write(self.style.SUCCESS("seed: demo values reset" if reset else "seed: done"))
