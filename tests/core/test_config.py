import dataclasses

import pytest

from gan_core.settings import from_dict, from_query, to_query
from gan_core.toy import config
from gan_core.toy.config import ToyConfig
from tests.markdown_text import rendered_text


def test_defaults_are_valid_and_every_field_explains_itself():
    cfg = ToyConfig()
    assert cfg.dim == 1
    for f in dataclasses.fields(ToyConfig):
        assert f.metadata["help"].strip(), f.name
        assert f.metadata["group"] in {"Data", "Networks", "Training", "Tricks"}, f.name


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"noise_dim": 0}, "noise_dim=0 is out of range; allowed: 1 to 16"),
        ({"g_width": 512}, "g_width=512 is out of range; allowed: 4 to 256"),
        ({"loss": "wasserstein"}, "choose one of minimax, non_saturating, lsgan, wgan_gp, wgan_lp, hinge"),
        ({"optimizer": "adagrad"}, "choose one of sgd, adam, rmsprop"),
        ({"lr_d": float("nan")}, "lr_d must be a number"),
        ({"k_d": 2.5}, "k_d must be a whole number"),
        ({"batch_size": 30, "pac": 4}, "multiple of pac=4"),
        ({"lr_decay": "yes"}, "lr_decay must be true or false"),
    ],
)
def test_bad_values_raise_naming_the_allowed_values(changes, fragment):
    with pytest.raises(ValueError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        ToyConfig(**changes)


def test_query_round_trip_keeps_every_changed_field():
    cfg = ToyConfig(dataset="ring8", lr_g=3e-4, k_d=3, minibatch_disc=True, seed=42, instance_noise=0.25)
    params = to_query(cfg)
    assert params == {
        "dataset": "ring8",
        "lr_g": "0.0003",
        "k_d": "3",
        "minibatch_disc": "1",
        "seed": "42",
        "instance_noise": "0.25",
    }
    back, notes = from_query(params, config.DEFAULT)
    assert back == cfg and notes == []


def test_bad_query_values_fall_back_with_a_note_and_never_raise():
    cfg, notes = from_query(
        {"noise_dim": "999", "lr_g": "fast", "loss": "magic", "seed": "7", "bogus": "1"}, config.DEFAULT
    )
    assert cfg == dataclasses.replace(config.DEFAULT, seed=7)
    assert len(notes) == 4
    shown = [rendered_text(n) for n in notes]
    assert any("noise_dim=999" in n and "allowed: 1 to 16" in n for n in shown)
    assert any("`lr_g=fast`" in n for n in notes)
    assert any("unknown link parameter `bogus`" in n for n in notes)


def test_page_owned_query_keys_are_not_reported_as_unknown():
    _, notes = from_query({"preset": "x"}, config.DEFAULT, other_keys=("preset",))
    assert notes == []


def test_from_dict_is_strict():
    with pytest.raises(ValueError, match="unknown config field"):
        from_dict({"learning_rate": 0.1}, config.DEFAULT)
    assert from_dict({"k_g": "2"}, config.DEFAULT).k_g == 2
