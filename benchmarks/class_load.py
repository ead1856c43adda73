"""A class of N learners answering the whole question bank at once, on SQLite and on PostgreSQL.

    python benchmarks/class_load.py                      # 30 learners, SQLite and a throw-away PostgreSQL
    python benchmarks/class_load.py --learners 30 --repeats 3 --postgres-url postgresql+psycopg://...

Each learner is a thread that joins the class and answers every question of the bank (a wrong
answer, then the right one: two attempts each, each written as the app writes it: one
``store.save_attempts`` per attempt, as a learner's page does on Check). Prints, per database, the
write latency (p50, p95, max over every attempt of the class), the teacher page's refresh (the class
report and the gradebook for N learners x the whole bank; median of --repeats), and the attempts
counted in the database against those sent (nothing may be lost). Medians over --repeats classes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy  # noqa: E402

from gan_core.classes import db, report, store  # noqa: E402
from gan_core.quiz.bank import load_bank  # noqa: E402
from gan_core.quiz.grading import grade  # noqa: E402
from gan_core.quiz.progress import response_to_json  # noqa: E402


def answers_for(q):
    """A wrong answer then the right one, as a learner who learns from the feedback gives them."""
    if q.kind == "numeric":
        return [q.value + 10 * (q.tolerance + 1), q.value]
    right = frozenset(q.answer) if q.kind == "multi" else min(q.answer)
    wrong_i = next((i for i in range(len(q.options)) if i not in q.answer), None)
    if wrong_i is None:
        return [right]
    return [frozenset({wrong_i}) if q.kind == "multi" else wrong_i, right]


def stored_attempts(engine, class_id: int) -> int:
    """The attempts the database holds for one class (against those sent: nothing may be lost)."""
    with engine.connect() as conn:
        return conn.execute(
            sqlalchemy.select(sqlalchemy.func.count())
            .select_from(db.attempts.join(db.learners))
            .where(db.learners.c.class_id == class_id)
        ).scalar()


def one_class(engine, bank, n: int) -> dict[str, float]:
    info = store.create_class(engine, f"bench {uuid.uuid4().hex[:6]}")
    latencies: list[float] = []
    sent = [0]
    lock = threading.Lock()
    start = threading.Barrier(n)

    def learner(i: int) -> None:
        me, _ = store.join(engine, info.code, f"learner {i}")
        start.wait()
        for q in bank.questions:
            for response in answers_for(q):
                a = store.Attempt(
                    uuid.uuid4().hex, q.id, response_to_json(response), grade(q, response).correct, store.now()
                )
                t0 = time.perf_counter()
                store.save_attempts(engine, me.id, [a])
                took = time.perf_counter() - t0
                with lock:
                    latencies.append(took)
                    sent[0] += 1

    threads = [threading.Thread(target=learner, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refresh = []
    for _ in range(3):
        t0 = time.perf_counter()
        seen = report.class_report(engine, info.id, bank)
        report.gradebook_csv(seen, bank)
        refresh.append(time.perf_counter() - t0)
    stored = stored_attempts(engine, info.id)
    store.delete_class(engine, info.code)
    latencies.sort()
    return {
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[int(len(latencies) * 0.95)],
        "max": latencies[-1],
        "refresh": statistics.median(refresh),
        "sent": sent[0],
        "stored": stored,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres-url", help="a PostgreSQL server to use (default: start a throw-away one)")
    args = parser.parse_args()
    bank = load_bank()
    print(f"{args.learners} learners x {len(bank.questions)} questions x 2 attempts, {args.repeats} classes each\n")
    print("| database | write ms p50 | write ms p95 | write ms max | teacher refresh ms | attempts sent / stored |")
    print("|---|---:|---:|---:|---:|---|")
    import tempfile

    from tests.db_servers import fresh_database, postgres_server

    with tempfile.TemporaryDirectory() as tmp:
        targets = [("SQLite (WAL)", f"sqlite:///{tmp}/classes.sqlite3")]
        with postgres_server() if not args.postgres_url else _given(args.postgres_url) as server:
            targets.append(("PostgreSQL", fresh_database(server)))
            for name, address in targets:
                engine = db.engine(address)
                runs = [one_class(engine, bank, args.learners) for _ in range(args.repeats)]
                med = {k: statistics.median(r[k] for r in runs) for k in ("p50", "p95", "max", "refresh")}
                sent, stored = sum(r["sent"] for r in runs), sum(r["stored"] for r in runs)
                print(
                    f"| {name} | {1000 * med['p50']:.1f} | {1000 * med['p95']:.1f} | {1000 * med['max']:.0f} | "
                    f"{1000 * med['refresh']:.0f} | {sent:,} / {stored:,} |"
                )
                db.forget_engines()
    return 0


class _given:
    def __init__(self, url: str) -> None:
        self.url = url

    def __enter__(self) -> str:
        return self.url

    def __exit__(self, *exc: object) -> None:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
