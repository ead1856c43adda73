"""A toy run as a standalone Python script or Jupyter notebook: the learner's first GAN to take home.

``script(cfg)`` writes one file that needs only torch and numpy (no gan_core): the run's settings,
its real data, the two networks, the game's losses, the training loop and the metrics, with only
the parts this configuration uses. ``notebook(cfg)`` holds the same code as notebook cells.

Same config, same seed: the file draws the same random numbers in the same order as
``ToyTrainer`` (weights, batches, noise, penalties), so its final metrics equal the lesson's run
of that config (``tests/core/test_script_export.py`` runs exported files in a fresh process,
with gan_core not importable, and compares them within ``TOLERANCE``). The loss, penalty and
metric functions are copied from gan_core's own source, so there is one definition of each.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from gan_core import losses
from gan_core.toy import data, metrics, own_data, script_parts
from gan_core.toy.config import OWN_DATASETS, ToyConfig

TOLERANCE = 1e-4  # on every metric: in practice the numbers are equal, the same operations on the same numbers

_HEADER = '''"""{title}

Exported from GAN Classroom ({lesson}). Needs only torch and numpy: `python {file}`.
It trains the generator G against the discriminator D with the lesson's settings and seed, then
prints the metrics the lesson shows. Same seed, same run: the numbers match the lesson's.
"""

from __future__ import annotations

import json
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)  # one thread: the same numbers as the lesson, on any machine with this torch'''


def _settings(cfg: ToyConfig) -> str:
    lines = ["# ---- The run's settings (the lesson's sidebar) ------------------------------------------"]
    for name in (
        "seed",
        "steps",
        "batch_size",
        "noise_dim",
        "lr_g",
        "lr_d",
        "beta1",
        "k_d",
        "k_g",
    ):
        lines.append(f"{name.upper()} = {getattr(cfg, name)!r}")
    lines.append(f"N_EVAL = {10_000 if cfg.dim == 1 else 2_500}  # samples the metrics are measured on")
    tricks = {
        "label_smoothing": "D's target for real is 1 - this (one-sided label smoothing)",
        "instance_noise": "std of the noise added to D's inputs, decaying to 0 (instance noise)",
        "gp_weight": "weight of the critic's gradient penalty",
        "r1_weight": "weight of the R1 penalty on real data",
        "g_ema": "the metrics use an exponential moving average of G's weights with this decay",
    }
    for name, why in tricks.items():
        value = getattr(cfg, name)
        if name == "gp_weight" and losses.penalty(cfg.loss) is None:
            continue
        if value:
            lines.append(f"{name.upper()} = {value!r}  # {why}")
    if cfg.lr_decay:
        lines.append("# Learning-rate decay is on: both rates fall linearly to 0 over the budget (see main).")
    return "\n".join(lines)


def _loss_code(cfg: ToyConfig) -> str:
    rules = losses.LOSSES[cfg.loss]
    parts = [
        f"# ---- The game's rules: the {cfg.loss} loss ------------------------------------------------",
        script_parts.source(rules.d_loss, rules.g_loss),
    ]
    if rules.penalty is not None:
        parts.append(script_parts.source(losses.gradient_penalty))
    if cfg.r1_weight > 0:
        parts.append(script_parts.source(losses.r1_penalty))
    smoothing = ", LABEL_SMOOTHING" if rules.smoothing and cfg.label_smoothing else ""
    d_prob = (
        "torch.sigmoid(d_out)  # a probability of 'real'"
        if rules.probability
        else "d_out  # a raw score: no probability here"
    )
    parts.append(
        "def D_LOSS(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:\n"
        f"    return {rules.d_loss.__name__}(d_real, d_fake{smoothing})\n\n\n"
        f"G_LOSS = {rules.g_loss.__name__}\n\n\n"
        "def d_prob(d_out: torch.Tensor) -> torch.Tensor:\n"
        '    """D\'s output as the lesson shows it."""\n'
        f"    return {d_prob}"
    )
    return "\n\n\n".join(parts)


def _metrics_code(cfg: ToyConfig, points: own_data.Points | None) -> str:
    fns: list[Callable] = [metrics.histogram, metrics.kl_divergence, metrics.js_divergence, metrics.coverage]
    if cfg.dim == 1:
        fns.insert(0, metrics.wasserstein1_1d)
    else:
        fns += [metrics.energy_distance, metrics.mean_pairwise_distance]
        if data.mode_centers(cfg) is not None:
            fns.append(metrics.modes_captured)
    lo, hi = data.plot_range(cfg) if points is None else own_data.plot_range(points.standard().numpy())
    return (
        "# ---- How close are the fakes? The lesson's metrics ---------------------------------------\n"
        f"EPS = {metrics.EPS!r}\nPLOT_RANGE = ({lo!r}, {hi!r})  # the lesson's axis range: the histograms' grid\n\n\n"
        + script_parts.source(*fns)
    )


def _train_code(cfg: ToyConfig) -> str:
    rules = losses.LOSSES[cfg.loss]
    opt = {
        "adam": "torch.optim.Adam(params, lr=lr, betas=(BETA1, 0.999), fused=True)",
        "rmsprop": "torch.optim.RMSprop(params, lr=lr, foreach=True)",
        "sgd": "torch.optim.SGD(params, lr=lr, foreach=True)",
    }[cfg.optimizer]
    blur = cfg.instance_noise > 0
    lines = [
        "# ---- Training: k_d D updates, then k_g G updates, STEPS times ---------------------------",
        "def optimizer(params, lr: float) -> torch.optim.Optimizer:",
        f"    return {opt}",
        "",
        "",
    ]
    if blur:
        lines += [
            "def blur(x: torch.Tensor, step: int, rng: torch.Generator) -> torch.Tensor:",
            '    """Instance noise: D sees its inputs through gaussian noise that fades out over the run."""',
            "    sigma = INSTANCE_NOISE * max(0.0, 1.0 - step / STEPS)",
            "    return x + sigma * torch.randn(x.shape, generator=rng) if sigma > 0 else x",
            "",
            "",
        ]
    b = (lambda v: f"blur({v}, step, rng)") if blur else (lambda v: v)
    d_update = [
        "x_real = sample_real(BATCH_SIZE, rng)",
        "with torch.no_grad():",
        "    x_fake = G(sample_noise(BATCH_SIZE, rng))  # G is not trained in D's update",
    ]
    if blur:
        d_update.append("x_real, x_fake = blur(x_real, step, rng), blur(x_fake, step, rng)")
    d_update += [
        "d_real, d_fake = D(x_real), D(x_fake)  # D(x), D(G(z)): raw scores",
        "d_loss = D_LOSS(d_real, d_fake)",
    ]
    if rules.penalty is not None and cfg.gp_weight > 0:
        one = ", one_sided=True" if rules.penalty == "one_sided" else ""
        d_update.append(f"d_loss = d_loss + GP_WEIGHT * gradient_penalty(D, x_real, x_fake, rng{one})")
    if cfg.r1_weight > 0:
        d_update.append("d_loss = d_loss + R1_WEIGHT * r1_penalty(D, x_real)")
    d_update += ["opt_d.zero_grad(set_to_none=True)", "d_loss.backward()", "opt_d.step()"]
    g_update = [
        "x_fake = G(sample_noise(BATCH_SIZE, rng))",
        "D.requires_grad_(False)  # only G's weights move in G's update",
        f"g_loss = G_LOSS(D({b('x_fake')}))",
        "opt_g.zero_grad(set_to_none=True)",
        "g_loss.backward()",
        "D.requires_grad_(True)",
        "opt_g.step()",
    ]
    ema = []
    if cfg.g_ema > 0:
        g_update.append("g_updates += 1")
        ema = [
            "beta = min(G_EMA, (1 + g_updates) / (10 + g_updates))  # warm-up: early on, a shorter average",
            "with torch.no_grad():  # the averaged G moves a little towards G",
            "    for p_ema, p in zip(G_ema.parameters(), G.parameters()):",
            "        p_ema.lerp_(p, 1 - beta)",
        ]
    lrs = (
        [
            "factor = max(0.0, 1.0 - step / STEPS)  # learning-rate decay",
            "for opt, lr in ((opt_g, LR_G), (opt_d, LR_D)):",
            "    for group in opt.param_groups:",
            "        group['lr'] = lr * factor",
        ]
        if cfg.lr_decay
        else []
    )
    loop = (
        lrs
        + [f"for _ in range({cfg.k_d}):  # k_d D updates"]
        + ["    " + line for line in d_update]
        + [f"for _ in range({cfg.k_g}):  # k_g G updates"]
        + ["    " + line for line in g_update]
        + ema
        + [
            "if not (math.isfinite(d_loss.item()) and math.isfinite(g_loss.item())):",
            "    raise SystemExit(f'training diverged at step {step}: lower the learning rates')",
            "if step % 500 == 0:",
            "    print(f'step {step:>6}  d_loss {d_loss.item():8.4f}  g_loss {g_loss.item():8.4f}')",
        ]
    )
    ema_setup = ["G_ema = copy.deepcopy(G)  # the averaged generator the metrics use", "g_updates = 0"]
    setup = [
        "rng = torch.Generator().manual_seed(SEED)  # training: weights, batches, noise",
        "fixed = torch.Generator().manual_seed(SEED + 1_000_003)  # the fixed sets the metrics use",
        "G, D = Generator(), Discriminator()",
        "init_weights(G, rng)",
        "init_weights(D, rng)",
        *(ema_setup if cfg.g_ema > 0 else []),
        "opt_g, opt_d = optimizer(G.parameters(), LR_G), optimizer(D.parameters(), LR_D)",
        "z_fixed = sample_noise(N_EVAL, fixed)",
        "x_real_fixed = sample_real(N_EVAL, fixed)",
        "",
        "for step in range(STEPS):",
        *["    " + line for line in loop],
        "",
        f"report(G{'_ema' if cfg.g_ema > 0 else ''}, D, z_fixed, x_real_fixed)",
    ]
    main = "def main() -> None:\n" + textwrap.indent("\n".join(setup), "    ")
    if cfg.g_ema > 0:
        main = main.replace("def main() -> None:\n", "def main() -> None:\n    import copy\n\n", 1)
    return "\n".join(lines) + main


def _report_code(cfg: ToyConfig) -> str:
    if cfg.dim == 1:
        body = [
            "lo, hi = PLOT_RANGE",
            "m = {",
            "    'w1': wasserstein1_1d(real, fake),",
            "    'js': js_divergence(histogram(real, lo, hi, 100), histogram(fake, lo, hi, 100)),",
            "    'coverage': coverage(real, fake, lo, hi, 50),",
            "}",
        ]
    else:
        body = [
            "lo, hi = PLOT_RANGE",
            "m = {",
            "    'js': js_divergence(histogram(real, lo, hi, 50), histogram(fake, lo, hi, 50)),",
            "    'energy_distance': energy_distance(real[:1000], fake[:1000]),",
            "}",
        ]
        if data.mode_centers(cfg) is not None:
            body += [
                "modes, hq = modes_captured(fake, MODE_CENTERS, MODE_STD)",
                "m.update(modes_captured=float(modes), high_quality_fraction=hq, coverage=modes / len(MODE_CENTERS))",
            ]
        else:
            body.append("m['coverage'] = coverage(real, fake, lo, hi, 20)")
    pre = [
        '"""Measure the fakes against the fixed real set, print the numbers and return them."""',
        "with torch.no_grad():",
        "    fake_t = G(z_fixed)",
        "    d_real = d_prob(D.score_points(x_real_fixed[:500], x_real_fixed[:500])).mean()",
        "    d_fake = d_prob(D.score_points(fake_t[:500], fake_t[:500])).mean()",
        "real, fake = x_real_fixed.numpy(), fake_t.numpy()",
    ]
    post = [
        "m.update(d_real=float(d_real), d_fake=float(d_fake))",
        "print('final metrics: ' + json.dumps({k: round(v, 6) for k, v in m.items()}))",
        "return m",
    ]
    head = "def report(G: nn.Module, D: nn.Module, z_fixed: torch.Tensor, x_real_fixed: torch.Tensor) -> dict:\n"
    return head + textwrap.indent("\n".join(pre + body + post), "    ")


def default_title(cfg: ToyConfig) -> str:
    return f"A GAN learns {cfg.dataset} ({cfg.dim}-D): G against D with the {cfg.loss} loss."


def sections(
    cfg: ToyConfig, points: own_data.Points | None = None, title: str | None = None, lesson: str = "the toy lessons"
) -> list[tuple[str, str]]:
    """(heading, code) for each part of the exported run, in order: what the script and the notebook
    hold. ``points``: the learner's data, for the datasets own_1d and own_2d (written into the file)."""
    if (cfg.dataset in OWN_DATASETS) != (points is not None):
        raise ValueError(f"points go with the datasets {' and '.join(OWN_DATASETS)}, and those need them")
    title = title or default_title(cfg)
    return [
        ("The imports", _HEADER.format(title=title, lesson=lesson, file="run.py")),
        ("The run's settings", _settings(cfg)),
        ("The real data and the noise", script_parts.data_code(cfg, points) + "\n\n\n" + script_parts.noise_code(cfg)),
        ("The networks", script_parts.networks_code(cfg)),
        ("The losses", _loss_code(cfg)),
        ("The metrics", _metrics_code(cfg, points) + "\n\n\n" + _report_code(cfg)),
        ("Training", _train_code(cfg)),
    ]


def script(
    cfg: ToyConfig, points: own_data.Points | None = None, title: str | None = None, lesson: str = "the toy lessons"
) -> str:
    """The run as one standalone Python file (torch and numpy only)."""
    body = "\n\n\n".join(code for _, code in sections(cfg, points, title, lesson))
    return body + '\n\n\nif __name__ == "__main__":\n    main()\n'


def notebook(
    cfg: ToyConfig, points: own_data.Points | None = None, title: str | None = None, lesson: str = "the toy lessons"
) -> str:
    """The same code as a Jupyter notebook (nbformat 4): a heading cell before each part, and a last
    cell that runs ``main()``."""
    import nbformat
    from nbformat import v4

    parts = sections(cfg, points, title, lesson)
    cells = [v4.new_markdown_cell(f"# {title or default_title(cfg)}")]
    for heading, code in parts:
        cells += [v4.new_markdown_cell(f"## {heading}"), v4.new_code_cell(code)]
    cells.append(v4.new_code_cell("main()"))
    nb = v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})
    nbformat.validate(nb)
    return json.dumps(nb, indent=1) + "\n"
