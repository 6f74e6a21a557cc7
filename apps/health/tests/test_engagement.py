"""Keyword prompts, the health-behaviour survey (questionnaire as data, scored with advice) and the
symptom → department guide with nearby hospitals, always with its "not a diagnosis" notice."""

import pytest

from apps.core import search
from apps.core.testing import hangul_in
from apps.health import catalogue, facade
from apps.health.models import ContentUse, SurveyResponse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("요즘 체중 증가가 걱정돼요", "weight"),
        ("I want to quit smoking", "smoking"),
        ("우울해요", "mood"),
        ("Obesity in children", "weight"),
    ],
)
def test_keywords_invite_to_the_survey(client, text, topic):
    body = client.post(
        "/api/v1/health/prompts/", {"text": text}, content_type="application/json"
    ).json()
    assert body["matched"] is True and body["topic"] == topic
    assert body["survey"] == "health_behaviour"


def test_other_text_does_not(client):
    body = client.post(
        "/api/v1/health/prompts/", {"text": "bus times"}, content_type="application/json"
    ).json()
    assert body == {"matched": False, "topic": None, "message": None, "survey": None}


def test_the_survey_comes_in_both_languages(client):
    ko = client.get(
        "/api/v1/health/surveys/health_behaviour/", headers={"Accept-Language": "ko"}
    ).json()
    en = client.get(
        "/api/v1/health/surveys/health_behaviour/", headers={"X-Ieum-Language": "en"}
    ).json()
    assert len(ko["questions"]) == len(en["questions"]) == 8
    assert not hangul_in(en)
    assert client.get("/api/v1/health/surveys/nope/").status_code == 404


def _answers(choice_index):
    survey = catalogue.surveys()["health_behaviour"]
    return {
        q["key"]: q["options"][min(choice_index, len(q["options"]) - 1)]["value"]
        for q in survey["questions"]
    }


def test_answers_are_scored_with_advice(auth_client, user):
    url = "/api/v1/health/surveys/health_behaviour/responses/"
    healthy = auth_client.post(
        url, {"answers": _answers(0)}, format="json", headers={"X-Ieum-Language": "en"}
    ).json()
    assert healthy["score"] == 0 and healthy["band"] == "good" and healthy["area_advice"] == []
    risky = auth_client.post(
        url, {"answers": _answers(3)}, format="json", headers={"X-Ieum-Language": "en"}
    ).json()
    assert risky["band"] == "act" and risky["max_score"] == 23
    assert any("Smoking" in advice for advice in risky["area_advice"])
    assert SurveyResponse.objects.filter(user=user).count() == 2
    assert ContentUse.objects.filter(user=user, content="survey").exists()
    missing = auth_client.post(url, {"answers": {"smoking": "never"}}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "health.survey_answer_invalid"


def test_the_guide_names_a_department_and_nearby_demo_hospitals_with_its_notice(client):
    body = client.post(
        "/api/v1/health/guide/",
        {"symptoms": ["back_pain"], "lat": 35.2262, "lon": 128.9010},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    ).json()
    assert body["departments"][0]["key"] == "orthopaedics"
    assert body["hospitals"][0]["key"] == "demo-hwalcheon-ortho"
    assert all(h["is_demo"] for h in body["hospitals"])
    assert "not a diagnosis" in body["notice"]
    assert body["urgent"] is False


def test_the_guide_reads_free_text_and_flags_urgent_symptoms(client):
    body = client.post(
        "/api/v1/health/guide/",
        {"text": "가슴이 아프고 숨이 차요"},
        content_type="application/json",
    ).json()
    assert body["urgent"] is True and body["departments"][0]["key"] == "emergency"
    assert "119" in body["notice"]


def test_home_search_finds_departments_and_the_survey():
    assert "health" in search.registered()
    hits = facade.search("허리", "ko")
    assert hits and hits[0].service == "health" and hits[0].title == "허리 통증"
    assert any(h.kind == "survey" for h in facade.search("smoking", "en"))
    assert facade.search("", "en") == []
