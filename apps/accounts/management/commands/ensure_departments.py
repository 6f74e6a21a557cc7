from django.core.management.base import BaseCommand

from apps.accounts.departments import department_sync


class Command(BaseCommand):
    help = "Create the staff department groups and re-sync their permissions by app label."

    def handle(self, *args, **options):
        for name, count in department_sync().items():
            self.stdout.write(f"{name}: {count} permissions")
