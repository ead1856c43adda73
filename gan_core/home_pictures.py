"""The pictures on Home, made by the course's own code and shipped as small files in ui/assets/:
a GAN learning the ring of 8 (the 2-D lesson's preset "It converges: ring of 8", from its first
step to its last) and the pretrained DCGAN's digits from the same noise, as it learned.

    python -m gan_core.home_pictures            # rewrites ui/assets/home-ring8.gif and home-digits.gif

Same seed, same pictures: the files in the repository were made by this command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from gan_core.dcgan import explorer, latent
from gan_core.dcgan import model as dcgan
from gan_core.digits import data as mnist
from gan_core.digits import pictures
from gan_core.toy.presets import PRESETS
from gan_core.toy.trainer import ToyTrainer

ASSETS = Path(__file__).resolve().parents[1] / "ui" / "assets"
RING_FILE, DIGITS_FILE = "home-ring8.gif", "home-digits.gif"
SIZE = 320
REAL, FAKE, BACKGROUND = (46, 160, 67), (123, 63, 228), (255, 255, 255)


def scatter(real: np.ndarray, fake: np.ndarray, lim: float, caption: str) -> Image.Image:
    """Real (green) and generated (purple) 2-D points on a white square, with a caption."""
    img = Image.new("RGB", (SIZE, SIZE + 22), BACKGROUND)
    draw = ImageDraw.Draw(img)

    def px(p: np.ndarray) -> tuple[float, float]:
        return ((p[0] + lim) / (2 * lim) * SIZE, (lim - p[1]) / (2 * lim) * SIZE)

    for points, colour, r in ((fake, FAKE, 2.0), (real, REAL, 2.4)):  # the real modes stay visible on top
        for p in points:
            x, y = px(p)
            if (
                r <= x <= SIZE - r and r <= y <= SIZE - r
            ):  # a fake far off the plot is left out, not drawn on the caption
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    draw.line((0, SIZE, SIZE, SIZE), fill=(200, 200, 200))
    draw.text((6, SIZE + 5), caption, fill=(60, 60, 60))
    return img


def ring_frames(steps_between: int = 150, seed: int = 0) -> list[Image.Image]:
    """The ring-of-8 preset trained from step 0 to its budget, one frame every ``steps_between``."""
    cfg = PRESETS["ring8-converges"].config(seed=seed)
    trainer = ToyTrainer(cfg)
    real = trainer.snapshot().x_real[:400]
    lim = float(np.abs(real).max()) * 1.6
    frames = []
    while True:
        snap = trainer.snapshot()
        frames.append(scatter(real, trainer.sample()[:400], lim, f"step {snap.step:,} of {cfg.steps:,}"))
        if trainer.step_count >= cfg.steps:
            return frames
        trainer.step(min(steps_between, cfg.steps - trainer.step_count))


def digit_frames(seed: int = 4) -> list[np.ndarray]:
    """The pretrained DCGAN's snapshots and its final generator on the same 20 noise vectors."""
    model = dcgan.shipped()
    z = latent.noise(seed, 20, model.cfg.noise_dim)
    y = explorer.labels_for(None, 20)
    stages = [*model.snapshots.values(), model.G]
    return [pictures.grid(mnist.to_uint8(explorer.generate(g, z, y)), 10, scale=2) for g in stages]


def write(folder: Path = ASSETS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ring = ring_frames()
    ring_path = folder / RING_FILE
    ring[0].save(ring_path, save_all=True, append_images=ring[1:] + [ring[-1]] * 6, duration=160, loop=0, optimize=True)
    digits = digit_frames()
    model = dcgan.shipped()
    steps = [*model.snapshots, model.steps]
    captions = [f"step {s:,}" + (" (final)" if s == model.steps else "") for s in steps]
    digits_path = folder / DIGITS_FILE
    digits_path.write_bytes(pictures.gif_bytes(digits, captions, 700))
    return [ring_path, digits_path]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    for path in write():
        print(f"{path.relative_to(ASSETS.parents[1])}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
