"""AppTest: the DCGAN explorer's controls, deep links, walk, sliders, game and a missing-weights page."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from gan_core.dcgan import model as dcgan
from tests.conftest import ROOT

NS = "dcgan"


def open_page(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "lessons" / "dcgan.py"), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def image_urls(at: AppTest) -> list[str]:
    """Media URLs are content hashes: the same picture gives the same URL."""
    return [im.proto.imgs[0].url for im in at.get("image")]


def texts(at: AppTest, kind: str = "markdown") -> str:
    return " ".join(str(e.value) for e in at.get(kind))


def test_lesson_renders_every_part_without_errors():
    at = open_page()
    assert not at.exception and not at.error
    headers = [h.value for h in at.header]
    assert headers[:6] == [
        "1. Samples from a seed",
        "2. A walk between two seeds",
        "3. One sample, up close",
        "4. How it learned",
        "5. Spot the fake",
        "6. How good is it? The model card",
    ]
    assert at.number_input(key=f"{NS}.seed").value == 0 and at.radio(key=f"{NS}.digit").value == "all"
    assert at.radio(key=f"{NS}.path").value == "slerp" and at.slider(key=f"{NS}.frames").value == 10
    assert len(at.get("image")) >= 10
    assert len(at.get("plotly_chart")) == 1  # |z| along the walk
    labels = [m.label for m in at.metric]
    assert {"Confident (>= 0.9)", "Drawn as asked", "Frechet distance", "You", "Discriminator"} <= set(labels)
    assert at.query_params.get("seed") == "0"
    assert texts(at).count("Check this part") == 5  # a lesson question after each part it checks


def test_deep_link_sets_seed_digit_and_walk():
    at = open_page({"seed": "42", "digit": "7", "seed_a": "5", "seed_b": "9", "path": "lerp", "frames": "6"})
    assert not at.exception and not at.warning
    assert at.number_input(key=f"{NS}.seed").value == 42
    assert at.radio(key=f"{NS}.digit").value == "7"
    assert (at.number_input(key=f"{NS}.seed_a").value, at.number_input(key=f"{NS}.seed_b").value) == (5, 9)
    assert at.radio(key=f"{NS}.path").value == "lerp" and at.slider(key=f"{NS}.frames").value == 6
    link = {k: at.query_params.get(k) for k in at.query_params}
    assert link == {"seed": "42", "digit": "7", "seed_a": "5", "seed_b": "9", "path": "lerp", "frames": "6"}
    assert "every sample asks for a 7" in at.get("image")[0].proto.imgs[0].caption


def test_same_seed_same_grid_other_seed_other_grid_and_the_url_follows():
    at = open_page({"seed": "3"})
    first = image_urls(at)[0]
    at.number_input(key=f"{NS}.seed").set_value(4).run()
    assert image_urls(at)[0] != first and at.query_params.get("seed") == "4"
    at.number_input(key=f"{NS}.seed").set_value(3).run()
    assert image_urls(at)[0] == first  # same seed, same pixels
    assert open_page({"seed": "3"}).get("image")[0].proto.imgs[0].url == first  # another session too


def test_new_seed_button_and_digit_choice():
    at = open_page()
    at.button(key=f"{NS}.new_seed").click().run()
    seed = at.number_input(key=f"{NS}.seed").value
    assert at.query_params.get("seed") == str(seed)
    at.radio(key=f"{NS}.digit").set_value("3").run()
    assert not at.exception and at.query_params.get("digit") == "3"


def test_bad_link_values_fall_back_with_notes():
    at = open_page({"seed": "banana", "digit": "12", "path": "cubic", "frames": "1", "pick": "500"})
    assert not at.exception
    notes = texts(at, "warning")
    for bad in ("seed=banana", "digit=12", "path=cubic", "frames=1", "pick=500"):
        assert bad in notes, bad
    assert at.number_input(key=f"{NS}.seed").value == 0 and at.radio(key=f"{NS}.digit").value == "all"
    at.button(key=f"{NS}.dismiss_notes").click().run()
    assert not at.warning


def test_walk_modes_frames_and_the_comparison_strip():
    at = open_page({"seed_a": "1", "seed_b": "2"})
    slerp = image_urls(at)
    at.radio(key=f"{NS}.path").set_value("lerp").run()
    assert image_urls(at) != slerp and at.query_params.get("path") == "lerp"
    at.slider(key=f"{NS}.frames").set_value(5).run()
    assert at.query_params.get("frames") == "5"
    n = len(at.get("image"))
    at.toggle(key=f"{NS}.compare").set_value(True).run()
    assert len(at.get("image")) == n + 1 and not at.exception
    assert "straight-line midpoint" in texts(at)


def test_sliders_move_one_sample_and_reset():
    at = open_page({"pick": "4"})
    sliders = [s for s in at.slider if s.key and s.key.startswith(f"{NS}.z.")]
    assert len(sliders) == 5 and all(".4." in s.key for s in sliders)
    before = image_urls(at)
    sliders[0].set_value(3.5).run()
    after = image_urls(at)
    assert after != before and after[0] == before[0]  # the grid stays, the moved sample changes
    at.button(key=f"{NS}.reset_z").click().run()
    assert image_urls(at) == before
    at.number_input(key=f"{NS}.pick").set_value(9).run()
    assert all(".9." in s.key for s in at.slider if s.key and s.key.startswith(f"{NS}.z."))
    assert at.query_params.get("pick") == "9"


def test_spot_the_fake_keeps_scores_for_both_players():
    at = open_page()
    for _ in range(3):
        rnd = at.session_state[f"{NS}.game"]["round"]
        at.button(key=f"{NS}.guess_real" if rnd.is_real else f"{NS}.guess_fake").click().run()
        assert "You were **right**" in texts(at)
        at.button(key=f"{NS}.next").click().run()
    game = at.session_state[f"{NS}.game"]
    assert game["you"] == [3, 3] and game["d"][1] == 3
    rnd = game["round"]
    at.button(key=f"{NS}.guess_fake" if rnd.is_real else f"{NS}.guess_real").click().run()
    assert at.session_state[f"{NS}.game"]["you"] == [3, 4] and "You were **wrong**" in texts(at)
    assert at.button(key=f"{NS}.guess_real").disabled  # one guess per image
    at.button(key=f"{NS}.reset_game").click().run()
    assert at.session_state[f"{NS}.game"]["you"] == [0, 0]


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_missing_or_corrupt_weights_say_so_and_show_the_command(damage, tmp_path, monkeypatch):
    from ui import dcgan_parts

    weights, card = tmp_path / dcgan.WEIGHTS.name, tmp_path / dcgan.CARD.name
    shutil.copy(dcgan.CARD, card)
    if damage == "corrupt":
        data = bytearray(dcgan.WEIGHTS.read_bytes())
        data[1000] ^= 0xFF
        weights.write_bytes(bytes(data))
    monkeypatch.setattr(dcgan, "WEIGHTS", weights)
    monkeypatch.setattr(dcgan, "CARD", card)
    dcgan_parts.pretrained.clear()
    try:
        at = open_page({"seed": "5"})
        assert not at.exception
        error = " ".join(e.value for e in at.error)
        assert ("missing" if damage == "missing" else "checksum mismatch") in error
        assert any(c.value == "python -m gan_core train-dcgan" for c in at.code)
        assert any(b.key == "quiz.dcgan-seed.submit" for b in at.button)  # the questions still work
    finally:
        monkeypatch.undo()
        dcgan_parts.pretrained.clear()


def test_the_lesson_is_in_the_course_after_mnist_and_opens_from_the_app():
    from ui.course import LESSONS

    ids = [les.id for les in LESSONS]
    assert ids.index("dcgan") == ids.index("mnist") + 1
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("lessons/dcgan.py").run()
    assert not at.exception and at.title[0].value == "DCGAN explorer"


def test_settings_survive_a_visit_to_another_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("lessons/dcgan.py").run()
    at.number_input(key=f"{NS}.seed").set_value(9).run()
    at.radio(key=f"{NS}.path").set_value("lerp").run()
    at.switch_page("lessons/home.py").run()
    at.switch_page("lessons/dcgan.py").run()
    assert not at.exception
    assert at.number_input(key=f"{NS}.seed").value == 9 and at.radio(key=f"{NS}.path").value == "lerp"
