"""The parts of an exported toy run that come from the data and the networks (``script`` assembles
them): the real data's sampler for this dataset only, the noise, G and D written for this config,
and gan_core functions copied from their source.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable

from gan_core.toy import data, models, own_data
from gan_core.toy.config import ToyConfig


def source(*functions: Callable) -> str:
    """The source of gan_core functions, as they are (their type hints are never evaluated)."""
    return "\n\n".join(textwrap.dedent(inspect.getsource(fn)).strip() for fn in functions)


def data_code(cfg: ToyConfig, points: own_data.Points | None) -> str:
    """sample_real(n, rng) for this run's dataset only, drawing exactly what gan_core.toy.data draws."""
    name, c, s = cfg.dataset, cfg.center, cfg.scale
    head = f"# ---- The real data: {name} ---------------------------------------------------------------\n"
    if points is not None:
        rows = ",\n    ".join("[" + ", ".join(repr(v) for v in row) + "]" for row in points.values.tolist())
        consts = (
            f"POINTS = np.array([\n    {rows},\n])  # your {len(points)} points, in your units\n"
            "# Training sees them standardised: each axis to mean 0 and std 1 (so are the metrics).\n"
            "POINTS_STD = torch.as_tensor((POINTS - POINTS.mean(axis=0)) / POINTS.std(axis=0), dtype=torch.float32)\n"
            f"JITTER = {own_data.JITTER!r}  # each real sample is one of your points moved by this much noise\n\n\n"
        )
        body = (
            "idx = torch.randint(0, len(POINTS_STD), (n,), generator=rng)  # which of your points\n"
            f"return POINTS_STD[idx] + JITTER * torch.randn(n, {points.dim}, generator=rng)  # (n, {points.dim})"
        )
        return head + consts + define("sample_real", f"n real samples, shape (n, {points.dim}), standardised", body)
    one_d = {
        "gaussian": f"x = {c!r} + {s!r} * torch.randn(n, generator=rng)",
        "mixture2": (
            "coin = torch.randint(0, 2, (n,), generator=rng).float() * 2 - 1  # -1 or +1: which bump\n"
            f"x = {c!r} + 1.5 * {s!r} * coin + 0.4 * {s!r} * torch.randn(n, generator=rng)"
        ),
        "uniform": f"x = {c!r} + {s!r} * math.sqrt(3) * (2 * torch.rand(n, generator=rng) - 1)",
        "lognormal": (
            f"mean, std = math.exp({data._LOGN_S!r} ** 2 / 2), {data._LOGN_STD!r}  # of exp(0.6 N(0, 1))\n"
            f"x = {c!r} + {s!r} * (torch.exp({data._LOGN_S!r} * torch.randn(n, generator=rng)) - mean) / std"
        ),
        "spikes": (
            "coin = torch.randint(0, 2, (n,), generator=rng).float() * 2 - 1  # -1 or +1: which spike\n"
            f"x = {c!r} + 1.5 * {s!r} * coin + 0.03 * {s!r} * torch.randn(n, generator=rng)"
        ),
    }
    if name in one_d:
        body = one_d[name] + "\nreturn x.unsqueeze(1)  # (n, 1)"
        return head + define("sample_real", "n real samples, shape (n, 1)", body)
    sp = cfg.spread
    centers = data.mode_centers(cfg)
    if centers is not None:
        rows = ",\n    ".join(f"[{x!r}, {y!r}]" for x, y in centers.tolist())
        consts = f"MODE_CENTERS = np.array([\n    {rows},\n])\nMODE_STD = {data.mode_std(cfg)!r}\n\n\n"
        body = (
            "idx = torch.randint(0, len(MODE_CENTERS), (n,), generator=rng)  # which mode\n"
            "mu = torch.as_tensor(MODE_CENTERS, dtype=torch.float32)[idx]\n"
            "return mu + MODE_STD * torch.randn(n, 2, generator=rng)  # (n, 2)"
        )
        return head + consts + define("sample_real", "n real samples, shape (n, 2)", body)
    two_d = {
        "moons": (
            "t = math.pi * torch.rand(n, generator=rng)\n"
            "upper = torch.randint(0, 2, (n,), generator=rng).bool()\n"
            "x = torch.where(upper, torch.cos(t), 1 - torch.cos(t))\n"
            "y = torch.where(upper, torch.sin(t), 0.5 - torch.sin(t))\n"
            "pts = torch.stack([x - 0.5, y - 0.25], dim=1)\n"
            f"return pts + 0.05 * {sp!r} * torch.randn(n, 2, generator=rng)"
        ),
        "spiral": (
            "t = torch.sqrt(torch.rand(n, generator=rng))  # uniform along the arc's area\n"
            "theta = 3.5 * math.pi * t\n"
            "pts = 1.6 * t.unsqueeze(1) * torch.stack([torch.cos(theta), torch.sin(theta)], dim=1)\n"
            f"return pts + 0.03 * {sp!r} * torch.randn(n, 2, generator=rng)"
        ),
        "circles": (
            "theta = 2 * math.pi * torch.rand(n, generator=rng)\n"
            "r = torch.where(torch.rand(n, generator=rng) < 0.5, 0.5, 1.0)\n"
            "pts = r.unsqueeze(1) * torch.stack([torch.cos(theta), torch.sin(theta)], dim=1)\n"
            f"return pts + 0.02 * {sp!r} * torch.randn(n, 2, generator=rng)"
        ),
        "gaussian2d": (
            "chol = torch.tensor([[0.5, 0.0], [0.35, 0.3]])  # correlated: cov = chol @ chol.T\n"
            f"return torch.tensor([0.3, 0.2]) + {sp!r} * torch.randn(n, 2, generator=rng) @ chol.T"
        ),
        "line": (
            "t = 2 * torch.rand(n, generator=rng) - 1\n"
            "pts = torch.stack([t, 0.6 * t], dim=1)\n"
            f"return pts + 0.02 * {sp!r} * torch.randn(n, 2, generator=rng)"
        ),
    }
    return head + define("sample_real", "n real samples, shape (n, 2)", two_d[name])


def define(name: str, doc: str, body: str, args: str = "n: int, rng: torch.Generator") -> str:
    return f'def {name}({args}) -> torch.Tensor:\n    """{doc}"""\n' + textwrap.indent(body, "    ")


def noise_code(cfg: ToyConfig) -> str:
    body = (
        "return 2 * torch.rand(n, NOISE_DIM, generator=rng) - 1  # U(-1, 1)"
        if cfg.noise == "uniform"
        else "return torch.randn(n, NOISE_DIM, generator=rng)  # N(0, I)"
    )
    return define("sample_noise", "z, the generator's input: shape (n, NOISE_DIM)", body)


def networks_code(cfg: ToyConfig) -> str:
    out = [
        "# ---- The networks ---------------------------------------------------------------------------",
        source(models._activation, models.mlp),
    ]
    if cfg.minibatch_disc:
        out.append(source(models.MinibatchDiscrimination))
    g_sizes = [cfg.noise_dim] + [cfg.g_width] * cfg.g_layers + [cfg.dim]
    out.append(
        "class Generator(nn.Module):\n"
        f'    """z (B, {cfg.noise_dim}) -> x (B, {cfg.dim}): {cfg.g_layers} hidden layers of {cfg.g_width}, '
        'linear output."""\n\n'
        "    def __init__(self) -> None:\n"
        "        super().__init__()\n"
        f"        self.net = mlp({g_sizes}, {cfg.activation!r})\n\n"
        "    def forward(self, z: torch.Tensor) -> torch.Tensor:\n"
        "        return self.net(z)"
    )
    d_in = cfg.dim * cfg.pac
    pack = (
        f"x (B, {cfg.dim}) is judged in packs of {cfg.pac} (PacGAN): viewed as (B/{cfg.pac}, {d_in})"
        if cfg.pac > 1
        else f"x (B, {cfg.dim}) -> one raw score per sample (a logit or a critic's score)"
    )
    mbd = cfg.minibatch_disc
    head_in = cfg.d_width + (8 if mbd else 0)
    lines = [
        "class Discriminator(nn.Module):",
        f'    """{pack}."""',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        f"        self.body = mlp({[d_in] + [cfg.d_width] * cfg.d_layers}, {cfg.activation!r})",
        f"        self.act = _activation({cfg.activation!r})",
    ]
    if mbd:
        lines.append(f"        self.mbd = MinibatchDiscrimination({cfg.d_width})  # D sees how alike a batch is")
    lines += [
        f"        self.head = nn.Linear({head_in}, 1)",
        "",
        "    def forward(self, x: torch.Tensor, x_ref: torch.Tensor | None = None) -> torch.Tensor:",
        f"        h = self.act(self.body(x.reshape(x.shape[0] // {cfg.pac}, -1)))  # (B/{cfg.pac}, {cfg.d_width})",
    ]
    if mbd:
        ref = f"self.act(self.body(x_ref.reshape(x_ref.shape[0] // {cfg.pac}, -1)))"
        lines.append(f"        h = self.mbd(h, None if x_ref is None else {ref})")
    lines += [
        "        return self.head(h).squeeze(1)",
        "",
        "    def score_points(self, x: torch.Tensor, x_ref: torch.Tensor) -> torch.Tensor:",
        '        """D\'s view of single points (each repeated to fill a pack), judged among x_ref."""',
        f"        packed = x.repeat_interleave({cfg.pac}, dim=0)",
        f"        ref = x_ref[: (len(x_ref) // {cfg.pac}) * {cfg.pac}]",
        f"        return self(packed, {'ref' if mbd else 'None'})",
    ]
    out.append("\n".join(lines))
    init = source(models.init_weights)
    if not mbd:  # no minibatch-discrimination layer to initialise here
        init, n = re.subn(r"\n        elif isinstance\(m, MinibatchDiscrimination\):\n.*", "", init)
        assert n == 1, "gan_core.toy.models.init_weights changed: update the exporter"
    out.append(init)
    return "\n\n\n".join(out)
