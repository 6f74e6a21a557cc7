"""Money in Ieum is integer KRW — no floats, no minor units."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def format_krw(amount: int, language: str = "ko") -> str:
    return f"{amount:,}원" if language == "ko" else f"KRW {amount:,}"


class KrwField(models.PositiveIntegerField):
    description = _("Amount in Korean won")
