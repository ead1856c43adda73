"""AppTest: a learner joins a class, answers, comes back in another session and finds every
answer; wrong codes are refused (and rate-limited); a database that goes down pauses saving and
loses nothing; the teacher page needs the key, shows the class (names as text) and asks it a
question that reaches the learner's page, explanations held back until Reveal."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from gan_core.classes import db, store
from gan_core.quiz.bank import load_bank
from tests.app.test_quiz_app import choose
from tests.conftest import ROOT

BANK = load_bank()
QID = "intro-d-output"  # a single-choice question of the intro lesson
Q = BANK.by_id()[QID]
RIGHT = min(Q.answer)
WRONG = next(i for i in range(len(Q.options)) if i not in Q.answer)
HOSTILE = "**x** <img src=x onerror=alert(1)>"


@pytest.fixture
def database(monkeypatch, tmp_path):
    monkeypatch.setenv(db.ENV_URL, f"sqlite:///{tmp_path / 'classes.sqlite3'}")
    monkeypatch.setenv("GAN_CLASSROOM_TEACHER_KEY", "correct horse battery staple")
    db.forget_engines()
    yield db.engine()
    db.forget_engines()


def page(path: str, **query: str) -> AppTest:
    """A fresh session (a new browser) on ``path``, through the router as the app runs it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()  # Home first, as a visit starts
    at.query_params.update(query)
    at.switch_page(path)
    return at.run()


def go(at: AppTest, path: str) -> AppTest:
    """The same learner opens another page."""
    at.switch_page(path)
    return at.run()


def join(at: AppTest, code: str | None, name: str) -> AppTest:
    if code is not None:  # None: keep what the join link filled in
        at.text_input(key="class.join_code").input(code)
    at.text_input(key="class.join_name").input(name)
    return at.button(key="FormSubmitter:class.join-Join").click().run()


def shown(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("markdown", "success", "warning", "info", "error", "code") for e in at.get(kind)
    )


def test_join_answer_and_come_back_in_another_session(database):
    info = store.create_class(database, "Physics")
    at = join(page("lessons/classroom.py", join=info.code), None, "Ada")  # the code came with the link
    assert not at.exception
    (resume,) = [c.value for c in at.code]
    assert "You are **Ada** in **Physics**" in shown(at) and "Write down your resume code" in shown(at)
    intro = go(at, "lessons/intro.py")
    choose(intro, QID, WRONG)
    choose(intro, QID, RIGHT)
    learner = store.resume(database, resume)
    assert [a.correct for a in store.attempts_of(database, learner.id)] == [False, True]
    back = page("lessons/classroom.py", resume=resume)  # another device: a fresh session
    assert "You are **Ada** in **Physics**" in shown(back) and "resume" not in back.query_params
    record = back.session_state["quiz.progress"].records[QID]
    assert (record.attempts, record.correct, record.first_try) == (2, True, False)


def test_wrong_codes_get_one_message_and_a_wait_after_five(database):
    at = page("lessons/classroom.py")
    for _ in range(5):
        at = join(at, "WRONGCDE", "Ada")
        assert "No class has that code" in shown(at)
    assert "Too many wrong codes" in shown(at)
    assert at.button(key="FormSubmitter:class.join-Join").disabled  # even a right code waits
    assert at.button(key="FormSubmitter:class.resume-Come back").disabled


def test_names_are_shown_as_text(database):
    info = store.create_class(database, HOSTILE)
    at = join(page("lessons/classroom.py"), info.code, HOSTILE)
    text = shown(at)
    assert "<img" not in text.replace("\\<img", "") and "\\*\\*x\\*\\*" in text


def test_a_database_that_goes_down_pauses_saving_and_loses_nothing(database, monkeypatch):
    info = store.create_class(database, "Physics")
    at = join(page("lessons/classroom.py"), info.code, "Ada")
    resume = at.code[0].value
    intro = go(at, "lessons/intro.py")

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    from ui import classroom

    monkeypatch.setattr(classroom, "RETRY_S", 0.0)  # ask again at once (the server waits 10 s)
    real = store.save_attempts
    monkeypatch.setattr(store, "save_attempts", down)
    choose(intro, QID, RIGHT)
    assert not intro.exception and intro.session_state["quiz.progress"].records[QID].correct
    assert len(intro.session_state["class.outbox"]) == 1 and "Saving paused" in shown(intro)
    monkeypatch.setattr(store, "save_attempts", real)
    intro.run()  # the next page run flushes what waited, and the banner goes
    assert "Saving paused" not in shown(intro) and intro.session_state["class.outbox"] == []
    learner = store.resume(database, resume)
    assert [a.question_id for a in store.attempts_of(database, learner.id)] == [QID]


def test_the_teacher_page_needs_the_key(database, monkeypatch):
    store.create_class(database, "Secret class")
    monkeypatch.delenv("GAN_CLASSROOM_TEACHER_KEY")
    at = page("lessons/teacher.py")
    assert "No teacher key is set up" in shown(at) and "Secret class" not in shown(at)
    monkeypatch.setenv("GAN_CLASSROOM_TEACHER_KEY", "correct horse battery staple")
    at = page("lessons/teacher.py")
    at.text_input(key="teacher.key_input").input("wrong")
    at = at.button(key="FormSubmitter:teacher.sign_in-Sign in").click().run()
    assert "not this server's teacher key" in shown(at) and "Secret class" not in shown(at)
    at.text_input(key="teacher.key_input").input("correct horse battery staple")
    at = at.button(key="FormSubmitter:teacher.sign_in-Sign in").click().run()
    assert "Secret class" in shown(at) and not at.exception


def test_the_teacher_sees_the_class_and_asks_it_a_question(database):
    info = store.create_class(database, "Physics")
    learner = join(page("lessons/classroom.py"), info.code, HOSTILE)
    intro = go(learner, "lessons/intro.py")
    choose(intro, QID, WRONG)
    teacher = page("lessons/teacher.py")
    teacher.text_input(key="teacher.key_input").input("correct horse battery staple")
    teacher = teacher.button(key="FormSubmitter:teacher.sign_in-Sign in").click().run()
    assert not teacher.exception
    (table,) = teacher.dataframe
    assert list(table.value["learner"]) == [HOSTILE]  # a table cell: text, never markdown
    assert f"Most common wrong answer: **{Q.options[WRONG].text}**" in shown(teacher)
    teacher.selectbox(key="teacher.ask_pick").set_value(QID)
    teacher = teacher.button(key="teacher.ask").click().run()
    assert store.class_by_id(database, info.id).asked_question == QID
    app = go(intro, "lessons/home.py")  # wherever the learner is
    assert not app.exception and "Your teacher asks Physics" in shown(app)
    app.radio(key=f"ask.{QID}.choice").set_value(RIGHT)
    app = app.button(key=f"ask.{QID}.submit").click().run()
    assert "Your answer is in" in shown(app) and "**Right.**" not in shown(app)
    store.reveal(database, info.id)
    app.run()
    assert "**Right.**" in shown(app)


def test_a_learner_whose_class_was_deleted_is_told_and_anonymous_again(database):
    info = store.create_class(database, "Physics")
    at = join(page("lessons/classroom.py"), info.code, "Ada")
    intro = go(at, "lessons/intro.py")
    store.delete_class(database, info.code)
    choose(intro, QID, RIGHT)  # the answer finds no class to be saved in
    assert not intro.exception and "closed by its teacher" in shown(intro)
    assert "class.member" not in intro.session_state
    assert store.list_classes(database) == []


AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "gan-classroom",
    "client_secret": "not-a-secret",
    "server_metadata_url": "http://localhost:1/.well-known/openid-configuration",
}


def test_where_sign_in_is_set_up_learners_and_listed_teachers_get_a_button(database, monkeypatch):
    monkeypatch.delenv("GAN_CLASSROOM_TEACHER_KEY")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.secrets["auth"] = AUTH
    at.run()
    at.switch_page("lessons/teacher.py")
    at.run()
    assert "No teacher key is set up" in shown(at) and not [b for b in at.button if "Sign in" in str(b.label)]
    at.secrets["teacher_emails"] = ["teacher@school.test"]
    at.run()
    assert "No teacher key is set up" not in shown(at)
    assert [b.label for b in at.button if b.key.startswith("teacher.sign_in_account")] == ["Sign in as a teacher"]
    at.switch_page("lessons/classroom.py")
    at.run()
    assert [b.label for b in at.button if b.key.startswith("class.sign_in")] == ["Sign in"]
    assert not at.exception


def test_the_teacher_list_needs_a_verified_e_mail_on_it(monkeypatch):
    from ui import sign_in

    monkeypatch.setenv(sign_in.ENV_TEACHERS, " Teacher@School.test , other@school.test")
    assert sign_in.teacher_emails() == {"teacher@school.test", "other@school.test"}
    login = store.login_hash("https://id.example", "t")
    assert sign_in.is_teacher(sign_in.Account(login, "TEACHER@school.test", True))
    assert sign_in.is_teacher(sign_in.Account(login, "teacher@school.test", None))  # providers that do not say
    assert not sign_in.is_teacher(sign_in.Account(login, "teacher@school.test", False))
    assert not sign_in.is_teacher(sign_in.Account(login, "mallory@school.test", True))
    assert not sign_in.is_teacher(sign_in.Account(login, "", True)) and not sign_in.is_teacher(None)
