"""Real databases for the class tests: an SQLite file in a temp folder, and PostgreSQL: the server
in ``GAN_CLASSROOM_TEST_DATABASE_URL`` if set, else a throw-away cluster started from Debian's
``postgresql`` package (initdb and pg_ctl in a temp folder, as the ``postgres`` user, since
PostgreSQL refuses to run as root). Under CI it must be there: a missing package fails the tests,
it never skips them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _pg_bin() -> Path:
    """Debian's newest PostgreSQL (15 on bookworm)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
ENV_TEST_URL = "GAN_CLASSROOM_TEST_DATABASE_URL"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(*command: str) -> subprocess.CompletedProcess:
    run_as = [] if os.geteuid() != 0 else ["su", "postgres", "-s", "/bin/sh", "-c"]
    line = " ".join(f"'{c}'" for c in command)
    return subprocess.run(
        run_as + [line] if run_as else ["sh", "-c", line], capture_output=True, text=True, timeout=120
    )


@contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL URL for the tests' own database, dropped afterwards."""
    given = os.environ.get(ENV_TEST_URL, "").strip()
    if given:
        yield given
        return
    initdb = PG_BIN / "initdb"
    assert initdb.exists(), "PostgreSQL is not installed: apt-get install postgresql (.ci/run does)"
    root = Path(tempfile.mkdtemp(prefix="gan-pg-"))
    data, sockets = root / "data", root / "sock"
    data.mkdir()
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    made = _as_postgres(str(initdb), "-D", str(data), "-A", "trust", "-U", "postgres")
    assert made.returncode == 0, made.stderr
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
    started = _as_postgres(
        str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"
    )
    assert started.returncode == 0, started.stderr + (root / "log").read_text()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server (each test its own), returned as a URL."""
    import sqlalchemy

    name = f"gan_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False
