from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class HealthErrorCode(ErrorCode):
    NOT_FOUND = "health.not_found"
    UNKNOWN_CODE = "health.unknown_code"
    UNIT_NOT_ACCEPTED = "health.unit_not_accepted"
    IMPLAUSIBLE_VALUE = "health.implausible_value"
    FUTURE_TIME = "health.future_time"
    TIME_TOO_EARLY = "health.time_too_early"
    MEMBER_TOKEN_UNKNOWN = "health.member_token_unknown"
    SHARE_LINK_INVALID = "health.share_link_invalid"
    PURPOSE_REQUIRED = "health.purpose_required"
    SURVEY_UNKNOWN = "health.survey_unknown"
    SURVEY_ANSWER_INVALID = "health.survey_answer_invalid"
    FHIR_INVALID = "health.fhir_invalid"
    REMINDER_TIME_INVALID = "health.reminder_time_invalid"


class HealthError(ApplicationError):
    @classmethod
    def not_found(cls):
        return cls(HealthErrorCode.NOT_FOUND, _("This health record was not found."), status=404)

    @classmethod
    def unknown_code(cls, *, code: str):
        return cls(
            HealthErrorCode.UNKNOWN_CODE,
            _("This kind of measurement is not recorded here."),
            status=400,
            extra={"code": code[:20]},
        )

    @classmethod
    def unit_not_accepted(cls, *, label: str, units: list[str]):
        return cls(
            HealthErrorCode.UNIT_NOT_ACCEPTED,
            _("%(label)s is recorded in %(units)s.") % {"label": label, "units": ", ".join(units)},
            status=400,
            extra={"units": units},
        )

    @classmethod
    def implausible_value(cls, *, label: str, minimum: float, maximum: float, unit: str):
        # The message names the accepted range, never the value sent (it is health data).
        return cls(
            HealthErrorCode.IMPLAUSIBLE_VALUE,
            _(
                "%(label)s must be between %(min)s and %(max)s %(unit)s. Please check the "
                "reading and enter it again."
            )
            % {"label": label, "min": f"{minimum:g}", "max": f"{maximum:g}", "unit": unit},
            status=400,
            extra={"minimum": minimum, "maximum": maximum, "unit": unit},
        )

    @classmethod
    def future_time(cls):
        return cls(
            HealthErrorCode.FUTURE_TIME,
            _("The measurement time is in the future. Please check the device clock."),
            status=400,
        )

    @classmethod
    def time_too_early(cls):
        return cls(
            HealthErrorCode.TIME_TOO_EARLY,
            _("The measurement time is before 1970. Please check the date and the device clock."),
            status=400,
        )

    @classmethod
    def member_token_unknown(cls):
        return cls(
            HealthErrorCode.MEMBER_TOKEN_UNKNOWN,
            _("This member card is not recognised. Please show the QR code in the app again."),
            status=404,
        )

    @classmethod
    def share_link_invalid(cls):
        return cls(
            HealthErrorCode.SHARE_LINK_INVALID,
            _("This share link is not valid: it has expired or was withdrawn."),
            status=404,
        )

    @classmethod
    def purpose_required(cls):
        return cls(
            HealthErrorCode.PURPOSE_REQUIRED,
            _("State the purpose of viewing this member's health record."),
            status=400,
        )

    @classmethod
    def survey_unknown(cls):
        return cls(HealthErrorCode.SURVEY_UNKNOWN, _("This survey was not found."), status=404)

    @classmethod
    def survey_answer_invalid(cls, *, question: str):
        return cls(
            HealthErrorCode.SURVEY_ANSWER_INVALID,
            _("Please answer every question with one of its choices."),
            status=400,
            extra={"question": question},
        )

    @classmethod
    def fhir_invalid(cls, *, message: str):
        return cls(HealthErrorCode.FHIR_INVALID, message, status=400)

    @classmethod
    def reminder_time_invalid(cls):
        return cls(
            HealthErrorCode.REMINDER_TIME_INVALID,
            _("Reminder times are written as HH:MM, for example 08:30."),
            status=400,
        )
