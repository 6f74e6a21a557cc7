"""Right of access and erasure (PIPA): each app contributes its part through its facade.

An app registers, in its AppConfig.ready()::

    privacy.register("notifications", export=facade.user_data_export, erase=facade.user_data_erase)

``export(user) -> dict`` returns everything the app holds about the user as JSON-ready data;
``erase(user) -> None`` deletes or anonymises it, keeping only what the law requires.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PrivacySection:
    name: str
    export: Callable
    erase: Callable | None


_sections: dict[str, PrivacySection] = {}


def register(name: str, *, export: Callable, erase: Callable | None = None) -> None:
    _sections[name] = PrivacySection(name, export, erase)


def sections() -> list[PrivacySection]:
    return [_sections[name] for name in sorted(_sections)]
