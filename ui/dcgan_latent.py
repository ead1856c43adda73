"""The DCGAN lesson's latent space: a walk between two seeds (and why slerp), one sample's most
influential noise coordinates on sliders, and whether that sample copies a training digit."""

from __future__ import annotations

import inspect
import math

import numpy as np
import streamlit as st
import torch

from gan_core.dcgan import explorer as dcgan_explorer
from gan_core.dcgan import latent
from gan_core.dcgan import model as dcgan
from gan_core.dcgan.config import GRID_SIZE, ExplorerConfig
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from ui import chart_style, controls
from ui import dcgan_parts as parts
from ui.dcgan_parts import N_SLIDERS, NS, PICK_COLOUR


def walk(model: dcgan.Pretrained, cfg: ExplorerConfig) -> None:
    st.header("2. A walk between two seeds")
    st.markdown(
        "Take the noise vector of seed A and the one of seed B and move from one to the other in small "
        "steps, drawing G's image at each. If G learned a smooth map, the digit changes gradually "
        "(thickness, slant, style), not in jumps. With *all digits*, each row asks for another digit "
        "along the same walk: z carries the style, the label the digit."
    )
    c1, c2, c3, c4 = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
    c1.number_input("Seed A", 0, 2**31 - 1, step=1, key=controls.key(NS, "seed_a"), persist_state=controls.PERSIST)
    c2.number_input("Seed B", 0, 2**31 - 1, step=1, key=controls.key(NS, "seed_b"), persist_state=controls.PERSIST)
    c3.radio(
        "Path",
        ("slerp", "lerp"),
        key=controls.key(NS, "path"),
        horizontal=True,
        format_func=lambda m: {"slerp": "spherical (slerp)", "lerp": "straight (lerp)"}[m],
        persist_state=controls.PERSIST,
    )
    c4.slider("Frames", 3, 24, key=controls.key(NS, "frames"), persist_state=controls.PERSIST)
    d = model.cfg.noise_dim
    z0, z1 = latent.noise(cfg.seed_a, 1, d)[0], latent.noise(cfg.seed_b, 1, d)[0]
    digits = list(range(10)) if cfg.digit == "all" else [int(cfg.digit)]
    strip, frames = _walk_pictures(model, z0, z1, cfg.frames, cfg.path, digits)
    left, right = st.columns([3, 2])
    parts.png(
        left,
        strip,
        caption=f"{cfg.path}: {cfg.frames} frames from seed {cfg.seed_a} (left) to seed {cfg.seed_b} (right).",
    )
    gif = images.gif_bytes(frames, [f"t = {i / (cfg.frames - 1):.2f}" for i in range(cfg.frames)], ms_per_frame=150)
    right.image(gif, caption="The same walk, animated.")
    right.download_button(
        "Download the GIF",
        gif,
        file_name=f"dcgan-walk-{cfg.seed_a}-{cfg.seed_b}-{cfg.path}.gif",
        mime="image/gif",
        key=f"{NS}.dl_gif",
        icon=":material/download:",
    )
    if st.toggle("Compare with the other path", key=f"{NS}.compare"):
        other = "lerp" if cfg.path == "slerp" else "slerp"
        strip2, _ = _walk_pictures(model, z0, z1, cfg.frames, other, digits)
        parts.png(st, strip2, caption=f"{other}: the same two ends.")
    _why_slerp(model, z0, z1)


def _walk_pictures(
    model: dcgan.Pretrained, z0: torch.Tensor, z1: torch.Tensor, n: int, mode: str, digits: list[int]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The walk as one strip (a row per digit, a column per frame) and as GIF frames."""
    zs = latent.path(z0, z1, n, mode)  # (n, d)
    z = zs.repeat(len(digits), 1)  # (len(digits) * n, d): row r = digit r's walk
    y = torch.tensor(digits).repeat_interleave(n)
    imgs = mnist.to_uint8(dcgan_explorer.generate(model.G, z, y))  # (rows * n, 28, 28)
    strip = images.grid(imgs, n, scale=2)
    per_frame = imgs.reshape(len(digits), n, 28, 28)
    cols, scale = (5, 3) if len(digits) > 1 else (1, 6)  # all digits: 2 rows of 5 per frame
    frames = [images.grid(per_frame[:, i], cols, scale=scale) for i in range(n)]
    return strip, frames


def _why_slerp(model: dcgan.Pretrained, z0: torch.Tensor, z1: torch.Tensor) -> None:
    d = z0.shape[0]
    t = torch.linspace(0, 1, 101)
    lerp_norm = [latent.lerp(z0, z1, float(s)).norm().item() for s in t]
    slerp_norm = [latent.slerp(z0, z1, float(s)).norm().item() for s in t]
    typical = latent.typical_norm(d)
    mid = latent.lerp(z0, z1, 0.5).norm().item()
    left, right = st.columns([3, 2])
    with left:
        st.markdown(
            f"""**Why spherical?** z has {d} coordinates, each drawn from a standard gaussian. Its length |z| is
the square root of a sum of {d} squares, so it is almost always close to sqrt({d}) = {math.sqrt(d):.1f}
(standard deviation about 0.7): in high dimensions gaussian noise lives on a thin shell, and that shell is
all G ever saw in training. The straight line between two such vectors cuts through the inside:
independent z's are nearly perpendicular, so the midpoint has length about sqrt({d}/2) = {math.sqrt(d / 2):.1f},
71% of a typical one. Here: |z_A| = {z0.norm():.2f}, |z_B| = {z1.norm():.2f}, straight-line midpoint
**{mid:.2f}**. The spherical path (slerp) follows the shell instead. Switch *Path* to *straight* and
compare the middle frames: they come from noise shorter than anything G met in training. Many GANs
draw blurred or washed-out images there; this one draws plainer, more *average* digits, less of the
style that z carries. The shortest noise of all, z = 0, gives each digit's most average form:"""
        )
        zero = dcgan_explorer.generate(model.G, torch.zeros(10, d), torch.arange(10))
        parts.png(st, images.grid(mnist.to_uint8(zero), 10, scale=2), caption="G(z = 0) for each digit")
    with right:
        fig = {
            "data": [
                {
                    "type": "scatter",
                    "x": t.tolist(),
                    "y": slerp_norm,
                    "name": "slerp",
                    "line": {"color": chart_style.FAKE},
                },
                {
                    "type": "scatter",
                    "x": t.tolist(),
                    "y": lerp_norm,
                    "name": "lerp",
                    "line": {"color": chart_style.DCOL},
                },
            ],
            "layout": chart_style.layout(
                title={"text": f"|z| along the walk (dotted: typical |z| = {typical:.1f})", "font": {"size": 13}},
                height=260,
                margin={"l": 40, "r": 10, "t": 30, "b": 30},
                xaxis={"title": {"text": "t (0 = seed A, 1 = seed B)"}},
                yaxis={"rangemode": "tozero"},
                legend={"x": 1, "xanchor": "right", "y": 0.05, "yanchor": "bottom", "orientation": "h"},
                shapes=[chart_style.hline(typical, "#888")],
            ),
        }
        st.plotly_chart(fig, key=f"{NS}.norm_chart", width="stretch")
    with st.expander("Show the code: lerp and slerp", icon=":material/code:"):
        st.code(inspect.getsource(latent.lerp) + "\n\n" + inspect.getsource(latent.slerp), language="python")


# --- 3. one sample: sliders and the copying check ---------------------------------------------------
def pick_one(
    model: dcgan.Pretrained,
    cfg: ExplorerConfig,
    z: torch.Tensor,
    y: torch.Tensor,
    train: mnist.Digits,
    held: mnist.Digits,
) -> None:
    st.header("3. One sample, up close")
    st.columns([1, 3])[0].number_input(
        f"Sample number (1-{GRID_SIZE})",
        1,
        GRID_SIZE,
        step=1,
        key=controls.key(NS, "pick"),
        persist_state=controls.PERSIST,
    )
    i = cfg.pick - 1
    _sliders(model, z[i], y[i : i + 1], f"{cfg.seed}.{cfg.digit}.{cfg.pick}")
    fake = dcgan_explorer.generate(model.G, z[i : i + 1], y[i : i + 1])[0]
    _copying(model, fake, int(y[i]), cfg.seed, train, held)


def _reset_sliders(prefix: str, values: dict[int, float]) -> None:
    for c, v in values.items():
        st.session_state[f"{prefix}.{c}"] = v


@st.fragment
def _sliders(model: dcgan.Pretrained, z: torch.Tensor, y: torch.Tensor, ident: str) -> None:
    """Move the coordinates of z that change this image most (found by nudging each one)."""
    st.subheader("Move its noise")
    influence = dcgan_explorer.influence(model.G, z, y)
    top = [int(c) for c in np.argsort(-influence, kind="stable")[:N_SLIDERS]]
    st.markdown(
        f"z has {z.shape[0]} coordinates. These {N_SLIDERS} change this image the most (each was nudged by "
        "+-1 and the change in pixels measured). Drag them and watch what each one controls: often "
        "thickness, slant or width, rarely the digit itself, which the label decides."
    )
    prefix = f"{NS}.z.{ident}"
    original = {c: round(float(z[c]), 1) for c in top}
    cols = st.columns([3, 2])
    moved: dict[int, float] = {}
    with cols[0]:
        for c in top:
            st.session_state.setdefault(f"{prefix}.{c}", original[c])  # state, not value=: Reset sets it
            moved[c] = st.slider(f"z[{c}] (originally {float(z[c]):+.2f})", -4.0, 4.0, step=0.1, key=f"{prefix}.{c}")
        st.button("Back to the original", key=f"{NS}.reset_z", on_click=_reset_sliders, args=(prefix, original))
    z_moved = latent.nudge(z, moved)
    before = mnist.to_uint8(dcgan_explorer.generate(model.G, z[None], y))
    after = mnist.to_uint8(dcgan_explorer.generate(model.G, z_moved[None], y))
    with cols[1]:
        parts.png(st, images.grid(np.concatenate([before, after]), 2, scale=5), caption="before | after")
    every = mnist.to_uint8(dcgan_explorer.generate(model.G, z_moved.expand(10, -1), torch.arange(10)))
    parts.png(
        st,
        images.grid(every, 10, scale=3),
        caption="The same (moved) z with each digit's label: the style follows z, the digit follows the label.",
    )


def _copying(
    model: dcgan.Pretrained, fake: np.ndarray, digit: int, seed: int, train: mnist.Digits, held: mnist.Digits
) -> None:
    st.subheader("Is it copying? Its nearest training digits")
    same = np.flatnonzero(held.labels == digit)
    real = held.images[same[seed % len(same)]]
    st.markdown(
        "Left: the picked sample, then the three training digits closest to it, pixel by pixel (the distance "
        f"in each corner). Below: the same for a real {digit} from the held-out digits, which the GAN never saw."
    )
    for name, img in (("sample", fake), ("real, unseen", real)):
        idx, dist = dcgan_explorer.nearest(img, train.images, k=3)
        row = mnist.to_uint8(np.concatenate([img[None], train.images[idx]]))  # (4, 28, 28)
        labels = [name, *(f"{d / 2:.1f}" for d in dist)]  # distances on the 0-1 pixel scale
        colours = [PICK_COLOUR if name == "sample" else (120, 200, 255), *[(150, 150, 150)] * 3]
        parts.png(st, images.labelled_grid(row, 4, labels, colours, scale=3))
    s = parts.copy_summary(model, model.card.get("sha256", ""))
    verdict = (
        "Samples sit about as far from the training digits as real unseen digits do: new handwriting, not copies."
        if s["fake_median"] >= 0.8 * s["real_median"]
        else "Samples sit closer to the training digits than real unseen digits do: some look memorised."
    )
    st.markdown(
        f"""Distance: the square root of the summed squared pixel differences, pixels from 0 (black) to 1
(white); 0 means identical. Over {s["n"]} samples and {s["n"]} held-out digits, the median distance to the
nearest of the 4,000 training digits is **{s["fake_median"]:.2f}** for samples and **{s["real_median"]:.2f}**
for real unseen digits; the closest any sample comes is {s["fake_min"]:.2f} (real: {s["real_min"]:.2f}).
{verdict} A generator that memorised its training digits would score near 0."""
    )


# --- 4. how it learned ----------------------------------------------------------------------------
