"""What Ieum measures: LOINC codes with their UCUM units and plausibility ranges.

The ranges reject values no living person (or a correctly worn device) produces, such as a weight of
0 kg or a temperature of 60 °C; they are deliberately wide and say nothing about what is healthy.
Units other than the canonical one are converted when the conversion is exact (lb → kg, °F → °C,
mmol/L → mg/dL for glucose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MeasureCode:
    loinc: str
    key: str
    display: str  # LOINC's English display (used in FHIR)
    label: object  # translated label (lazy)
    unit: str  # canonical UCUM unit
    unit_label: str
    minimum: float
    maximum: float
    decimals: int
    conversions: dict[str, Callable[[float], float]] = field(default_factory=dict)
    vital_sign: bool = True


def _lb(value: float) -> float:
    return value * 0.45359237


def _fahrenheit(value: float) -> float:
    return (value - 32) * 5 / 9


def _inch(value: float) -> float:
    return value * 2.54


def _glucose_mmol(value: float) -> float:
    return value * 18.016


CODES: dict[str, MeasureCode] = {
    c.loinc: c
    for c in (
        MeasureCode(
            "8480-6",
            "bp_systolic",
            "Systolic blood pressure",
            _("Systolic blood pressure"),
            "mm[Hg]",
            "mmHg",
            50,
            260,
            0,
        ),
        MeasureCode(
            "8462-4",
            "bp_diastolic",
            "Diastolic blood pressure",
            _("Diastolic blood pressure"),
            "mm[Hg]",
            "mmHg",
            30,
            160,
            0,
        ),
        MeasureCode(
            "8867-4", "heart_rate", "Heart rate", _("Heart rate"), "/min", "bpm", 25, 250, 0
        ),
        MeasureCode(
            "29463-7",
            "weight",
            "Body weight",
            _("Body weight"),
            "kg",
            "kg",
            1,
            350,
            1,
            {"[lb_av]": _lb},
        ),
        MeasureCode(
            "8302-2",
            "height",
            "Body height",
            _("Body height"),
            "cm",
            "cm",
            30,
            250,
            1,
            {"[in_i]": _inch},
        ),
        MeasureCode(
            "39156-5",
            "bmi",
            "Body mass index (BMI) [Ratio]",
            _("Body mass index"),
            "kg/m2",
            "kg/m²",
            8,
            80,
            1,
        ),
        MeasureCode(
            "41982-0",
            "body_fat",
            "Percentage of body fat Measured",
            _("Body fat"),
            "%",
            "%",
            2,
            75,
            1,
        ),
        MeasureCode(
            "8310-5",
            "temperature",
            "Body temperature",
            _("Body temperature"),
            "Cel",
            "°C",
            30,
            45,
            1,
            {"[degF]": _fahrenheit},
        ),
        MeasureCode(
            "2339-0",
            "glucose",
            "Glucose [Mass/volume] in Blood",
            _("Blood glucose"),
            "mg/dL",
            "mg/dL",
            20,
            800,
            0,
            {"mmol/L": _glucose_mmol},
            vital_sign=False,
        ),
        MeasureCode(
            "59408-5",
            "spo2",
            "Oxygen saturation in Arterial blood by Pulse oximetry",
            _("Oxygen saturation"),
            "%",
            "%",
            50,
            100,
            0,
        ),
        MeasureCode(
            "55423-8",
            "steps",
            "Number of steps in unspecified time Pedometer",
            _("Steps"),
            "{steps}",
            "steps",
            0,
            100000,
            0,
            vital_sign=False,
        ),
    )
}

BY_KEY = {c.key: c for c in CODES.values()}

# A blood-pressure reading is one FHIR Observation (85354-9) with two components.
BLOOD_PRESSURE_PANEL = "85354-9"


def code_get(code: str) -> MeasureCode | None:
    return CODES.get(code) or BY_KEY.get(code)
