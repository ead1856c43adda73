"""The exponential moving average of a generator's weights (``g_ema``, as in ProGAN and StyleGAN),
shared by every lesson's trainer."""

from __future__ import annotations

import torch


@torch.no_grad()
def update(average: torch.nn.Module, model: torch.nn.Module, decay: float, updates: int) -> None:
    """Move ``average`` towards ``model`` after its ``updates``-th update:
    average <- beta average + (1 - beta) model, beta = min(decay, (1 + t) / (10 + t)).

    The warm-up, as in common EMA implementations: early on, an average over the ~t updates seen so
    far instead of dragging the random initial weights along for thousands of steps. Buffers (batch
    norm's running statistics) are copied."""
    beta = min(decay, (1 + updates) / (10 + updates))
    for p_ema, p in zip(average.parameters(), model.parameters()):
        p_ema.lerp_(p, 1 - beta)
    for b_ema, b in zip(average.buffers(), model.buffers()):
        b_ema.copy_(b)
