"""Lighthouse on the web client's main screens, at Lighthouse's phone profile (a mid-range phone,
simulated slow 4G), against a server with the Gimhae demo data on a free port and a throw-away
SQLite database. Prints performance, accessibility and best-practices per screen.

    make audit            (or: python scripts/audit.py)
    IEUM_AUDIT_REPORTS=/tmp/lh make audit     (keeps each screen's full JSON report)
    IEUM_AUDIT_SCREENS="itinerary,bike map" make audit     (only those screens)
    IEUM_AUDIT_RUNS=5 make audit      (runs per screen; the table shows each category's median)

Lighthouse's scores move with the machine's speed (a shared 2-core machine here gives a
benchmarkIndex anywhere from 1,300 to 2,000 from one minute to the next), so each screen is audited
several times (3 by default) and the median is reported with the range of the machine's speed.

Needs clients/web built and its devDependencies installed (lighthouse is pinned to 12.2.3: 13 needs
Node 22) and Debian's chromium at CHROME_PATH (default /usr/bin/chromium). The ticket screen needs
a login: the script makes a demo account with a session (Django's session store, on the demo
database only) and buys one ticket through the API, as the app would.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_server import ROOT, start  # noqa: E402

WEB = ROOT / "clients" / "web"
LIGHTHOUSE = WEB / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")

SESSION_SNIPPET = """
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from apps.accounts.models import User, UserConsent
from apps.accounts.selectors import consent_documents_current
user, _ = User.objects.get_or_create(phone="+821055550999", defaults={"display_name": "Audit"})
for document in consent_documents_current():
    if document.required:
        UserConsent.objects.get_or_create(user=user, document=document, withdrawn_at=None)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.save()
print(settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""


def next_weekday_morning() -> datetime:
    day = datetime.now(ZoneInfo("Asia/Seoul")).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 8, 0, tzinfo=ZoneInfo("Asia/Seoul"))


def buy_ticket(url: str, cookie: str, at: datetime) -> str:
    """One trip ticket Bonghwang → Inje University, bought the way the app buys it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"Cookie": cookie, "Accept-Language": "ko"}
    opener.open(urllib.request.Request(f"{url}/", headers=headers)).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    cookie_header = f"{cookie}; csrftoken={csrf}"
    query = urllib.parse.urlencode(
        {"from_stop": "BGL16", "to_stop": "BGL13", "depart_at": at.isoformat()}
    )
    plan = json.load(
        opener.open(
            urllib.request.Request(
                f"{url}/api/v1/transit/plan/?{query}", headers={**headers, "Cookie": cookie_header}
            )
        )
    )
    token = plan["itineraries"][0]["fare"]["purchase_token"]
    request = urllib.request.Request(
        f"{url}/api/v1/transit/tickets/",
        data=json.dumps({"purchase_token": token}).encode(),
        method="POST",
        headers={
            **headers,
            "Cookie": cookie_header,
            "Content-Type": "application/json",
            "X-CSRFToken": csrf,
            "Idempotency-Key": str(uuid.uuid4()),
            "Referer": f"{url}/",
        },
    )
    return json.load(opener.open(request))["id"]


def lighthouse(
    url: str, out: Path, cookie: str | None, attempts: int = 3
) -> dict[str, float] | None:
    """The screen's scores; Lighthouse now and then fails to record a trace (NO_NAVSTART), so a
    failed run is tried again, and a screen that fails every time is reported as failed."""
    for _ in range(attempts):
        try:
            return lighthouse_once(url, out, cookie)
        except subprocess.CalledProcessError:
            continue
    return None


def lighthouse_once(url: str, out: Path, cookie: str | None) -> dict[str, float]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--max-wait-for-load=45000",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, cwd=WEB)
    report = json.loads(out.read_text())
    scores: dict[str, float] = {
        name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES
    }
    scores["benchmark"] = report["environment"].get("benchmarkIndex") or 0
    return scores


def median_scores(runs: list[dict[str, float]]) -> dict[str, int] | None:
    """Each category's median over the runs that finished, or None when none did."""
    if not runs:
        return None
    return {name: round(statistics.median(run[name] for run in runs)) for name in CATEGORIES}


def main() -> int:
    # IEUM_AUDIT_REPORTS=<dir> keeps each screen's full Lighthouse JSON report there
    keep = os.environ.get("IEUM_AUDIT_REPORTS")
    if not LIGHTHOUSE.exists():
        print("lighthouse is missing: cd clients/web && npm ci", file=sys.stderr)
        return 2
    if not (WEB / "dist" / "index.html").exists():
        print("the web client is not built: make client", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="ieum-audit-"))
    server = None
    try:
        url, server, env = start(workdir)
        cookie = (
            subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", SESSION_SNIPPET],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        at = next_weekday_morning()
        ticket = buy_ticket(url, cookie, at)
        local = at.strftime("%Y-%m-%dT%H:%M")
        plan = (
            f"from_stop=BGL16&from_name=%EB%B4%89%ED%99%A9%EC%97%AD&to_stop=BGL13"
            f"&to_name=%EC%9D%B8%EC%A0%9C%EB%8C%80%EC%97%AD&when=depart&at={local}"
        )
        screens = [
            ("home", "/", None),
            ("planner", f"/services/trip?{plan}", None),
            ("itinerary", f"/services/trip/itinerary?{plan}&i=0", None),
            ("ticket", f"/services/trip/tickets/{ticket}", cookie),
            ("bike map", "/services/bikes", None),
        ]
        only = {n.strip() for n in os.environ.get("IEUM_AUDIT_SCREENS", "").split(",") if n.strip()}
        runs_per_screen = max(1, int(os.environ.get("IEUM_AUDIT_RUNS", "3")))
        rows = []
        speeds: list[float] = []
        for name, path, auth in screens:
            if only and name not in only:
                continue
            runs = []
            for run in range(runs_per_screen):
                report = workdir / f"{name.replace(' ', '-')}-{run + 1}.json"
                scores = lighthouse(f"{url}{path}", report, auth)
                print(f"  {name} #{run + 1}: {scores}", file=sys.stderr, flush=True)
                if scores:
                    runs.append(scores)
                    speeds.append(scores["benchmark"])
                    if keep:
                        Path(keep).mkdir(parents=True, exist_ok=True)
                        shutil.copy(report, keep)
            rows.append((name, median_scores(runs)))
        print()
        print(
            f"Lighthouse 12.2.3, phone profile (simulated slow 4G), {CHROME}; "
            f"median of {runs_per_screen} runs per screen"
        )
        if speeds:
            print(f"machine speed (Lighthouse benchmarkIndex): {min(speeds):.0f}–{max(speeds):.0f}")
        print(f"{'screen':<12}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, medians in rows:
            cells = [str(medians[c]) if medians else "failed" for c in CATEGORIES]
            print(f"{name:<12}" + "".join(f"{cell:>16}" for cell in cells))
        return 0 if all(medians for _, medians in rows) else 1
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
