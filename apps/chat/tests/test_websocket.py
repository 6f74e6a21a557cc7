"""/ws/chat/: answers streamed (typing, pieces, answer), the hand-off to a counsellor who answers
live over the same socket, and the person told; through the real ASGI stack."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection
from django.test import override_settings
from rest_framework_simplejwt.tokens import RefreshToken

from apps.chat import services
from apps.chat.models import Conversation, QuestionLog
from config.asgi import application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("knowledge")]
ORIGIN = [(b"origin", b"http://localhost")]


async def token(user) -> str:
    return await database_sync_to_async(lambda: str(RefreshToken.for_user(user).access_token))()


async def connect(path: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=ORIGIN)
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    return communicator


async def receive_until(
    communicator, event: str, timeout: float = 10, sender: str | None = None
) -> tuple[dict, list[dict]]:
    seen = []
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        seen.append(message)
        if message["event"] == event and sender in (None, message["data"].get("sender")):
            return message, seen


async def test_an_answer_arrives_typing_then_in_pieces_then_whole():
    person = await connect("/ws/chat/")
    await person.send_json_to({"type": "ask", "message": "대형폐기물 버리는 법", "language": "ko"})
    answer, seen = await receive_until(person, "chat.answer")
    events = [m["event"] for m in seen]
    assert events[0] == "chat.typing" and events.count("chat.delta") >= 2
    streamed = "".join(m["data"]["text"] for m in seen if m["event"] == "chat.delta")
    assert streamed == answer["data"]["answer"]
    assert answer["data"]["sources"][0]["id"] == "gimhae-bulky-waste"
    assert await database_sync_to_async(QuestionLog.objects.filter(channel="ws").count)() == 1
    await person.send_json_to({"type": "ask", "message": "  ", "language": "en"})
    error, _ = await receive_until(person, "chat.error")
    assert error["data"]["code"] == "chat.message_empty"
    assert error["data"]["message"] == "Write a question first."
    await person.disconnect()


async def test_hand_off_to_a_counsellor_who_answers_live(user, counsellor):
    person = await connect(f"/ws/chat/?token={await token(user)}")
    await person.send_json_to({"type": "ask", "message": "우주선 발사 일정", "language": "ko"})
    answer, _ = await receive_until(person, "chat.answer")
    assert answer["data"]["low_confidence"]
    conversation_id = answer["data"]["conversation"]

    queue = await connect(f"/ws/chat/?role=counsellor&token={await token(counsellor)}")
    await person.send_json_to({"type": "handoff"})
    waiting, _ = await receive_until(queue, "chat.waiting")
    assert waiting["data"]["conversation"] == conversation_id
    note, _ = await receive_until(person, "chat.message")
    assert note["data"]["sender"] == "system"

    await database_sync_to_async(services.counsellor_take)(
        counsellor=counsellor, conversation_id=conversation_id
    )
    joined, _ = await receive_until(person, "chat.counsellor_joined")
    assert joined["data"]["conversation"] == conversation_id
    inbox = await database_sync_to_async(list)(user.notifications.values_list("kind", flat=True))
    assert inbox == ["chat"]

    desk = await connect(
        f"/ws/chat/?role=counsellor&conversation={conversation_id}&token={await token(counsellor)}"
    )
    await desk.send_json_to({"type": "reply", "message": "안녕하세요, 상담원입니다."})
    reply, _ = await receive_until(person, "chat.message")
    assert reply["data"]["sender"] == "counsellor"
    assert reply["data"]["text"] == "안녕하세요, 상담원입니다."

    # the person's next message goes to the counsellor, not to the chatbot
    await person.send_json_to({"type": "ask", "message": "감사합니다", "language": "ko"})
    relayed, _ = await receive_until(desk, "chat.message", sender="user")
    assert relayed["data"]["sender"] == "user" and relayed["data"]["text"] == "감사합니다"
    answer, _ = await receive_until(person, "chat.answer")
    assert answer["data"]["intent"] == "counsellor"
    for socket in (person, queue, desk):
        await socket.disconnect()


async def test_strangers_cannot_listen_or_reply(user, counsellor):
    conversation = await database_sync_to_async(Conversation.objects.create)(user=user)
    stranger = WebsocketCommunicator(
        application, f"/ws/chat/?conversation={conversation.id}", headers=ORIGIN
    )
    connected, code = await stranger.connect(timeout=10)
    assert not connected and code == 4404
    not_counsellor = WebsocketCommunicator(
        application, f"/ws/chat/?role=counsellor&token={await token(user)}", headers=ORIGIN
    )
    connected, code = await not_counsellor.connect(timeout=10)
    assert not connected and code == 4403
    # a counsellor cannot open a conversation nobody handed off
    desk = WebsocketCommunicator(
        application,
        f"/ws/chat/?role=counsellor&conversation={conversation.id}&token={await token(counsellor)}",
        headers=ORIGIN,
    )
    connected, code = await desk.connect(timeout=10)
    assert not connected and code == 4404
    owner = await connect(f"/ws/chat/?conversation={conversation.id}&token={await token(user)}")
    await owner.send_json_to({"type": "reply", "message": "hi"})
    error, _ = await receive_until(owner, "chat.error")
    assert error["data"]["code"] == "permission_denied"
    await owner.disconnect()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_two_counsellors_taking_at_once_one_wins(user, counsellor):
    from apps.accounts.tests.factories import UserFactory
    from apps.core.roles import Role, role_grant
    from apps.core.testing import run_together

    other = UserFactory()
    role_grant(user=other, role=Role.COUNSELLOR)
    conversation = Conversation.objects.create(user=user)
    services.handoff_request(user=user, conversation_id=conversation.id)
    people = iter([counsellor, other])

    def work():
        return services.counsellor_take(counsellor=next(people), conversation_id=conversation.id)

    results, failures = run_together(2, work)
    assert len(results) == 1 and failures == ["chat.not_your_conversation"]
    conversation.refresh_from_db()
    assert conversation.status == "live" and conversation.counsellor_id == results[0].counsellor_id


@override_settings(CHAT_ASK_RATE="1/min")
async def test_questions_over_the_socket_share_the_rate_limit():
    from django.core.cache import cache

    await database_sync_to_async(cache.clear)()
    person = await connect("/ws/chat/?lang=en")
    await person.send_json_to({"type": "ask", "message": "city hall phone", "language": "en"})
    await receive_until(person, "chat.answer")
    await person.send_json_to({"type": "ask", "message": "city hall phone", "language": "en"})
    error, _ = await receive_until(person, "chat.error")
    assert error["data"]["code"] == "throttled" and error["data"]["extra"]["retry_after"] >= 1
    await person.disconnect()
    await database_sync_to_async(cache.clear)()
