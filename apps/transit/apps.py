from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitConfig(AppConfig):
    name = "apps.transit"
    label = "transit"
    verbose_name = _("Transit")

    def ready(self):
        # --- tickets: activate a ticket whose payment completes after the purchase call ---
        from apps.payments import facade as payments

        from .services.tickets import ticket_mark_paid

        payments.on_order_paid("transit.trip", ticket_mark_paid)

        # --- fares: staff edits of fare data reach the cached fare tables ---
        from .fares import tables as fare_tables

        fare_tables.connect_signals()

        # --- live buses (realtime/) ---
        from django.conf import settings

        from apps.core import periodic, privacy

        from .planner import delays
        from .realtime import predictions

        periodic.every(15, "apps.transit.tasks.realtime_refresh")
        periodic.every(3600, "apps.transit.tasks.purge_arrival_notices")
        from . import facade

        privacy.register("transit", export=facade.user_data_export, erase=facade.user_data_erase)
        if getattr(settings, "TRANSIT_DELAYS_FROM_CACHE", False):
            # API processes that do not run the poller read the predicted delays it publishes
            def cached_delays(feed_id, day):
                return predictions.trip_delays_get(feed_id=feed_id, day=day)

            delays.delay_source_register(cached_delays)
