"""manage.py import_knowledge: CSV and JSON, re-import by id, empty questions, clear row errors."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.chat import retrieval
from apps.chat.models import KnowledgeEntry

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_knowledge", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_csv_without_questions_imports_and_is_answered():
    out, err = run(DATA / "knowledge_no_questions.csv")
    assert "2 created" in out and not err
    entry = KnowledgeEntry.objects.get(external_id="city-dog-licence", language="ko")
    assert entry.questions == "" and entry.status == "published"
    retrieval.clear_cache()
    assert retrieval.search("반려견 등록은 어떻게 해요", language="ko").hits[0].doc.id == (
        "city-dog-licence"
    )
    assert retrieval.search("how to register my dog", language="en").hits[0].doc.id == (
        "city-dog-licence"
    )


def test_reimport_updates_by_id_and_keeps_the_review_state(tmp_path):
    run(DATA / "knowledge_no_questions.csv")
    KnowledgeEntry.objects.filter(language="ko").update(status="draft")
    changed = tmp_path / "k.json"
    changed.write_text(
        json.dumps(
            [
                {
                    "id": "city-dog-licence",
                    "language": "ko",
                    "category": "pets",
                    "title": "반려견 등록 (개정)",
                    "question": ["강아지 등록 어디서 해요?"],
                    "answer": "새 답변",
                    "url": "",
                }
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    out, _ = run(changed)
    assert "1 updated" in out
    entry = KnowledgeEntry.objects.get(external_id="city-dog-licence", language="ko")
    assert entry.title == "반려견 등록 (개정)" and entry.answer == "새 답변"
    assert entry.questions == "강아지 등록 어디서 해요?"
    assert entry.status == "draft"
    assert KnowledgeEntry.objects.count() == 2
    out, _ = run(changed)
    assert "1 unchanged" in out


def test_bad_rows_are_reported_and_the_good_ones_imported():
    out, err = run(DATA / "knowledge_bad_rows.csv")
    assert "1 created" in out and "4 rows with errors" in out
    assert "row 2: missing id" in err
    assert "row 3: language: use ko or en ('fr')" in err
    assert "row 4: url: not a web address" in err
    assert "row 5: missing answer" in err
    assert list(KnowledgeEntry.objects.values_list("external_id", flat=True)) == ["ok-1"]


def test_draft_option_and_unreadable_files(tmp_path):
    call_command(
        "import_knowledge", str(DATA / "knowledge_no_questions.csv"), "--draft", stdout=StringIO()
    )
    assert set(KnowledgeEntry.objects.values_list("status", flat=True)) == {"draft"}
    broken = tmp_path / "x.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run(broken)
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.csv")


def test_seed_loads_the_shipped_knowledge_once():
    from apps.chat import seed

    seed.run(StringIO())
    count = KnowledgeEntry.objects.count()
    assert count == 157 + 2 * 24
    assert KnowledgeEntry.objects.filter(language="en").count() == 24
    seed.run(StringIO())
    assert KnowledgeEntry.objects.count() == count


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_export_then_import_changes_nothing(tmp_path, suffix):
    from apps.chat import seed

    seed.run(StringIO())
    path = tmp_path / f"knowledge{suffix}"
    out = StringIO()
    call_command("export_knowledge", str(path), stdout=out)
    assert "205 entries" in out.getvalue()
    out, err = run(path)
    assert "205 unchanged" in out and not err
