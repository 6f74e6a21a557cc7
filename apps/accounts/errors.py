from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class AccountErrorCode(ErrorCode):
    ACCOUNT_DISABLED = "accounts.account_disabled"
    CONSENT_NOT_FOUND = "accounts.consent_not_found"
    CONSENT_REQUIRED = "accounts.consent_required"
    CONSENT_REQUIRED_WITHDRAW = "accounts.consent_required_withdraw"
    DATE_OF_BIRTH_FIXED = "accounts.date_of_birth_fixed"
    DATE_OF_BIRTH_INVALID = "accounts.date_of_birth_invalid"
    GUARDIAN_CONSENT_NOT_NEEDED = "accounts.guardian_consent_not_needed"
    GUARDIAN_CONSENT_REQUIRED = "accounts.guardian_consent_required"
    GUARDIAN_PHONE_SAME = "accounts.guardian_phone_same"
    INVALID_PHONE = "accounts.invalid_phone"
    OTP_EXPIRED = "accounts.otp_expired"
    OTP_INVALID = "accounts.otp_invalid"
    OTP_LOCKED = "accounts.otp_locked"
    OTP_RATE_LIMITED = "accounts.otp_rate_limited"
    SMS_FAILED = "accounts.sms_failed"
    STUDENT_ALREADY_VERIFIED = "accounts.student_already_verified"
    STUDENT_EMAIL_DOMAIN = "accounts.student_email_domain"
    TOKEN_INVALID = "accounts.token_invalid"
    UNIVERSITY_NOT_FOUND = "accounts.university_not_found"


class AccountError(ApplicationError):
    @classmethod
    def invalid_phone(cls):
        return cls(
            AccountErrorCode.INVALID_PHONE,
            _("Enter a valid Korean mobile phone number, e.g. 010-1234-5678."),
            status=400,
        )

    @classmethod
    def otp_rate_limited(cls, retry_after: int):
        return cls(
            AccountErrorCode.OTP_RATE_LIMITED,
            _("Too many codes were requested. Please try again later."),
            status=429,
            extra={"retry_after": retry_after},
        )

    @classmethod
    def otp_invalid(cls, attempts_left: int):
        return cls(
            AccountErrorCode.OTP_INVALID,
            _("The code is not correct."),
            status=400,
            extra={"attempts_left": attempts_left},
        )

    @classmethod
    def otp_expired(cls):
        return cls(
            AccountErrorCode.OTP_EXPIRED,
            _("The code has expired. Please request a new one."),
            status=400,
        )

    @classmethod
    def otp_locked(cls):
        return cls(
            AccountErrorCode.OTP_LOCKED,
            _("The code was entered wrongly too many times. Please request a new one."),
            status=400,
        )

    @classmethod
    def sms_failed(cls):
        return cls(
            AccountErrorCode.SMS_FAILED,
            _("The text message could not be sent. Please try again in a moment."),
            status=503,
        )

    @classmethod
    def consent_required(cls, missing: list[str], *, status: int = 400):
        return cls(
            AccountErrorCode.CONSENT_REQUIRED,
            _("Please agree to the terms of service and the privacy policy."),
            status=status,
            extra={"missing": missing},
        )

    @classmethod
    def consent_required_withdraw(cls):
        return cls(
            AccountErrorCode.CONSENT_REQUIRED_WITHDRAW,
            _("This consent is required to use Ieum. To withdraw it, delete your account instead."),
            status=409,
        )

    @classmethod
    def consent_not_found(cls):
        return cls(
            AccountErrorCode.CONSENT_NOT_FOUND,
            _("You have not agreed to this document."),
            status=404,
        )

    @classmethod
    def guardian_consent_required(cls):
        return cls(
            AccountErrorCode.GUARDIAN_CONSENT_REQUIRED,
            _("Users under 14 need the consent of a parent or legal guardian first."),
            status=403,
        )

    @classmethod
    def guardian_consent_not_needed(cls):
        return cls(
            AccountErrorCode.GUARDIAN_CONSENT_NOT_NEEDED,
            _("Guardian consent is only needed for users under 14 who do not have it yet."),
            status=409,
        )

    @classmethod
    def guardian_phone_same(cls):
        return cls(
            AccountErrorCode.GUARDIAN_PHONE_SAME,
            _("Enter your guardian's phone number, not your own."),
            status=400,
        )

    @classmethod
    def account_disabled(cls):
        return cls(
            AccountErrorCode.ACCOUNT_DISABLED,
            _("This account has been disabled. Please contact Gimhae City."),
            status=403,
        )

    @classmethod
    def token_invalid(cls):
        return cls(
            AccountErrorCode.TOKEN_INVALID,
            _("Your login has expired or is not valid. Please log in again."),
            status=401,
        )

    @classmethod
    def date_of_birth_invalid(cls):
        return cls(
            AccountErrorCode.DATE_OF_BIRTH_INVALID, _("Enter a real date of birth."), status=400
        )

    @classmethod
    def date_of_birth_fixed(cls):
        return cls(
            AccountErrorCode.DATE_OF_BIRTH_FIXED,
            _("Your date of birth cannot be changed in the app. Please contact Gimhae City."),
            status=409,
        )

    @classmethod
    def university_not_found(cls):
        return cls(
            AccountErrorCode.UNIVERSITY_NOT_FOUND, _("This university was not found."), status=404
        )

    @classmethod
    def student_email_domain(cls):
        return cls(
            AccountErrorCode.STUDENT_EMAIL_DOMAIN,
            _("Use your e-mail address from this university."),
            status=400,
        )

    @classmethod
    def student_already_verified(cls):
        return cls(
            AccountErrorCode.STUDENT_ALREADY_VERIFIED,
            _("You are already verified as a student."),
            status=409,
        )
