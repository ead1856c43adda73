"""The classroom load benchmark's "class" mode: N learners join one class and answer the whole
question bank through a real `streamlit run app.py` server, while the teacher's page refreshes.

    python benchmarks/classroom_load.py --class                 # 30 learners, SQLite then PostgreSQL
    python benchmarks/classroom_load.py --class --learners 10 --databases sqlite

Every learner is a websocket client (benchmarks/st_client.py), as a browser tab is, minus drawing:
it opens the class's join link, types a name and presses Join, opens the Quiz page, and answers
every question there with the page's own widgets (the radio, the checkboxes or the number, then
Check), one after the other as fast as the server answers. One learner in three gets a question
wrong first and then right (a prediction, made once, just wrong), so the class's bars have wrong
options in them. The teacher signs in on
/teacher with the key and leaves the class's live view open (it refreshes every few seconds, as on
the projector).

Reported per database: the learners' answer latency (Check pressed to the page back, the attempt
written: p50, p95, max over every answer of the class), the teacher's live refresh (request to the
view redrawn: median and worst while the class answered, and median once the class holds N x the
whole bank), and the attempts counted in the database against those sent: nothing may be lost.
The library-level numbers without the server (one write per attempt, threads) are
benchmarks/class_load.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy

from benchmarks.class_load import answers_for, stored_attempts
from benchmarks.st_client import Session
from gan_core.classes import db, store
from gan_core.quiz.bank import Question, load_bank
from tests.e2e.conftest import start_server, stop

TEACHER_KEY = "benchmark-teacher-key"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def states_for(s: Session, q: Question, response: object) -> list:
    """The widget states of one Check on the Quiz page: the answer, then the click."""
    k = f"quiz.{q.id}"
    if q.kind == "numeric":
        fields = [s.state(f"{k}.value", float(response))]
    elif q.kind == "multi":
        fields = [s.state(f"{k}.choice.{i}", i in response) for i in range(len(q.options))]
    else:
        fields = [s.state(f"{k}.choice", q.options[int(response)].text)]  # by text: each learner's own order
    return [*fields, s.state(f"{k}.submit", None)]


async def learner(url: str, code: str, i: int, bank, start: asyncio.Event, out: dict) -> None:
    s = Session(url, "class", f"join={code}")
    out["session"] = s
    await s.connect()
    await s.wait_for(lambda x: x.full_done > 0, 120)
    await start.wait()
    await s.submit(
        [s.state("class.join_name", f"learner {i}"), s.state("class.join_code", code)]
        + [s.state("FormSubmitter:class.join-Join", None)]
    )
    if not any("You are" in a for a in s.alerts):
        raise RuntimeError(f"learner {i} did not join: {s.alerts}")
    await s.goto("quiz")
    latencies, sent = [], 0
    for j, q in enumerate(bank.questions):
        responses = answers_for(q)
        if (i + j) % 3:  # two learners in three answer right at once
            responses = responses[-1:]
        elif q.kind == "predict":  # a prediction is made once (the page takes no second one)
            responses = responses[:1]
        for response in responses:
            latencies.append(await s.submit(states_for(s, q, response)))
            sent += 1
    out.update(latencies=latencies, sent=sent, exceptions=list(s.stats.exceptions))


async def teacher(url: str) -> Session:
    s = Session(url, "teacher")
    await s.connect()
    await s.wait_for(lambda x: x.full_done > 0, 120)
    await s.submit([s.state("teacher.key_input", TEACHER_KEY), s.state("FormSubmitter:teacher.sign_in-Sign in", None)])
    await s.wait_for(lambda x: x.timers, 60)  # the live view's refresh timer: signed in, class open
    return s


async def one_class(url: str, engine, n: int, bank) -> dict:
    info = store.create_class(engine, "Benchmark class")
    t = await teacher(url)
    start = asyncio.Event()
    outs: list[dict] = [{} for _ in range(n)]
    tasks = [asyncio.create_task(learner(url, info.code, i, bank, start, outs[i])) for i in range(n)]
    await asyncio.sleep(1)
    t.stats.fragment_seconds.clear()
    t0 = time.perf_counter()
    start.set()
    try:
        await asyncio.gather(*tasks)
        took = time.perf_counter() - t0
        during = list(t.stats.fragment_seconds)
        t.stats.fragment_seconds.clear()
        await t.wait_for(lambda x: len(x.stats.fragment_seconds) >= 3, 120)
        full = list(t.stats.fragment_seconds)
    finally:
        for o in outs:
            if "session" in o:
                await o["session"].close()
        await t.close()
    stored = stored_attempts(engine, info.id)
    with engine.connect() as conn:
        joined = conn.execute(
            sqlalchemy.select(sqlalchemy.func.count()).where(db.learners.c.class_id == info.id)
        ).scalar()
    lat = [x for o in outs for x in o["latencies"]]
    return {
        "took": took,
        "lat": lat,
        "during": during,
        "full": full,
        "sent": sum(o["sent"] for o in outs),
        "stored": stored,
        "joined": joined,
        "exceptions": [e for o in outs for e in o["exceptions"]] + list(t.stats.exceptions),
        "errors": [e for o in outs for e in o["session"].stats.errors] + list(t.stats.errors),
    }


@contextlib.contextmanager
def database(kind: str, postgres_url: str | None):
    """(environment for the server, the same database's address) for one kind of database."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield {"GAN_CLASSROOM_DATA": tmp}, f"sqlite:///{tmp}/classes.sqlite3"
        return
    from tests.db_servers import fresh_database, postgres_server

    if postgres_url:
        address = postgres_url
        yield {"GAN_CLASSROOM_DATABASE_URL": address}, address
        return
    with postgres_server() as server:
        address = fresh_database(server)
        yield {"GAN_CLASSROOM_DATABASE_URL": address}, address


def run(n: int, kinds: list[str], postgres_url: str | None) -> None:
    bank = load_bank()
    print(
        f"{n} learners join one class and answer all {len(bank.questions)} questions on the Quiz page "
        "(one in three wrong first), the teacher's live view open\n",
        flush=True,
    )
    print(
        "| database | answers sent / stored | learners joined | answer s (p50, p95, max) | "
        "teacher refresh s while answering (median, worst) | teacher refresh s, class complete | class took s | "
        "errors |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for kind in kinds:
        with database(kind, postgres_url) as (env, address):
            engine = db.engine(address)
            db.migrate(engine)
            log = Path(tempfile.mkstemp(prefix=f"class-mode-{kind}-", suffix=".log")[1])
            env = {**env, "GAN_CLASSROOM_TEACHER_KEY": TEACHER_KEY}
            proc, url = start_server(log=log, env=env)
            try:
                r = asyncio.run(one_class(url, engine, n, bank))
            finally:
                stop(proc)
            label = "SQLite (WAL)" if kind == "sqlite" else "PostgreSQL"
            print(
                f"| {label} | {r['sent']:,} / {r['stored']:,} | {r['joined']} / {n} | "
                f"{pct(r['lat'], 0.5):.2f}, {pct(r['lat'], 0.95):.2f}, {max(r['lat']):.2f} | "
                f"{statistics.median(r['during']) if r['during'] else float('nan'):.2f}, "
                f"{max(r['during'], default=float('nan')):.2f} | {statistics.median(r['full']):.2f} | "
                f"{r['took']:.0f} | {len(r['errors']) + len(r['exceptions'])} |",
                flush=True,
            )
            for e in (r["exceptions"] + r["errors"])[:3]:
                print(f"  {e}", flush=True)
            print(f"  server log: {log} ({os.path.getsize(log):,} bytes)", flush=True)
