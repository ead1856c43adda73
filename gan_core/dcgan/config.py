"""The DCGAN explorer's settings: what a teacher's link reproduces (seed, digit, the walk between
two seeds). Built with the same field helper as the other lessons' configs, so the URL helpers
(``ui.controls``) parse and write them, with a note for any bad value."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Literal

from gan_core.dcgan.latent import PathMode
from gan_core.settings import Preset, setting, validate_fields

DigitChoice = Literal["all", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
DIGIT_CHOICES: tuple[str, ...] = typing.get_args(DigitChoice)
GRID_ROWS, GRID_COLS = 8, 10
GRID_SIZE = GRID_ROWS * GRID_COLS  # samples in the grid; with "all", column c asks for digit c


@dataclass(frozen=True, kw_only=True)
class ExplorerConfig:
    """Everything that decides what the explorer shows. Same settings, same pictures."""

    seed: int = setting(
        0, "Samples", "Fixes the noise z of every sample in the grid: same seed, same images.", 0, 2**31 - 1
    )
    digit: DigitChoice = setting(
        "all", "Samples", "The digit G is asked to draw; 'all': column c draws digit c (one z per cell)."
    )
    pick: int = setting(1, "Samples", "The grid sample to move with the sliders and check for copying.", 1, GRID_SIZE)
    seed_a: int = setting(1, "Walk", "The walk starts at this seed's noise vector.", 0, 2**31 - 1)
    seed_b: int = setting(2, "Walk", "The walk ends at this seed's noise vector.", 0, 2**31 - 1)
    path: PathMode = setting(
        "slerp",
        "Walk",
        "slerp: along the sphere where gaussian noise lives. lerp: the straight line, which cuts inside it.",
    )
    frames: int = setting(10, "Walk", "Points along the walk, both ends included.", 3, 24)

    def __post_init__(self) -> None:
        validate_fields(self)

    @property
    def digit_or_none(self) -> int | None:
        """The chosen digit as a number, or None for all digits."""
        return None if self.digit == "all" else int(self.digit)


DEFAULT = ExplorerConfig()


def _preset(name: str, title: str, explanation: str, overrides: dict) -> Preset:
    return Preset(name, title, explanation, overrides, DEFAULT)


# One-click views (``?preset=<name>``; predict questions name them as ``dcgan:<name>``).
DCGAN_PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        _preset(
            "straight-walk",
            "Straight-line walk",
            "The walk from seed 3 to seed 4 along the straight line (lerp). Its middle frames come from noise "
            "vectors with about 71% of a typical sample's norm, a shell G almost never saw in training.",
            {"seed_a": 3, "seed_b": 4, "path": "lerp", "frames": 9},
        ),
        _preset(
            "sphere-walk",
            "Walk on the sphere",
            "The same two seeds, walked along the sphere (slerp): every frame's noise vector has a typical "
            "norm, so every frame is a sample G was trained to draw.",
            {"seed_a": 3, "seed_b": 4, "path": "slerp", "frames": 9},
        ),
    )
}
