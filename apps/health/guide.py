"""Engagement: keyword prompts that invite to the health-behaviour survey, and the guide from
symptoms to a clinical department and nearby hospitals. Both read data files (catalogue.py); the
text a person types is matched and dropped, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language

from apps.core.geo import haversine_m

from . import catalogue

if TYPE_CHECKING:
    pass

GIMHAE_CITY_HALL = (35.2285, 128.8894)


def _lang() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Prompt:
    topic: str
    message: str
    survey: str


def keyword_prompt_match(*, text: str) -> Prompt | None:
    words = _normal(text)
    if not words:
        return None
    for rule in catalogue.keyword_rules():
        if any(keyword.lower() in words for keyword in rule["keywords"]):
            return Prompt(
                topic=rule["topic"], message=rule[f"message_{_lang()}"], survey="health_behaviour"
            )
    return None


@dataclass(frozen=True)
class DepartmentAdvice:
    key: str
    name: str
    symptoms: list[str]


@dataclass(frozen=True)
class HospitalNear:
    key: str
    name: str
    phone: str
    lat: float
    lon: float
    distance_m: int
    departments: list[str]
    is_demo: bool


@dataclass(frozen=True)
class GuideAnswer:
    departments: list[DepartmentAdvice]
    hospitals: list[HospitalNear]
    urgent: bool
    notice: str


def symptom_list() -> list[dict[str, Any]]:
    lang = _lang()
    return [{"key": s["key"], "name": s[lang]} for s in catalogue.symptoms()]


def symptoms_from_text(*, text: str) -> list[str]:
    words = _normal(text)
    return [
        s["key"]
        for s in catalogue.symptoms()
        if words and any(keyword.lower() in words for keyword in s["keywords"])
    ]


def notice_text() -> str:
    from django.utils.translation import gettext as _

    return _(
        "This guide is not a diagnosis. It only suggests which kind of clinic to ask. In an "
        "emergency call 119."
    )


def symptom_guide(
    *, symptoms: list[str], lat: float | None = None, lon: float | None = None, limit: int = 5
) -> GuideAnswer:
    lang = _lang()
    known = {s["key"]: s for s in catalogue.symptoms()}
    chosen = [known[key] for key in symptoms if key in known]
    weight: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    for symptom in chosen:
        for rank, department in enumerate(symptom["departments"]):
            weight[department] = weight.get(department, 0) + 1 / (rank + 1)
            reasons.setdefault(department, []).append(symptom[lang])
    departments = catalogue.departments()
    ranked = sorted(weight, key=lambda key: (-weight[key], key))[:3]
    advice = [
        DepartmentAdvice(key=key, name=departments[key][lang], symptoms=reasons[key])
        for key in ranked
    ]
    here = (lat, lon) if lat is not None and lon is not None else GIMHAE_CITY_HALL
    hospitals = []
    for hospital in catalogue.hospitals():
        if ranked and not set(ranked) & set(hospital["departments"]):
            continue
        hospitals.append(
            HospitalNear(
                key=hospital["key"],
                name=hospital[lang],
                phone=hospital["phone"],
                lat=hospital["lat"],
                lon=hospital["lon"],
                distance_m=int(haversine_m(here[0], here[1], hospital["lat"], hospital["lon"])),
                departments=[departments[d][lang] for d in hospital["departments"]],
                is_demo=True,
            )
        )
    hospitals.sort(key=lambda h: h.distance_m)
    return GuideAnswer(
        departments=advice,
        hospitals=hospitals[:limit],
        urgent=any(s.get("urgent") for s in chosen),
        notice=notice_text(),
    )
