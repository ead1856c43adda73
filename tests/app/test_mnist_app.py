"""AppTest: the MNIST lesson's controls, buttons, presets, downloads and bad input."""

from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from gan_core import cards
from gan_core.digits import classifier
from gan_core.digits.trainer import load_generator
from tests.conftest import ROOT

NS = "mnist"


def open_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "lessons" / "mnist.py"), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def run_of(at: AppTest):
    return at.session_state[f"{NS}.run"]


def test_lesson_renders_controls_grid_and_metrics():
    at = open_page({"width": "8"})
    assert not at.exception and not at.error
    assert at.selectbox(key=f"{NS}.arch").value == "dcgan"
    assert at.selectbox(key=f"{NS}.loss").value == "non_saturating"
    assert at.number_input(key=f"{NS}.noise_dim").value == 64
    assert at.button(key=f"{NS}.play").label == "Play"
    assert len(at.get("image")) >= 2  # the sample grid and the real digits
    labels = [m.label for m in at.metric]
    for label in ("Confident (>= 0.9)", "Digit classes", "MNIST score", "Frechet distance", "D(x)", "D(G(z))"):
        assert label in labels
    assert len(at.get("plotly_chart")) == 5


def test_step_buttons_move_the_right_player():
    at = open_page({"width": "8"})
    at.button(key=f"{NS}.step").click().run()
    t = run_of(at).trainer
    assert t.step_count == 1 and t.d_updates == 1 and t.g_updates == 1
    at.button(key=f"{NS}.step_d").click().run()
    assert (t.d_updates, t.g_updates, t.step_count) == (2, 1, 1)
    at.button(key=f"{NS}.step_g").click().run()
    assert (t.d_updates, t.g_updates, t.step_count) == (2, 2, 1)
    at.button(key=f"{NS}.reset").click().run()
    assert run_of(at).trainer.step_count == 0 and run_of(at).trainer is not t


def test_presets_load_and_restart():
    at = open_page()
    at.button(key=f"{NS}.step").click().run()
    at.button(key=f"{NS}.preset.fast-digits").click().run()
    cfg = run_of(at).trainer.cfg
    assert cfg.conditional and cfg.g_ema == 0.99 and run_of(at).trainer.step_count == 0
    assert any("**Fast digits** is loaded" in m.value for m in at.markdown)
    assert at.query_params.get("conditional") == "1"
    at.button(key=f"{NS}.preset.mode-collapse").click().run()
    assert run_of(at).trainer.cfg.arch == "fc"


def test_live_change_keeps_the_run_and_structural_change_restarts():
    at = open_page({"width": "8"})
    at.button(key=f"{NS}.step").click().run()
    at.select_slider(key=f"{NS}.lr_g").set_value(1e-3).run()
    assert run_of(at).trainer.step_count == 1 and "Applied live" in run_of(at).note
    at.selectbox(key=f"{NS}.arch").set_value("fc").run()
    assert run_of(at).trainer.step_count == 0 and "restarted" in run_of(at).note


def test_bad_link_values_fall_back_with_notes():
    at = open_page({"noise_dim": "1000", "arch": "resnet", "width": "8"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "noise_dim=1000" in text and "arch=resnet" in text
    assert run_of(at).trainer.cfg.noise_dim == 64 and run_of(at).trainer.cfg.arch == "dcgan"


def test_full_data_without_files_says_so_and_trains_on_bundled(monkeypatch):
    monkeypatch.delenv("GAN_CLASSROOM_MNIST_DIR", raising=False)
    at = open_page({"data": "full", "width": "8"})
    assert not at.exception
    assert any("bundled digits instead" in w.value for w in at.warning)
    assert len(run_of(at).trainer.x_train) == 4000


def test_gif_and_generator_downloads():
    at = open_page({"width": "8", "conditional": "1"})
    for _ in range(2):
        at.button(key=f"{NS}.step").click().run()
    at.button(key=f"{NS}.make_gif").click().run()
    assert not at.exception
    gif = at.session_state[f"{NS}.gif"]
    assert gif[0] == 2 and gif[1][:6] == b"GIF89a"
    g, cfg = load_generator(io.BytesIO(run_of(at).trainer.generator_bytes()))
    assert cfg.conditional and cfg.width == 8


def test_labels_toggle_draws_the_labelled_grid():
    at = open_page({"width": "8"})
    at.toggle(key=f"{NS}.labels").set_value(True).run()
    assert not at.exception and len(at.get("image")) >= 2


def test_missing_classifier_is_a_clear_message_not_a_crash(monkeypatch):
    from ui import mnist_lesson

    def broken(n):
        raise cards.WeightsError("gan_core/weights/mnist_classifier.safetensors: missing. Recreate it with: X")

    mnist_lesson._judge.clear()
    monkeypatch.setattr(classifier, "real_reference", broken)
    try:
        at = open_page()
        assert not at.exception
        assert any("mnist_classifier.safetensors" in e.value for e in at.error)
    finally:
        monkeypatch.undo()
        mnist_lesson._judge.clear()


@pytest.mark.parametrize("button", ["play"])
def test_play_then_pause_keeps_the_run(button):
    at = open_page({"width": "8"})
    at.button(key=f"{NS}.{button}").click().run()
    assert run_of(at).playing
    at.button(key=f"{NS}.play").click().run()
    assert not run_of(at).playing and not at.exception


def test_settings_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("lessons/mnist.py").run()
    at.selectbox(key=f"{NS}.arch").set_value("fc").run()
    at.number_input(key=f"{NS}.width").set_value(8).run()
    at.switch_page("lessons/home.py").run()
    at.switch_page("lessons/mnist.py").run()
    assert not at.exception
    assert at.selectbox(key=f"{NS}.arch").value == "fc"
    assert run_of(at).trainer.cfg.arch == "fc" and run_of(at).trainer.cfg.width == 8


def test_a_link_can_name_a_preset_and_change_it():
    at = open_page({"preset": "mode-collapse", "seed": "4"})
    cfg = run_of(at).trainer.cfg
    assert cfg.arch == "fc" and cfg.lr_g == 2e-3 and cfg.seed == 4  # the preset, then the link's seed
    assert any("**Mode collapse** is loaded" in m.value for m in at.markdown)
    at = open_page({"preset": "no-such-preset", "width": "8"})
    assert any("preset=no-such-preset" in w.value for w in at.warning)
    assert run_of(at).trainer.cfg.arch == "dcgan"
