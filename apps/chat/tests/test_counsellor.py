"""The counsellor's endpoints: the queue, taking a conversation, replying, closing; and who may."""

import pytest
from rest_framework.test import APIClient

from apps.accounts.tests.factories import UserFactory
from apps.chat.models import Conversation

pytestmark = pytest.mark.usefixtures("knowledge")


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def waiting_conversation(auth_client) -> str:
    body = auth_client.post(
        "/api/v1/chat/ask/", {"message": "우주선 발사 일정"}, format="json"
    ).json()
    conversation = body["conversation"]
    response = auth_client.post(f"/api/v1/chat/conversations/{conversation}/handoff/")
    assert response.status_code == 200 and response.json()["status"] == "waiting"
    return conversation


def test_queue_take_reply_close(auth_client, user, counsellor):
    conversation = waiting_conversation(auth_client)
    desk = client_for(counsellor)
    queue = desk.get("/api/v1/chat/counsellor/queue/").json()
    assert [c["id"] for c in queue] == [conversation] and not queue[0]["is_mine"]
    base = f"/api/v1/chat/counsellor/conversations/{conversation}"
    assert desk.get(f"{base}/").json()["messages"][0]["text"] == "우주선 발사 일정"
    reply = desk.post(f"{base}/reply/", {"message": "안녕하세요"}, format="json")
    assert reply.json()["code"] == "chat.not_waiting"  # take it first

    assert desk.post(f"{base}/take/").json()["status"] == "live"
    assert desk.get("/api/v1/chat/counsellor/queue/").json()[0]["is_mine"]
    assert user.notifications.filter(kind="chat").count() == 1
    message = desk.post(f"{base}/reply/", {"message": "안녕하세요, 상담원입니다."}, format="json")
    assert message.status_code == 200 and message.json()["sender"] == "counsellor"
    assert desk.post(f"{base}/reply/", {"message": " "}, format="json").status_code == 400

    # the person's next question goes to the counsellor
    relayed = auth_client.post(
        "/api/v1/chat/ask/",
        {"message": "감사합니다", "conversation": conversation},
        format="json",
    ).json()
    assert relayed["intent"] == "counsellor" and relayed["sources"] == []

    other = UserFactory()
    from apps.core.roles import Role, role_grant

    role_grant(user=other, role=Role.COUNSELLOR)
    taken = client_for(other).post(f"{base}/take/")
    assert taken.status_code == 409 and taken.json()["code"] == "chat.not_your_conversation"
    assert client_for(other).get(f"{base}/").status_code == 404

    assert desk.post(f"{base}/close/").json()["status"] == "closed"
    after = auth_client.post(
        "/api/v1/chat/ask/", {"message": "하나 더", "conversation": conversation}, format="json"
    )
    assert after.json()["code"] == "chat.conversation_closed"
    assert Conversation.objects.get(id=conversation).counsellor == counsellor


def test_only_counsellors(auth_client):
    conversation = waiting_conversation(auth_client)
    assert auth_client.get("/api/v1/chat/counsellor/queue/").status_code == 403
    path = f"/api/v1/chat/counsellor/conversations/{conversation}/take/"
    assert auth_client.post(path).status_code == 403
    assert APIClient().get("/api/v1/chat/counsellor/queue/").status_code == 401
