"""Home's pictures: shipped, small, animated, and drawn by the course's own code."""

from __future__ import annotations

import numpy as np
from PIL import Image

from gan_core import home_pictures


def test_the_shipped_pictures_are_small_animations():
    for name, frames in ((home_pictures.RING_FILE, 10), (home_pictures.DIGITS_FILE, 2)):
        path = home_pictures.ASSETS / name
        assert path.stat().st_size < 200_000, name
        with Image.open(path) as im:
            assert im.format == "GIF" and im.n_frames >= frames, name


def test_a_frame_shows_real_and_generated_points_where_they_are():
    real, fake = np.array([[1.0, 1.0]]), np.array([[-1.0, -1.0], [50.0, 50.0]])  # the second is off the plot
    img = home_pictures.scatter(real, fake, 2.0, "step 0").convert("RGB")
    size = home_pictures.SIZE
    at = lambda x, y: img.getpixel((round((x + 2) / 4 * size), round((2 - y) / 4 * size)))  # noqa: E731
    assert at(1, 1) == home_pictures.REAL and at(-1, -1) == home_pictures.FAKE
    assert at(0, 0) == home_pictures.BACKGROUND
