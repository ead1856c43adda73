"""AppTest: the "Complete a digit" lesson's controls, buttons, presets, share link and bad links."""

from __future__ import annotations

import inspect

import plotly.graph_objects as go
from streamlit.testing.v1 import AppTest

from gan_core.completion.config import CompletionConfig
from gan_core.completion.models import AdversarialCompleter, MSECompleter
from gan_core.completion.presets import PRESETS
from gan_core.completion.trainer import CompletionTrainer
from tests.conftest import ROOT
from ui import chart_style, completion_charts

NS = "completion"
PAGE = "lessons/completion.py"


def open_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=180)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def run_of(at: AppTest):
    return at.session_state[f"{NS}.run"]


def test_lesson_renders_the_race_scores_charts_and_no_exception():
    at = open_page()
    assert not at.exception
    assert at.selectbox(key=f"{NS}.mask").value == "bottom"
    assert at.selectbox(key=f"{NS}.models").value == "all"
    assert len(at.get("image")) == 3  # the race, and the GAN's and the mix's completions under six z
    assert len(at.get("plotly_chart")) == 6  # sharpness, Frechet, judge, error, variety, losses
    (table,) = [m.value for m in at.markdown if "| Judge is sure | Frechet | Sharpness | Sq. error |" in m.value]
    assert "[**MSE model**]" in table and "[**GAN**]" in table and "[**MSE + GAN**]" in table
    assert "| Real digits | 9" in table  # the judge is sure of 90-99% of real digits
    assert any("Press **Play**" in m.value for m in at.markdown)
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "Completed held-out digits (.npz, 500)" in downloads and "Run as JSON (config + history)" in downloads


def test_step_buttons_train_every_model_and_reset_starts_again():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    t = run_of(at).trainer
    assert t.step_count == 1 and (t.d_updates, t.g_updates) == (1, 1)
    at.button(key=f"{NS}.step_d").click().run()
    at.button(key=f"{NS}.step_g").click().run()
    assert (t.d_updates, t.g_updates) == (2, 2) and t.step_count == 1
    assert any("Right now:" in m.value for m in at.markdown)
    at.button(key=f"{NS}.reset").click().run()
    assert run_of(at).trainer.step_count == 0 and run_of(at).trainer is not t
    assert not at.exception


def test_play_trains_in_chunks_and_pause_stops():
    at = open_page({"preset": "mse-vs-gan"})
    at.select_slider(key=f"{NS}.chunk").set_value(5).run()
    at.button(key=f"{NS}.play").click().run()
    assert run_of(at).playing and run_of(at).trainer.step_count == 5
    at.run()
    assert run_of(at).trainer.step_count == 10
    assert at.button(key=f"{NS}.play").label == "Pause"
    at.button(key=f"{NS}.play").click().run()
    steps = run_of(at).trainer.step_count
    at.run()
    assert not run_of(at).playing and run_of(at).trainer.step_count == steps and not at.exception


def test_lambda_applies_live_and_the_mask_restarts():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    trainer = run_of(at).trainer
    at.select_slider(key=f"{NS}.adv_weight").set_value(0.5).run()
    assert run_of(at).trainer is trainer and trainer.cfg.adv_weight == 0.5
    assert any("Applied live: adv_weight" in c.value for c in at.caption)
    at.selectbox(key=f"{NS}.mask").set_value("centre").run()
    assert run_of(at).trainer is not trainer and run_of(at).trainer.cfg.mask == "centre"
    assert any("Changed mask" in c.value and "restarted" in c.value for c in at.caption)


def test_one_model_alone_shows_one_score_row_and_says_there_is_no_race():
    at = open_page({"preset": "mse-alone"})
    assert not at.exception
    assert run_of(at).trainer.models == ("mse",)
    (table,) = [m.value for m in at.markdown if "| Judge is sure |" in m.value]
    assert "[**MSE model**]" in table and "[**GAN**]" not in table
    assert len(at.get("image")) == 1  # no z rows: the MSE model has no z
    at.button(key=f"{NS}.step").click().run()
    assert any("no race" in m.value for m in at.markdown)


def test_share_link_restores_the_configuration_and_a_preset_explains_itself():
    at = open_page({"preset": "right-half", "seed": "7", "adv_weight": "0.2"})
    cfg = run_of(at).trainer.cfg
    assert (cfg.mask, cfg.seed, cfg.adv_weight) == ("right", 7, 0.2)
    assert not at.warning
    assert any(PRESETS["right-half"].explanation in m.value for m in at.markdown)
    link = next(c.value for c in at.code if "seed=7" in c.value)
    assert "mask=right" in link and "adv_weight=0.2" in link


def test_bad_link_parameters_fall_back_with_a_note():
    at = open_page({"mask": "diagonal", "width": "99999", "lr_d": "fast", "seed": "4", "zzz": "1"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "mask=diagonal" in warnings and "width=99999" in warnings and "`lr_d=fast`" in warnings
    cfg = run_of(at).trainer.cfg
    assert (cfg.mask, cfg.width, cfg.lr_d, cfg.seed) == ("bottom", 16, 5e-4, 4)


def test_show_the_code_is_the_real_source_and_the_questions_end_the_page():
    at = open_page()
    sources = [c.value.strip() for c in at.code]
    for fn in (MSECompleter.step, AdversarialCompleter.d_step, AdversarialCompleter.g_step):
        assert inspect.getsource(fn).strip() in sources
    text = " ".join(m.value for m in at.markdown)
    assert "What does it draw below it?" in text  # the first checkpoint question


def test_router_lists_and_opens_the_lesson():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value.startswith("Complete a digit")


def test_every_figure_is_a_valid_plotly_figure():
    t = CompletionTrainer(CompletionConfig(width=4, batch_size=8, steps=20))
    t.step(2)
    t.evaluate()
    for fig in completion_charts.figure_curves(t.history.arrays(), t.evals.arrays(), t.reference, t.models):
        go.Figure(fig)  # raises on any invalid property
        assert fig["layout"]["meta"] == chart_style.PREVALIDATED
