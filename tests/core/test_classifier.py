"""The evaluation classifier (shipped weights, checksum) and the metrics computed from it."""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pytest

from gan_core import cards
from gan_core.cards import WeightsError
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.digits import metrics as image_metrics


def one_hot(labels, eps=0.0):
    p = np.full((len(labels), 10), eps / 9)
    p[np.arange(len(labels)), labels] = 1 - eps
    return p


def test_perfect_one_hot_set_scores_ten_and_is_uniform():
    probs = one_hot(np.arange(1000) % 10)
    hist = image_metrics.class_histogram(probs)
    assert np.allclose(hist, 0.1)
    assert image_metrics.kl_to_uniform(hist) == pytest.approx(0.0, abs=1e-12)
    assert image_metrics.mnist_score(probs) == pytest.approx(10.0, rel=1e-6)
    assert image_metrics.confident_fraction(probs) == 1.0
    assert image_metrics.classes_present(probs) == 10


def test_single_class_set_scores_one():
    probs = one_hot(np.full(500, 7))
    hist = image_metrics.class_histogram(probs)
    assert hist[7] == 1.0
    assert image_metrics.kl_to_uniform(hist) == pytest.approx(math.log2(10))
    assert image_metrics.mnist_score(probs) == pytest.approx(1.0, rel=1e-6)
    assert image_metrics.classes_present(probs) == 1


def test_unsure_predictions_count_for_no_class_and_are_not_confident():
    probs = np.full((100, 10), 0.1)
    assert image_metrics.confident_fraction(probs) == 0.0
    assert image_metrics.classes_present(probs) == 0
    assert image_metrics.mnist_score(probs) == pytest.approx(1.0)
    half = one_hot(np.arange(100) % 10, eps=0.15)  # max prob 0.85 < 0.9
    assert image_metrics.confident_fraction(half) == 0.0


def test_frechet_distance_closed_forms():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(20000, 3))
    assert image_metrics.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    # N(0, I) vs N(mu, I): distance = |mu|^2 (sampling error aside)
    assert image_metrics.frechet_distance(a, a + [3.0, 0.0, 4.0]) == pytest.approx(25.0, rel=1e-6)
    # N(0, I) vs N(0, 4I) in 3-D: tr(I + 4I - 2*2I) = 3
    b = rng.normal(size=(20000, 3)) * 2
    assert image_metrics.frechet_distance(a, b) == pytest.approx(3.0, rel=0.05)


def test_recognisable_needs_both_confidence_and_classes():
    assert image_metrics.recognisable({"confident": 0.6, "classes": 8})
    assert not image_metrics.recognisable({"confident": 0.59, "classes": 10})
    assert not image_metrics.recognisable({"confident": 1.0, "classes": 7})


def test_shipped_classifier_matches_its_card_and_reaches_97_percent():
    card = json.loads(classifier.CARD.read_text())
    assert card["sha256"] == cards.sha256(classifier.WEIGHTS)
    assert classifier.WEIGHTS.stat().st_size < 3_000_000
    acc = classifier.accuracy(classifier.load(), mnist.held_out())
    assert acc >= 0.97
    assert acc == pytest.approx(card["held_out_accuracy"], abs=1e-4)


def test_corrupted_or_missing_weights_are_rejected_with_the_fix(tmp_path):
    weights, card = tmp_path / "w.safetensors", tmp_path / "card.json"
    shutil.copy(classifier.WEIGHTS, weights)
    shutil.copy(classifier.CARD, card)
    assert classifier.load(weights, card) is not None
    data = bytearray(weights.read_bytes())
    data[-100] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(WeightsError, match="checksum mismatch.*train-classifier"):
        classifier.load(weights, card)
    weights.unlink()
    with pytest.raises(WeightsError, match="missing"):
        classifier.load(weights, card)


def test_real_digits_are_judged_real_and_noise_is_not():
    ref = classifier.real_reference(256)
    assert ref["confident"] > 0.9 and ref["classes"] == 10 and ref["score"] > 9
    noise = np.random.default_rng(0).uniform(-1, 1, (256, 28, 28)).astype(np.float32)
    m = classifier.evaluate(noise)
    assert m["confident"] < 0.05 and m["classes"] == 0
    assert m["frechet"] > 20 * ref["frechet"]
    sevens = mnist.held_out()
    sevens = sevens.images[sevens.labels == 7]
    m7 = classifier.evaluate(sevens)
    assert m7["class_7"] > 0.9 and m7["kl_uniform"] > 2.5
