"""AppTest: what one learner may ask of a shared server (issue 19). The issue's maxed-out links are
refused on every live lesson with the reason, and nothing trains; the heaviest allowed settings
train in refreshes that end at their time budget, between two updates, and go on from there."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import live

MAXED = {
    "toy2d": (
        "lessons/toy_2d.py",
        dict(
            g_width="256",
            d_width="256",
            g_layers="4",
            d_layers="4",
            batch_size="2048",
            k_d="10",
            k_g="10",
            loss="wgan_gp",
            gp_weight="100",
            r1_weight="100",
            minibatch_disc="1",
            pac="4",
        ),
    ),
    "mnist": ("lessons/mnist.py", dict(width="128", batch_size="256", k_d="5", k_g="5")),
    "learned_loss": ("lessons/learned_loss.py", dict(width="256", hidden_layers="4", batch_size="2048", mixed="1")),
    "completion": ("lessons/completion.py", dict(width="64", batch_size="512")),
}


def _open(path: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=300)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize("ns", MAXED)
def test_a_maxed_link_is_refused_with_the_reason_and_nothing_trains(ns):
    path, params = MAXED[ns]
    at = _open(path, params)
    assert not at.exception
    ns_key = ns  # the lesson's namespace in the session state
    (why,) = [e.value for e in at.error if "Too heavy for a shared server" in e.value]
    assert "Pause stops training within a second" in why and "batch size" in why
    for name in ("play", "step", "step_d", "step_g"):
        assert at.button(key=f"{ns_key}.{name}").disabled, name
    run = at.session_state[f"{ns_key}.run"]
    assert run.trainer.step_count == 0 and not run.playing


def test_the_heaviest_allowed_toy_run_refreshes_within_its_budget_and_goes_on(monkeypatch):
    # the refresh's time is up after the first update, on any machine (one update of this run takes
    # milliseconds; 0.05 s let a fast machine finish all ten D steps of the first iteration)
    monkeypatch.setattr(live, "MAX_CHUNK_S", 0.001)
    at = _open("lessons/toy_2d.py", dict(g_width="128", d_width="128", batch_size="256", k_d="10", k_g="10"))
    assert not [e for e in at.error if "Too heavy" in e.value]
    at.select_slider(key="toy2d.chunk").set_value(200).run()
    at.button(key="toy2d.play").click().run()
    run = at.session_state["toy2d.run"]
    assert run.playing and run.trainer.step_count == 0 and run.trainer.mid_iteration
    assert 1 <= run.trainer.d_updates < 10  # cut inside the first iteration, not after 200
    for _ in range(25):  # at least one update each: 25 > the 20 of one iteration (k_d + k_g)
        at.run()
    assert at.session_state["toy2d.run"].trainer.step_count >= 1
    assert "under way" in at.get("progress")[0].proto.text or not at.session_state["toy2d.run"].trainer.mid_iteration
