"""The optional language model: off by default; on, it may only reword the curated answer (a
recorded OpenAI-compatible response), and anything it adds is refused by the guard."""

import json

import pytest
import responses
from django.test import override_settings

from apps.chat import llm

pytestmark = pytest.mark.usefixtures("knowledge")

BASE = "https://llm.example.test/v1"
ON = {
    "CHAT_LLM_ENABLED": True,
    "CHAT_LLM_BASE_URL": BASE,
    "CHAT_LLM_API_KEY": "test-key",
    "CHAT_LLM_MODEL": "test-model",
}
# recorded from an OpenAI-compatible /chat/completions answer (ids shortened)
RECORDED = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1764547200,
    "model": "test-model",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "김해시청 대표 전화는 055-330-3000이에요. 평일 09:00~18:00에 받습니다. "
                "주소는 김해대로 2401(부원동)이고 부원역에서 걸어서 5분이에요.",
            },
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 180, "completion_tokens": 60, "total_tokens": 240},
}


def ask(client, message):
    return client.post("/api/v1/chat/ask/", {"message": message, "language": "ko"}, format="json")


@responses.activate
def test_off_by_default_the_curated_answer_is_shown_and_nothing_is_called(api_client):
    body = ask(api_client, "김해시청 전화번호").json()
    assert not body["rephrased"]
    assert body["answer"].startswith("김해시청 대표 전화는 055-330-3000입니다")
    assert len(responses.calls) == 0


@responses.activate
@override_settings(**ON)
def test_on_the_model_rewords_the_retrieved_answer_only(api_client):
    responses.post(f"{BASE}/chat/completions", json=RECORDED)
    body = ask(api_client, "김해시청 전화번호")
    body = body.json()
    assert body["rephrased"]
    assert body["answer"] == RECORDED["choices"][0]["message"]["content"]
    assert body["sources"][0]["id"] == "gimhae-city-hall"
    sent = json.loads(responses.calls[0].request.body)
    assert sent["model"] == "test-model" and sent["temperature"] == 0
    assert (
        "Official answer: 김해시청 대표 전화는 055-330-3000입니다" in sent["messages"][1]["content"]
    )
    assert responses.calls[0].request.headers["Authorization"] == "Bearer test-key"


@responses.activate
@override_settings(**ON)
def test_a_rewording_that_adds_a_number_is_refused(api_client):
    invented = json.loads(json.dumps(RECORDED))
    invented["choices"][0]["message"]["content"] = "시청 전화는 055-999-1234입니다."
    responses.post(f"{BASE}/chat/completions", json=invented)
    body = ask(api_client, "김해시청 전화번호").json()
    assert not body["rephrased"] and "055-330-3000" in body["answer"]


@responses.activate
@override_settings(**ON)
def test_a_failing_model_falls_back_to_the_curated_answer(api_client):
    responses.post(f"{BASE}/chat/completions", status=503)
    body = ask(api_client, "김해시청 전화번호").json()
    assert not body["rephrased"] and body["answer"].startswith("김해시청 대표 전화는")


@responses.activate
@override_settings(**ON)
def test_the_model_is_never_asked_when_no_answer_was_found(api_client):
    body = ask(api_client, "우주선 발사 일정이 궁금합니다").json()
    assert body["low_confidence"] and len(responses.calls) == 0


def test_guard():
    curated = "요금은 30분 500원, 문의 055-330-3000, https://www.gimhae.go.kr/"
    assert llm.guard(curated=curated, rephrased="30분에 500원이에요. 문의: 055-330-3000")
    assert not llm.guard(curated=curated, rephrased="30분에 700원이에요.")
    assert not llm.guard(curated=curated, rephrased="자세히는 https://evil.example/ 참고")
    assert not llm.guard(curated=curated, rephrased="")
