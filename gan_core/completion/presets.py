"""The digit-completion lesson's presets: one-click settings, each with two sentences saying what it
shows (``?preset=<name>`` in a link)."""

from __future__ import annotations

from typing import Any

from gan_core.completion.config import DEFAULT
from gan_core.settings import Preset


def _preset(name: str, title: str, explanation: str, overrides: dict[str, Any] | None = None) -> Preset:
    return Preset(name, title, explanation, overrides or {}, DEFAULT)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "the-race",
            "All three",
            "The MSE model, the GAN and pix2pix's mix learn the same task on the same batches. The MSE model "
            "fills each bottom with a grey smear (the average of every bottom that fits), the GAN with one sharp "
            "stroke, the mix with something in between; the MSE model still has the lowest error.",
        ),
        _preset(
            "mse-vs-gan",
            "MSE against GAN",
            "Only the two pure models, so each gets more steps in the same time. The GAN's bottoms are as sharp "
            "as real ones and change with z; the MSE model's are blurred wherever the top fits more than one digit.",
            {"models": "mse-gan", "steps": 1400},
        ),
        _preset(
            "mse-alone",
            "MSE alone",
            "The hand-written loss on its own: it quickly learns the bottoms that the top settles (a 0, a 6) and "
            "smears the ones it does not (the top of a 7, a 4 or a 9).",
            {"models": "mse", "steps": 2500},
        ),
        _preset(
            "gan-alone",
            "GAN alone",
            "The learned loss on its own: for the first few hundred steps its bottoms are scribbles, then strokes "
            "that join the top. It is never told the real bottom, so it often draws another digit that fits.",
            {"models": "gan", "steps": 1500},
        ),
        _preset(
            "pix2pix-mix",
            "pix2pix mix",
            "MSE + lambda x the adversarial loss, as pix2pix trains image-to-image models. The MSE term keeps "
            "it close to the real bottom, the adversarial term keeps it sharp. Move lambda live and watch.",
            {"models": "mix", "steps": 1500},
        ),
        _preset(
            "little-lambda",
            "Too little GAN",
            "The mix with lambda = 0.002: the MSE term wins, and its bottoms are as blurred as the MSE model's. "
            "Raise lambda live (0.05, then 0.5) and watch the smear sharpen into strokes.",
            {"adv_weight": 0.002},
        ),
        _preset(
            "right-half",
            "Right half",
            "The models see the left half and draw the right. The left half of a 3 fits a 3, an 8 or a 9: "
            "the MSE model's right halves are blurred arcs, the GAN's commit to one.",
            {"mask": "right"},
        ),
        _preset(
            "centre-square",
            "Centre square",
            "The models see the frame and draw the middle: is it a 0 or an 8, a 1 or a 7? The middle holds the "
            "decision, so the MSE model's smear is at the heart of the digit.",
            {"mask": "centre"},
        ),
    )
}
