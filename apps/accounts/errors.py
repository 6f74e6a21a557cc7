from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError


class AccountError(ApplicationError):
    @classmethod
    def invalid_phone(cls):
        return cls(
            "accounts.invalid_phone",
            _("Enter a valid Korean mobile phone number, e.g. 010-1234-5678."),
            status=400,
        )

    @classmethod
    def otp_rate_limited(cls, retry_after: int):
        return cls(
            "accounts.otp_rate_limited",
            _("Too many codes were requested. Please try again later."),
            status=429,
            extra={"retry_after": retry_after},
        )

    @classmethod
    def otp_invalid(cls, attempts_left: int):
        return cls(
            "accounts.otp_invalid",
            _("The code is not correct."),
            status=400,
            extra={"attempts_left": attempts_left},
        )

    @classmethod
    def otp_expired(cls):
        return cls(
            "accounts.otp_expired",
            _("The code has expired. Please request a new one."),
            status=400,
        )

    @classmethod
    def otp_locked(cls):
        return cls(
            "accounts.otp_locked",
            _("The code was entered wrongly too many times. Please request a new one."),
            status=400,
        )

    @classmethod
    def sms_failed(cls):
        return cls(
            "accounts.sms_failed",
            _("The text message could not be sent. Please try again in a moment."),
            status=503,
        )

    @classmethod
    def consent_required(cls, missing: list[str], *, status: int = 400):
        return cls(
            "accounts.consent_required",
            _("Please agree to the terms of service and the privacy policy."),
            status=status,
            extra={"missing": missing},
        )

    @classmethod
    def consent_required_withdraw(cls):
        return cls(
            "accounts.consent_required_withdraw",
            _("This consent is required to use Ieum. To withdraw it, delete your account instead."),
            status=409,
        )

    @classmethod
    def consent_not_found(cls):
        return cls(
            "accounts.consent_not_found", _("You have not agreed to this document."), status=404
        )

    @classmethod
    def guardian_consent_required(cls):
        return cls(
            "accounts.guardian_consent_required",
            _("Users under 14 need the consent of a parent or legal guardian first."),
            status=403,
        )

    @classmethod
    def guardian_consent_not_needed(cls):
        return cls(
            "accounts.guardian_consent_not_needed",
            _("Guardian consent is only needed for users under 14 who do not have it yet."),
            status=409,
        )

    @classmethod
    def guardian_phone_same(cls):
        return cls(
            "accounts.guardian_phone_same",
            _("Enter your guardian's phone number, not your own."),
            status=400,
        )

    @classmethod
    def account_disabled(cls):
        return cls(
            "accounts.account_disabled",
            _("This account has been disabled. Please contact Gimhae City."),
            status=403,
        )

    @classmethod
    def token_invalid(cls):
        return cls(
            "accounts.token_invalid",
            _("Your login has expired or is not valid. Please log in again."),
            status=401,
        )

    @classmethod
    def date_of_birth_invalid(cls):
        return cls("accounts.date_of_birth_invalid", _("Enter a real date of birth."), status=400)

    @classmethod
    def date_of_birth_fixed(cls):
        return cls(
            "accounts.date_of_birth_fixed",
            _("Your date of birth cannot be changed in the app. Please contact Gimhae City."),
            status=409,
        )

    @classmethod
    def university_not_found(cls):
        return cls("accounts.university_not_found", _("This university was not found."), status=404)

    @classmethod
    def student_email_domain(cls):
        return cls(
            "accounts.student_email_domain",
            _("Use your e-mail address from this university."),
            status=400,
        )

    @classmethod
    def student_already_verified(cls):
        return cls(
            "accounts.student_already_verified",
            _("You are already verified as a student."),
            status=409,
        )
