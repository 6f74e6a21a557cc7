"""FHIR R4: Patient/$everything validated with fhir.resources' R4B models plus KR Core's extra
constraints; import of a Bundle of Observations, with errors as OperationOutcomes."""

import datetime

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from apps.health import services
from apps.health.fhir import KRCORE
from apps.health.models import Measurement

from .factories import MeasurementFactory

pytestmark = pytest.mark.django_db

EVERYTHING = "/api/v1/health/fhir/Patient/$everything"
IMPORT = "/api/v1/health/fhir/Bundle"


@pytest.fixture
def full_record(user):
    services.profile_update(user=user, sex="male", area_code="4825061000")
    at = timezone.now() - datetime.timedelta(hours=1)
    MeasurementFactory(user=user, code="8480-6", value=131, unit="mm[Hg]", measured_at=at)
    MeasurementFactory(user=user, code="8462-4", value=84, unit="mm[Hg]", measured_at=at)
    MeasurementFactory(user=user, code="29463-7", value=71.5)
    MeasurementFactory(user=user, code="55423-8", value=8012, unit="{steps}")
    MeasurementFactory(user=user, code="2339-0", value=104, unit="mg/dL")
    services.record_create(user=user, kind="conditions", data={"name": "고혈압", "note": "n"})
    services.record_create(
        user=user, kind="medications", data={"name": "암로디핀", "dosage": "5mg"}
    )
    services.record_create(
        user=user, kind="allergies", data={"substance": "페니실린", "reaction": "두드러기"}
    )
    services.record_create(
        user=user,
        kind="immunisations",
        data={"vaccine": "인플루엔자", "given_on": datetime.date(2025, 10, 1)},
    )
    return user


def test_everything_is_a_valid_r4_bundle_with_every_resource_type(auth_client, full_record):
    response = auth_client.get(EVERYTHING)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    bundle = Bundle.model_validate(body)  # raises on anything invalid
    assert bundle.type == "searchset"
    kinds = [entry.resource.__resource_type__ for entry in bundle.entry]
    for kind in (
        "Patient",
        "Observation",
        "Condition",
        "MedicationStatement",
        "AllergyIntolerance",
        "Immunization",
        "Consent",
    ):
        assert kind in kinds
    panel = next(
        e["resource"]
        for e in body["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "85354-9"
    )
    assert [c["valueQuantity"]["value"] for c in panel["component"]] == [131, 84]


def test_kr_core_constraints(auth_client, full_record):
    body = auth_client.get(EVERYTHING).json()
    resources = [entry["resource"] for entry in body["entry"]]
    patient = resources[0]
    # KR Core Patient: identifier 1..*, and the profile claimed
    assert patient["meta"]["profile"] == [KRCORE + "krcore-patient"]
    assert patient["identifier"][0]["system"] and patient["identifier"][0]["value"]
    assert patient["gender"] == "male" and patient["address"][0]["country"] == "KR"
    for resource in resources:
        if resource["resourceType"] in ("Condition", "AllergyIntolerance", "Immunization"):
            expected = {
                "Condition": "krcore-condition",
                "AllergyIntolerance": "krcore-allergyintolerance",
                "Immunization": "krcore-immunization",
            }[resource["resourceType"]]
            assert resource["meta"]["profile"] == [KRCORE + expected]
        if resource["resourceType"] == "Observation":
            assert resource["status"] == "final" and resource["category"]
            assert resource["subject"]["reference"] == f"Patient/{patient['id']}"
            assert resource["effectiveDateTime"]
            for quantity in [resource.get("valueQuantity")] + [
                c["valueQuantity"] for c in resource.get("component", [])
            ]:
                if quantity:
                    assert quantity["system"] == "http://unitsofmeasure.org"
        if resource["resourceType"] == "Condition":
            assert resource["clinicalStatus"] and resource["category"]
    # every reference points into the bundle
    ids = {f"{r['resourceType']}/{r['id']}" for r in resources}
    assert f"Patient/{patient['id']}" in ids


def test_an_empty_record_is_still_a_valid_bundle(auth_client):
    body = auth_client.get(EVERYTHING).json()
    Bundle.model_validate(body)
    assert [e["resource"]["resourceType"] for e in body["entry"]] == ["Patient", "Consent"]


def test_not_logged_in_answers_an_operation_outcome(api_client):
    response = api_client.get(EVERYTHING)
    assert response.status_code == 401
    assert response.json()["resourceType"] == "OperationOutcome"


def observation(code="8867-4", value=72, unit="/min", ident="obs-1", **extra):
    return {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:watch", "value": ident}],
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "effectiveDateTime": timezone.now().isoformat(),
        "valueQuantity": {
            "value": value,
            "unit": unit,
            "system": "http://unitsofmeasure.org",
            "code": unit,
        },
        **extra,
    }


def bundle(*observations):
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": o} for o in observations],
    }


def test_import_a_bundle_of_observations_once(auth_client, user):
    body = bundle(observation(), observation(code="29463-7", value=70.2, unit="kg", ident="obs-2"))
    first = auth_client.post(IMPORT, body, format="json")
    assert first.status_code == 200, first.json()
    assert [e["response"]["status"] for e in first.json()["entry"]] == ["201 Created"] * 2
    again = auth_client.post(IMPORT, body, format="json")
    assert [e["response"]["status"] for e in again.json()["entry"]] == ["200 OK"] * 2
    assert Measurement.objects.filter(user=user, source="import").count() == 2


def test_an_implausible_observation_refuses_the_whole_bundle_as_an_operation_outcome(auth_client):
    body = bundle(observation(), observation(value=900, ident="obs-9"))
    response = auth_client.post(IMPORT, body, format="json", headers={"X-Ieum-Language": "en"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/fhir+json")
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    issue = outcome["issue"][0]
    assert issue["code"] == "invalid"
    assert issue["details"]["coding"][0]["code"] == "health.fhir_invalid"
    assert "Entry 2" in issue["diagnostics"] and "Heart rate" in issue["diagnostics"]
    assert not Measurement.objects.exists()


def test_invalid_fhir_is_refused(auth_client):
    broken = observation()
    broken["status"] = "not-a-status"
    response = auth_client.post(IMPORT, bundle(broken), format="json")
    assert response.status_code == 400
    assert response.json()["resourceType"] == "OperationOutcome"
    assert "not-a-status" not in response.json()["issue"][0]["diagnostics"]
    other = auth_client.post(IMPORT, bundle({"resourceType": "Patient"}), format="json")
    assert other.status_code == 400
    wrong_type = observation()
    wrong_type["valueQuantity"]["value"] = "seventy"
    response = auth_client.post(IMPORT, bundle(wrong_type), format="json")
    assert response.status_code == 400
    assert "valueQuantity" in response.json()["issue"][0]["diagnostics"]
    assert "seventy" not in response.json()["issue"][0]["diagnostics"]
