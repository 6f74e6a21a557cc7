"""Demo data of the chat app for `manage.py seed`."""

from .civic import seed as civic_seed


def run(stdout, *, reset: bool = False) -> None:
    civic_seed.run(stdout, reset=reset)
