from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from apps.core import periodic, privacy

        from . import facade

        privacy.register("accounts", export=facade.user_data_export, erase=facade.user_data_erase)
        periodic.every(3600, "apps.accounts.tasks.purge_deleted_accounts")
