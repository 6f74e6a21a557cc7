from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class NotificationErrorCode(ErrorCode):
    DEVICE_NOT_FOUND = "notifications.device_not_found"
    NOT_FOUND = "notifications.not_found"
    QUIET_HOURS_EMPTY = "notifications.quiet_hours_empty"
    QUIET_HOURS_INCOMPLETE = "notifications.quiet_hours_incomplete"
    UNKNOWN_KIND = "notifications.unknown_kind"
    UNKNOWN_USERS = "notifications.unknown_users"


class NotificationError(ApplicationError):
    @classmethod
    def not_found(cls):
        return cls(
            NotificationErrorCode.NOT_FOUND, _("This notification was not found."), status=404
        )

    @classmethod
    def device_not_found(cls):
        return cls(
            NotificationErrorCode.DEVICE_NOT_FOUND,
            _("This device is not registered for notifications."),
            status=404,
        )

    @classmethod
    def quiet_hours_incomplete(cls):
        return cls(
            NotificationErrorCode.QUIET_HOURS_INCOMPLETE,
            _("Give both the start and the end of quiet hours, or neither."),
        )

    @classmethod
    def quiet_hours_empty(cls):
        return cls(
            NotificationErrorCode.QUIET_HOURS_EMPTY,
            _("Quiet hours must start and end at different times."),
        )

    @classmethod
    def unknown_kind(cls, kinds: list[str]):
        return cls(
            NotificationErrorCode.UNKNOWN_KIND,
            _("Unknown notification kind."),
            extra={"kinds": kinds},
        )

    @classmethod
    def unknown_users(cls, user_ids: list[str]):
        return cls(
            NotificationErrorCode.UNKNOWN_USERS,
            _("Some recipients do not exist or are not active."),
            extra={"user_ids": user_ids},
        )
