import datetime

import pytest
from django.utils import timezone

from apps.accounts.models import PhoneCode, User, UserConsent
from apps.accounts.phones import InvalidPhoneNumber, normalize_phone
from apps.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REQUEST = "/api/v1/accounts/otp/request/"
VERIFY = "/api/v1/accounts/otp/verify/"
PHONE = "+821012345678"


@pytest.mark.parametrize(
    "raw", ["010-1234-5678", "01012345678", "+82 10-1234-5678", "+821012345678", "010 1234 5678"]
)
def test_phone_formats_are_stored_as_e164(raw):
    assert normalize_phone(raw) == PHONE


@pytest.mark.parametrize("raw", ["", "12345", "02-123-4567", "abc", "010-1234"])
def test_landlines_and_garbage_are_refused(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)


def test_request_sends_a_six_digit_code_and_stores_only_its_hash(api_client, sms_outbox):
    response = api_client.post(REQUEST, {"phone": "010-1234-5678"})
    assert response.status_code == 202
    assert response.json() == {"phone": PHONE, "expires_in": 180, "signup": True}
    [message] = sms_outbox
    assert message.to == PHONE
    assert message.text.startswith("[Ieum] 인증번호 ")
    code = message.text.split()[2]
    assert len(code) == 6 and code.isdigit()
    row = PhoneCode.objects.get(phone=PHONE)
    assert code not in row.code_hash and len(row.code_hash) == 64


def test_request_says_login_for_a_known_number(api_client, sms_outbox):
    UserFactory(phone=PHONE)
    assert api_client.post(REQUEST, {"phone": "01012345678"}).json()["signup"] is False


def test_console_backend_logs_the_code(api_client, caplog, settings):
    settings.SMS_BACKEND = "apps.accounts.sms.ConsoleSmsBackend"
    with caplog.at_level("INFO", logger="apps.accounts.sms"):
        api_client.post(REQUEST, {"phone": PHONE})
    assert "[Ieum] 인증번호" in caplog.text


def test_bad_number_is_400_in_korean_by_default(api_client, sms_outbox):
    response = api_client.post(REQUEST, {"phone": "02-123-4567"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "accounts.invalid_phone"
    assert "휴대전화" in body["message"]
    assert not PhoneCode.objects.exists() and not sms_outbox


def test_bad_number_message_in_english(api_client, sms_outbox):
    response = api_client.post(REQUEST, {"phone": "123"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["code"] == "accounts.invalid_phone"
    assert response.json()["message"].startswith("Enter a valid Korean mobile phone number")


def test_sign_up_creates_the_account_with_consents(signup):
    response = signup(
        "010-1234-5678",
        consents=["terms", "privacy", "marketing"],
        display_name="김해시민",
        kind="tourist",
        preferred_language="en",
        date_of_birth="1990-05-01",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["created"] is True
    assert body["access"] and body["refresh"]
    me = body["user"]
    assert me["phone"] == PHONE
    assert me["display_name"] == "김해시민"
    assert me["kind"] == "tourist"
    assert me["preferred_language"] == "en"
    assert me["consents_complete"] is True
    assert me["guardian_consent_required"] is False
    user = User.objects.get(phone=PHONE)
    kinds = set(UserConsent.objects.filter(user=user).values_list("document__kind", flat=True))
    assert kinds == {"terms", "privacy", "marketing"}
    assert UserConsent.objects.filter(user=user).first().ip == "127.0.0.1"
    assert not user.has_usable_password()


def test_sign_up_without_required_consents_is_refused_and_the_code_still_works(
    api_client, sms_outbox, last_code
):
    api_client.post(REQUEST, {"phone": PHONE})
    code = last_code(PHONE)
    response = api_client.post(VERIFY, {"phone": PHONE, "code": code, "consents": ["terms"]})
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.consent_required"
    assert response.json()["extra"]["missing"] == ["privacy"]
    assert not User.objects.filter(phone=PHONE).exists()
    retry = api_client.post(
        VERIFY, {"phone": PHONE, "code": code, "consents": ["terms", "privacy"]}
    )
    assert retry.status_code == 200


def test_login_of_a_known_number_needs_no_consents(api_client, sms_outbox, last_code):
    user = UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": "010-1234-5678"})
    response = api_client.post(VERIFY, {"phone": "010-1234-5678", "code": last_code(PHONE)})
    assert response.status_code == 200
    assert response.json()["created"] is False
    assert response.json()["user"]["id"] == str(user.id)
    user.refresh_from_db()
    assert user.last_login is not None


def test_a_code_works_once(api_client, sms_outbox, last_code):
    UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": PHONE})
    code = last_code(PHONE)
    assert api_client.post(VERIFY, {"phone": PHONE, "code": code}).status_code == 200
    again = api_client.post(VERIFY, {"phone": PHONE, "code": code})
    assert again.status_code == 400
    assert again.json()["code"] == "accounts.otp_expired"


def test_expired_code_is_refused(api_client, sms_outbox, last_code):
    UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": PHONE})
    PhoneCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = api_client.post(VERIFY, {"phone": PHONE, "code": last_code(PHONE)})
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.otp_expired"


def test_code_is_valid_for_three_minutes(api_client, sms_outbox):
    before = timezone.now()
    api_client.post(REQUEST, {"phone": PHONE})
    row = PhoneCode.objects.get()
    assert (
        datetime.timedelta(seconds=179) < row.expires_at - before <= datetime.timedelta(seconds=181)
    )


def test_five_wrong_tries_lock_the_code(api_client, sms_outbox, last_code):
    UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": PHONE})
    code = last_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    lefts = []
    for _ in range(5):
        response = api_client.post(VERIFY, {"phone": PHONE, "code": wrong})
        assert response.status_code == 400
        assert response.json()["code"] == "accounts.otp_invalid"
        lefts.append(response.json()["extra"]["attempts_left"])
    assert lefts == [4, 3, 2, 1, 0]
    locked = api_client.post(VERIFY, {"phone": PHONE, "code": code})
    assert locked.status_code == 400
    assert locked.json()["code"] == "accounts.otp_locked"
    assert PhoneCode.objects.get().attempts == 5
    # a new code works again
    api_client.post(REQUEST, {"phone": PHONE})
    assert api_client.post(VERIFY, {"phone": PHONE, "code": last_code(PHONE)}).status_code == 200


def test_wrong_tries_are_counted_in_the_database_not_in_memory(api_client, sms_outbox, last_code):
    """Two workers holding the same stale row cannot both get the last try."""
    from apps.accounts import services

    UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": PHONE})
    PhoneCode.objects.update(attempts=4)
    stale_a = PhoneCode.objects.get()
    stale_b = PhoneCode.objects.get()
    with pytest.raises(services.AccountError) as first:
        services._phone_code_check(row=stale_a, code="000000x")
    with pytest.raises(services.AccountError) as second:
        services._phone_code_check(row=stale_b, code="000000x")
    assert first.value.code == "accounts.otp_invalid"
    assert second.value.code == "accounts.otp_locked"
    assert PhoneCode.objects.get().attempts == 5


def test_per_number_rate_limit(api_client, sms_outbox, settings):
    settings.OTP_PER_PHONE_PER_HOUR = 3
    for _ in range(3):
        assert api_client.post(REQUEST, {"phone": PHONE}).status_code == 202
    response = api_client.post(REQUEST, {"phone": "010-1234-5678"})
    assert response.status_code == 429
    assert response.json()["code"] == "accounts.otp_rate_limited"
    assert 3590 <= response.json()["extra"]["retry_after"] <= 3600
    assert response["Retry-After"] == str(response.json()["extra"]["retry_after"])
    assert len(sms_outbox) == 3
    # another number from the same IP still works
    assert api_client.post(REQUEST, {"phone": "010-2222-3333"}).status_code == 202
    # an hour later the number may ask again
    PhoneCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert api_client.post(REQUEST, {"phone": PHONE}).status_code == 202


def test_per_ip_rate_limit(api_client, sms_outbox, settings):
    settings.OTP_PER_IP_PER_HOUR = 2
    assert api_client.post(REQUEST, {"phone": "010-1111-0001"}).status_code == 202
    assert api_client.post(REQUEST, {"phone": "010-1111-0002"}).status_code == 202
    response = api_client.post(REQUEST, {"phone": "010-1111-0003"})
    assert response.status_code == 429
    assert response.json()["code"] == "accounts.otp_rate_limited"
    assert response.json()["extra"]["retry_after"] > 0
    other_ip = api_client.post(REQUEST, {"phone": "010-1111-0003"}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 202


def test_rate_limited_message_in_english(api_client, sms_outbox, settings):
    settings.OTP_PER_PHONE_PER_HOUR = 1
    api_client.post(REQUEST, {"phone": PHONE})
    response = api_client.post(REQUEST, {"phone": PHONE}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "Too many codes were requested. Please try again later."


def test_wrong_code_message_in_korean_and_english(api_client, sms_outbox, last_code):
    UserFactory(phone=PHONE)
    api_client.post(REQUEST, {"phone": PHONE})
    wrong = f"{(int(last_code(PHONE)) + 1) % 1_000_000:06d}"
    ko = api_client.post(VERIFY, {"phone": PHONE, "code": wrong}).json()
    en = api_client.post(VERIFY, {"phone": PHONE, "code": wrong}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert ko["message"] == "인증번호가 올바르지 않습니다."
    assert en["message"] == "The code is not correct."


def test_malformed_input_is_a_field_error(api_client, sms_outbox):
    response = api_client.post(VERIFY, {"phone": PHONE, "code": "12ab", "consents": ["nope"]})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["extra"]["fields"]) == {"code", "consents"}


def test_session_login_for_the_web_client(api_client, signup):
    response = signup(PHONE, session=True)
    assert response.status_code == 200
    assert "sessionid" in response.cookies
    me = api_client.get("/api/v1/accounts/me/")
    assert me.status_code == 200
    assert me.json()["phone"] == PHONE


def test_disabled_account_cannot_log_in(api_client, sms_outbox, last_code):
    UserFactory(phone=PHONE, is_active=False)
    api_client.post(REQUEST, {"phone": PHONE})
    response = api_client.post(VERIFY, {"phone": PHONE, "code": last_code(PHONE)})
    assert response.status_code == 403
    assert response.json()["code"] == "accounts.account_disabled"


def test_behind_a_load_balancer_the_limit_is_per_client_ip(api_client, sms_outbox, settings):
    settings.OTP_PER_IP_PER_HOUR = 1
    # DRF reloads its settings on setting_changed, so this reaches the shared client-IP rule
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def send(phone, ip):
        return api_client.post(REQUEST, {"phone": phone}, HTTP_X_FORWARDED_FOR=ip).status_code

    first = send("010-1111-0004", "203.0.113.7")
    other_client = send("010-1111-0005", "203.0.113.8")
    same_client = send("010-1111-0006", "203.0.113.7")
    assert (first, other_client, same_client) == (202, 202, 429)


def test_with_no_proxy_configured_a_forged_forwarded_for_is_ignored(
    api_client, sms_outbox, settings
):
    """The probe: a fresh fake X-Forwarded-For per request used to reset the per-IP limit."""
    settings.OTP_PER_IP_PER_HOUR = 3
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    statuses = [
        api_client.post(
            REQUEST, {"phone": f"010-2222-{n:04d}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(5)
    ]
    assert statuses == [202, 202, 202, 429, 429]
    assert len(sms_outbox) == 3


def test_behind_two_proxies_the_second_address_from_the_right_is_the_client(
    api_client, sms_outbox, settings
):
    settings.OTP_PER_IP_PER_HOUR = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}

    def send(phone, chain):
        return api_client.post(REQUEST, {"phone": phone}, HTTP_X_FORWARDED_FOR=chain).status_code

    # whatever the client claims on the left, the address our first proxy saw is what counts
    first = send("010-3333-0001", "1.1.1.1, 203.0.113.7, 10.0.0.2")
    forged = send("010-3333-0002", "9.9.9.9, 203.0.113.7, 10.0.0.2")
    other = send("010-3333-0003", "1.1.1.1, 203.0.113.8, 10.0.0.2")
    assert (first, forged, other) == (202, 429, 202)
