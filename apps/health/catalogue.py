"""Data the app reads from files in ``apps/health/data`` (questionnaires, keyword prompts, the
symptom guide, demo hospitals, Gimhae's areas). Loaded once per process."""

from __future__ import annotations

import csv
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@cache
def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def surveys() -> dict[str, dict[str, Any]]:
    return {survey["slug"]: survey for survey in _json("surveys.json")["surveys"]}


def keyword_rules() -> list[dict[str, Any]]:
    return _json("keywords.json")["rules"]


def departments() -> dict[str, dict[str, Any]]:
    return {d["key"]: d for d in _json("symptoms.json")["departments"]}


def symptoms() -> list[dict[str, Any]]:
    return _json("symptoms.json")["symptoms"]


def hospitals() -> list[dict[str, Any]]:
    return _json("hospitals.json")["hospitals"]


@lru_cache(maxsize=1)
def areas() -> dict[str, dict[str, Any]]:
    with (DATA / "gimhae_areas.csv").open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {row["area_code"]: row for row in csv.DictReader(lines)}
