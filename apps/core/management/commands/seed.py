"""`manage.py seed`: load Ieum's demo data. Each app contributes a `seed.py` with `run(stdout)`;
running it twice changes nothing (seeders upsert)."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load Gimhae demo data from every app's seed module."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if not config.name.startswith("apps."):
                continue
            try:
                module = import_module(f"{config.name}.seed")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.seed":
                    raise
                continue
            module.run(self.stdout)
        self.stdout.write(self.style.SUCCESS("seed: done"))
