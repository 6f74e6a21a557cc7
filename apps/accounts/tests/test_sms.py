import hashlib
import hmac
import json

import pytest
import responses

from apps.accounts.sms import SmsMessage, SolapiSmsBackend

pytestmark = pytest.mark.django_db

SOLAPI = "https://api.solapi.com/messages/v4/send"


@pytest.fixture
def solapi(settings):
    settings.SMS_BACKEND = "apps.accounts.sms.SolapiSmsBackend"
    settings.SMS_API_KEY = "NCSTESTKEY"
    settings.SMS_API_SECRET = "topsecret"
    settings.SMS_SENDER_NUMBER = "055-330-3000"


def test_solapi_signature_is_hmac_of_date_and_salt(solapi):
    header = SolapiSmsBackend().authorization(date="2026-11-23T12:00:00Z", salt="abc123")
    expected = hmac.new(b"topsecret", b"2026-11-23T12:00:00Zabc123", hashlib.sha256).hexdigest()
    assert header == (
        "HMAC-SHA256 apiKey=NCSTESTKEY, date=2026-11-23T12:00:00Z, salt=abc123, "
        f"signature={expected}"
    )


@responses.activate
def test_otp_request_goes_through_solapi(api_client, solapi):
    responses.post(SOLAPI, json={"groupId": "G4V2026", "statusCode": "2000"}, status=200)
    response = api_client.post("/api/v1/accounts/otp/request/", {"phone": "010-1234-5678"})
    assert response.status_code == 202
    [call] = responses.calls
    assert call.request.headers["Authorization"].startswith("HMAC-SHA256 apiKey=NCSTESTKEY, date=")
    message = json.loads(call.request.body)["message"]
    assert message["to"] == "01012345678"
    assert message["from"] == "055-330-3000"
    assert message["text"].startswith("[Ieum] 인증번호 ")


@responses.activate
def test_provider_failure_is_a_503_and_does_not_use_up_the_limit(api_client, solapi):
    from apps.accounts.models import PhoneCode

    responses.post(SOLAPI, json={"errorCode": "ValidationError"}, status=400)
    response = api_client.post("/api/v1/accounts/otp/request/", {"phone": "010-1234-5678"})
    assert response.status_code == 503
    assert response.json()["code"] == "accounts.sms_failed"
    assert not PhoneCode.objects.exists()


@responses.activate
def test_backend_converts_e164_to_domestic(solapi):
    responses.post(SOLAPI, json={}, status=200)
    SolapiSmsBackend(sender="+82553303000").send(SmsMessage(to="+821099998888", text="hi"))
    message = json.loads(responses.calls[0].request.body)["message"]
    assert (message["to"], message["from"]) == ("01099998888", "0553303000")
