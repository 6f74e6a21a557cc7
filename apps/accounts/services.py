from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import math
import secrets
import uuid
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.core import privacy

from .errors import AccountError
from .models import (
    GuardianConsent,
    PhoneCode,
    StudentVerification,
    User,
    UserConsent,
)
from .phones import InvalidPhoneNumber, normalize_phone
from .selectors import (
    consent_document_current,
    consent_documents_current,
    consent_status,
    seoul_today,
    university_get,
)
from .sms import SmsDeliveryError, send_sms

logger = logging.getLogger(__name__)

STUDENT_EMAIL_CODE_TTL = 600  # seconds; a campus mailbox can be slow
STUDENT_EMAIL_RESEND_AFTER = 60


# --- one-time codes ------------------------------------------------------------------------------


def _code_new() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _code_hash(*, scope: str, code: str) -> str:
    # HMAC with the server secret: a leaked table of hashes cannot be brute-forced offline
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def _code_matches(*, stored: str, scope: str, code: str) -> bool:
    return hmac.compare_digest(stored, _code_hash(scope=scope, code=str(code).strip()))


def phone_normalize(*, phone: str) -> str:
    try:
        return normalize_phone(phone)
    except InvalidPhoneNumber as exc:
        raise AccountError.invalid_phone() from exc


def _rate_limit_check(*, phone: str, ip: str | None) -> None:
    """Codes sent in the last hour, per number and per IP, counted in the database."""
    now = timezone.now()
    window = datetime.timedelta(hours=1)
    limits = [("phone", phone, settings.OTP_PER_PHONE_PER_HOUR)]
    if ip:
        limits.append(("ip", ip, settings.OTP_PER_IP_PER_HOUR))
    for field, value, limit in limits:
        sent = list(
            PhoneCode.objects.filter(**{field: value}, created_at__gt=now - window)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:limit]
        )
        if len(sent) >= limit:
            # the oldest of the last `limit` codes leaves the window first
            retry_after = math.ceil((sent[-1] + window - now).total_seconds())
            raise AccountError.otp_rate_limited(max(retry_after, 1))


def _sms_code_text(*, code: str, language: str | None = None) -> str:
    with translation.override(language or translation.get_language()):
        return _(
            "[Ieum] Your verification code is {code}. It expires in {minutes} minutes."
        ).format(code=code, minutes=max(settings.OTP_TTL_SECONDS // 60, 1))


def _rate_limit_lock(*, keys: list[str]) -> None:
    """On PostgreSQL, serialise count-then-insert per number and per IP (transaction-scoped
    advisory locks, taken in a fixed order), so parallel requests cannot slip past the limit.
    SQLite serialises writers anyway."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(key.encode())])


def phone_code_send(
    *, phone: str, purpose: str, ip: str | None, user: User | None = None
) -> PhoneCode:
    code = _code_new()
    with transaction.atomic():
        _rate_limit_lock(keys=[f"otp-phone:{phone}", *([f"otp-ip:{ip}"] if ip else [])])
        _rate_limit_check(phone=phone, ip=ip)
        now = timezone.now()
        row = PhoneCode.objects.create(
            phone=phone,
            purpose=purpose,
            user=user,
            ip=ip or None,
            code_hash=_code_hash(scope=f"{purpose}:{phone}", code=code),
            created_at=now,
            expires_at=now + datetime.timedelta(seconds=settings.OTP_TTL_SECONDS),
        )
    try:
        send_sms(to=phone, text=_sms_code_text(code=code))
    except SmsDeliveryError:
        logger.exception("SMS code to %s could not be sent", phone)
        row.delete()
        raise AccountError.sms_failed() from None
    return row


def _phone_code_check(*, row: PhoneCode | None, code: str) -> PhoneCode:
    """Raise unless `code` is right for `row` (returned, checked). Wrong tries are counted with a conditional F()
    update, so parallel guesses cannot get more than OTP_MAX_ATTEMPTS tries between them."""
    max_attempts = settings.OTP_MAX_ATTEMPTS
    if row is None or row.used_at is not None:
        raise AccountError.otp_expired()
    if row.attempts >= max_attempts:
        raise AccountError.otp_locked()
    if row.expires_at <= timezone.now():
        raise AccountError.otp_expired()
    if _code_matches(stored=row.code_hash, scope=f"{row.purpose}:{row.phone}", code=code):
        return row
    counted = PhoneCode.objects.filter(pk=row.pk, attempts__lt=max_attempts).update(
        attempts=F("attempts") + 1
    )
    if not counted:
        raise AccountError.otp_locked()
    attempts = PhoneCode.objects.values_list("attempts", flat=True).get(pk=row.pk)
    raise AccountError.otp_invalid(attempts_left=max(max_attempts - attempts, 0))


def _phone_code_consume(*, row: PhoneCode) -> None:
    """Compare-and-swap: of two requests with the same right code, only one gets through."""
    used = PhoneCode.objects.filter(
        pk=row.pk,
        used_at__isnull=True,
        attempts__lt=settings.OTP_MAX_ATTEMPTS,
        expires_at__gt=timezone.now(),
    ).update(used_at=timezone.now())
    if not used:
        raise AccountError.otp_expired()


def _phone_code_latest(*, phone: str, purpose: str, user: User | None = None) -> PhoneCode | None:
    rows = PhoneCode.objects.filter(phone=phone, purpose=purpose)
    if user is not None:
        rows = rows.filter(user=user)
    return rows.order_by("-created_at", "-id").first()


# --- sign-up and login ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OtpRequestResult:
    phone: str
    expires_in: int
    signup: bool


def otp_request(*, phone: str, ip: str | None) -> OtpRequestResult:
    phone = phone_normalize(phone=phone)
    phone_code_send(phone=phone, purpose=PhoneCode.Purpose.LOGIN, ip=ip)
    return OtpRequestResult(
        phone=phone,
        expires_in=settings.OTP_TTL_SECONDS,
        signup=not User.objects.filter(phone=phone).exists(),
    )


@dataclass(frozen=True)
class LoginResult:
    user: User
    created: bool
    access: str
    refresh: str


def tokens_for(*, user: User) -> tuple[str, str]:
    refresh = RefreshToken.for_user(user)
    return str(refresh.access_token), str(refresh)


def _date_of_birth_check(date_of_birth: datetime.date | None) -> None:
    if date_of_birth is not None and not (
        datetime.date(1900, 1, 1) <= date_of_birth <= seoul_today()
    ):
        raise AccountError.date_of_birth_invalid()


def otp_verify(
    *,
    phone: str,
    code: str,
    ip: str | None,
    consents: list[str] | None = None,
    date_of_birth: datetime.date | None = None,
    display_name: str = "",
    preferred_language: str | None = None,
    kind: str | None = None,
) -> LoginResult:
    """Sign up (a new number) or log in (a known one) with the SMS code. Logging in during the
    deletion grace period cancels the deletion."""
    phone = phone_normalize(phone=phone)
    consents = list(dict.fromkeys(consents or []))
    row = _phone_code_latest(phone=phone, purpose=PhoneCode.Purpose.LOGIN)
    row = _phone_code_check(row=row, code=code)  # wrong tries are counted even though we raise

    user = User.objects.filter(phone=phone).first()
    if user is None:
        # checked before the code is used up, so the client can retry with the consents
        required = {d.kind for d in consent_documents_current() if d.required}
        missing = sorted(required - set(consents))
        if missing:
            raise AccountError.consent_required(missing)
        _date_of_birth_check(date_of_birth)
    elif not user.is_active and not (user.deletion_requested_at and not user.anonymised_at):
        raise AccountError.account_disabled()

    with transaction.atomic():
        _phone_code_consume(row=row)
        created = user is None
        if user is None:
            language = preferred_language or translation.get_language() or "ko"
            if language not in User.Language.values:
                language = User.Language.KO
            user = User.objects.create_user(
                phone,
                display_name=display_name,
                preferred_language=language,
                kind=kind or User.Kind.RESIDENT,
                date_of_birth=date_of_birth,
            )
        else:
            user = User.objects.select_for_update().get(pk=user.pk)
            if user.deletion_requested_at:
                user.deletion_requested_at = None
                user.is_active = True
                user.save(update_fields=["deletion_requested_at", "is_active"])
        if consents:
            consent_record(user=user, kinds=consents, ip=ip)
        update_last_login(User, user)  # the signal's sender is the user model
        access, refresh = tokens_for(user=user)
    return LoginResult(user=user, created=created, access=access, refresh=refresh)


@transaction.atomic
def token_refresh(*, refresh: str) -> dict[str, str]:
    """Rotate a refresh token: a new pair, and the old refresh token is dead. Exactly one of many
    parallel refreshes of one token wins: the token's row is locked, and a refresh that waited for
    the lock finds the token blacklisted by the winner."""
    try:
        # simplejwt types the argument as a Token; it takes the encoded string
        jti = RefreshToken(refresh)[jwt_settings.JTI_CLAIM]  # type: ignore[arg-type]
        OutstandingToken.objects.select_for_update().filter(jti=jti).first()
        if BlacklistedToken.objects.filter(token__jti=jti).exists():
            raise TokenError("already rotated")
        serializer = TokenRefreshSerializer(data={"refresh": refresh})
        serializer.is_valid(raise_exception=True)
    except Exception as exc:  # TokenError, InvalidToken, AuthenticationFailed (inactive user)
        raise AccountError.token_invalid() from exc
    return {
        "access": serializer.validated_data["access"],
        "refresh": serializer.validated_data.get("refresh", refresh),
    }


def token_blacklist(*, refresh: str) -> None:
    """Logout: the refresh token can no longer be used. An already dead token is fine."""
    try:
        # simplejwt annotates `token` as a Token, but it takes (and here gets) the encoded string
        RefreshToken(refresh).blacklist()  # type: ignore[arg-type]
    except TokenError:
        pass


def user_tokens_blacklist_all(*, user: User) -> None:
    for token in OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now()):
        BlacklistedToken.objects.get_or_create(token=token)


# --- profile -------------------------------------------------------------------------------------


def user_update(
    *,
    user: User,
    display_name: str | None = None,
    preferred_language: str | None = None,
    kind: str | None = None,
    date_of_birth: datetime.date | None = None,
) -> User:
    fields = []
    if date_of_birth is not None and date_of_birth != user.date_of_birth:
        # set once: afterwards it decides whether a guardian must consent (PIPA art. 22-2)
        if user.date_of_birth is not None:
            raise AccountError.date_of_birth_fixed()
        _date_of_birth_check(date_of_birth)
        user.date_of_birth = date_of_birth
        fields.append("date_of_birth")
    for name, value in (
        ("display_name", display_name),
        ("preferred_language", preferred_language),
        ("kind", kind),
    ):
        if value is not None:
            setattr(user, name, value)
            fields.append(name)
    if fields:
        user.save(update_fields=fields)
    return user


# --- consents ------------------------------------------------------------------------------------


def consent_record(*, user: User, kinds: list[str], ip: str | None) -> list[UserConsent]:
    """Agree to the current version of each kind (agreeing twice keeps the first record)."""
    current = {d.kind: d for d in consent_documents_current()}
    records = []
    for kind in dict.fromkeys(kinds):
        document = current.get(kind)
        if document is None:
            continue
        record = UserConsent.objects.filter(
            user=user, document=document, withdrawn_at__isnull=True
        ).first()
        if record is None:
            record = UserConsent.objects.create(user=user, document=document, ip=ip or None)
        records.append(record)
    return records


def consent_withdraw(*, user: User, kind: str) -> int:
    document = consent_document_current(kind=kind)
    if document is None:
        raise AccountError.consent_not_found()
    if document.required:
        raise AccountError.consent_required_withdraw()
    withdrawn = UserConsent.objects.filter(
        user=user, document__kind=kind, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if not withdrawn:
        raise AccountError.consent_not_found()
    return withdrawn


def guardian_consent_request(
    *, user: User, guardian_phone: str, guardian_name: str, relation: str, ip: str | None
) -> GuardianConsent:
    if not consent_status(user=user).guardian_required:
        raise AccountError.guardian_consent_not_needed()
    guardian_phone = phone_normalize(phone=guardian_phone)
    if guardian_phone == user.phone:
        raise AccountError.guardian_phone_same()
    row = phone_code_send(
        phone=guardian_phone, purpose=PhoneCode.Purpose.GUARDIAN, ip=ip, user=user
    )
    return GuardianConsent.objects.create(
        user=user,
        guardian_name=guardian_name,
        guardian_phone=guardian_phone,
        relation=relation,
        code=row,
    )


def guardian_consent_verify(*, user: User, code: str) -> GuardianConsent:
    pending = (
        GuardianConsent.objects.select_related("code")
        .filter(user=user, agreed_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if pending is None:
        if GuardianConsent.objects.filter(user=user, agreed_at__isnull=False).exists():
            raise AccountError.guardian_consent_not_needed()
        raise AccountError.otp_expired()
    row = _phone_code_check(row=pending.code, code=code)
    with transaction.atomic():
        _phone_code_consume(row=row)
        pending.agreed_at = timezone.now()
        pending.save(update_fields=["agreed_at"])
    return pending


# --- student verification ------------------------------------------------------------------------


def student_email_request(
    *, user: User, university_id: uuid.UUID | str, email: str
) -> StudentVerification:
    university = university_get(university_id=university_id)
    email = email.strip().lower()
    if not university.accepts_domain(email.rsplit("@", 1)[-1]):
        raise AccountError.student_email_domain()
    now = timezone.now()
    with transaction.atomic():
        verification = StudentVerification.objects.select_for_update().filter(user=user).first()
        if verification and verification.status == StudentVerification.Status.VERIFIED:
            raise AccountError.student_already_verified()
        if verification and verification.code_expires_at:
            sent_at = verification.code_expires_at - datetime.timedelta(
                seconds=STUDENT_EMAIL_CODE_TTL
            )
            wait = math.ceil(
                (
                    sent_at + datetime.timedelta(seconds=STUDENT_EMAIL_RESEND_AFTER) - now
                ).total_seconds()
            )
            if wait > 0:
                raise AccountError.otp_rate_limited(wait)
        code = _code_new()
        verification = verification or StudentVerification(user=user)
        verification.university = university
        verification.email = email
        verification.status = StudentVerification.Status.PENDING
        verification.method = ""
        verification.code_hash = _code_hash(scope=f"student:{user.pk}:{email}", code=code)
        verification.code_expires_at = now + datetime.timedelta(seconds=STUDENT_EMAIL_CODE_TTL)
        verification.code_attempts = 0
        verification.verified_at = None
        verification.verified_by = None
        verification.save()
    send_mail(
        subject=_("[Ieum] Student verification code"),
        message=_(
            "Your Ieum student verification code is {code}. It expires in {minutes} minutes."
        ).format(code=code, minutes=STUDENT_EMAIL_CODE_TTL // 60),
        from_email=None,
        recipient_list=[email],
    )
    return verification


def student_email_verify(*, user: User, code: str) -> StudentVerification:
    max_attempts = settings.OTP_MAX_ATTEMPTS
    verification = StudentVerification.objects.filter(user=user).first()
    if verification is None or not verification.code_hash:
        raise AccountError.otp_expired()
    if verification.code_attempts >= max_attempts:
        raise AccountError.otp_locked()
    now = timezone.now()
    if verification.code_expires_at is None or verification.code_expires_at <= now:
        raise AccountError.otp_expired()
    scope = f"student:{user.pk}:{verification.email}"
    if not _code_matches(stored=verification.code_hash, scope=scope, code=code):
        counted = StudentVerification.objects.filter(
            pk=verification.pk, code_attempts__lt=max_attempts
        ).update(code_attempts=F("code_attempts") + 1)
        if not counted:
            raise AccountError.otp_locked()
        attempts = StudentVerification.objects.values_list("code_attempts", flat=True).get(
            pk=verification.pk
        )
        raise AccountError.otp_invalid(attempts_left=max(max_attempts - attempts, 0))
    done = StudentVerification.objects.filter(
        pk=verification.pk, code_hash=verification.code_hash, code_attempts__lt=max_attempts
    ).update(
        status=StudentVerification.Status.VERIFIED,
        method=StudentVerification.Method.EMAIL,
        verified_at=now,
        code_hash="",
        code_expires_at=None,
    )
    if not done:
        raise AccountError.otp_expired()
    verification.refresh_from_db()
    return verification


def student_verification_set_by_staff(
    *, verification: StudentVerification, staff: User, status: str
) -> StudentVerification:
    verification.status = status
    verification.method = StudentVerification.Method.STAFF
    verification.verified_by = staff
    verification.verified_at = timezone.now() if status == verification.Status.VERIFIED else None
    verification.code_hash = ""
    verification.save()
    return verification


# --- deletion ------------------------------------------------------------------------------------


def account_deletion_request(*, user: User) -> User:
    """Login stops at once; the data stays for the grace period, then purge_deleted_accounts
    anonymises it. Logging in again (or POST me/delete/cancel/) within the period cancels."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deletion_requested_at is None:
            user.deletion_requested_at = timezone.now()
            user.is_active = False
            user.save(update_fields=["deletion_requested_at", "is_active"])
        user_tokens_blacklist_all(user=user)
    return user


def account_deletion_cancel(*, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deletion_requested_at is not None and user.anonymised_at is None:
            user.deletion_requested_at = None
            user.is_active = True
            user.save(update_fields=["deletion_requested_at", "is_active"])
    return user


def account_data_erase(*, user: User) -> None:
    """The accounts app's own erase (registered with apps.core.privacy). Consent records stay as
    proof of what was agreed, without the IP; a guardian's details are removed."""
    now = timezone.now()
    StudentVerification.objects.filter(user=user).delete()
    UserConsent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    UserConsent.objects.filter(user=user).update(ip=None)
    GuardianConsent.objects.filter(user=user).update(guardian_name="", guardian_phone="", code=None)
    PhoneCode.objects.filter(user=user).delete()
    if user.phone:
        PhoneCode.objects.filter(phone=user.phone).delete()
    user_tokens_blacklist_all(user=user)


def account_anonymise(*, user_id: uuid.UUID | str) -> bool:
    """Anonymise one account whose grace period is over. Safe to run twice."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if user is None or user.anonymised_at or user.deletion_requested_at is None:
            return False
        for section in privacy.sections():
            if section.erase is not None:
                section.erase(user)
        user.phone = None
        user.display_name = ""
        user.date_of_birth = None
        user.is_active = False
        user.set_unusable_password()
        user.anonymised_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    return True


def accounts_purge_due(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
    due = User.objects.filter(
        deletion_requested_at__lte=cutoff, anonymised_at__isnull=True
    ).values_list("pk", flat=True)
    count = 0
    for user_id in list(due):
        try:
            count += account_anonymise(user_id=user_id)
        except Exception:  # one app's failing erase must not stop the others' accounts
            logger.exception("anonymising account %s failed; will retry", user_id)
    return count
