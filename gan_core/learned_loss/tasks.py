"""Regression tasks whose answer is not a single value, and how to score an answer.

For each input x the real outputs y lie on one of K branches y = f_k(x) (each branch equally
likely), plus gaussian noise of std ``noise`` on y. A model trained with mean squared error learns
E[y | x], the average of the branches: for K >= 2 that average is usually on no branch at all.

Two scores, computed on (x, y) pairs:

- **error**: mean squared error (y_model - y_real)^2 against a real answer for the same x. The best
  any single-valued predictor can do is E_x[Var(y | x)] (``best_error``); a perfect sampler of the
  real answers scores twice that, because its answer and the real one are independent draws.
- **on-branch fraction**: the share of outputs within ``tolerance(noise)`` (vertically, at the same
  x) of a real branch: "does this look like a real answer?". Real data scores about 95%.

Samplers draw from the caller's ``torch.Generator`` (never the global RNG).
"""

from __future__ import annotations

import math
import typing
from dataclasses import dataclass
from typing import Literal

import torch

TaskName = Literal["two_branches", "ring", "three_waves", "one_curve"]
TASKS: tuple[str, ...] = typing.get_args(TaskName)


@dataclass(frozen=True)
class Task:
    """What a task is, in words and numbers: its title, the formula, the x range, branch count."""

    name: str
    title: str
    formula: str
    x_range: tuple[float, float]
    n_branches: int


TASK_INFO: dict[str, Task] = {
    t.name: t
    for t in (
        Task("two_branches", "Two branches", "y = +sqrt(x) or -sqrt(x), x in [0, 1]", (0.0, 1.0), 2),
        Task("ring", "A ring", "y = +sqrt(1 - x^2) or -sqrt(1 - x^2), x in [-1, 1]", (-1.0, 1.0), 2),
        Task("three_waves", "Three waves", "y = cos(pi x + 2 pi k / 3), k = 0, 1, 2, x in [-1, 1]", (-1.0, 1.0), 3),
        Task("one_curve", "One curve (control)", "y = 0.8 sin(pi x), x in [-1, 1]", (-1.0, 1.0), 1),
    )
}


def branch_values(task: TaskName, x: torch.Tensor) -> torch.Tensor:
    """f_k(x) for every branch: (K, n) for x of shape (n,)."""
    if task == "two_branches":
        r = x.clamp(min=0).sqrt()
        return torch.stack([r, -r])
    if task == "ring":
        r = (1 - x**2).clamp(min=0).sqrt()
        return torch.stack([r, -r])
    if task == "three_waves":
        return torch.stack([torch.cos(math.pi * x + 2 * math.pi * k / 3) for k in range(3)])
    if task == "one_curve":
        return (0.8 * torch.sin(math.pi * x)).unsqueeze(0)
    raise ValueError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")


def sample(task: TaskName, n: int, noise: float, rng: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """n real pairs: x ~ U(x_range), a branch k chosen uniformly, y = f_k(x) + noise * N(0, 1).
    Returns x and y, each (n, 1)."""
    lo, hi = TASK_INFO[task].x_range
    x = lo + (hi - lo) * torch.rand(n, generator=rng)
    values = branch_values(task, x)  # (K, n)
    k = torch.randint(0, values.shape[0], (n,), generator=rng)
    y = values[k, torch.arange(n)] + noise * torch.randn(n, generator=rng)
    return x.unsqueeze(1), y.unsqueeze(1)


def tolerance(noise: float) -> float:
    """How close to a branch an output must be to count as a real answer: 2 noise std (95% of real
    answers), and at least 0.1 so that noiseless tasks are not judged to the last decimal."""
    return max(0.1, 2.0 * noise)


def branch_distance(task: TaskName, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """min_k |y - f_k(x)|: vertical distance from each (x, y) to the nearest branch, shape (n,)."""
    return (branch_values(task, x.reshape(-1)) - y.reshape(-1)).abs().min(dim=0).values


def on_branch_fraction(task: TaskName, x: torch.Tensor, y: torch.Tensor, noise: float) -> float:
    """Share of outputs y (at inputs x) within ``tolerance(noise)`` of a real branch, in [0, 1]."""
    return float((branch_distance(task, x, y) <= tolerance(noise)).float().mean())


def error(y_model: torch.Tensor, y_real: torch.Tensor) -> float:
    """Mean squared error mean((y_model - y_real)^2), each y paired with a real answer for its x."""
    return float(((y_model.reshape(-1) - y_real.reshape(-1)) ** 2).mean())


def best_error(task: TaskName, x: torch.Tensor, noise: float) -> float:
    """The lowest expected squared error any single-valued predictor can reach on inputs x:
    E_x[Var(y | x)] = mean over x of (1/K) sum_k (f_k(x) - mean_k f_k(x))^2 + noise^2.
    MSE training aims exactly here: its optimum is the conditional mean."""
    values = branch_values(task, x.reshape(-1))  # (K, n)
    return float(values.var(dim=0, unbiased=False).mean()) + noise**2


def plot_range(task: TaskName, noise: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """(x range, y range) that show the task whole, with its noise."""
    lo, hi = TASK_INFO[task].x_range
    pad_x = 0.05 * (hi - lo)
    x = torch.linspace(lo, hi, 201)
    values = branch_values(task, x)
    pad_y = 0.15 + 3 * noise
    return (lo - pad_x, hi + pad_x), (float(values.min()) - pad_y, float(values.max()) + pad_y)
