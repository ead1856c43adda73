"""AppTest: the "Put a GAN on it" lesson's controls, buttons, presets, share link and bad links."""

from __future__ import annotations

import inspect

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from gan_core.learned_loss.config import LearnedLossConfig
from gan_core.learned_loss.models import ConditionalGAN, MSEModel
from gan_core.learned_loss.presets import PRESETS
from gan_core.learned_loss.trainer import LearnedLossTrainer
from tests.conftest import ROOT
from ui import chart_style, learned_loss_charts

NS = "learned_loss"
PAGE = "lessons/learned_loss.py"


def open_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def run_of(at: AppTest):
    return at.session_state[f"{NS}.run"]


def test_lesson_renders_controls_charts_scores_and_no_exception():
    at = open_page()
    assert not at.exception
    assert at.selectbox(key=f"{NS}.task").value == "two_branches"
    assert at.number_input(key=f"{NS}.seed").value == 0
    assert at.toggle(key=f"{NS}.mixed").value is False
    assert len(at.get("plotly_chart")) == 4  # the pairs + error, on-branch and loss curves
    names = " ".join(m.value for m in at.markdown)  # one score row per model: its name, two tiles
    assert "[MSE model]" in names and "[GAN]" in names and "[MSE + GAN]" not in names
    assert [m.label for m in at.metric] == ["MSE to the data", "On a real branch"] * 2
    assert at.button(key=f"{NS}.play").label == "Play"
    assert any("Press **Play**" in m.value for m in at.markdown)


def test_changing_the_task_restarts_on_the_new_task():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    at.selectbox(key=f"{NS}.task").set_value("ring").run()
    assert not at.exception
    trainer = run_of(at).trainer
    assert trainer.cfg.task == "ring" and trainer.step_count == 0
    assert any("Changed task" in c.value and "restarted" in c.value for c in at.caption)
    assert at.query_params["task"] in ("ring", ["ring"])
    assert any("A ring" in m.value for m in at.markdown)


def test_step_buttons_and_reset():
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
    at = open_page()
    at.select_slider(key=f"{NS}.chunk").set_value(50).run()
    at.button(key=f"{NS}.play").click().run()
    assert run_of(at).playing and run_of(at).trainer.step_count == 50
    for _ in range(5):
        at.run()
    assert run_of(at).trainer.step_count == 300
    assert at.button(key=f"{NS}.play").label == "Pause"
    at.button(key=f"{NS}.play").click().run()
    steps = run_of(at).trainer.step_count
    at.run()
    assert not run_of(at).playing and run_of(at).trainer.step_count == steps
    assert not at.exception
    # by step 300 the GAN already looks clearly more real: the progress line says when it happened
    assert run_of(at).target_at is not None


def test_live_settings_apply_and_network_settings_restart():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    trainer = run_of(at).trainer
    at.select_slider(key=f"{NS}.lr_d").set_value(1e-3).run()
    assert run_of(at).trainer is trainer and trainer.cfg.lr_d == 1e-3
    assert any("Applied live: lr_d" in c.value for c in at.caption)
    at.number_input(key=f"{NS}.width").set_value(32).run()
    assert run_of(at).trainer is not trainer and run_of(at).trainer.cfg.width == 32


def test_mixed_preset_adds_the_third_model_and_explains_itself():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    at.button(key=f"{NS}.preset.mixed").click().run()
    assert not at.exception
    trainer = run_of(at).trainer
    assert trainer.step_count == 0 and trainer.mix is not None
    assert any(PRESETS["mixed"].explanation in m.value for m in at.markdown)  # in "What it shows"
    assert "[MSE + GAN]" in " ".join(m.value for m in at.markdown) and len(at.metric) == 6
    at.select_slider(key=f"{NS}.adv_weight").set_value(0.2).run()
    assert run_of(at).trainer is trainer and trainer.cfg.adv_weight == 0.2


def test_share_link_restores_the_configuration():
    at = open_page({"task": "three_waves", "seed": "7", "lr_g": "0.001", "mixed": "1"})
    cfg = run_of(at).trainer.cfg
    assert (cfg.task, cfg.seed, cfg.lr_g, cfg.mixed) == ("three_waves", 7, 1e-3, True)
    assert not at.warning
    link = next(c.value for c in at.code if "seed=7" in c.value)
    assert "task=three_waves" in link and "lr_g=0.001" in link and "mixed=1" in link


def test_bad_link_parameters_fall_back_with_a_note():
    at = open_page({"task": "spiral", "width": "99999", "lr_d": "fast", "seed": "4", "zzz": "1"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "task=spiral" in warnings and "width=99999" in warnings and "`lr_d=fast`" in warnings
    assert "zzz" in warnings
    cfg = run_of(at).trainer.cfg
    assert (cfg.task, cfg.width, cfg.lr_d, cfg.seed) == ("two_branches", 64, 2e-3, 4)
    at.button(key=f"{NS}.dismiss_notes").click().run()
    assert not at.warning


def test_show_the_code_is_the_real_source_of_both_losses():
    at = open_page()
    sources = [c.value.strip() for c in at.code]
    for fn in (MSEModel.step, ConditionalGAN.d_step, ConditionalGAN.g_step):
        assert inspect.getsource(fn).strip() in sources


def test_router_lists_and_opens_the_lesson():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.title[0].value.startswith("Put a GAN on it")


@pytest.mark.parametrize("cfg", [LearnedLossConfig(steps=20, mixed=True), LearnedLossConfig(task="three_waves")])
def test_every_figure_is_a_valid_plotly_figure(cfg):
    t = LearnedLossTrainer(cfg, n_eval=200)
    t.step(5)
    snap = t.snapshot()
    figs = [learned_loss_charts.figure_pairs(snap, cfg, set(learned_loss_charts.LAYERS))]
    figs += learned_loss_charts.figure_curves(
        t.history.arrays(), t.evals.arrays(), t.reference, ("mse", "gan", "mix") if cfg.mixed else ("mse", "gan")
    )
    for fig in figs:
        go.Figure(fig)  # raises on any invalid property
        assert fig["layout"]["meta"] == chart_style.PREVALIDATED


def test_the_lesson_ends_with_its_checkpoint_questions():
    at = open_page()
    text = " ".join(m.value for m in at.markdown)
    assert "Where does a model trained with mean squared error predict?" in text


def test_a_link_can_name_a_preset_and_change_it():
    at = open_page({"preset": "three-waves", "seed": "2"})
    cfg = run_of(at).trainer.cfg
    assert (cfg.task, cfg.width, cfg.steps, cfg.seed) == ("three_waves", 128, 6000, 2)
    assert any(PRESETS["three-waves"].explanation in m.value for m in at.markdown) and not at.warning
    at = open_page({"preset": "nope"})
    assert "preset=nope" in " ".join(w.value for w in at.warning) and not at.exception
