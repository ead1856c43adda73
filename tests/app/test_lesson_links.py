"""AppTest: teacher links that hide and lock controls, the lesson-link builder, own data in a link,
and the take-home script in the share box."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from gan_core.toy import own_data
from tests.conftest import ROOT
from ui import controls

PAGE = "lessons/toy_2d.py"


def open_page(params: dict[str, str], page: str = PAGE) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in at.get(kind) if w.key}


@pytest.mark.parametrize(
    ("params", "hide", "lock", "noted"),
    [
        ({"hide": "optimizer,batch_size", "lock": "loss"}, {"optimizer", "batch_size"}, {"loss"}, []),
        ({"hide": "presets,health"}, {"presets", "health"}, set(), []),
        ({"hide": "loss", "lock": "loss,lr_g"}, {"loss"}, {"lr_g"}, []),  # hidden wins
        ({"hide": "optimiser,presets", "lock": "health"}, {"presets"}, set(), ["optimiser", "health"]),
        ({"hide": ",,"}, set(), set(), []),
    ],
)
def test_parse_shape(params, hide, lock, noted):
    shape, notes = controls.parse_shape(params, ["loss", "optimizer", "batch_size", "lr_g"])
    assert shape.hide == hide and shape.lock == lock
    assert len(notes) == len({"hide" if n == "optimiser" else "lock" for n in noted})
    for name in noted:
        assert any(f"`{name}`" in n for n in notes)


def test_a_link_hides_and_locks_and_presets_keep_the_links_values():
    at = open_page({"preset": "2d-mode-collapse", "hide": "optimizer,health", "lock": "loss,lr_g"})
    assert not at.exception and not at.warning
    assert "toy2d.optimizer" not in keys(at, "selectbox")
    assert at.selectbox(key="toy2d.loss").disabled
    assert at.select_slider(key="toy2d.lr_g").disabled and at.select_slider(key="toy2d.lr_g").value == 0.003
    assert not at.select_slider(key="toy2d.lr_d").disabled
    assert at.toggle(key="toy2d.reveal_health").value is False  # the monitor waits for the learner
    # a preset changes what the class may change, never what the link fixed
    at.button(key="toy2d.preset.2d-fix-ns").click().run()
    assert at.select_slider(key="toy2d.lr_g").value == 0.003  # the link's, not the preset's 1e-4
    assert at.selectbox(key="toy2d.loss").value == "non_saturating"  # mode collapse's loss, kept
    assert at.slider(key="toy2d.k_d").value == 3  # the preset's
    assert at.query_params["lock"] == "loss,lr_g" and at.query_params["hide"] == "health,optimizer"


def test_hidden_presets_row_is_not_drawn():
    at = open_page({"hide": "presets"})
    assert not [b for b in at.button if (b.key or "").startswith("toy2d.preset.")]


def test_the_builder_writes_the_link_a_teacher_ticked():
    at = open_page({"seed": "4"})
    at.multiselect(key="toy2d.builder.free").set_value(["lr_g", "lr_d"]).run()
    at.radio(key="toy2d.builder.how").set_value("hidden").run()
    at.checkbox(key="toy2d.builder.health").check().run()
    links = [c.value for c in at.code if "hide=" in c.value]
    assert links, [c.value for c in at.code]
    query = parse_qs(urlparse(links[-1]).query)
    hidden = set(query["hide"][0].split(","))
    assert "health" in hidden and "loss" in hidden and "lr_g" not in hidden and "lr_d" not in hidden
    assert query["seed"] == ["4"] and "lock" not in query


def test_own_data_comes_from_the_link_and_goes_back_into_it():
    points = own_data.Points(np.random.default_rng(1).normal(size=(40, 2)) * [3, 1])
    at = open_page({"dataset": "own_2d", "data": own_data.to_link(points)})
    assert not at.exception and not at.warning
    trainer = at.session_state["toy2d.run"].trainer
    assert len(trainer.points) == 40
    assert np.allclose(trainer.points.values, points.values, atol=np.ptp(points.values, axis=0) / 255)
    assert at.query_params["data"] == own_data.to_link(trainer.points)
    assert "toy2d.ring_radius" not in keys(at, "number_input")  # built-in data's shape settings
    bad = open_page({"dataset": "own_2d", "data": "1~2~0_1_0_1~!!"})
    assert any("Ignored" in w.value and "damaged" in w.value for w in bad.warning)
    assert len(bad.session_state["toy2d.run"].trainer.points) == len(own_data.example(2))


def test_the_share_box_offers_the_run_as_a_script_and_a_notebook():
    at = open_page({})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "This run as a Python script" in labels and "The same as a Jupyter notebook" in labels
