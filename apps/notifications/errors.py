from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError


class NotificationError(ApplicationError):
    @classmethod
    def not_found(cls):
        return cls("notifications.not_found", _("This notification was not found."), status=404)

    @classmethod
    def device_not_found(cls):
        return cls(
            "notifications.device_not_found",
            _("This device is not registered for notifications."),
            status=404,
        )

    @classmethod
    def quiet_hours_incomplete(cls):
        return cls(
            "notifications.quiet_hours_incomplete",
            _("Give both the start and the end of quiet hours, or neither."),
        )

    @classmethod
    def quiet_hours_empty(cls):
        return cls(
            "notifications.quiet_hours_empty",
            _("Quiet hours must start and end at different times."),
        )

    @classmethod
    def unknown_kind(cls, kinds: list[str]):
        return cls(
            "notifications.unknown_kind",
            _("Unknown notification kind."),
            extra={"kinds": kinds},
        )

    @classmethod
    def unknown_users(cls, user_ids: list[str]):
        return cls(
            "notifications.unknown_users",
            _("Some recipients do not exist or are not active."),
            extra={"user_ids": user_ids},
        )
