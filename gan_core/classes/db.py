"""Where classes are kept: an SQLite file by default, PostgreSQL when several replicas share one.

``GAN_CLASSROOM_DATABASE_URL`` (e.g. ``postgresql+psycopg://user:pass@host/gan``) names the
database; without it, an SQLite file ``classes.sqlite3`` under ``$GAN_CLASSROOM_DATA`` (default
``~/.local/share/gan-classroom/``), created on first use in WAL mode, so ``streamlit run app.py``
needs no set-up.

Schema versions: the tables are SQLAlchemy Core metadata, created where missing, and a one-row
``schema_version`` table says which version a database holds. A new version adds its step to
``MIGRATIONS`` (a function of a connection, run in one transaction), so a database created by an
older release is brought up to date on first use. Alembic would add a dependency and a folder of
scripts for what is, so far, four tables; the version table keeps the door open to it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.engine import Connection

ENV_URL = "GAN_CLASSROOM_DATABASE_URL"
ENV_DATA = "GAN_CLASSROOM_DATA"
SCHEMA_VERSION = 2

metadata = MetaData()
classes = Table(
    "classes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("asked_question", String(100)),  # "ask the class": the question on every learner's page
    Column("asked_at", DateTime(timezone=True)),
    Column("revealed", Boolean, nullable=False, default=False),
)
learners = Table(
    "learners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("class_id", Integer, ForeignKey("classes.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("resume_hash", String(64), nullable=False, unique=True),  # sha256 of the resume code
    Column("joined", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    # where the server has sign-in (st.login): sha256 of the account's issuer and subject, never an e-mail
    Column("login_hash", String(64), index=True),
)
attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("key", String(64), nullable=False, unique=True),  # written once, however often it is sent
    Column("question_id", String(100), nullable=False),
    Column("response", Text, nullable=False),  # JSON: an option index, a list of them, or a number
    Column("correct", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))


def _v2_sign_in(conn: Connection) -> None:
    """Version 2: a learner may be found again by their sign-in account (st.login)."""
    conn.execute(text("ALTER TABLE learners ADD COLUMN login_hash VARCHAR(64)"))
    conn.execute(text("CREATE INDEX ix_learners_login_hash ON learners (login_hash)"))


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _v2_sign_in}  # version v -> the step from v - 1 to v

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def data_dir() -> Path:
    """Where the default SQLite file lives."""
    raw = os.environ.get(ENV_DATA, "").strip()
    return Path(raw).expanduser() if raw else Path.home() / ".local" / "share" / "gan-classroom"


def url() -> str:
    """The database this process uses."""
    raw = os.environ.get(ENV_URL, "").strip()
    return raw or f"sqlite:///{data_dir() / 'classes.sqlite3'}"


def is_sqlite(address: str) -> bool:
    return address.startswith("sqlite")


def engine(address: str | None = None) -> Engine:
    """The engine for ``address`` (default: ``url()``), created once per process with the schema
    brought up to date. Raises ``sqlalchemy.exc.SQLAlchemyError`` (or OSError for an SQLite file
    that cannot be created) when the database cannot be reached."""
    address = address or url()
    with _lock:
        found = _engines.get(address)
        if found is not None:
            return found
        if is_sqlite(address):
            path = address.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            made = create_engine(address, connect_args={"timeout": 5})
            event.listen(made, "connect", _sqlite_pragmas)
        else:
            made = create_engine(address, pool_pre_ping=True, pool_size=5, max_overflow=10, connect_args=_pg_args())
        migrate(made)
        _engines[address] = made
        return made


def _pg_args() -> dict:
    return {"connect_timeout": 5}


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - the DBAPI's own types
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA foreign_keys=ON")  # deleting a class deletes its learners and answers
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def migrate(target: Engine) -> int:
    """Create what is missing and run the migrations a database needs; returns its version."""
    with target.begin() as conn:
        metadata.create_all(conn)
        found = conn.execute(select(schema_version.c.version)).scalar()
        if found is None:
            conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
            return SCHEMA_VERSION
        if found > SCHEMA_VERSION:
            raise RuntimeError(
                f"the classes database is at schema version {found}, newer than this release ({SCHEMA_VERSION})"
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](conn)
        conn.execute(schema_version.update().values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION


def forget_engines() -> None:
    """Dispose of every engine (tests, and after a fork)."""
    with _lock:
        for made in _engines.values():
            made.dispose()
        _engines.clear()
