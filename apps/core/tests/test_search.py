from apps.core import search
from apps.core.search import SearchHit


def found(query, language):
    return [SearchHit("demo", "thing", f"{query} ({language})", "", "/services/demo", 0.5)]


def better(query, language):
    return [SearchHit("other", "thing", "best", "", "/services/other", 0.9)]


def broken(query, language):
    raise RuntimeError("down")


def test_hits_from_every_searcher_best_first_and_a_failing_one_is_left_out(monkeypatch):
    monkeypatch.setattr(search, "_searchers", {})
    search.register("demo", f"{__name__}.found")
    search.register("other", f"{__name__}.better")
    search.register("broken", f"{__name__}.broken")
    hits = search.search_all("  parking   lot ", "en")
    assert [hit.title for hit in hits] == ["best", "parking lot (en)"]
    assert search.search_all("   ", "ko") == []
