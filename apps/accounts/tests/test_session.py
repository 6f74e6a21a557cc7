import pytest
from rest_framework.test import APIClient

from .factories import UserFactory


@pytest.mark.django_db
def test_the_session_endpoint_answers_200_logged_out_and_the_account_logged_in():
    client = APIClient()
    assert client.get("/api/v1/accounts/session/").json() == {"user": None}
    user = UserFactory()
    client.force_authenticate(user)
    body = client.get("/api/v1/accounts/session/").json()
    assert body["user"]["id"] == str(user.id)
