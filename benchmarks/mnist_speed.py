"""Training speed of the MNIST lesson's networks against a reference GAN written the common
tutorial way, measured in the same run on this machine (1 torch thread).

The reference is the fully connected GAN of the widely used PyTorch GAN collections (e.g. the
"gan.py" of PyTorch-GAN): G z(100) -> 128 -> 256 -> 512 -> 1024 -> 784 with batch norm and
LeakyReLU, tanh output; D 784 -> 512 -> 256 -> 1 with a sigmoid and nn.BCELoss; Adam lr 2e-4,
betas (0.5, 0.999); batch 64; one D and one G update per iteration. Iterations/s, median of
--repeats timed runs of --steps iterations after a warm-up.

    python benchmarks/mnist_speed.py [--repeats 5] [--steps 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402
from torch import nn  # noqa: E402

from gan_core.digits import data as mnist  # noqa: E402
from gan_core.digits.config import MnistConfig  # noqa: E402
from gan_core.digits.trainer import MnistTrainer  # noqa: E402


class Reference:
    """The tutorial loop, as written in the popular collections (global RNG, nn.BCELoss)."""

    def __init__(self, images: torch.Tensor, batch: int = 64, latent: int = 100) -> None:
        def block(n_in: int, n_out: int, norm: bool = True) -> list[nn.Module]:
            layers: list[nn.Module] = [nn.Linear(n_in, n_out)]
            if norm:
                layers.append(nn.BatchNorm1d(n_out, 0.8))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers

        self.G = nn.Sequential(
            *block(latent, 128, norm=False), *block(128, 256), *block(256, 512), *block(512, 1024),
            nn.Linear(1024, 784), nn.Tanh(),
        )  # fmt: skip
        self.D = nn.Sequential(
            nn.Linear(784, 512), nn.LeakyReLU(0.2, inplace=True), nn.Linear(512, 256),
            nn.LeakyReLU(0.2, inplace=True), nn.Linear(256, 1), nn.Sigmoid(),
        )  # fmt: skip
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.loss = nn.BCELoss()
        self.images, self.batch, self.latent = images.reshape(-1, 784), batch, latent

    def step(self, n: int) -> None:
        for _ in range(n):
            real = self.images[torch.randint(0, len(self.images), (self.batch,))]
            valid, fake_t = torch.ones(self.batch, 1), torch.zeros(self.batch, 1)
            self.opt_g.zero_grad()
            gen = self.G(torch.randn(self.batch, self.latent))
            self.loss(self.D(gen), valid).backward()
            self.opt_g.step()
            self.opt_d.zero_grad()
            d_loss = (self.loss(self.D(real), valid) + self.loss(self.D(gen.detach()), fake_t)) / 2
            d_loss.backward()
            self.opt_d.step()


def rate(stepper, steps: int, repeats: int) -> float:
    stepper(10)  # warm-up
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        stepper(steps)
        rates.append(steps / (time.perf_counter() - t0))
    return statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--steps", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rows = []
    ref = Reference(torch.from_numpy(mnist.split(mnist.load_bundled())[0].images))
    ref_rate = rate(ref.step, args.steps, args.repeats)
    rows.append(("reference: tutorial fully connected GAN (1.5M-param G), batch 64", ref_rate))
    for label, cfg in [
        ("fc (lesson default width 32)", MnistConfig(arch="fc", width=32)),
        ("fc, width 64 (the mode-collapse preset's)", MnistConfig(arch="fc", width=64)),
        ("dcgan (lesson default, width 32)", MnistConfig(arch="dcgan")),
        ("dcgan conditional (Fast digits)", MnistConfig(arch="dcgan", conditional=True)),
        ("dcgan, width 64", MnistConfig(arch="dcgan", width=64)),
    ]:
        trainer = MnistTrainer(cfg)
        rows.append((label, rate(trainer.step, args.steps, args.repeats)))
    print(f"iterations/s, batch 64, 1 thread, median of {args.repeats} runs of {args.steps} steps\n")
    print("| networks | iterations/s | vs reference |")
    print("|---|---|---|")
    for label, r in rows:
        print(f"| {label} | {r:.0f} | {r / ref_rate:.2f}x |")


if __name__ == "__main__":
    main()
