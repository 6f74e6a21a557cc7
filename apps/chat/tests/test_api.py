"""POST /api/v1/chat/ask/ and the conversation endpoints: answers with sources, low confidence,
history, deletion, ratings, actions with confirmation, staff counts, the rate limit."""

import pytest
from django.test import override_settings

from apps.accounts.tests.factories import UserFactory
from apps.chat.models import Conversation, QuestionLog
from apps.core.testing import hangul_in

pytestmark = pytest.mark.usefixtures("knowledge")
ASK = "/api/v1/chat/ask/"


def ask(client, message, language="ko", **extra):
    return client.post(ASK, {"message": message, "language": language, **extra}, format="json")


def test_anonymous_question_gets_a_curated_answer_with_its_source(api_client):
    response = ask(api_client, "대형폐기물 버리는 방법 알려주세요")
    assert response.status_code == 200
    body = response.json()
    assert body["sources"][0]["id"] == "gimhae-bulky-waste"
    assert body["answer"].startswith("가구·침대 같은 대형폐기물은")
    assert body["intent"] == "civil_request"
    assert not body["low_confidence"] and body["confidence"] >= 0.5
    assert body["conversation"] and body["sources"][0]["url"].startswith("https://")
    assert {a["kind"] for a in body["actions"]} == {"civil_request", "phone"}
    conversation = Conversation.objects.get(id=body["conversation"])
    assert conversation.user is None and conversation.messages.count() == 2


def test_english_answer_on_an_english_screen_even_for_a_korean_question(api_client):
    body = ask(api_client, "김해시청 전화번호", language="en").json()
    assert body["sources"][0]["id"] == "gimhae-city-hall"
    assert body["intent"] == "department_phone"
    assert not hangul_in(body["answer"]) and "055-330-3000" in body["answer"]
    assert body["actions"][0]["kind"] == "phone"
    assert not hangul_in(body["actions"][0]["confirm"])


def test_low_confidence_says_so_offers_closest_entries_and_a_counsellor(api_client):
    body = ask(api_client, "우주선 발사 일정이 궁금합니다", language="ko").json()
    assert body["low_confidence"] and body["intent"] == "unknown"
    assert "확실하지" in body["answer"] or "찾지 못했" in body["answer"]
    assert [a["kind"] for a in body["actions"]] == ["handoff"]
    log = QuestionLog.objects.get()
    assert not log.answered and log.text == "우주선 발사 일정이 궁금합니다"

    english = ask(api_client, "what is the airspeed of a swallow", language="en").json()
    assert english["low_confidence"] and not hangul_in(english["answer"])


def test_the_question_log_masks_phone_numbers_and_emails(api_client):
    ask(api_client, "제 번호 010-1234-5678 이메일 a.b@example.com 으로 대형폐기물 연락 주세요")
    text = QuestionLog.objects.get().text
    assert "010" not in text and "example.com" not in text
    assert "[phone]" in text and "[email]" in text


def test_bad_input_is_refused_and_nothing_is_stored(api_client):
    assert ask(api_client, "").status_code == 400
    assert ask(api_client, "x" * 501).json()["code"] == "invalid"
    assert ask(api_client, "안녕", language="fr").status_code == 400
    response = ask(api_client, "   ")
    assert response.status_code == 400
    assert not Conversation.objects.exists() and not QuestionLog.objects.exists()


def test_history_for_a_logged_in_person_and_deletion(auth_client, user, api_client):
    first = ask(auth_client, "타고가야 이용 방법").json()
    again = ask(auth_client, "요금은 얼마예요?", conversation=first["conversation"]).json()
    assert again["conversation"] == first["conversation"]
    listed = auth_client.get("/api/v1/chat/conversations/").json()["results"]
    assert [c["id"] for c in listed] == [first["conversation"]]
    detail = auth_client.get(f"/api/v1/chat/conversations/{first['conversation']}/").json()
    assert [m["sender"] for m in detail["messages"]] == ["user", "bot", "user", "bot"]

    # someone else's conversation is "not found", anonymous or logged in
    other = UserFactory()
    from rest_framework.test import APIClient

    other_client = APIClient()
    other_client.force_authenticate(other)
    for client in (api_client, other_client):
        response = client.get(f"/api/v1/chat/conversations/{first['conversation']}/")
        assert response.status_code == 404
        assert response.json()["code"] == "chat.conversation_not_found"
        assert ask(client, "질문", conversation=first["conversation"]).status_code == 404

    assert (
        auth_client.delete(f"/api/v1/chat/conversations/{first['conversation']}/").status_code
        == 204
    )
    assert not Conversation.objects.filter(user=user).exists()
    assert api_client.get("/api/v1/chat/conversations/").status_code == 401


def test_rating_a_conversation(api_client):
    conversation = ask(api_client, "주차 과태료 납부").json()["conversation"]
    url = f"/api/v1/chat/conversations/{conversation}/rating/"
    assert api_client.post(url, {"rating": "great"}, format="json").status_code == 400
    response = api_client.post(url, {"rating": "positive", "comment": "빨라요"}, format="json")
    assert response.status_code == 200 and response.json()["rating"] == "positive"
    from apps.chat import selectors

    assert selectors.satisfaction() == {"rated": 1, "positive": 1, "positive_share": 100.0}


def test_civil_request_action_hands_back_a_prefilled_link_after_confirmation(api_client):
    body = ask(api_client, "가로등이 고장났어요").json()
    assert body["intent"] == "civil_request"
    action = next(a for a in body["actions"] if a["kind"] == "civil_request")
    assert action["confirm"]
    url = f"/api/v1/chat/conversations/{body['conversation']}/actions/{action['id']}/confirm/"
    result = api_client.post(url).json()
    assert result["url"].startswith("/services/chat/requests/new?")
    assert "%EA%B0%80%EB%A1%9C%EB%93%B1" in result["url"]  # 가로등, the question, prefilled
    assert api_client.post(url).json() == result  # confirming twice changes nothing
    unknown = f"/api/v1/chat/conversations/{body['conversation']}/actions/nope/confirm/"
    assert api_client.post(unknown).json()["code"] == "chat.action_not_found"


@pytest.mark.parametrize(
    ("question", "kind", "url"),
    [
        ("드론연습장 예약하고 싶어요", "booking", "https://www.gimhae.go.kr/"),
        ("타고가야 자전거 예약", "tagogaya", "/services/bikes"),
        ("수요응답형 버스 호출", "drt", "/services/drt"),
    ],
)
def test_intents_that_link_a_screen(api_client, question, kind, url):
    body = ask(api_client, question).json()
    action = next(a for a in body["actions"] if a["kind"] == kind)
    path = f"/api/v1/chat/conversations/{body['conversation']}/actions/{action['id']}/confirm/"
    assert api_client.post(path).json()["url"] == url


def test_phone_action_shows_the_department_phone(api_client):
    body = ask(api_client, "자원순환과 연락처 알려줘 대형폐기물").json()
    assert body["intent"] == "department_phone"
    action = body["actions"][0]
    path = f"/api/v1/chat/conversations/{body['conversation']}/actions/{action['id']}/confirm/"
    result = api_client.post(path).json()
    assert result["phone"] == "055-330-3000" and result["url"] == "tel:0553303000"
    assert "자원순환과" in result["message"]


def test_staff_see_counts_per_category_and_unanswered_questions(api_client, client):
    ask(api_client, "대형폐기물 신고")
    ask(api_client, "소파 버리기")
    ask(api_client, "화성 이주 신청서")
    staff = UserFactory(is_staff=True)
    from django.contrib.auth.models import Group

    staff.groups.add(Group.objects.get_or_create(name="civil_affairs")[0])
    from rest_framework.test import APIClient

    staff_client = APIClient()
    staff_client.force_authenticate(staff)
    body = staff_client.get("/api/v1/chat/stats/").json()
    waste = next(c for c in body["categories"] if c["category"] == "waste")
    assert waste == {"category": "waste", "asked": 2, "answered": 2}
    assert [q["text"] for q in body["unanswered"]] == ["화성 이주 신청서"]
    resident = APIClient()
    resident.force_authenticate(UserFactory())
    assert resident.get("/api/v1/chat/stats/").status_code == 403


@override_settings(CHAT_ASK_RATE="2/min")
def test_questions_are_rate_limited_with_retry_after(api_client):
    from django.core.cache import cache

    cache.clear()
    assert ask(api_client, "시청 전화번호").status_code == 200
    assert ask(api_client, "시청 전화번호").status_code == 200
    response = ask(api_client, "시청 전화번호")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) >= 1
    cache.clear()


def test_admin_pages_render(admin_client):
    for url in (
        "/admin/chat/knowledgeentry/",
        "/admin/chat/questionlog/",
        "/admin/chat/unansweredquestion/",
        "/admin/chat/conversation/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_admin_publish_action_records_the_reviewer(admin_client):
    from apps.chat.models import KnowledgeEntry

    entry = KnowledgeEntry.objects.get(external_id="gimhae-drt", language="ko")
    KnowledgeEntry.objects.filter(pk=entry.pk).update(status="draft")
    response = admin_client.post(
        "/admin/chat/knowledgeentry/",
        {"action": "publish", "_selected_action": [str(entry.pk)]},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "published" and entry.reviewed_by is not None
