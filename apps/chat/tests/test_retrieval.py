"""Korean and English retrieval on fixed examples, over the knowledge Ieum ships."""

import pytest

from apps.chat import retrieval
from apps.chat.retrieval.analysis import (
    char_ngrams,
    english_words,
    korean_morphemes,
    script_of,
    synonyms,
)
from apps.chat.retrieval.engine import Doc, Index

pytestmark = pytest.mark.usefixtures("knowledge")


def test_korean_analysis_keeps_content_morphemes():
    assert korean_morphemes("대형폐기물은 어떻게 버리나요?") == ["대형", "폐기물", "버리"]
    assert "시청" in korean_morphemes("김해시청 전화번호")


def test_english_analysis_drops_stopwords_and_stems():
    assert english_words("How do I throw away the sofas?") == ["throw", "away", "sofa"]


def test_synonyms_join_spelling_and_spacing_variants():
    groups = synonyms()
    assert "syn:대형폐기물" in groups.tokens("대형 쓰레기 버리기")
    assert "syn:대형폐기물" in groups.tokens("안 쓰는 소파")
    assert "syn:bulky_waste" in groups.tokens("an old couch")


def test_character_ngrams_cover_spacing():
    assert set(char_ngrams("타고 가야")) & set(char_ngrams("타고가야"))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("김해시청 전화번호", "gimhae-city-hall"),
        ("안 쓰는 장롱은 어떻게 버려요", "gimhae-bulky-waste"),
        ("인도에 주차된 차 신고", "gimhae-illegal-parking-report"),
        ("공공자전거 빌리는 방법", "gimhae-tagogaya"),
        ("드론 연습장 예약", "gimhae-facility-booking"),
        ("기초생활수급 신청은 어디서", "gimhae-basic-livelihood"),
        ("이름의 한자를 바꾸고 싶어요", "easylaw-006"),
        ("사업자등록 없이 장사하면 어떻게 되나요", "easylaw-093"),
    ],
)
def test_korean_questions_find_their_entry_first(question, expected):
    found = retrieval.search(question, language="ko")
    assert found.language == "ko"
    assert found.hits[0].doc.id == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How do I throw away an old sofa?", "gimhae-bulky-waste"),
        ("phone number of the city hall", "gimhae-city-hall"),
        ("rent an electric bike", "gimhae-tagogaya"),
        ("my street light is broken", "gimhae-civil-request"),
    ],
)
def test_english_questions_find_their_entry_first(question, expected):
    assert retrieval.search(question, language="en").hits[0].doc.id == expected


def test_a_korean_question_on_an_english_screen_searches_korean():
    assert retrieval.search("대형폐기물 버리기", language="en").language == "ko"


def test_an_off_topic_question_has_low_confidence():
    for question in ("오늘 프로야구 경기 결과 알려줘", "What is the capital of Peru?"):
        hits = retrieval.search(question, language=script_of(question)).hits
        assert not hits or hits[0].confidence < 0.5, question


def test_an_entry_without_questions_is_still_found():
    docs = [
        Doc(
            id="a",
            language="ko",
            category="x",
            title="반려견 등록",
            answer="반려견은 등록해야 합니다.",
        ),
        Doc(
            id="b", language="ko", category="x", title="주차 요금", answer="주차 요금은 30분 500원."
        ),
    ]
    assert Index(docs, "ko").search("강아지 반려견 등록 방법")[0].doc.id == "a"


def test_only_published_and_valid_entries_answer(db):
    import datetime

    from django.utils import timezone

    from apps.chat.models import KnowledgeEntry

    KnowledgeEntry.objects.filter(external_id="gimhae-bulky-waste").update(status="draft")
    assert retrieval.search("대형폐기물 신고", language="ko").hits[0].doc.id != "gimhae-bulky-waste"
    KnowledgeEntry.objects.filter(external_id="gimhae-bulky-waste").update(
        status="published", valid_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert retrieval.search("대형폐기물 신고", language="ko").hits[0].doc.id != "gimhae-bulky-waste"


def test_dense_reranking_is_skipped_when_its_optional_package_is_missing(settings):
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is not None:
        pytest.skip("the optional dense re-ranker is installed here")
    lexical = [hit.doc.id for hit in retrieval.search("대형폐기물 신고", language="ko").hits]
    settings.CHAT_DENSE_MODEL = "snunlp/KR-SBERT-V40K-klueNLI-augSTS"
    assert [
        hit.doc.id for hit in retrieval.search("대형폐기물 신고", language="ko").hits
    ] == lexical
