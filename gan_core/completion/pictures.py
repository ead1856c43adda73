"""The lesson's pictures of a completion run: rows of digits with a label on the left (Pillow, no
streamlit), so that a projected page reads without a legend."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from gan_core.digits import pictures

LABEL_WIDTH = 130  # pixels of the label column at scale 3
GOOD, BAD = (80, 220, 120), (255, 120, 90)  # the judge's guess: confident, or not


def rows_picture(
    rows: Sequence[tuple[str, np.ndarray]],
    scale: int = 3,
    guesses: Sequence[tuple[np.ndarray, np.ndarray] | None] | None = None,
) -> Image.Image:
    """One labelled row per (label, uint8 images (n, 28, 28)); all rows the same n. ``guesses``: per
    row, None or (digits, confident) to write the judge's digit in each cell's corner (green when
    it is sure, coral when not)."""
    n = len(rows[0][1])
    tiles = pictures.grid(np.concatenate([images for _, images in rows]), n, pad=2, scale=scale)
    width = LABEL_WIDTH * scale // 3
    img = Image.new("RGB", (tiles.shape[1] + width, tiles.shape[0]), (40, 40, 40))
    img.paste(Image.fromarray(tiles).convert("RGB"), (width, 0))
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=5 * scale)
    small = ImageFont.load_default(size=max(10, 4 * scale))
    cell = 28 * scale + 2
    for r, (label, _) in enumerate(rows):
        draw.text((6, 2 + r * cell + cell // 2), label, fill=(235, 235, 235), font=font, anchor="lm")
        guess = guesses[r] if guesses is not None else None
        if guess is None:
            continue
        for c, (digit, sure) in enumerate(zip(*guess)):
            draw.text((width + 2 + c * cell + 3, 2 + r * cell + 1), str(digit), fill=GOOD if sure else BAD, font=small)
    return img
