"""AppTest: the intro lesson, lesson questions in the lessons, the Quiz page and Home's course map."""

from __future__ import annotations

import json

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from gan_core.quiz.bank import load_bank
from tests.conftest import ROOT

BANK = load_bank()
Q = BANK.by_id()


def open_page(path: str) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=120).run()


def texts(at: AppTest, *kinds: str) -> str:
    """Everything shown by the given element kinds (markdown, success, error, ...), as one string."""
    return "\n".join(str(el.value) for kind in kinds for el in at.get(kind))


def feedback(at: AppTest) -> str:
    """The markdown on screen outside the folded "Show the answer" boxes."""
    folded = {m.value for e in at.expander if e.label == "Show the answer" for m in e.markdown}
    return "\n".join(m.value for m in at.markdown if m.value not in folded)


def choose(at: AppTest, qid: str, answer) -> AppTest:
    """Answer a question through its widgets and submit it (an int: option index; a set: ticked
    options; a float: a number)."""
    q = Q[qid]
    if q.kind == "numeric":
        at.number_input(key=f"quiz.{qid}.value").set_value(answer)
    elif q.kind == "multi":
        for i in range(len(q.options)):
            at.checkbox(key=f"quiz.{qid}.choice.{i}").set_value(i in answer)
    else:
        at.radio(key=f"quiz.{qid}.choice").set_value(answer)
    return at.button(key=f"quiz.{qid}.submit").click().run()


@pytest.fixture
def downloads(monkeypatch):
    """The files behind st.download_button in AppTest runs: {url: MemoryFile}."""
    storages: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            storages.append(self)

    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", Recording)

    def files(at: AppTest, key: str):
        (button,) = [b for b in at.get("download_button") if b.proto.id.endswith(key)]
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".")[0]
        return storages[-1].get_file(file_id)

    return files


# --- the intro lesson ---------------------------------------------------------------------------
def test_intro_renders_the_story_the_diagram_and_the_losses():
    at = open_page("lessons/intro.py")
    assert not at.exception
    assert at.title[0].value == "What is a GAN?"
    body = texts(at, "markdown")
    assert "forger" in body and "police" in body
    for step in ("Generate N fakes", "Sample N real", "Train D on both", "Pipe G into D", "D frozen", "Repeat"):
        assert step in body, step
    assert len(at.get("graphviz_chart")) == 1
    latex = texts(at, "latex")
    assert r"\min_G \max_D" in latex and r"L_G^\text{NS}" in latex and r"L_G^\text{minimax}" in latex
    assert "deepfake" in body.lower() and "bias" in body.lower() and "super-resolution" in body.lower()
    assert "Check your understanding" in texts(at, "subheader")
    links = texts(at, "caption")
    assert "(/toy-1d?center=6&scale=0.5&loss=minimax&" in links and "(/toy-1d?center=6&scale=0.5&lr_g=0.0001&" in links


@pytest.mark.parametrize("preset", ["1d-d-wins", "1d-fix-ns"])
def test_intros_deep_links_open_the_toy_lesson_with_exactly_the_presets_settings(preset):
    import re
    from urllib.parse import parse_qsl

    from gan_core.toy.presets import PRESETS

    links = re.findall(r"\]\(/toy-1d\?([^)]*)\)", texts(open_page("lessons/intro.py"), "caption"))
    query = next(q for q in links if ("loss=minimax" in q) == (preset == "1d-d-wins"))
    at = AppTest.from_file(str(ROOT / "lessons/toy_1d.py"), default_timeout=120)
    for k, v in parse_qsl(query):
        at.query_params[k] = v
    at.run()
    assert not at.exception and not at.warning
    assert at.session_state["toy1d.run"].trainer.cfg == PRESETS[preset].config()


def test_frozen_d_demo_moves_only_the_network_that_steps():
    at = open_page("lessons/intro.py")
    assert not at.table  # nothing before the first update
    at.button(key="intro.demo.step_d").click().run()
    table = at.table[0].value.set_index("network")
    assert table.loc["D (discriminator)", "changed by this step"] == table.loc["D (discriminator)", "parameters"] > 0
    assert table.loc["G (generator)", "changed by this step"] == 0
    assert "Only D's weights moved" in texts(at, "markdown")
    at.button(key="intro.demo.step_g").click().run()
    table = at.table[0].value.set_index("network")
    assert table.loc["D (discriminator)", "changed by this step"] == 0
    assert table.loc["G (generator)", "changed by this step"] > 0
    assert "So far: 1 D step(s), 1 G step(s)." in texts(at, "caption")
    at.button(key="intro.demo.reset").click().run()
    assert not at.table


# --- questions inside a lesson ------------------------------------------------------------------
def test_the_answer_is_hidden_until_an_attempt_and_each_choice_explains_itself():
    at = open_page("lessons/intro.py")
    q = Q["intro-d-output"]
    right_why, wrong_why = q.options[1].why, q.options[0].why
    shown = texts(at, "markdown", "success", "error", "info", "caption")
    assert right_why not in shown and wrong_why not in shown and "Show the answer" not in [e.label for e in at.expander]

    choose(at, "intro-d-output", 0)
    assert "Not quite" in texts(at, "error") and wrong_why in texts(at, "markdown")
    (reveal,) = [e for e in at.expander if e.label == "Show the answer"]  # offered only after an attempt
    assert right_why in reveal.markdown[0].value  # the right answer sits behind it, folded
    assert right_why not in feedback(at) + texts(at, "success", "error")

    choose(at, "intro-d-output", 1)  # a retry
    assert "Right. Attempt 2." in texts(at, "success").replace("**", "") and right_why in feedback(at)
    assert wrong_why not in feedback(at)


def test_multi_select_partly_right_is_wrong_and_numeric_says_too_low_or_too_high():
    at = open_page("lessons/intro.py")
    q = Q["intro-non-saturating"]
    first, second = sorted(q.answer)  # two true statements
    choose(at, "intro-non-saturating", {first})
    shown = texts(at, "markdown")
    assert (
        "Not quite" in texts(at, "error")
        and q.options[first].why in shown
        and "You left out 1 true statement." in shown
    )
    choose(at, "intro-non-saturating", {first, second})
    assert "Right" in texts(at, "success") and q.options[second].why in texts(at, "markdown")

    n = Q["intro-d-loss-equilibrium"]
    choose(at, "intro-d-loss-equilibrium", 2.0)
    assert n.too_high in feedback(at) and n.explanation not in feedback(at)
    choose(at, "intro-d-loss-equilibrium", 1.39)
    assert n.explanation in feedback(at) and n.too_high not in feedback(at)


def test_submitting_nothing_is_not_an_attempt():
    at = open_page("lessons/intro.py")
    at.button(key="quiz.intro-g-output.submit").click().run()
    assert "Pick an answer first." in texts(at, "warning")
    assert "intro-g-output" not in at.session_state["quiz.progress"].records


def test_embedded_questions_in_the_toy_1d_lesson_and_predict_then_run():
    at = AppTest.from_file(str(ROOT / "lessons/toy_1d.py"), default_timeout=120).run()
    assert "Check your understanding" in texts(at, "subheader")
    q = Q["toy1d-arrows"]
    choose(at, "toy1d-arrows", 1)
    assert not at.exception and "Right" in texts(at, "success") and q.options[1].why in texts(at, "markdown")

    at.button(key="toy1d.step").click().run()
    old = at.session_state["toy1d.run"].trainer
    p = Q["toy1d-predict-mode-collapse"]
    choose(at, p.id, 0)  # a wrong prediction, then the run
    assert not at.exception
    assert at.session_state["toy1d.preset"] == "1d-mode-collapse"  # the preset buttons' mechanism
    trainer = at.session_state["toy1d.run"].trainer
    assert trainer is not old and trainer.step_count == 0 and trainer.cfg.dataset == "mixture2"
    assert p.explanation in texts(at, "info") and p.options[0].why in texts(at, "markdown")
    assert "is loaded: [go up to the lesson](#toy-gan-in-1-d)" in texts(at, "caption")
    assert "Not what happens" in texts(at, "error")


# --- the router: Home's course map, page switches -----------------------------------------------
def test_progress_shows_on_homes_course_map():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    bars = {p.text for p in at.get("progress")}
    n_intro = len(BANK.for_lesson("intro"))
    assert f"Lesson questions: 0 of {n_intro} answered · 0 right" in bars
    at.switch_page("lessons/intro.py").run()
    choose(at, "intro-d-output", 1)
    choose(at, "intro-g-output", 2)  # wrong
    at.switch_page("lessons/home.py").run()
    assert not at.exception
    bars = {p.text: p.value for p in at.get("progress")}
    assert bars[f"Lesson questions: 2 of {n_intro} answered · 1 right"] == round(100 * 2 / n_intro)
    assert f"Lesson questions: 2 of {len(BANK.questions)} answered · 1 right" in bars  # the Quiz page's row
    labels = [link.value for link in at.get("page_link")]
    assert labels[0] == "1. What is a GAN?" and labels[-2].endswith("Quiz") and labels[-1].endswith("Glossary")


def test_intro_opens_the_toy_lesson_with_the_preset_and_answers_survive_page_switches():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("lessons/intro.py").run()
    choose(at, "intro-d-output", 1)
    at.button(key="intro.open.1d-d-wins").click().run()
    assert not at.exception
    assert at.title[0].value == "Toy GAN in 1-D"
    cfg = at.session_state["toy1d.run"].trainer.cfg
    assert (cfg.loss, cfg.lr_d, cfg.k_d, cfg.center) == ("minimax", 1e-2, 3, 6.0)
    at.switch_page("lessons/quiz.py").run()
    assert at.radio(key="quiz.intro-d-output.choice").value == 1  # the same answer on the Quiz page
    at.switch_page("lessons/toy_1d.py").run()  # back: the lesson keeps its settings
    assert not at.exception
    assert at.session_state["toy1d.run"].trainer.cfg == cfg
    assert at.selectbox(key="toy1d.loss").value == "minimax"


# --- the Quiz page ------------------------------------------------------------------------------
def test_quiz_page_lists_every_question_grouped_by_lesson():
    at = open_page("lessons/quiz.py")
    assert not at.exception and not at.error
    headers = [h.value for h in at.header]
    assert headers == [
        "What is a GAN?",
        "The theory behind GANs",
        "Toy GAN in 1-D",
        "Toy GAN in 2-D",
        "MNIST GAN",
        "DCGAN explorer",
        "Put a GAN on it",
        "Complete a digit",
    ]
    submits = [b for b in at.button if b.key and b.key.endswith(".submit")]
    assert len(submits) == len(BANK.questions) >= 40
    assert "no page in this version" not in texts(at, "caption")  # every lesson with questions has a page


def test_quiz_page_filter_shows_questions_to_retry():
    at = open_page("lessons/quiz.py")
    choose(at, "dcgan-seed", 0)  # wrong
    choose(at, "mnist-only-ones", 1)  # right
    at.segmented_control(key="quiz.filter").set_value("To retry").run()
    submits = {b.key for b in at.button if b.key and b.key.endswith(".submit")}
    assert submits == {"quiz.dcgan-seed.submit"}
    choose(at, "dcgan-seed", 1)  # fixed: stays on screen with its feedback until the filter is chosen again
    assert "Right" in texts(at, "success") and Q["dcgan-seed"].options[1].why in texts(at, "markdown")


def test_quiz_page_downloads_the_results(downloads):
    at = open_page("lessons/quiz.py")
    choose(at, "toy2d-heatmap", 0)
    choose(at, "dcgan-midpoint-norm", 7.0)
    csv_file = downloads(at, "quiz.dl_csv")
    assert csv_file.mimetype == "text/csv" and csv_file.filename == "gan-classroom-quiz.csv"
    rows = csv_file.content.decode().splitlines()
    assert len(rows) == 1 + len(BANK.questions)
    assert any(r.startswith("toy2d,toy2d-heatmap,single,") and ",1,True,True," in r for r in rows)
    assert any(r.startswith("dcgan,dcgan-midpoint-norm,numeric,") and ",1,True,True,7," in r for r in rows)
    report = json.loads(downloads(at, "quiz.dl_json").content)
    assert set(report["answers"]) == {"toy2d-heatmap", "dcgan-midpoint-norm"}
    assert report["answers"]["dcgan-midpoint-norm"]["response"] == 7.0


def test_reset_needs_a_confirmation():
    at = open_page("lessons/quiz.py")
    choose(at, "toy2d-heatmap", 0)
    at.button(key="quiz.reset").click().run()
    assert "Delete your 1 answer?" in texts(at, "warning")
    assert len(at.session_state["quiz.progress"].records) == 1  # asking is not deleting
    at.button(key="quiz.reset_cancel").click().run()
    assert len(at.session_state["quiz.progress"].records) == 1
    assert not [b for b in at.button if b.key == "quiz.reset_confirm"]
    at.button(key="quiz.reset").click().run()
    at.button(key="quiz.reset_confirm").click().run()
    assert at.session_state["quiz.progress"].records == {}
    assert at.radio(key="quiz.toy2d-heatmap.choice").value is None
    assert "Progress reset" in texts(at, "success")


def test_import_a_downloaded_file_and_a_bad_file_loses_nothing(downloads):
    at = open_page("lessons/quiz.py")
    choose(at, "toy2d-heatmap", 0)
    choose(at, "ll-mse-numeric", 2.0)
    saved = downloads(at, "quiz.dl_json").content

    fresh = open_page("lessons/quiz.py")  # a new session, e.g. after a server restart
    fresh.get("file_uploader")[0].set_value(("my-progress.json", saved, "application/json")).run()
    assert not fresh.exception
    assert "Imported 2 answers from `my-progress.json`" in texts(fresh, "success")  # a file name shows as code
    assert set(fresh.session_state["quiz.progress"].records) == {"toy2d-heatmap", "ll-mse-numeric"}
    assert fresh.radio(key="quiz.toy2d-heatmap.choice").value == 0  # the widgets show the imported answers

    fresh.get("file_uploader")[0].set_value(("notes.json", b'{"hello": 1}', "application/json")).run()
    error = texts(fresh, "error")
    assert "Could not import `notes.json`" in error and "not a GAN Classroom progress file" in error
    assert set(fresh.session_state["quiz.progress"].records) == {"toy2d-heatmap", "ll-mse-numeric"}


def test_quiz_page_shows_files_that_failed_to_load(tmp_path, monkeypatch):
    (tmp_path / "broken.toml").write_text('lesson = "toy1d"\n[[questions]]\nid = "x"\nkind = "single"\n')
    good = (ROOT / "gan_core/quiz/questions/mnist.toml").read_text()
    (tmp_path / "mnist.toml").write_text(good)
    monkeypatch.setattr("gan_core.quiz.bank.QUIZ_DIR", tmp_path)
    at = open_page("lessons/quiz.py")
    assert not at.exception
    assert "broken.toml: question 'x': prompt is missing" in texts(at, "error")
    assert [h.value for h in at.header] == ["MNIST GAN"]  # the good file still loads
