"""The health monitor names one diagnosis per failure and suggests only what the run can change:
a run where D rejects every fake is "discriminator wins", not also "mode collapse" (its low coverage
is D winning, not G fooling D); the suggestions never name the loss in use or a trick that is on."""

from __future__ import annotations

from dataclasses import dataclass

from gan_core.digits.config import DEFAULT as MNIST_DEFAULT
from gan_core.history import History
from gan_core.toy import health
from gan_core.toy.config import ToyConfig


@dataclass
class Run:
    cfg: object
    history: History
    evals: History
    step_count: int = 1000
    diverged: str | None = None


def run(cfg, d_real: float, d_fake: float, coverage: list[float]) -> Run:
    history = History(("step", "d_real", "d_fake", "g_grad", "d_loss", "g_loss"))  # the first column: the step
    for step in range(60):
        history.append(step, d_real=d_real, d_fake=d_fake, g_grad=1e-6, d_loss=0.01, g_loss=5.0)
    evals = History(("step", "coverage", "modes_captured", "mean_x", "mean_y", "d_real", "d_fake"))
    for i, c in enumerate(coverage):
        evals.append(100 * i, coverage=c, modes_captured=1.0, mean_x=0.0, mean_y=0.0, d_real=d_real, d_fake=d_fake)
    return Run(cfg, history, evals)


def names(r: Run) -> list[str]:
    return [f.name for f in health.assess(r)]


def test_a_discriminator_that_wins_is_one_diagnosis_not_two():
    cfg = ToyConfig(dataset="ring8", loss="minimax")
    assert names(run(cfg, 0.99, 0.01, [0.9, 0.1])) == ["discriminator_wins"]
    assert names(run(cfg, 0.55, 0.45, [0.9, 0.1])) == ["mode_collapse"]  # D confused, coverage fell: collapse


def test_suggestions_name_only_what_the_run_can_still_change():
    minimax = health.assess(run(ToyConfig(dataset="ring8", loss="minimax"), 0.99, 0.01, [0.9]))[0]
    assert "non-saturating" in minimax.suggestion and "instance noise" in minimax.suggestion
    ns = health.assess(run(ToyConfig(dataset="ring8"), 0.99, 0.01, [0.9]))[0]
    assert "non-saturating" not in ns.suggestion  # the loss already in use
    collapse = health.assess(run(ToyConfig(dataset="ring8", loss="wgan_gp", pac=2), 0.5, 0.5, [0.9, 0.1]))
    (flag,) = [f for f in collapse if f.name == "mode_collapse"]
    assert "WGAN-GP" not in flag.suggestion and "pac 2" not in flag.suggestion and "lower lr_g" in flag.suggestion
    digits = health.discriminator_wins(run(MNIST_DEFAULT, 0.99, 0.01, [0.9]))
    assert digits is not None and "instance noise" not in digits.suggestion  # the MNIST lesson has none
    assert "label smoothing" in digits.suggestion


def test_a_run_with_every_trick_on_still_gets_a_sentence():
    from gan_core.health import any_of

    assert (any_of(["a"]), any_of(["a", "b"]), any_of(["a", "b", "c"])) == ("a", "a or b", "a, b, or c")
    cfg = ToyConfig(dataset="ring8", loss="wgan_gp", pac=2, minibatch_disc=True)
    (flag,) = [f for f in health.assess(run(cfg, 0.5, 0.5, [0.9, 0.1])) if f.name == "mode_collapse"]
    assert flag.suggestion == "Try a lower lr_g."  # was "Try , or a lower lr_g."
