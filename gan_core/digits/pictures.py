"""Pictures of digits: sample grids as arrays, PNG and animated GIF bytes (Pillow, no streamlit)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont


def grid(images: np.ndarray, cols: int, pad: int = 2, scale: int = 1, background: int = 40) -> np.ndarray:
    """Tile uint8 images (n, h, w) into one (rows*(h+pad)+pad, cols*(w+pad)+pad) uint8 array,
    each image enlarged ``scale`` times (nearest neighbour: pixels stay crisp on a projector)."""
    images = np.asarray(images, dtype=np.uint8)
    if scale > 1:
        images = images.repeat(scale, axis=1).repeat(scale, axis=2)  # (n, h*s, w*s)
    n, h, w = images.shape
    rows = -(-n // cols)
    out = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad), background, dtype=np.uint8)
    for i, img in enumerate(images):
        r, c = divmod(i, cols)
        out[pad + r * (h + pad) : pad + r * (h + pad) + h, pad + c * (w + pad) : pad + c * (w + pad) + w] = img
    return out


def labelled_grid(
    images: np.ndarray, cols: int, labels: Sequence[str], colours: Sequence[tuple[int, int, int]], scale: int = 3
) -> Image.Image:
    """A grid (RGB) with a small caption in the corner of each cell, e.g. the classifier's guess."""
    tiles = grid(images, cols, pad=2, scale=scale)
    img = Image.fromarray(tiles).convert("RGB")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=max(10, 4 * scale))
    cell = 28 * scale + 2
    for i, (text, colour) in enumerate(zip(labels, colours)):
        r, c = divmod(i, cols)
        draw.text((2 + c * cell + 3, 2 + r * cell + 1), text, fill=colour, font=font)
    return img


def png_bytes(image: np.ndarray | Image.Image) -> bytes:
    img = image if isinstance(image, Image.Image) else Image.fromarray(np.asarray(image, dtype=np.uint8))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def gif_bytes(frames: Sequence[np.ndarray], captions: Sequence[str] | None = None, ms_per_frame: int = 200) -> bytes:
    """An animated GIF of uint8 frames (all the same shape), optionally captioned (e.g. "step 400");
    the last frame is held three times as long, so a loop ends on the result."""
    if not frames:
        raise ValueError("no frames to animate")
    images = []
    for i, frame in enumerate(frames):
        img = Image.fromarray(np.asarray(frame, dtype=np.uint8)).convert("L")
        if captions:
            canvas = Image.new("L", (img.width, img.height + 18), 255)
            canvas.paste(img, (0, 18))
            ImageDraw.Draw(canvas).text((4, 2), captions[i], fill=0, font=ImageFont.load_default(size=13))
            img = canvas
        images.append(img)
    durations = [ms_per_frame] * (len(images) - 1) + [ms_per_frame * 3]
    buf = io.BytesIO()
    images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=durations, loop=0)
    return buf.getvalue()
