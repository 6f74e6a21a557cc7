from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingConfig(AppConfig):
    name = "apps.parking"
    label = "parking"
    verbose_name = _("Public parking")

    def ready(self):
        from django.conf import settings

        from apps.core import periodic, privacy, search
        from apps.payments import facade as payments
        from apps.transit import facade as transit

        from . import facade, services, transit_legs

        # vehicles and bookings (lots, spaces and sensor states are not personal data)
        privacy.register("parking", export=facade.user_data_export, erase=facade.user_data_erase)
        search.register("parking", "apps.parking.facade.search")
        # park and ride in the trip planner, only when the person asks for it
        transit.register_leg_provider(transit_legs.provider)
        payments.on_order_paid(services.RESERVATION_PURPOSE, services.reservation_charge_paid)
        periodic.every(60, "apps.parking.tasks.mark_silent_spaces")
        periodic.every(300, "apps.parking.tasks.record_snapshots")
        periodic.every(60, "apps.parking.tasks.expire_unpaid_reservations")
        periodic.every(60, "apps.parking.tasks.remind_reservations")
        if getattr(settings, "PARKING_SENSOR_SIMULATOR", False):
            periodic.every(15, "apps.parking.tasks.simulate_sensors")
