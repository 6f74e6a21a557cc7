"""김해톡톡 in the web client: a question answered live over the WebSocket with its sources as
cards, an action confirmed first, the rating, the HTTP fallback, low confidence with the hand-off,
and the screen in English."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# the server builds its search index on the first question (loads the morphological model)
SLOW = 60_000

# a WebSocket that never opens: the screen must send its questions over HTTP
NO_SOCKET = """
window.WebSocket = class {
  constructor() { this.readyState = 0; }
  addEventListener() {}
  send() {}
  close() {}
};
window.WebSocket.OPEN = 1;
"""


@pytest.fixture
def knowledge(transactional_db):
    from apps.chat import seed

    seed.run(io.StringIO())


def ask(page: Page, question: str) -> None:
    page.get_by_test_id("chat-input").fill(question)
    page.get_by_test_id("chat-send").click()


def test_a_question_is_answered_live_with_sources_an_action_and_a_rating(
    page: Page, ieum_server, knowledge, screenshots
):
    from apps.chat.models import Conversation, QuestionLog

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/services/chat")
    expect(page.get_by_role("heading", level=1)).to_have_text("김해톡톡")
    ask(page, "대형폐기물 버리는 법")
    source = page.locator("[data-testid=chat-source][data-source-id=gimhae-bulky-waste]")
    expect(source).to_be_visible(timeout=SLOW)
    expect(page.locator("[data-testid=chat-message][data-sender=bot]").last).to_contain_text(
        "대형폐기물은 배출 전에 신고"
    )
    assert QuestionLog.objects.get().channel == "ws"
    assert_accessible(page, "chat")

    page.locator("[data-testid=chat-action][data-kind=civil_request]").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    page.get_by_test_id("confirm-ok").click()
    link = page.get_by_test_id("chat-action-link")
    expect(link).to_have_attribute(
        "href",
        "/services/chat/requests/new?description=%EB%8C%80%ED%98%95%ED%8F%90%EA%B8%B0%EB%AC%BC+%EB%B2%84%EB%A6%AC%EB%8A%94+%EB%B2%95&from=chat&topic=waste",
    )

    page.get_by_test_id("rate-positive").click()
    expect(page.get_by_test_id("chat-rated")).to_be_visible()
    assert Conversation.objects.get().rating == "positive"
    page.screenshot(path=screenshots / "chat.png", full_page=True)


def test_without_a_socket_questions_go_over_http_and_low_confidence_offers_a_counsellor(
    page: Page, ieum_server, knowledge
):
    from apps.chat.models import Conversation, QuestionLog

    page.add_init_script(NO_SOCKET)
    page.goto("/services/chat")
    ask(page, "우주선 발사 일정이 궁금합니다")
    bot = page.locator("[data-testid=chat-message][data-sender=bot]").last
    expect(bot).to_contain_text("확실하지 않습니다", timeout=SLOW)
    assert QuestionLog.objects.get().channel == "http"
    page.locator("[data-testid=chat-action][data-kind=handoff]").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("chat-status")).to_have_text("상담원을 기다리는 중")
    assert Conversation.objects.get().status == "waiting"
    assert_accessible(page, "chat-handoff")


def test_chat_in_english(page: Page, ieum_server, knowledge):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    page.goto("/services/chat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gimhae TalkTalk")
    ask(page, "How do I throw away an old sofa?")
    expect(
        page.locator("[data-testid=chat-source][data-source-id=gimhae-bulky-waste]")
    ).to_contain_text("Throwing away bulky waste", timeout=SLOW)
    assert_english(page, "chat")
    assert_accessible(page, "chat-en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_a_counsellor_takes_over_and_answers_live(page: Page, ieum_server, knowledge):
    from apps.accounts.models import User
    from apps.core.roles import Role, role_grant
    from tests.e2e.helpers import e164, log_in

    page.goto("/services/chat")
    ask(page, "우주선 발사 일정이 궁금합니다")
    page.locator("[data-testid=chat-action][data-kind=handoff]").click(timeout=SLOW)
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("chat-status")).to_have_text("상담원을 기다리는 중")

    desk_context = page.context.browser.new_context(
        base_url=ieum_server.url, viewport={"width": 390, "height": 844}, locale="ko-KR"
    )
    desk = desk_context.new_page()
    log_in(desk, ieum_server, "010-5555-0714")
    role_grant(user=User.objects.get(phone=e164("010-5555-0714")), role=Role.COUNSELLOR)
    desk.goto("/services/chat/counsellor")
    item = desk.get_by_test_id("queue-item")
    expect(item).to_contain_text("우주선 발사 일정이 궁금합니다")
    assert_accessible(desk, "chat-counsellor")
    item.get_by_test_id("queue-take").click()
    expect(desk.get_by_test_id("desk")).to_be_visible()

    expect(page.get_by_test_id("chat-status")).to_have_text("상담원과 상담 중")
    reply = desk.get_by_test_id("reply-input")
    reply.fill("안녕하세요,")
    # someone else asks for a counsellor while this one types: the desk redraws its queue live
    # and the reply field keeps the focus and what was typed
    other = page.context.browser.new_context(base_url=ieum_server.url)
    asked = other.request.post(
        "/api/v1/chat/ask/", data={"message": "쓰레기 버리는 날", "language": "ko"}
    )
    assert asked.ok, asked.text()
    conversation = asked.json()["conversation"]
    waiting = other.request.post(f"/api/v1/chat/conversations/{conversation}/handoff/")
    assert waiting.ok, waiting.text()
    expect(item).to_have_count(2)
    expect(reply).to_be_focused()
    reply.press_sequentially(" 상담원입니다.")
    expect(reply).to_have_value("안녕하세요, 상담원입니다.")
    reply.press("Enter")
    other.close()
    counsellor = page.locator("[data-testid=chat-message][data-sender=counsellor]")
    expect(counsellor).to_contain_text("안녕하세요, 상담원입니다.")

    ask(page, "감사합니다")
    expect(desk.locator(".chat-bubble.user").last).to_contain_text("감사합니다")
    mine = page.locator("[data-testid=chat-message][data-sender=user]", has_text="감사합니다")
    expect(mine).to_have_count(1)
    desk_context.close()
