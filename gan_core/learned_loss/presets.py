"""The "Put a GAN on it" lesson's presets: one-click settings, each with two sentences saying what
it shows (``?preset=<name>`` in a link)."""

from __future__ import annotations

from typing import Any

from gan_core.learned_loss.config import DEFAULT
from gan_core.settings import Preset


def _preset(name: str, title: str, explanation: str, overrides: dict[str, Any] | None = None) -> Preset:
    return Preset(name, title, explanation, overrides or {}, DEFAULT)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "two-branches",
            "Two branches",
            "Each x has two right answers, +sqrt(x) and -sqrt(x). The MSE model settles on their average, 0, "
            "within a second; the GAN's samples land on the branches.",
        ),
        _preset(
            "ring",
            "A ring",
            "The real pairs form a circle. The MSE model draws a line through its middle, where no real point "
            "lies; the GAN draws the ring.",
            {"task": "ring"},
        ),
        _preset(
            "three-waves",
            "Three waves",
            "Three intertwined answers per x; their average is flat 0. Harder for the GAN: it needs wider "
            "networks and a few thousand steps before its samples find all three waves.",
            {"task": "three_waves", "width": 128, "batch_size": 256, "lr_g": 1e-3, "lr_d": 1e-3, "steps": 6000},
        ),
        _preset(
            "one-curve",
            "One right answer",
            "The control: one answer per x. Now the average is a real answer, so the MSE model is right, "
            "and simpler and steadier than the GAN.",
            {"task": "one_curve"},
        ),
        _preset(
            "mixed",
            "MSE + GAN",
            "A third model minimises MSE + 0.03 x the adversarial loss. The MSE term pulls its samples back "
            "towards the average; raise adv_weight live and watch them move out to the branches.",
            {"mixed": True},
        ),
        _preset(
            "noisy",
            "Noisy answers",
            "With a lot of noise the two branches blur into one band, and the average is close enough to "
            "count as a real answer near x = 0: the difference between the losses shrinks.",
            {"data_noise": 0.25},
        ),
    )
}
