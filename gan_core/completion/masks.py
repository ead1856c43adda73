"""Which pixels of a 28 x 28 digit the models must draw (the mask), and what they are shown.

A mask is a (28, 28) float tensor: 1 where a model draws, 0 where it sees the real digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

SIZE = 28


@dataclass(frozen=True)
class MaskInfo:
    title: str
    shown: str  # what the models see, for captions
    drawn: str  # what they draw


MASK_INFO = {
    "bottom": MaskInfo("Bottom half", "the top half (rows 0-13)", "the bottom half (rows 14-27)"),
    "right": MaskInfo("Right half", "the left half (columns 0-13)", "the right half (columns 14-27)"),
    "centre": MaskInfo("Centre square", "the frame around the centre", "the 14 x 14 square in the centre"),
}


def mask(name: str) -> torch.Tensor:
    """The (28, 28) mask of ``name``: 1 = drawn by the model, 0 = seen."""
    m = torch.zeros(SIZE, SIZE)
    half = SIZE // 2
    if name == "bottom":
        m[half:] = 1
    elif name == "right":
        m[:, half:] = 1
    elif name == "centre":
        m[7:21, 7:21] = 1
    else:
        raise ValueError(f"unknown mask {name!r}; choose one of {', '.join(MASK_INFO)}")
    return m


def hide(images: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
    """What a model is given: images (B, 28, 28) in [-1, 1] with the drawn part set to background
    (-1), and the mask as a second channel, (B, 2, 28, 28)."""
    seen = images * (1 - m) - m
    return torch.stack([seen, m.expand_as(images)], dim=1)


def paste(images: torch.Tensor, drawn: torch.Tensor, m: torch.Tensor) -> torch.Tensor:
    """The whole digit: the seen pixels of ``images``, the model's ``drawn`` pixels under the mask."""
    return images * (1 - m) + drawn * m
