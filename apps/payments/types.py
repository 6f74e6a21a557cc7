from dataclasses import dataclass


@dataclass(frozen=True)
class ChargeLine:
    """One line of a charge: ``amount_krw`` is the unit amount in whole won."""

    label_ko: str
    label_en: str
    amount_krw: int
    quantity: int = 1
    reference: str = ""
