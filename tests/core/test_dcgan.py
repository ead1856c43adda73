"""The shipped pretrained DCGAN: checksum, determinism, the quality bar, and the lesson's helpers.
Inference only: nothing here trains."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch

from gan_core.cards import WeightsError
from gan_core.dcgan import explorer as dcgan_explorer
from gan_core.dcgan import game as dcgan_game
from gan_core.dcgan import latent
from gan_core.dcgan import model as dcgan
from gan_core.dcgan import quality as dcgan_quality
from gan_core.digits import data as mnist


@pytest.fixture(scope="module")
def model() -> dcgan.Pretrained:
    return dcgan.load()


def test_shipped_weights_match_their_card_and_load_read_only(model):
    card = json.loads(dcgan.CARD.read_text())
    assert card["sha256"] == dcgan.sha256(dcgan.WEIGHTS) == model.card["sha256"]
    assert card["size_bytes"] == dcgan.WEIGHTS.stat().st_size < 4_000_000
    assert dcgan.CARD_MD.is_file() and card["sha256"] in dcgan.CARD_MD.read_text()
    assert card["command"].startswith("python -m gan_core train-dcgan")
    assert model.cfg.arch == "dcgan" and model.cfg.conditional and model.steps == card["steps"]
    assert sorted(model.snapshots) == card["snapshot_steps"] and len(model.snapshots) >= 3
    assert all(s < model.steps for s in model.snapshots)
    for net in (model.G, model.D, *model.snapshots.values()):
        assert not net.training and not any(p.requires_grad for p in net.parameters())


def test_a_corrupted_copy_is_rejected_with_the_command_that_recreates_it(tmp_path):
    weights, card = tmp_path / "w.safetensors", tmp_path / "card.json"
    shutil.copy(dcgan.WEIGHTS, weights)
    shutil.copy(dcgan.CARD, card)
    assert dcgan.load(weights, card).steps > 0
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in the middle of the tensors
    weights.write_bytes(bytes(data))
    with pytest.raises(WeightsError, match="checksum mismatch.*python -m gan_core train-dcgan"):
        dcgan.load(weights, card)
    weights.unlink()
    with pytest.raises(WeightsError, match="missing.*train-dcgan"):
        dcgan.load(weights, card)
    card.write_text("{not json")
    with pytest.raises(WeightsError, match="card is missing or unreadable"):
        dcgan.load(weights, card)


def test_a_file_that_matches_its_card_but_is_not_ours_is_refused(tmp_path):
    from safetensors.torch import save_file

    weights, card = tmp_path / "w.safetensors", tmp_path / "card.json"
    save_file({"x": torch.zeros(3)}, str(weights))
    card.write_text(json.dumps({"sha256": dcgan.sha256(weights)}))
    with pytest.raises(WeightsError, match="cannot load the weights.*train-dcgan"):
        dcgan.load(weights, card)


def test_same_seed_same_images_and_a_sample_does_not_depend_on_its_batch(model):
    z, y = latent.noise(7, 64, model.cfg.noise_dim), dcgan_explorer.labels_for(None, 64)
    a, b = (
        dcgan_explorer.generate(model.G, z, y),
        dcgan_explorer.generate(model.G, latent.noise(7, 64, model.cfg.noise_dim), y),
    )
    assert a.shape == (64, 28, 28) and np.array_equal(a, b)
    assert not np.array_equal(a, dcgan_explorer.generate(model.G, latent.noise(8, 64, model.cfg.noise_dim), y))
    alone = dcgan_explorer.generate(model.G, z[5:6], y[5:6])[0]
    assert np.allclose(alone, a[5], atol=1e-5)  # eval-mode batch norm: no batch statistics
    assert a.min() >= -1 and a.max() <= 1


def test_labels_ask_for_one_digit_or_all_in_turn():
    assert dcgan_explorer.labels_for(3, 4).tolist() == [3, 3, 3, 3]
    assert dcgan_explorer.labels_for(None, 12).tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]


def test_shipped_generator_meets_the_quality_bar_and_its_card(model):
    q = dcgan_quality.measure(model.G)
    assert q["confident"] >= 0.90, q
    assert q["as_asked"] >= 0.95, q
    assert q["frechet"] <= 3 * q["frechet_real"], q
    assert dcgan_quality.meets_bar(q)
    card = model.card["quality"]
    for k in ("confident", "as_asked", "frechet", "frechet_real"):
        assert q[k] == pytest.approx(card[k], rel=1e-3, abs=1e-3), k
    assert model.card["quality_bar"]["met"] is True


def test_quality_grew_over_the_snapshots(model):
    growth = model.card["growth"]
    steps = sorted(int(s) for s in growth)
    assert steps == [*sorted(model.snapshots), model.steps]
    first, last = growth[str(steps[0])], growth[str(steps[-1])]
    assert first["frechet"] > 3 * last["frechet"] and first["confident"] < last["confident"]


def test_influence_ranks_coordinates_and_nearest_finds_an_exact_copy(model):
    z, y = latent.noise(0, 1, model.cfg.noise_dim)[0], torch.tensor([4])
    infl = dcgan_explorer.influence(model.G, z, y)
    assert infl.shape == (model.cfg.noise_dim,) and (infl >= 0).all() and infl.max() > 0
    pool = mnist.held_out().images[:50]
    idx, dist = dcgan_explorer.nearest(pool[17], pool, k=3)
    assert idx[0] == 17 and dist[0] == 0 and np.all(np.diff(dist) >= 0)


def test_samples_are_not_copies_of_the_training_digits(model):
    train, held = mnist.split(mnist.load_bundled())
    c = dcgan_quality.copy_check(model.G, train.images, held.images, n=200)
    assert c["fake_min"] > 0.5  # no sample is (nearly) a training digit
    assert c["fake_median"] > 0.7 * c["real_median"]  # about as far as unseen real digits are


def test_one_image_per_class_fools_the_score_but_not_the_frechet_distance(model):
    cheat, q = dcgan_quality.one_per_class_cheat(model.G), dcgan_quality.measure(model.G)
    assert cheat["score"] > 0.9 * q["score"]
    assert cheat["frechet"] > 5 * q["frechet"]


def test_spot_the_fake_rounds_are_reproducible_and_mix_real_and_fake(model):
    held = mnist.held_out()
    rounds = [dcgan_game.spot_round(model, held, np.random.default_rng(s)) for s in range(40)]
    again = dcgan_game.spot_round(model, held, np.random.default_rng(3))
    assert np.array_equal(again.image, rounds[3].image) and again.d_score == rounds[3].d_score
    kinds = {r.is_real for r in rounds}
    assert kinds == {True, False}
    for r in rounds:
        assert r.image.shape == (28, 28) and np.isfinite(r.d_score) and 0 <= r.digit <= 9
        if r.is_real:
            assert any(np.array_equal(r.image, h) for h in held.images[held.labels == r.digit])
