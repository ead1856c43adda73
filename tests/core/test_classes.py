"""Classes on a real database, SQLite and PostgreSQL alike: codes, joining and coming back,
answers written once however often they are sent, what a teacher sees, the gradebook, one learner
never reading another's answers, hostile names kept as typed, deleting, and the schema version."""

from __future__ import annotations

import csv
import io
import string
import uuid

import pytest
import sqlalchemy

from gan_core.classes import db, report, store
from gan_core.quiz.bank import load_bank
from gan_core.quiz.grading import grade
from tests.db_servers import fresh_database, postgres_server

BANK = load_bank()
SINGLE = next(q for q in BANK.questions if q.kind == "single")
RIGHT = min(SINGLE.answer)
WRONG = next(i for i in range(len(SINGLE.options)) if i not in SINGLE.answer)
HOSTILE = "**x** <img src=x onerror=alert(1)> '); DROP TABLE learners;--"


@pytest.fixture(scope="session")
def pg_server():
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        address = f"sqlite:///{tmp_path / 'classes.sqlite3'}"
    else:
        address = fresh_database(request.getfixturevalue("pg_server"))
    made = db.engine(address)
    yield made
    db.forget_engines()


def attempt(q, response, correct=None):
    return store.Attempt(
        uuid.uuid4().hex, q.id, response, grade(q, response).correct if correct is None else correct, store.now()
    )


def test_codes_are_readable_and_unguessable():
    codes = {store.new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(len(c) == 8 for c in codes)
    assert not set("".join(codes)) & set("01OIL") and set("".join(codes)) <= set(string.ascii_uppercase + string.digits)
    assert store.normalise_code(" ab-cd efgh ") == "ABCDEFGH"


def test_join_and_come_back_with_the_resume_code(engine):
    info = store.create_class(engine, "  Year 11   physics ")
    assert info.name == "Year 11 physics" and store.find_class(engine, info.code.lower()) == info
    learner, resume = store.join(engine, f"{info.code[:4]}-{info.code[4:]}", "Ada")
    assert len(resume) == 12 and learner.class_id == info.id
    assert store.resume(engine, resume.lower()) == learner
    assert store.resume(engine, "X" * 12) is None and store.join(engine, "NOSUCHCD", "Bob") is None
    with engine.connect() as conn:  # the resume code is kept only as its hash
        stored = conn.execute(sqlalchemy.select(db.learners.c.resume_hash)).scalar()
    assert resume not in stored and stored == store.resume_hash(resume)
    with pytest.raises(ValueError, match="at most"):
        store.join(engine, info.code, "x" * 61)
    with pytest.raises(ValueError, match="Type a"):
        store.create_class(engine, "   ")


def test_an_attempt_is_written_once_however_often_it_is_sent(engine):
    info = store.create_class(engine, "A")
    learner, _ = store.join(engine, info.code, "Ada")
    a, b = attempt(SINGLE, WRONG), attempt(SINGLE, RIGHT)
    assert store.save_attempts(engine, learner.id, [a]) == 1
    assert store.save_attempts(engine, learner.id, [a, b]) == 1  # a flush retried after a failure
    assert store.save_attempts(engine, learner.id, [a, b]) == 0
    stored = store.attempts_of(engine, learner.id)
    assert [s.key for s in stored] == [a.key, b.key] and [s.correct for s in stored] == [False, True]


def test_hostile_names_are_kept_as_typed_and_bound_as_parameters(engine):
    info = store.create_class(engine, HOSTILE[:60])
    learner, _ = store.join(engine, info.code, HOSTILE[:60])
    assert store.find_class(engine, info.code).name == HOSTILE[:60]
    assert report.class_report(engine, info.id, BANK).learners[0].name == HOSTILE[:60]
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(db.learners)).scalar() == 1


def test_the_teachers_view_and_the_gradebook(engine):
    info = store.create_class(engine, "A")
    ada, _ = store.join(engine, info.code, "Ada")
    bob, _ = store.join(engine, info.code, "Bob")
    store.save_attempts(engine, ada.id, [attempt(SINGLE, WRONG), attempt(SINGLE, RIGHT)])
    store.save_attempts(engine, bob.id, [attempt(SINGLE, WRONG)])
    seen = report.class_report(engine, info.id, BANK)
    row = next(r for r in seen.questions if r.question.id == SINGLE.id)
    assert (row.tried, row.right_now, row.right_first) == (2, 1, 0)
    assert row.chosen[RIGHT] == 1 and row.chosen[WRONG] == 1 and row.common_wrong == WRONG
    assert seen.hardest_first()[0].question.id == SINGLE.id
    by_name = {r.name: r for r in seen.learners}
    assert by_name["Ada"].lessons[SINGLE.lesson].right == 1 and by_name["Bob"].total.right == 0
    rows = list(csv.DictReader(io.StringIO(report.gradebook_csv(seen, BANK))))
    assert [r["learner"] for r in rows] == ["Ada", "Bob"]
    column = next(k for k in rows[0] if k.startswith(f"{SINGLE.lesson} right"))
    assert (rows[0][column], rows[1][column]) == ("1", "0")
    long = list(csv.DictReader(io.StringIO(report.attempts_csv(engine, info.id, BANK))))
    assert [(r["learner"], r["attempt"], r["correct"]) for r in long] == [
        ("Ada", "1", "False"),
        ("Ada", "2", "True"),
        ("Bob", "1", "False"),
    ]


def test_one_learner_never_reads_another_ones_answers_or_another_class(engine):
    a, b = store.create_class(engine, "A"), store.create_class(engine, "B")
    ada, _ = store.join(engine, a.code, "Ada")
    bob, _ = store.join(engine, b.code, "Bob")
    store.save_attempts(engine, ada.id, [attempt(SINGLE, RIGHT)])
    assert store.attempts_of(engine, bob.id) == []
    assert [r.name for r in report.class_report(engine, b.id, BANK).learners] == ["Bob"]
    assert report.class_report(engine, b.id, BANK).questions[0].tried == 0


def test_asking_revealing_and_answers_since_the_question(engine):
    info = store.create_class(engine, "A")
    ada, _ = store.join(engine, info.code, "Ada")
    store.save_attempts(engine, ada.id, [attempt(SINGLE, WRONG)])
    store.ask(engine, info.id, SINGLE.id)
    asked = store.class_by_id(engine, info.id)
    assert asked.asked_question == SINGLE.id and not asked.revealed
    since = report.class_report(engine, info.id, BANK, since=asked.asked_at)
    assert next(r for r in since.questions if r.question.id == SINGLE.id).tried == 0  # the old answer is not counted
    store.reveal(engine, info.id)
    assert store.class_by_id(engine, info.id).revealed
    store.ask(engine, info.id, None)
    assert store.class_by_id(engine, info.id).asked_question is None


def test_leaving_deleting_answers_and_deleting_the_class(engine):
    info = store.create_class(engine, "A")
    ada, _ = store.join(engine, info.code, "Ada")
    bob, _ = store.join(engine, info.code, "Bob")
    store.save_attempts(engine, ada.id, [attempt(SINGLE, RIGHT)])
    store.save_attempts(engine, bob.id, [attempt(SINGLE, RIGHT)])
    assert store.delete_answers(engine, ada.id) == 1 and store.learner_exists(engine, ada.id)
    store.leave(engine, ada.id)
    assert not store.learner_exists(engine, ada.id)
    assert [(c.code, n) for c, n in store.list_classes(engine)] == [(info.code, 1)]
    assert store.delete_class(engine, info.code) and not store.delete_class(engine, info.code)
    with engine.connect() as conn:
        for table in (db.classes, db.learners, db.attempts):
            assert conn.execute(sqlalchemy.select(sqlalchemy.func.count()).select_from(table)).scalar() == 0


def test_the_schema_version_is_recorded_and_a_newer_database_is_refused(engine):
    with engine.begin() as conn:
        assert conn.execute(sqlalchemy.select(db.schema_version.c.version)).scalar() == db.SCHEMA_VERSION
        conn.execute(db.schema_version.update().values(version=db.SCHEMA_VERSION + 1))
    with pytest.raises(RuntimeError, match="newer than this release"):
        db.migrate(engine)


V1_LEARNERS = {  # the learners table as release 1 created it (before sign-in)
    "sqlite": "CREATE TABLE learners (id INTEGER PRIMARY KEY, class_id INTEGER NOT NULL REFERENCES classes (id) "
    "ON DELETE CASCADE, name VARCHAR(200) NOT NULL, resume_hash VARCHAR(64) NOT NULL UNIQUE, "
    "joined TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL)",
    "postgresql": "CREATE TABLE learners (id SERIAL PRIMARY KEY, class_id INTEGER NOT NULL REFERENCES classes (id) "
    "ON DELETE CASCADE, name VARCHAR(200) NOT NULL, resume_hash VARCHAR(64) NOT NULL UNIQUE, "
    "joined TIMESTAMP WITH TIME ZONE NOT NULL, last_seen TIMESTAMP WITH TIME ZONE NOT NULL)",
}


def test_a_version_1_database_is_brought_up_to_date_and_keeps_its_learners(engine):
    info = store.create_class(engine, "Old class")
    with engine.begin() as conn:  # make it the database release 1 left behind, with one learner in it
        conn.execute(sqlalchemy.text("DROP TABLE attempts"))
        conn.execute(sqlalchemy.text("DROP TABLE learners"))
        conn.execute(sqlalchemy.text(V1_LEARNERS[engine.dialect.name]))
        conn.execute(
            sqlalchemy.text(
                "INSERT INTO learners (class_id, name, resume_hash, joined, last_seen) VALUES (:c, 'Ada', :h, :t, :t)"
            ),
            {"c": info.id, "h": store.resume_hash("ABCDEFGHJKMN"), "t": store.now()},
        )
        conn.execute(db.schema_version.update().values(version=1))
    assert db.migrate(engine) == db.SCHEMA_VERSION == 2
    ada = store.resume(engine, "ABCDEFGHJKMN")
    assert ada is not None and ada.name == "Ada" and not store.has_login(engine, ada.id)
    account = store.login_hash("https://accounts.example", "ada-123")
    store.link_login(engine, ada.id, account)
    assert store.by_login(engine, account) == ada
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.select(db.schema_version.c.version)).scalar() == 2
        assert "ix_learners_login_hash" in {i["name"] for i in sqlalchemy.inspect(conn).get_indexes("learners")}


def test_a_signed_in_account_finds_its_latest_class_and_never_its_e_mail(engine):
    account = store.login_hash("https://accounts.example", "ada-123")
    assert account != store.login_hash("https://other.example", "ada-123")  # the provider is part of it
    first, second = store.create_class(engine, "Monday"), store.create_class(engine, "Tuesday")
    monday, _ = store.join(engine, first.code, "Ada", login=account)
    assert store.by_login(engine, account) == monday and store.has_login(engine, monday.id)
    tuesday, _ = store.join(engine, second.code, "Ada", login=account)
    store.touch(engine, tuesday.id)
    assert store.by_login(engine, account) == tuesday  # the class last active in
    assert store.by_login(engine, store.login_hash("https://accounts.example", "bob")) is None
    store.link_login(engine, tuesday.id, None)
    assert store.by_login(engine, account) == monday
    with engine.connect() as conn:
        stored = {r.login_hash for r in conn.execute(sqlalchemy.select(db.learners.c.login_hash))}
    assert stored == {account, None} and not any("ada-123" in (h or "") for h in stored)


def test_the_default_database_is_an_sqlite_file_under_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(db.ENV_URL, raising=False)
    monkeypatch.setenv(db.ENV_DATA, str(tmp_path / "data"))
    assert db.url() == f"sqlite:///{tmp_path / 'data' / 'classes.sqlite3'}"
    made = db.engine()
    try:
        with made.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert (tmp_path / "data" / "classes.sqlite3").exists()
    finally:
        db.forget_engines()


def test_the_command_line(monkeypatch, tmp_path, capsys):
    from gan_core.cli import main

    monkeypatch.setenv(db.ENV_URL, f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        assert main(["class", "create", "Year 11"]) == 0
        code, path, name = capsys.readouterr().out.split(maxsplit=2)
        assert path == f"/class?join={code}" and name.strip() == "Year 11"
        learner, _ = store.join(db.engine(), code, "Ada")
        store.save_attempts(db.engine(), learner.id, [attempt(SINGLE, RIGHT)])
        assert main(["class", "list"]) == 0 and code in capsys.readouterr().out
        assert main(["class", "export", code, "--csv", str(tmp_path / "g.csv")]) == 0
        assert (tmp_path / "g.csv").read_text().splitlines()[1].startswith("Ada,")
        assert main(["class", "export", code, "--csv", "-", "--long"]) == 0
        assert "Ada" in capsys.readouterr().out
        assert main(["class", "export", "NOSUCHCD", "--csv", "-"]) == 1
        assert main(["class", "delete", code]) == 0
        assert capsys.readouterr().out.startswith(f"deleted {code}")
        assert main(["class", "list"]) == 0 and capsys.readouterr().out == ""
    finally:
        db.forget_engines()
