"""AppTest: the toy lessons' controls, buttons, presets, share link and bad links."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from gan_core.toy.presets import PRESETS
from tests.conftest import ROOT

PAGES = {"toy1d": "lessons/toy_1d.py", "toy2d": "lessons/toy_2d.py"}


def open_page(ns: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGES[ns]), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def run_of(at: AppTest, ns: str):
    return at.session_state[f"{ns}.run"]


@pytest.mark.parametrize("ns", PAGES)
def test_lesson_renders_controls_charts_and_no_exception(ns):
    at = open_page(ns)
    assert not at.exception
    assert at.selectbox(key=f"{ns}.dataset").value == ("gaussian" if ns == "toy1d" else "ring8")
    for name in ("loss", "optimizer", "activation", "noise"):
        assert at.selectbox(key=f"{ns}.{name}") is not None
    assert at.number_input(key=f"{ns}.seed").value == 0
    charts = at.get("plotly_chart")
    assert len(charts) >= 4  # main picture + three metric charts
    assert at.button(key=f"{ns}.play").label == "Play"


@pytest.mark.parametrize("ns", PAGES)
def test_step_buttons_move_the_right_player(ns):
    at = open_page(ns)
    at.button(key=f"{ns}.step").click().run()
    run = run_of(at, ns)
    assert run.trainer.step_count == 1 and (run.trainer.d_updates, run.trainer.g_updates) == (1, 1)
    at.button(key=f"{ns}.step_d").click().run()
    assert (run_of(at, ns).trainer.d_updates, run_of(at, ns).trainer.g_updates) == (2, 1)
    at.button(key=f"{ns}.step_g").click().run()
    assert (run_of(at, ns).trainer.d_updates, run_of(at, ns).trainer.g_updates) == (2, 2)
    assert run_of(at, ns).trainer.step_count == 1
    at.button(key=f"{ns}.reset").click().run()
    assert run_of(at, ns).trainer.step_count == 0 and run_of(at, ns).trainer is not run.trainer


def test_play_trains_in_chunks_and_pause_stops():
    at = open_page("toy1d")
    at.select_slider(key="toy1d.chunk").set_value(20).run()
    at.button(key="toy1d.play").click().run()  # the fragment trains one chunk per rerun while playing
    assert run_of(at, "toy1d").playing
    assert run_of(at, "toy1d").trainer.step_count == 20
    at.run()
    assert run_of(at, "toy1d").trainer.step_count == 40
    assert at.button(key="toy1d.play").label == "Pause"
    at.button(key="toy1d.play").click().run()
    assert not run_of(at, "toy1d").playing
    steps = run_of(at, "toy1d").trainer.step_count
    at.run()
    assert run_of(at, "toy1d").trainer.step_count == steps
    assert len(run_of(at, "toy1d").timeline) >= 3


def test_learning_rate_applies_live_but_width_restarts():
    at = open_page("toy1d")
    at.button(key="toy1d.step").click().run()
    trainer = run_of(at, "toy1d").trainer
    at.select_slider(key="toy1d.lr_g").set_value(2e-3).run()
    assert run_of(at, "toy1d").trainer is trainer and trainer.cfg.lr_g == 2e-3
    assert any("Applied live: lr_g" in c.value for c in at.caption)
    at.number_input(key="toy1d.g_width").set_value(32).run()
    assert run_of(at, "toy1d").trainer is not trainer
    assert run_of(at, "toy1d").trainer.step_count == 0
    assert any("Changed g_width" in c.value and "restarted" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("ns", "preset", "field", "value"),
    [
        ("toy1d", "1d-too-high-lr", "lr_g", 3e-2),  # only live settings differ from the start
        ("toy1d", "1d-d-wins", "loss", "minimax"),
        ("toy1d", "1d-mode-collapse", "dataset", "mixture2"),
        ("toy2d", "2d-fix-wgan-gp", "loss", "wgan_gp"),
        ("toy2d", "grid25-converges", "dataset", "grid25"),
    ],
)
def test_presets_load_their_settings_and_explain_themselves(ns, preset, field, value):
    at = open_page(ns)
    at.button(key=f"{ns}.step").click().run()
    at.button(key=f"{ns}.preset.{preset}").click().run()
    assert not at.exception
    assert run_of(at, ns).trainer.step_count == 0  # a fresh run, not the old one with new settings
    assert at.session_state[f"{ns}.{field}"] == value
    assert run_of(at, ns).trainer.cfg.__getattribute__(field) == value
    from gan_core.toy.presets import PRESETS

    chosen = PRESETS[preset]
    shows = [e for e in at.expander if "What it shows" in str(e.label)]
    assert len(shows) == 1 and any(chosen.explanation in m.value for m in shows[0].markdown)
    assert all(chosen.explanation not in str(b.help) for b in at.button)  # the buttons never tell
    if chosen.fixes:  # a fix names everything it changes from the failure
        said = " ".join(m.value for m in at.markdown if "It changes" in m.value)
        for name, _, _ in chosen.changes_from(PRESETS[chosen.fixes]):
            assert f"`{name}`" in said


def test_share_link_restores_the_configuration():
    at = open_page("toy2d", {"dataset": "grid25", "seed": "7", "lr_d": "0.0002", "pac": "2"})
    cfg = run_of(at, "toy2d").trainer.cfg
    assert (cfg.dataset, cfg.seed, cfg.lr_d, cfg.pac) == ("grid25", 7, 2e-4, 2)
    assert at.query_params["seed"] in ("7", ["7"]) and at.query_params["dataset"] in ("grid25", ["grid25"])
    link = next(c.value for c in at.code if "seed=7" in c.value)
    assert "lr_d=0.0002" in link and "pac=2" in link


@pytest.mark.parametrize("ns", PAGES)
def test_bad_link_parameters_fall_back_with_a_note(ns):
    at = open_page(ns, {"noise_dim": "999", "lr_g": "fast", "dataset": "mnist", "seed": "5", "zzz": "1"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "noise_dim=999" in warnings and "`lr_g=fast`" in warnings and "zzz" in warnings
    assert "dataset" in warnings
    cfg = run_of(at, ns).trainer.cfg
    base = PRESETS["1d-converges" if ns == "toy1d" else "ring8-converges"].config()  # each page's default
    assert cfg.seed == 5 and cfg.noise_dim == base.noise_dim == 2 and cfg.lr_g == base.lr_g


def test_a_diverging_run_pauses_itself_and_keeps_its_history():
    at = open_page("toy1d", {"optimizer": "sgd", "lr_g": "1", "lr_d": "1", "loss": "wgan_gp", "gp_weight": "0"})
    at.select_slider(key="toy1d.chunk").set_value(1).run()
    at.button(key="toy1d.play").click().run()
    for _ in range(300):
        if not run_of(at, "toy1d").playing:
            break
        at.run()
    run = run_of(at, "toy1d")
    assert not run.playing and run.trainer.diverged
    assert not at.exception
    assert any("diverged" in e.value for e in at.error)
    assert len(run.trainer.history) > 0


def test_router_lists_lessons_and_switches_pages():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert "Toy GAN in 1-D" in " ".join(m.value for m in at.markdown) or at.get("page_link")
    at.switch_page("lessons/toy_2d.py").run()
    assert not at.exception
    assert at.title[0].value == "Toy GAN in 2-D"


def test_show_the_code_is_the_real_source_of_the_current_loss():
    import inspect

    from gan_core import losses
    from gan_core.toy.trainer import ToyTrainer

    at = open_page("toy1d", {"loss": "lsgan"})
    sources = [c.value.strip() for c in at.code]
    assert inspect.getsource(losses.d_loss_lsgan).strip() in sources
    assert inspect.getsource(losses.g_loss_lsgan).strip() in sources
    assert inspect.getsource(ToyTrainer._g_update).strip() in sources
    assert inspect.getsource(losses.d_loss_bce).strip() not in sources


def test_downloads_hold_config_and_history():
    import json

    at = open_page("toy1d")
    at.button(key="toy1d.step").click().run()
    at.button(key="toy1d.step").click().run()
    run = run_of(at, "toy1d")
    from gan_core.export import run_csv as _run_csv
    from gan_core.export import run_json as _run_json

    report = json.loads(_run_json(run.trainer))
    assert report["config"]["seed"] == 0 and report["steps"] == 2
    assert report["history"]["step"] == [1.0, 2.0]
    rows = _run_csv(run.trainer).splitlines()
    assert rows[0].startswith("step,d_loss,g_loss") and len(rows) >= 3
