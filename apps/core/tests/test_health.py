import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_when_a_component_is_down(client, monkeypatch):
    from apps.core import health

    def broken():
        raise ConnectionError("cache unreachable")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError: cache unreachable",
    }
