"""`make bench`: the transit planner in process and over HTTP, on the Cairns and Caltrain feeds.

1. A throw-away database: on SQLite by default (a file in a temporary folder); when DATABASE_URL
   is set, on PostgreSQL, in a test database made beside it (``test_<name>_<token>``, as the test
   suite does) and dropped at the end. apps/transit/tests/data/cairns_gtfs.zip and
   caltrain-2017-07-24.zip are imported into it (import times printed).
2. Per feed, 200 random stop-to-stop queries (fixed seed, departures 07:00–19:00 on a Monday), timed
   side by side:
   - the planner in process (``plan()``: earliest arrival, Pareto alternatives, itineraries) — the
     yardstick;
   - the view's other stages in process (feed lookup, fares and purchase tokens, serialising and
     rendering JSON) and the database queries one request makes;
   - Django's test client (middleware and DRF, no server);
   - ``GET /api/v1/transit/plan/`` over HTTP to a real server: daphne on a free loopback port,
     started as the browser tests start it (tests/e2e/conftest.py), on the same database, one
     kept-alive connection, after warm-up requests (the server builds its own timetable);
   and the ratio HTTP / in-process planner at p50 and p95 (target: p50 within 1.5×).
3. On Cairns: the planner's earliest arrivals against the independent connection scan in
   apps/transit/tests/reference.py, every returned itinerary replayed against the stored timetable,
   and the same queries with PyPI `pyraptor` (installed into its own virtualenv: it pins pandas<2,
   which does not import with the project's numpy 2), on a copy of the feed converted to what it
   needs; both planners then use pyraptor's transfer model — change vehicles only at the same stop,
   no walking, no slack, at most 5 vehicles — and every disagreement is listed and explained.
   BENCH_PYRAPTOR=0 skips pyraptor (a few minutes).
Times are printed, never asserted: this is a measurement, and it fails nothing.
"""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="ieum-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["IEUM_TEST_SQLITE"] = str(WORK / "bench.sqlite3")  # the test database on SQLite
os.environ.pop("REDIS_URL", None)  # local-memory cache and channel layer, in both processes

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected static here

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import translation  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from apps.transit import selectors  # noqa: E402
from apps.transit.api.views import trip_plan_output  # noqa: E402
from apps.transit.fares.quote import itineraries_price  # noqa: E402
from apps.transit.planner.plan import (  # noqa: E402
    Options,
    Place,
    default_options,
    earliest_arrival,
    plan,
)
from apps.transit.planner.timetable import Timetable, timetable_for  # noqa: E402
from apps.transit.services.gtfs_import import feed_import  # noqa: E402
from apps.transit.tests.reference import ReferencePlanner  # noqa: E402

DATA = ROOT / "apps" / "transit" / "tests" / "data"
FEED_ZIP = DATA / "cairns_gtfs.zip"
DAY = date(2014, 6, 2)
QUERIES = 200
SEED = 20140602
WARM_UP = 10  # requests per feed and path before timing
PYRAPTOR_ROUNDS = 5
PYRAPTOR_VENV = Path(
    os.environ.get("BENCH_PYRAPTOR_VENV", Path.home() / ".cache" / "ieum" / "pyraptor-venv")
)
SERVER_STARTUP_S = 60
RENDERER = JSONRenderer()


@dataclass
class FeedBench:
    name: str  # the feed's name in the database (also the API's ``feed`` parameter)
    zip: Path
    day: date
    seed: int
    queries: list[tuple[str, str, datetime, int]] = field(default_factory=list)
    tt: Timetable | None = None
    times: dict[str, list[float]] = field(default_factory=dict)
    queries_per_request: int = 0
    priced: int = 0


FEEDS = [
    FeedBench("bench-cairns", FEED_ZIP, DAY, SEED),
    # Caltrain prices in USD with GTFS fares v1, so the HTTP path includes fares and tokens
    FeedBench("bench-caltrain", DATA / "caltrain-2017-07-24.zip", date(2017, 7, 24), SEED + 1),
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def make_queries(fb: FeedBench) -> None:
    tt = fb.tt
    rng = random.Random(fb.seed)
    stops = [s for i, s in enumerate(tt.stop_ids) if tt.stop_type[i] == 0]
    for _ in range(QUERIES):
        a, b = rng.sample(stops, 2)
        seconds = rng.randint(7 * 3600, 19 * 3600)
        when = datetime(fb.day.year, fb.day.month, fb.day.day, tzinfo=tt.tz) + timedelta(
            seconds=seconds
        )
        fb.queries.append((a, b, when, seconds))


def params(fb: FeedBench, a: str, b: str, when: datetime) -> dict:
    return {"from_stop": a, "to_stop": b, "depart_at": when.isoformat(), "feed": fb.name}


# --- in process ---------------------------------------------------------------------------------


def view_stages(fb: FeedBench, a: str, b: str, when: datetime, timings: dict) -> None:
    """What TripPlanView does, stage by stage, minus HTTP (queries counted)."""
    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        feed = selectors.feed_get_live(name=fb.name)
        t1 = time.perf_counter()
        its = selectors.trip_plan(
            feed=feed, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when
        )
        t2 = time.perf_counter()
        its = itineraries_price(feed=feed, itineraries=its)
        t3 = time.perf_counter()
        RENDERER.render(trip_plan_output(feed=feed, itineraries=its))
        t4 = time.perf_counter()
    for key, seconds in (
        ("stage:feed", t1 - t0),
        ("stage:plan", t2 - t1),
        ("stage:fares", t3 - t2),
        ("stage:serialise", t4 - t3),
        ("pipeline", t4 - t0),
    ):
        timings.setdefault(key, []).append(seconds)
    fb.queries_per_request = len(queries)
    fb.priced += sum(1 for it in its if it.get("fare"))


def bench_feed(fb: FeedBench, server: Server) -> None:
    """Each query through every path in turn, so a busy moment of the machine (other processes
    share its two cores) falls on all paths alike and the ratios stay comparable."""
    options = default_options()
    client = Client()
    paths = [
        "/api/v1/transit/plan/?" + urlencode(params(fb, a, b, when))
        for a, b, when, _s in fb.queries
    ]
    for path in paths[:WARM_UP]:  # the server builds its timetable and fare tables on the first
        server.get(path)
        client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    t = fb.times
    with translation.override("en"):
        for (a, b, when, _s), path in zip(fb.queries, paths, strict=True):
            started, cpu = time.perf_counter(), time.thread_time()
            plan(
                fb.tt,
                origin=Place(stop_id=a),
                destination=Place(stop_id=b),
                when=when,
                options=options,
            )
            t.setdefault("planner", []).append(time.perf_counter() - started)
            t.setdefault("cpu:planner", []).append(time.thread_time() - cpu)
            view_stages(fb, a, b, when, t)
            started = time.perf_counter()
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
            t.setdefault("test client", []).append(time.perf_counter() - started)
            assert response.status_code == 200, response.content[:300]
            cpu = server.cpu_seconds()
            started = time.perf_counter()
            status, body = server.get(path)
            t.setdefault("http", []).append(time.perf_counter() - started)
            t.setdefault("cpu:http", []).append(server.cpu_seconds() - cpu)
            assert status == 200, body[:300]


# --- over HTTP: daphne on loopback ----------------------------------------------------------------


def database_url(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """daphne serving config.asgi on a loopback port, on the bench's database."""

    def __init__(self) -> None:
        self.port = free_port()
        self.log_path = WORK / "daphne.log"
        daphne = Path(sys.executable).parent / "daphne"
        command = [str(daphne)] if daphne.exists() else [sys.executable, "-m", "daphne"]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(connection.settings_dict),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("IEUM_SERVER", None)  # no periodic ticker
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [*command, "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.conn: http.client.HTTPConnection | None = None
        deadline = time.monotonic() + SERVER_STARTUP_S
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, _body = self.get("/healthz")
                if status == 200:
                    return
            except OSError:
                self.conn = None
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"daphne not healthy:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.conn.request("GET", path, headers={"Accept-Language": "en"})
        response = self.conn.getresponse()
        body = response.read()
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, body

    def cpu_seconds(self) -> float:
        """CPU time the server process has used (all its threads), from /proc: unlike wall
        time, it does not grow when other processes keep the machine's cores busy."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- report ---------------------------------------------------------------------------------------


def report(fb: FeedBench) -> None:
    t = fb.times

    def row(label: str, key: str, note: str = "") -> None:
        v = t[key]
        print(f"  {label:44} {ms(pct(v, 50))} {ms(pct(v, 95))} {ms(max(v))}   {note}")

    tt = fb.tt
    print()
    print(
        f"{fb.name.removeprefix('bench-')}: {len(tt.stop_ids)} stops, {len(fb.queries)} queries, "
        f"departures 07:00–19:00 on {fb.day:%A %Y-%m-%d}"
    )
    print(f"  {'':44} {'p50':>11} {'p95':>11} {'max':>11}")
    row("in process: planner plan() (A)", "planner", "p95 < 20 ms")
    row("  view stage: feed lookup", "stage:feed")
    row("  view stage: trip_plan (the planner)", "stage:plan")
    row("  view stage: fares + purchase tokens", "stage:fares")
    row("  view stage: serialise + render JSON", "stage:serialise")
    row("in process: the view's stages together", "pipeline")
    row("Django test client (no server)", "test client")
    row("HTTP GET via daphne on 127.0.0.1 (B)", "http", "p95 < 50 ms")
    p50 = pct(t["http"], 50) / pct(t["planner"], 50)
    p95 = pct(t["http"], 95) / pct(t["planner"], 95)
    print(f"  {'B / A':44} {p50:9.2f}×  {p95:9.2f}×{'':14}target p50 ≤ 1.5×")
    cpu_a = statistics.fmean(t["cpu:planner"])
    cpu_b = statistics.fmean(t["cpu:http"])
    print(
        f"  CPU per request, mean (not slowed by other processes): planner {cpu_a * 1000:.2f} ms, "
        f"server {cpu_b * 1000:.2f} ms, {cpu_b / cpu_a:.2f}×"
    )
    print(
        f"  database queries per plan request: {fb.queries_per_request}; "
        f"itineraries with a fare: {fb.priced}"
    )


def main() -> None:
    setup_test_environment()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    pool = (settings.DATABASES["default"].get("OPTIONS") or {}).get("pool")
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        print(
            f"database: {engine} {connection.settings_dict['NAME']}"
            f"{f'  (connection pool {pool})' if pool else ''}  work dir: {WORK}"
        )
        for fb in FEEDS:
            started = time.perf_counter()
            feed = feed_import(path=fb.zip, name=fb.name)
            import_s = time.perf_counter() - started
            print(
                f"import {fb.zip.name}: {import_s:.2f} s "
                f"({feed.stats['stop_times']} stop_times, {feed.stats['trips']} trips)"
            )
            started = time.perf_counter()
            fb.tt = timetable_for(feed)
            fb.tt.day_table(fb.day)
            print(
                f"  timetable built in memory: {(time.perf_counter() - started) * 1000:.0f} ms "
                f"({len(fb.tt.patterns)} route patterns)"
            )
            make_queries(fb)
        connection.close()
        server = Server()
        try:
            for fb in FEEDS:
                bench_feed(fb, server)
        finally:
            server.stop()
        for fb in FEEDS:
            report(fb)
        if os.environ.get("BENCH_PYRAPTOR", "1") != "0":
            correctness(FEEDS[0])
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)


def correctness(fb: FeedBench) -> None:
    """Cairns: the planner against the reference connection scan and against pyraptor."""
    tt, queries = fb.tt, fb.queries
    feed = timetable_feed(fb)
    reference = ReferencePlanner(feed)
    reference.connections(DAY)
    default = Options()
    ref_latencies, mismatches, replay_problems, itineraries = [], [], [], 0
    for a, b, when, _s in queries:
        its = plan(
            tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when, options=default
        )
        ours = earliest_arrival(
            tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when, options=default
        )
        t = time.perf_counter()
        ref = reference.earliest_arrival(
            a,
            b,
            when,
            max_walk_m=default.max_walk_m,
            min_transfer_s=default.min_transfer_s,
            speed_mps=default.walk_speed_mps,
        )
        ref_latencies.append(time.perf_counter() - t)
        if ours != ref:
            mismatches.append((a, b, when, ours, ref))
        for it in its:
            itineraries += 1
            problems = reference.replay(
                it, min_transfer_s=default.min_transfer_s, speed_mps=default.walk_speed_mps
            )
            if problems:
                replay_problems.append((a, b, when, problems))

    same_stop = Options(
        max_transfers=PYRAPTOR_ROUNDS - 1, max_walk_m=0, min_transfer_s=0, access_m=0
    )
    ours_same, ours_same_s, ours_same_its = [], [], []
    same_stop_checked = same_stop_invalid = 0
    for a, b, when, _s in queries:
        t = time.perf_counter()
        its = plan(
            tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when, options=same_stop
        )
        ours_same_s.append(time.perf_counter() - t)
        ours_same_its.append(its[0] if its else None)
        for it in its:
            same_stop_checked += 1
            if reference.replay(it, min_transfer_s=0):
                same_stop_invalid += 1
        ours_same.append(
            earliest_arrival(
                tt,
                origin=Place(stop_id=a),
                destination=Place(stop_id=b),
                when=when,
                options=same_stop,
            )
        )
    pyraptor = run_pyraptor(tt, queries)

    print()
    print("cairns: correctness and pyraptor")
    print(f"  {'':44} {'p50':>11} {'p95':>11} {'max':>11}")
    print(
        f"  {'reference connection scan':44} {ms(pct(ref_latencies, 50))} {ms(pct(ref_latencies, 95))} {ms(max(ref_latencies))}"
    )
    print(
        f"  {'planner (pyraptor transfer model)':44} {ms(pct(ours_same_s, 50))} {ms(pct(ours_same_s, 95))} {ms(max(ours_same_s))}"
    )
    print(f"earliest arrival equal to the reference: {QUERIES - len(mismatches)}/{QUERIES} queries")
    for a, b, when, ours, ref in mismatches:
        print(f"  DIFFERENT {a} → {b} at {when:%H:%M:%S}: planner {ours}, reference {ref}")
    print(
        f"itineraries replayed against the timetable: {itineraries - len(replay_problems)}/{itineraries} valid"
    )
    for a, b, when, problems in replay_problems:
        print(f"  INVALID {a} → {b} at {when:%H:%M:%S}: {'; '.join(problems)}")

    print()
    if pyraptor["error"]:
        print(f"pyraptor: not compared — {pyraptor['error']}")
        return
    results = pyraptor["results"]
    print(
        f"pyraptor {pyraptor['version']} (timetable build {pyraptor['build_s']:.1f} s, {PYRAPTOR_ROUNDS} rounds)"
    )
    ratios = [r["seconds"] / o for r, o in zip(results, ours_same_s, strict=True)]
    py_times = [r["seconds"] for r in results]
    print(
        f"{'pyraptor per query':34} {ms(pct(py_times, 50))} {ms(pct(py_times, 95))} {ms(max(py_times))}"
    )
    print(
        f"planner itineraries in pyraptor's model replayed: "
        f"{same_stop_checked - same_stop_invalid}/{same_stop_checked} valid"
    )
    print(
        f"median speed ratio pyraptor / planner (same queries, same model): {statistics.median(ratios):.0f}×   target ≥ 100×"
    )
    explain_disagreements(tt, reference, queries, ours_same, ours_same_its, results)


def timetable_feed(fb: FeedBench):
    from apps.transit.models import Feed

    return Feed.objects.get(is_live=True, name=fb.name)


def convert_for_pyraptor(tt, folder: Path) -> None:
    """cairns → what pyraptor reads: an agency_id, integer trip_short_name, calendar_dates for the
    day (pyraptor ignores calendar.txt) and a parent station per stop (it plans between stations,
    keyed by name, so each stop becomes a station named "S" + its stop_id — text, as pandas would
    read a numeric name as a number)."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(FEED_ZIP) as z:
        tables = {
            name: list(csv.DictReader(io.StringIO(z.read(name).decode("utf-8-sig"))))
            for name in ("agency.txt", "routes.txt", "trips.txt", "stops.txt")
        }

    def write(name, rows):
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(rows)

    write(
        "agency.txt",
        [{**r, "agency_id": "cairns", "agency_name": "cairns"} for r in tables["agency.txt"]],
    )
    write("routes.txt", [{**r, "agency_id": "cairns"} for r in tables["routes.txt"]])
    write(
        "trips.txt",
        [
            {**r, "trip_short_name": i + 1, "trip_long_name": r["route_id"]}
            for i, r in enumerate(tables["trips.txt"])
        ],
    )
    running = {tt.service_ids[s] for s in tt.services_on(DAY)}
    write(
        "calendar_dates.txt",
        [
            {"service_id": s, "date": DAY.strftime("%Y%m%d"), "exception_type": 1}
            for s in sorted(running)
        ],
    )
    # cairns leaves 65 stop times blank (allowed between timed stops); pyraptor cannot read them,
    # so it gets the times as imported (interpolated evenly by stop count), the same the planner uses
    from apps.transit.models import StopTime

    def hms(x: int) -> str:
        return f"{x // 3600:02d}:{x % 3600 // 60:02d}:{x % 60:02d}"

    write(
        "stop_times.txt",
        [
            {
                "trip_id": trip,
                "arrival_time": hms(arr),
                "departure_time": hms(dep),
                "stop_id": stop,
                "stop_sequence": seq,
            }
            for trip, stop, seq, arr, dep in StopTime.objects.filter(feed_id=tt.feed_id)
            .order_by("trip_id", "stop_sequence")
            .values_list("trip__trip_id", "stop__stop_id", "stop_sequence", "arrival", "departure")
        ],
    )
    write(
        "stops.txt",
        [
            {
                **r,
                "stop_name": f"S{r['stop_id']}",
                "stop_code": f"S{r['stop_id']}",
                "parent_station": f"P{r['stop_id']}",
                "platform_code": "",
            }
            for r in tables["stops.txt"]
        ],
    )
    short_names = {str(i + 1): r["trip_id"] for i, r in enumerate(tables["trips.txt"])}
    (folder / "trip_short_names.json").write_text(json.dumps(short_names))


def ensure_pyraptor() -> tuple[Path | None, str]:
    python = PYRAPTOR_VENV / "bin" / "python"
    check = [
        str(python),
        "-c",
        "import pyraptor.model.raptor, pyraptor.gtfs.timetable, importlib.metadata as m; print(m.version('pyraptor'))",
    ]
    if python.exists():
        done = subprocess.run(check, capture_output=True, text=True)
        if done.returncode == 0:
            return python, done.stdout.strip()
    # pyraptor needs attrs without declaring it, and pandas<2 needs numpy<2
    print(f"installing pyraptor into {PYRAPTOR_VENV} (its own virtualenv) …", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(PYRAPTOR_VENV)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "pyraptor==1.3.10",
                "numpy<2",
                "attrs",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        return (
            None,
            f"could not install pyraptor: {detail.strip().splitlines()[-1] if detail.strip() else exc}",
        )
    done = subprocess.run(check, capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"pyraptor does not import: {done.stderr.strip().splitlines()[-1]}"
    return python, done.stdout.strip()


def run_pyraptor(tt, queries) -> dict:
    python, version = ensure_pyraptor()
    if python is None:
        return {"error": version}
    folder = WORK / "pyraptor-feed"
    convert_for_pyraptor(tt, folder)
    job = {
        "feed": str(folder),
        "date": DAY.strftime("%Y%m%d"),
        "agency": "cairns",
        "rounds": PYRAPTOR_ROUNDS,
        "queries": [[f"S{a}", f"S{b}", s] for a, b, _when, s in queries],
    }
    print(f"running pyraptor on {len(queries)} queries (about a second each) …", flush=True)
    done = subprocess.run(
        [str(python), str(ROOT / "benchmarks" / "pyraptor_runner.py")],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        return {
            "error": f"pyraptor failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
        }
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    names = json.loads((folder / "trip_short_names.json").read_text())
    results = lines[1:]
    for r in results:
        r["legs"] = [[names[str(leg[0])], *leg[1:]] for leg in r["legs"]]
    return {"error": None, "version": version, "build_s": lines[0]["build_s"], "results": results}


def fmt(s: int | None) -> str:
    return "none" if s is None else f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def explain_disagreements(tt, reference, queries, ours_same, ours_its, results) -> None:
    day_zero = reference.zero(DAY)
    agree = 0
    lines = []
    for q, ours, our_it, theirs in zip(queries, ours_same, ours_its, results, strict=True):
        ours_s = int((ours - day_zero).total_seconds()) if ours else None
        if ours_s == theirs["arrival"]:
            agree += 1
            continue
        why = explain(tt, q, ours_s, our_it, theirs, reference)
        a, b, when, _s = q
        lines.append(
            f"  {a} → {b} at {when:%H:%M:%S}: planner {fmt(ours_s)}, pyraptor {fmt(theirs['arrival'])}\n      {why}"
        )
    print(f"earliest arrival equal to pyraptor: {agree}/{len(queries)} queries; each disagreement:")
    print("\n".join(lines) if lines else "  none")


def explain(tt, query, ours_s, our_it, theirs, reference) -> str:
    """Why pyraptor and the planner differ on one query — each reason checked, not assumed."""
    a, b, when, _s = query
    if theirs.get("error"):
        return f"pyraptor raised {theirs['error']}"
    problems = replay_pyraptor(reference, theirs["legs"])
    if problems:
        return "pyraptor's journey does not replay against the timetable: " + "; ".join(problems)
    theirs_s = theirs["arrival"]
    if theirs_s is None or (ours_s is not None and theirs_s > ours_s):
        our_trips = [leg["trip_id"] for leg in our_it["legs"] if leg["route"]] if our_it else []
        loops = [t for t in our_trips if _repeats_stop(reference, t)]
        missed = "found no journey" if theirs_s is None else "arrives later"
        if loops:
            return (
                f"pyraptor {missed}: the earliest journey rides trip {loops[0]}, which passes a stop twice "
                "(a loop); pyraptor keeps one index per stop in a route (Route.stop_order), so on a loop it "
                "can read the other visit's times and miss that trip. The planner's journey replays."
            )
        if ours_s is not None and ours_s >= 24 * 3600:
            return (
                f"pyraptor {missed}: the journey needs the next morning's trips, and pyraptor loads the trips "
                "of one service date only. The planner's journey replays."
            )
        return f"pyraptor {missed}: UNEXPLAINED (the planner's journey replays)"
    vehicles = len({leg[0] for leg in theirs["legs"]})
    if vehicles > PYRAPTOR_ROUNDS:
        more = Options(max_transfers=vehicles - 1, max_walk_m=0, min_transfer_s=0, access_m=0)
        again = earliest_arrival(
            tt, origin=Place(stop_id=a), destination=Place(stop_id=b), when=when, options=more
        )
        again_s = int((again - reference.zero(DAY)).total_seconds()) if again else None
        same = "the same time" if again_s == theirs_s else f"{again_s}s (CHECK)"
        return (
            f"pyraptor arrives earlier with {vehicles} vehicles in {PYRAPTOR_ROUNDS} rounds: it boards with "
            "labels set earlier in the same round, so a round can chain several rides; allowed "
            f"{vehicles} vehicles, the planner arrives at {same}. Its journey replays."
        )
    return "pyraptor arrives earlier with a journey that replays: UNEXPLAINED"


def _repeats_stop(reference, trip_id: str) -> bool:
    stops = [row[1] for row in reference.stop_times.get(trip_id, [])]
    return len(stops) != len(set(stops))


def replay_pyraptor(reference, legs) -> list[str]:
    """Check pyraptor's legs (one per hop) against the stored timetable, pickup and drop-off
    rules included; consecutive hops of one trip are one ride."""
    rides: list[list] = []
    for trip_id, frm, to, dep, arr in legs:
        if rides and rides[-1][0] == trip_id and rides[-1][2] == frm:
            rides[-1][2], rides[-1][4] = to, arr
        else:
            rides.append([trip_id, frm, to, dep, arr])
    problems = []
    previous_arrival = None
    for trip_id, frm, to, dep, arr in rides:
        rows = reference.stop_times.get(trip_id, [])
        boarded, ok, why = False, False, "not in its stop times"
        for _seq, stop, s_arr, s_dep, pickup, drop_off in rows:
            if not boarded:
                if stop == frm and s_dep == dep:
                    boarded = pickup
                    why = "no pickup there (pickup_type 1)" if not pickup else why
            elif stop == to and s_arr == arr:
                ok = drop_off
                why = "no drop-off there (drop_off_type 1)" if not drop_off else why
                break
        if not ok:
            problems.append(f"trip {trip_id} {frm} {dep}s → {to} {arr}s: {why}")
        if previous_arrival is not None and dep < previous_arrival:
            problems.append(f"boards {trip_id} at {dep}s before arriving at {previous_arrival}s")
        previous_arrival = arr
    return problems


if __name__ == "__main__":
    main()
