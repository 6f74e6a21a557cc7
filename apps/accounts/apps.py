from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_departments(sender, **kwargs):
    # Every migrate (new apps, new models) keeps the department groups' permissions in step.
    if sender.label == "accounts":
        from .departments import department_sync

        department_sync()


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from apps.core import periodic, privacy

        from . import facade

        privacy.register("accounts", export=facade.user_data_export, erase=facade.user_data_erase)
        periodic.every(3600, "apps.accounts.tasks.purge_deleted_accounts")
        post_migrate.connect(_sync_departments, dispatch_uid="accounts.sync_departments")
