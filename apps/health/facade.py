"""What other apps may call: the home search, and the privacy pair (export, erase).

Health data leaves this app only here and through the city-sharing export (sharing.py), which
checks each member's current consent level."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from apps.core.search import SearchHit

from . import catalogue, fhir, guide, selectors
from .models import (
    Allergy,
    Condition,
    ContentUse,
    HealthAccessEvent,
    HealthDocument,
    HealthNote,
    HealthProfile,
    Immunisation,
    Measurement,
    Medication,
    Participation,
    ShareLink,
    SurveyResponse,
)

if TYPE_CHECKING:
    from apps.accounts.models import User


def search(query: str, language: str) -> list[SearchHit]:
    """The home search box: clinical departments by symptom or department name, the survey."""
    lang = "en" if language.startswith("en") else "ko"
    words = " ".join(query.lower().split())
    if not words:
        return []
    hits: list[SearchHit] = []
    departments = catalogue.departments()
    for symptom in catalogue.symptoms():
        names = [symptom["ko"].lower(), symptom["en"].lower(), *symptom["keywords"]]
        if any(words in name.lower() or name.lower() in words for name in names if name):
            first = departments[symptom["departments"][0]]
            hits.append(
                SearchHit(
                    service="health",
                    kind="symptom",
                    title=symptom[lang],
                    subtitle=first[lang],
                    path=f"/services/health/guide?symptom={symptom['key']}",
                    score=0.7,
                )
            )
    for department in departments.values():
        if words in department["ko"].lower() or words in department["en"].lower():
            hits.append(
                SearchHit(
                    service="health",
                    kind="department",
                    title=department[lang],
                    subtitle="증상 안내" if lang == "ko" else "Symptom guide",
                    path="/services/health/guide",
                    score=0.6,
                )
            )
    if guide.keyword_prompt_match(text=words) is not None:
        survey = catalogue.surveys()["health_behaviour"]
        hits.append(
            SearchHit(
                service="health",
                kind="survey",
                title=survey[f"title_{lang}"],
                subtitle=survey[f"intro_{lang}"],
                path="/services/health/survey",
                score=0.8,
            )
        )
    return hits[:10]


# --- Privacy (registered with apps.core.privacy in AppConfig.ready) -------------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    """Everything: the FHIR bundle (the portable copy) plus what FHIR has no place for."""
    profile = HealthProfile.objects.filter(user=user).first()
    return {
        "fhir_bundle": fhir.bundle_everything(user=user),
        "profile": {
            "sex": profile.sex if profile else None,
            "area_code": profile.area_code if profile else None,
        },
        "consent_records": [
            {"level": r.level, "source": r.source, "at": r.created_at.isoformat()}
            for r in selectors.consent_history(user=user)
        ],
        "measurements": [
            {
                "code": m.code,
                "value": m.value,
                "unit": m.unit,
                "measured_at": m.measured_at.isoformat(),
                "source": m.source,
                "device": m.device_name,
            }
            for m in Measurement.objects.filter(user=user).order_by("measured_at")
        ],
        "notes": [
            {"text": n.text, "created_at": n.created_at.isoformat()}
            for n in HealthNote.objects.filter(user=user)
        ],
        "survey_responses": [
            {
                "survey": r.survey,
                "answers": json.loads(r.answers),
                "score": r.score,
                "band": r.band,
                "at": r.created_at.isoformat(),
            }
            for r in SurveyResponse.objects.filter(user=user)
        ],
        "content_used": [
            {"content": u.content, "on": u.used_on.isoformat(), "level": u.level_at_use}
            for u in ContentUse.objects.filter(user=user)
        ],
        "share_links": [
            {
                "label": s.label,
                "created_at": s.created_at.isoformat(),
                "expires_at": s.expires_at.isoformat(),
                "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
                "views": s.views,
            }
            for s in ShareLink.objects.filter(user=user)
        ],
        "programmes": [
            {"programme": p.programme.code, "joined_on": p.joined_on.isoformat()}
            for p in Participation.objects.filter(user=user).select_related("programme")
        ],
        "access_log": [
            {
                "by": e.actor_kind,
                "who": e.actor_label,
                "what": e.what,
                "purpose": e.purpose,
                "at": e.at.isoformat(),
            }
            for e in HealthAccessEvent.objects.filter(owner=user)
        ],
    }


def user_data_erase(user: User) -> None:
    """Retention: health data is kept while the account lives and erased with it. The consent
    ledger stays (proof of what was shared when) attached to the anonymised account."""
    for document in HealthDocument.objects.filter(user=user).exclude(file=""):
        document.file.delete(save=False)
    HealthAccessEvent.objects.filter(owner=user).delete()
    for model in (
        HealthDocument,
        Measurement,
        HealthNote,
        SurveyResponse,
        ContentUse,
        ShareLink,
        Participation,
        Condition,
        Medication,
        Allergy,
        Immunisation,
    ):
        model._default_manager.filter(user=user).delete()
    HealthProfile.objects.filter(user=user).delete()
