"""Open standards answer errors in their own shape; everything else in the envelope (docs/errors.md)."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("apps.core.tests.urls")]


def test_api_answers_the_envelope(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_gbfs_and_gtfs_rt_answer_with_the_status_and_a_line_of_text(client):
    for url in ("/gbfs/v3/no_such_feed.json", "/gtfs-rt/no-such-feed.pb"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/plain")
        assert response.content.decode() == "404 Not found.\n"


def test_open311_answers_georeport_errors(client):
    missing = client.get("/open311/v2/no-such-resource.json", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "Not found."}]

    refused = client.get("/open311/v2/probe.json", HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 400
    [error] = refused.json()
    assert error["code"] == 400 and "Idempotency-Key" in error["description"]


def test_fhir_answers_an_operation_outcome(client):
    response = client.get("/fhir/Patient/none", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/fhir+json"
    body = response.json()
    assert body["resourceType"] == "OperationOutcome"
    [issue] = body["issue"]
    assert issue["severity"] == "error" and issue["code"] == "not-found"
    assert issue["details"]["coding"][0]["code"] == "not_found"
