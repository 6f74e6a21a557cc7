from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "apps.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self):
        from apps.core import privacy

        from . import facade

        privacy.register("payments", export=facade.user_data_export, erase=facade.user_data_erase)
