"""Browser tests: the real ASGI app (daphne) in a subprocess on the pytest-django test database,
driven by Debian's chromium through Playwright.

The server runs with ``config.settings.test`` and ``DATABASE_URL`` pointing at the database
pytest-django created, so data a test commits (``transactional_db``) is what the browser sees.
SMS codes are read from the server's log: the default console SMS backend logs every message.
The server inherits this run's ``IEUM_TEST_RUN_DIR`` (config/settings/test.py), so it uses the same
media directory and Redis prefixes as the tests. Screenshots go to this run's pytest temporary
directory (kept after the run; the path is printed at the end).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WEB_DIST = Path(settings.BASE_DIR) / "clients" / "web" / "dist"
STARTUP_SECONDS = 40


def _skip_reason() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (CI installs Debian's chromium; never `playwright install`)"
    if not (WEB_DIST / "index.html").exists():
        return f"the web client is not built ({WEB_DIST}); run `make client` first"
    return None


def _database_url(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    if "postgresql" in engine:
        user = quote(settings_dict.get("USER") or "", safe="")
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or "5432"
        return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
    raise RuntimeError(f"e2e tests do not know how to hand {engine} to the server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _daphne() -> list[str]:
    script = Path(sys.executable).parent / "daphne"
    return [str(script)] if script.exists() else [sys.executable, "-m", "daphne"]


SCREENSHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, request) -> Path:
    """This run's screenshot folder: under pytest's numbered base temp, so two runs never write
    over each other's pictures, and the last few runs' stay for a look afterwards."""
    path = tmp_path_factory.mktemp("screenshots", numbered=False)
    request.config.stash[SCREENSHOTS] = path
    return path


def pytest_terminal_summary(terminalreporter, config):
    path = config.stash.get(SCREENSHOTS, None)
    if path is not None:
        terminalreporter.write_line(f"browser screenshots: {path}")


@dataclass
class LiveServer:
    url: str
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def sms_code(self, phone_e164: str, *, after: int = 0, timeout: float = 10) -> str:
        """The newest 6-digit code texted to `phone_e164` since log offset `after`."""
        pattern = re.compile(rf"SMS to {re.escape(phone_e164)}: .*?(?<!\d)(\d{{6}})(?!\d)")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.log_path.open("rb") as log:
                log.seek(after)
                codes = pattern.findall(log.read().decode("utf-8", errors="replace"))
            if codes:
                return codes[-1]
            time.sleep(0.1)
        raise AssertionError(
            f"no SMS code for {phone_e164} in the server log:\n{self.log()[-3000:]}"
        )


@pytest.fixture(scope="session")
def ieum_server(django_db_setup, django_db_blocker, tmp_path_factory):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from django.db import connection

    log_path = tmp_path_factory.mktemp("ieum-e2e") / "server.log"
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DJANGO_LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("IEUM_SERVER", None)  # no periodic ticker in tests
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*_daphne(), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(url=f"http://127.0.0.1:{port}", log_path=log_path, process=process)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last = ""
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited ({server.process.returncode}):\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(exc)
        time.sleep(0.2)
    raise RuntimeError(
        f"the server was not healthy in {STARTUP_SECONDS}s ({last}):\n{server.log()}"
    )


CONSENT_DOCUMENTS = [
    # kind, required, title ko/en
    ("terms", True, "이음 서비스 이용약관", "Ieum Terms of Service"),
    ("privacy", True, "개인정보 수집·이용 동의", "Collection and use of personal information"),
    ("location", False, "위치정보 이용 동의", "Use of location information"),
    ("marketing", False, "마케팅 정보 수신 동의", "Marketing messages"),
]


@pytest.fixture
def consent_documents(transactional_db):
    """The documents shown at sign-up. A data migration seeds them, but an earlier transactional
    test's flush removes migration data (and restoring it with serialized_rollback clashes with the
    content types a flush re-creates), so they are put back here when missing."""
    from apps.accounts.models import ConsentDocument

    if not ConsentDocument.objects.exists():
        for kind, required, title_ko, title_en in CONSENT_DOCUMENTS:
            ConsentDocument.objects.create(
                kind=kind,
                version="e2e",
                required=required,
                title_ko=title_ko,
                title_en=title_en,
                body_ko=f"{title_ko} 본문",
                body_en=f"The text of: {title_en}",
            )
    return list(ConsentDocument.objects.all())


@pytest.fixture
def page(transactional_db, consent_documents, ieum_server, monkeypatch):
    """A phone-sized page on the live server, in a browser of its own.

    Playwright's sync API runs in a greenlet with its own context variables and an asyncio loop
    marked as running. Django keys its connections by context and refuses ORM calls inside a
    running loop; so the browser starts after the test database is set up and stops before it is
    flushed, ORM calls in the test body are allowed (they are plain synchronous code), and the
    connections they opened are closed before Playwright goes away.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            base_url=ieum_server.url,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="ko-KR",
        )
        context.set_default_timeout(15_000)
        yield context.new_page()
        context.close()
        browser.close()
    finally:
        connections.close_all()
        playwright.stop()
