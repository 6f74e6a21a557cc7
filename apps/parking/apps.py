from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParkingConfig(AppConfig):
    name = "apps.parking"
    label = "parking"
    verbose_name = _("Public parking")

    def ready(self):
        from django.conf import settings

        from apps.core import periodic

        # Parking has no personal data yet (lots, spaces and anonymous sensor states): nothing is
        # registered with apps.core.privacy. Reservations and sharing will register their data.
        periodic.every(60, "apps.parking.tasks.mark_silent_spaces")
        if getattr(settings, "PARKING_SENSOR_SIMULATOR", False):
            periodic.every(15, "apps.parking.tasks.simulate_sensors")
