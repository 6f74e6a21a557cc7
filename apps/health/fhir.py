"""FHIR R4 for the member's own record: ``Patient/$everything`` as a Bundle, and import of a Bundle
of Observations. Resources follow KR Core (HL7 Korea, http://www.hl7korea.or.kr/fhir/krcore) where
it has a profile: Patient (identifier required), Condition, AllergyIntolerance, Immunization;
vital signs also claim FHIR's own vital-signs profile. Validation uses fhir.resources' R4B models,
the closest to R4 it ships (R4B changed no resource used here)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.files import private_file_url

from . import catalogue, selectors, services
from .codes import BLOOD_PRESSURE_PANEL, CODES
from .errors import HealthError
from .models import (
    Allergy,
    Condition,
    HealthDocument,
    HealthProfile,
    Immunisation,
    Measurement,
    Medication,
)

if TYPE_CHECKING:
    from apps.accounts.models import User

KRCORE = "http://www.hl7korea.or.kr/fhir/krcore/StructureDefinition/"
VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
MEMBER_SYSTEM = "https://ieum.gimhae.go.kr/fhir/sid/member"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SYSTOLIC, DIASTOLIC = "8480-6", "8462-4"
# FHIR's ObservationStatus values that carry a usable result (cancelled, entered-in-error,
# registered and unknown do not)
OBSERVATION_STATUSES = ("final", "amended", "corrected", "preliminary")


def _ref(resource_type: str, obj_id: Any) -> dict[str, str]:
    return {"reference": f"{resource_type}/{obj_id}"}


def _dt(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _quantity(code: str, value: float) -> dict[str, Any]:
    measure = CODES[code]
    return {"value": value, "unit": measure.unit_label, "system": UCUM, "code": measure.unit}


def _coding(code: str) -> dict[str, Any]:
    return {
        "coding": [{"system": LOINC, "code": code, "display": CODES[code].display}],
        "text": CODES[code].display,
    }


def patient_resource(*, user: User) -> dict[str, Any]:
    profile = HealthProfile.objects.filter(user=user).first()
    gender = {"female": "female", "male": "male"}.get(profile.sex if profile else "", "unknown")
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(user.pk),
        "meta": {"profile": [KRCORE + "krcore-patient"]},
        "identifier": [{"system": MEMBER_SYSTEM, "value": str(user.pk)}],
        "active": True,
        "gender": gender,
    }
    if user.display_name:
        resource["name"] = [{"text": user.display_name}]
    if user.phone:
        resource["telecom"] = [{"system": "phone", "value": user.phone, "use": "mobile"}]
    if user.date_of_birth:
        resource["birthDate"] = user.date_of_birth.isoformat()
    area = catalogue.areas().get(profile.area_code) if profile and profile.area_code else None
    if area:
        resource["address"] = [
            {
                "use": "home",
                "district": area["name_ko"],
                "city": "김해시",
                "state": "경상남도",
                "country": "KR",
            }
        ]
    return resource


def _category(code: str) -> list[dict[str, Any]]:
    if CODES[code].vital_sign:
        key, display = "vital-signs", "Vital Signs"
    elif code == "55423-8":
        key, display = "activity", "Activity"
    else:
        key, display = "laboratory", "Laboratory"
    return [{"coding": [{"system": OBS_CATEGORY, "code": key, "display": display}]}]


def observation_resources(*, user: User) -> list[dict[str, Any]]:
    """Blood pressure: a systolic and a diastolic reading taken at the same moment become one
    panel (85354-9) with two components, as FHIR's vital-signs profile asks."""
    patient = _ref("Patient", user.pk)
    readings = list(Measurement.objects.filter(user=user).order_by("measured_at"))
    pressures: dict[datetime.datetime, dict[str, Measurement]] = defaultdict(dict)
    for m in readings:
        if m.code in (SYSTOLIC, DIASTOLIC):
            pressures[m.measured_at][m.code] = m
    resources = []
    for m in readings:
        if m.code not in CODES:
            continue
        pair = pressures.get(m.measured_at, {})
        if m.code in (SYSTOLIC, DIASTOLIC) and len(pair) == 2:
            if m.code == DIASTOLIC:
                continue  # written with its systolic partner
            resources.append(
                {
                    "resourceType": "Observation",
                    "id": str(m.pk),
                    "meta": {"profile": [VITALSIGNS]},
                    "status": "final",
                    "category": _category(SYSTOLIC),
                    "code": {
                        "coding": [
                            {
                                "system": LOINC,
                                "code": BLOOD_PRESSURE_PANEL,
                                "display": "Blood pressure panel with all children optional",
                            }
                        ],
                        "text": "Blood pressure",
                    },
                    "subject": patient,
                    "effectiveDateTime": _dt(m.measured_at),
                    "component": [
                        {"code": _coding(c), "valueQuantity": _quantity(c, pair[c].value)}
                        for c in (SYSTOLIC, DIASTOLIC)
                    ],
                }
            )
            continue
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": str(m.pk),
            "status": "final",
            "category": _category(m.code),
            "code": _coding(m.code),
            "subject": patient,
            "effectiveDateTime": _dt(m.measured_at),
            "valueQuantity": _quantity(m.code, m.value),
        }
        if CODES[m.code].vital_sign and m.code not in (SYSTOLIC, DIASTOLIC):
            resource["meta"] = {"profile": [VITALSIGNS]}
        if m.device_name:
            resource["device"] = {"display": m.device_name}
        resources.append(resource)
    return resources


def condition_resource(c: Condition) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": str(c.pk),
        "meta": {"profile": [KRCORE + "krcore-condition"]},
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                    "code": c.status,
                }
            ]
        },
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-category",
                        "code": "problem-list-item",
                    }
                ]
            }
        ],
        "code": {"text": c.name},
        "subject": _ref("Patient", c.user_id),
        "recordedDate": _dt(c.created_at),
    }
    if c.onset:
        resource["onsetDateTime"] = c.onset.isoformat()
    if c.note:
        resource["note"] = [{"text": c.note}]
    return resource


def medication_resource(m: Medication) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": str(m.pk),
        "status": "active" if m.active else "completed",
        "medicationCodeableConcept": {"text": m.name},
        "subject": _ref("Patient", m.user_id),
        "dateAsserted": _dt(m.created_at),
    }
    if m.dosage:
        resource["dosage"] = [{"text": m.dosage}]
    return resource


def allergy_resource(a: Allergy) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "id": str(a.pk),
        "meta": {"profile": [KRCORE + "krcore-allergyintolerance"]},
        "clinicalStatus": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                    "code": "active",
                }
            ]
        },
        "criticality": a.criticality,
        "code": {"text": a.substance},
        "patient": _ref("Patient", a.user_id),
        "recordedDate": _dt(a.created_at),
    }
    if a.reaction:
        resource["reaction"] = [{"manifestation": [{"text": a.reaction}]}]
    return resource


def immunisation_resource(i: Immunisation) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Immunization",
        "id": str(i.pk),
        "meta": {"profile": [KRCORE + "krcore-immunization"]},
        "status": "completed",
        "vaccineCode": {"text": i.vaccine},
        "patient": _ref("Patient", i.user_id),
        "occurrenceDateTime": i.given_on.isoformat(),
        "primarySource": False,
    }
    if i.note:
        resource["note"] = [{"text": i.note}]
    return resource


def document_resource(d: HealthDocument) -> dict[str, Any]:
    attachment: dict[str, Any] = {"contentType": d.content_type, "title": d.title}
    url = private_file_url(field_file=d.file)
    if url:
        attachment["url"] = url
    return {
        "resourceType": "DocumentReference",
        "id": str(d.pk),
        "status": "current",
        "subject": _ref("Patient", d.user_id),
        "date": _dt(d.created_at),
        "description": d.title,
        "content": [{"attachment": attachment}],
    }


def consent_resource(*, user: User) -> dict[str, Any]:
    level = selectors.consent_level_current(user=user)
    latest = selectors.consent_history(user=user).first()
    when = latest.created_at if latest else timezone.now()
    return {
        "resourceType": "Consent",
        "id": f"sharing-{user.pk}",
        "status": "active",
        "scope": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/consentscope",
                    "code": "patient-privacy",
                }
            ]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0"}]}],
        "patient": _ref("Patient", user.pk),
        "dateTime": _dt(when),
        "policyRule": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                    "code": "OPTOUT" if level == 0 else "OPTIN",
                }
            ]
        },
        "provision": {
            "type": "deny" if level == 0 else "permit",
            "code": [
                {
                    "coding": [
                        {
                            "system": "https://ieum.gimhae.go.kr/fhir/CodeSystem/sharing-level",
                            "code": str(level),
                        }
                    ],
                    "text": f"Gimhae city sharing level {level}",
                }
            ],
        },
    }


def bundle_everything(*, user: User) -> dict[str, Any]:
    resources = [patient_resource(user=user)]
    resources += observation_resources(user=user)
    resources += [condition_resource(c) for c in Condition.objects.filter(user=user)]
    resources += [medication_resource(m) for m in Medication.objects.filter(user=user)]
    resources += [allergy_resource(a) for a in Allergy.objects.filter(user=user)]
    resources += [immunisation_resource(i) for i in Immunisation.objects.filter(user=user)]
    resources += [document_resource(d) for d in HealthDocument.objects.filter(user=user)]
    resources.append(consent_resource(user=user))
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": _dt(timezone.now()),
        "total": len(resources),
        "entry": [
            {
                "fullUrl": f"urn:uuid:{r['id']}"
                if r["resourceType"] != "Consent"
                else f"Consent/{r['id']}",
                "resource": r,
                "search": {"mode": "match" if r["resourceType"] == "Patient" else "include"},
            }
            for r in resources
        ],
    }


# --- import -------------------------------------------------------------------------------------


def _validation_message(error: Any) -> str:
    # names the place and the rule, never the value (pydantic would echo it)
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return _("The bundle is not valid FHIR R4 at %(where)s: %(rule)s") % {
        "where": where or "Bundle",
        "rule": first.get("msg", ""),
    }


def _readings_of(observation: Any, index: int) -> list[tuple[str, float, str | None]]:
    def loinc(concept: Any) -> str | None:
        for coding in (concept.coding or []) if concept else []:
            if coding.system == LOINC and coding.code:
                return coding.code
        return None

    code = loinc(observation.code)
    if code == BLOOD_PRESSURE_PANEL:
        readings = []
        for component in observation.component or []:
            c = loinc(component.code)
            q = component.valueQuantity
            if c in (SYSTOLIC, DIASTOLIC) and q is not None and q.value is not None:
                readings.append((c, float(q.value), q.code or q.unit))
        if readings:
            return readings
    q = observation.valueQuantity
    if code is None or code not in CODES or q is None or q.value is None:
        raise HealthError.fhir_invalid(
            message=_(
                "Entry %(n)d: only Observations with a LOINC code Ieum records and a "
                "valueQuantity can be imported."
            )
            % {"n": index}
        )
    return [(code, float(q.value), q.code or q.unit)]


def observations_import(*, user: User, bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """Import a Bundle of Observations, all or nothing. An Observation's ``identifier`` (system and
    value) is its idempotency key, so sending the same bundle twice stores each reading once."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation
    from pydantic import ValidationError

    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise HealthError.fhir_invalid(message=_("Send a FHIR Bundle (resourceType Bundle)."))
    try:
        parsed = Bundle.model_validate(bundle)
    except (ValidationError, ValueError, TypeError) as error:
        message = (
            _validation_message(error)
            if isinstance(error, ValidationError)
            else _("The bundle is not valid FHIR R4.")
        )
        raise HealthError.fhir_invalid(message=message) from None
    entries = parsed.entry or []
    if not entries:
        raise HealthError.fhir_invalid(message=_("The bundle has no entries."))
    if len(entries) > 500:
        raise HealthError.fhir_invalid(message=_("Send at most 500 entries in one bundle."))
    results = []
    with transaction.atomic():
        for index, entry in enumerate(entries, start=1):
            observation = entry.resource
            if not isinstance(observation, Observation):
                raise HealthError.fhir_invalid(
                    message=_("Entry %(n)d is not an Observation.") % {"n": index}
                )
            if observation.status not in OBSERVATION_STATUSES:
                raise HealthError.fhir_invalid(
                    message=_(
                        "Entry %(n)d: the status must be final, amended, corrected or preliminary."
                    )
                    % {"n": index}
                )
            when = observation.effectiveDateTime
            if not isinstance(when, datetime.datetime) or timezone.is_naive(when):
                raise HealthError.fhir_invalid(
                    message=_("Entry %(n)d needs an effectiveDateTime with a time zone.")
                    % {"n": index}
                )
            key_base = None
            for identifier in observation.identifier or []:
                if identifier.value:
                    key_base = f"fhir:{identifier.system or ''}|{identifier.value}"
                    break
            for code, value, unit in _readings_of(observation, index):
                try:
                    measurement, created = services.measurement_record(
                        user=user,
                        code=code,
                        value=value,
                        unit=unit,
                        measured_at=when,
                        source="import",
                        idempotency_key=f"{key_base}#{code}"[:255] if key_base else None,
                    )
                except HealthError as error:
                    raise HealthError.fhir_invalid(
                        message=_("Entry %(n)d: %(problem)s")
                        % {"n": index, "problem": error.message}
                    ) from None
                results.append(
                    {
                        "response": {
                            "status": "201 Created" if created else "200 OK",
                            "location": f"Observation/{measurement.pk}",
                        }
                    }
                )
    return results
