"""Serve Ieum with the Gimhae demo data on a free port and a throw-away SQLite database.

For tools that look at the running app from outside (Lighthouse in `make audit`, screenshots):
    python scripts/demo_server.py [--port N] [--keep]
prints `http://127.0.0.1:<port>` on its first line once /healthz answers, then serves until it is
stopped (SIGTERM / Ctrl-C). Nothing of the developer's own database or media is touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(workdir: Path, port: int = 0) -> tuple[str, subprocess.Popen, dict[str, str]]:
    """Migrate and seed a fresh SQLite database in `workdir`, start daphne on `port` (or a free
    one) and return its URL once /healthz answers, the process, and the environment it runs in
    (for `manage.py` commands against the same database)."""
    port = port or free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("REDIS_URL", "IEUM_SERVER"):
        env.pop(name, None)  # in-memory layers, no periodic ticker: nothing shared with others
    python = sys.executable
    with (workdir / "server.log").open("ab") as log:
        for command in (["migrate", "--noinput"], ["seed"]):
            subprocess.run(
                [python, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=log,
                stderr=log,
            )
        daphne = Path(python).parent / "daphne"
        server = subprocess.Popen(
            [str(daphne), "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited; log: {workdir / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return url, server, env
        except OSError:
            if time.monotonic() > deadline:
                server.terminate()
                raise RuntimeError(f"not healthy in 60 s; log: {workdir / 'server.log'}") from None
            time.sleep(0.3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="ieum-demo-"))
    try:
        url, server, _env = start(workdir, args.port)
        print(url, flush=True)
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            server.wait()
        except KeyboardInterrupt:
            server.terminate()
            server.wait()
        return 0
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
