"""How good the pretrained DCGAN is, as a learner sees it: how it learned (snapshots from
training), spot the fake against its discriminator, and the model card."""

from __future__ import annotations

import numpy as np
import streamlit as st

from gan_core.dcgan import explorer as dcgan_explorer
from gan_core.dcgan import game as dcgan_game
from gan_core.dcgan import latent
from gan_core.dcgan import model as dcgan
from gan_core.dcgan.config import ExplorerConfig
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from ui import dcgan_parts as parts
from ui.dcgan_parts import NS


def growth(model: dcgan.Pretrained, cfg: ExplorerConfig) -> None:
    st.header("4. How it learned")
    st.markdown(
        "The same 20 noise vectors (from the seed above), through the generator as it was after a "
        "few steps of training, and at the end. The numbers are the model card's, on 1,000 samples."
    )
    z = latent.noise(cfg.seed, 20, model.cfg.noise_dim)
    y = dcgan_explorer.labels_for(None, 20)
    stages = [*model.snapshots.items(), (model.steps, model.G)]
    growth = model.card.get("growth", {})
    for step, g in stages:
        c1, c2 = st.columns([3, 2], vertical_alignment="center")
        parts.png(c1, images.grid(mnist.to_uint8(dcgan_explorer.generate(g, z, y)), 10, scale=2))
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
    game["round"], game["guess"] = dcgan_game.spot_round(model, held, game["rng"]), None


def _guess(says_real: bool) -> None:
    game = _game()
    rnd: dcgan_game.Round = game["round"]
    if rnd is None or game["guess"] is not None:
        return
    game["guess"] = says_real
    for who, verdict in (("you", says_real), ("d", rnd.d_says_real)):
        game[who][0] += int(verdict == rnd.is_real)
        game[who][1] += 1


def _reset_game() -> None:
    st.session_state.pop(f"{NS}.game", None)


@st.fragment
def spot_the_fake(model: dcgan.Pretrained, held: mnist.Digits) -> None:
    st.header("5. Spot the fake")
    dq = model.card.get("discriminator", {})
    st.markdown(
        "Real (a held-out digit, never trained on) or fake (drawn by G just now)? A coin decides. Guess, "
        f"and the discriminator guesses too: it says *real* when its score is above {model.d_threshold:+.2f}."
    )
    game = _game()
    if game["round"] is None:
        _next_round(model, held)
    rnd: dcgan_game.Round = game["round"]
    c1, c2 = st.columns([1, 3])
    parts.png(c1, images.grid(mnist.to_uint8(rnd.image[None]), 1, scale=6))
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
def card(model: dcgan.Pretrained) -> None:
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
    cheat = parts.cheat(model, card.get("sha256", ""))
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
