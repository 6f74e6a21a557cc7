"""An optional language model that may only *rephrase* a curated answer (off by default).

The city plan rules out generated answers: a wrong answer creates new complaints. So the model is
given one retrieved, curated answer and asked to say it more plainly for the question; it is never
asked to answer by itself. Its text is used only when it passes the guard below — every number
(phone numbers, fees, hours, dates) must already be in the curated answer, every web address too,
and it may not be much longer — otherwise the curated answer is shown as written.

Settings (config/settings/base.py): ``CHAT_LLM_ENABLED`` (False), ``CHAT_LLM_BASE_URL`` (an
OpenAI-compatible API, e.g. ``https://api.openai.com/v1`` or a local vLLM/Ollama server),
``CHAT_LLM_API_KEY``, ``CHAT_LLM_MODEL``, ``CHAT_LLM_TIMEOUT`` (seconds).
"""

from __future__ import annotations

import logging
import re

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

NUMBER = re.compile(r"\d[\d,.:\-~]*\d|\d")
ADDRESS = re.compile(r"(?:https?://|www\.)\S+")

SYSTEM_PROMPT = (
    "You rephrase an official answer of Gimhae city for a resident's question. Use only facts in "
    "the official answer; add nothing, remove no number, phone number, date, fee or link. Answer "
    "in {language}, in at most {limit} characters, plainly and politely. If the official answer "
    "does not fit the question, repeat the official answer unchanged."
)


def enabled() -> bool:
    return bool(getattr(settings, "CHAT_LLM_ENABLED", False) and settings.CHAT_LLM_BASE_URL)


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[,\s]", "", n) for n in NUMBER.findall(text)}


def guard(*, curated: str, rephrased: str) -> bool:
    """True when the rephrased text adds no number or address and is not much longer."""
    rephrased = rephrased.strip()
    if not rephrased or len(rephrased) > max(200, int(len(curated) * 1.3)):
        return False
    if not _numbers(rephrased) <= _numbers(curated):
        return False
    return set(ADDRESS.findall(rephrased)) <= set(ADDRESS.findall(curated))


def rephrase(*, question: str, curated: str, language: str) -> str | None:
    """The model's rephrasing of ``curated`` for ``question``, or None (off, failed, or refused by
    the guard) — the caller then shows the curated answer."""
    if not enabled():
        return None
    limit = max(200, int(len(curated) * 1.2))
    try:
        response = requests.post(
            settings.CHAT_LLM_BASE_URL.rstrip("/") + "/chat/completions",
            headers={"Authorization": f"Bearer {settings.CHAT_LLM_API_KEY}"},
            json={
                "model": settings.CHAT_LLM_MODEL,
                "temperature": 0,
                "messages": [
                    {
                        "role": "system",
                        "content": SYSTEM_PROMPT.format(
                            language="Korean" if language == "ko" else "English", limit=limit
                        ),
                    },
                    {
                        "role": "user",
                        "content": f"Question: {question}\n\nOfficial answer: {curated}",
                    },
                ],
            },
            timeout=getattr(settings, "CHAT_LLM_TIMEOUT", 5),
        )
        response.raise_for_status()
        text = str(response.json()["choices"][0]["message"]["content"]).strip()
    except (requests.RequestException, KeyError, IndexError, TypeError, ValueError):
        logger.warning("chat LLM: no rephrasing, the curated answer is shown", exc_info=True)
        return None
    if not guard(curated=curated, rephrased=text):
        logger.info("chat LLM: rephrasing refused by the guard")
        return None
    return text
