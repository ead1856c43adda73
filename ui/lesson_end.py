"""The end of a lesson: what you learned (a few bullets), the words of the lesson (links to the
Glossary), and a button to the next lesson."""

from __future__ import annotations

import streamlit as st

from gan_core import glossary
from ui import course

LEARNED: dict[str, tuple[str, ...]] = {
    "intro": (
        "A GAN is two networks in a game: G turns noise into samples, D tells real from fake.",
        "Training alternates: a D step on real and fake batches, then a G step through a frozen D.",
        "The minimax loss log(1 - D(G(z))) saturates when D rejects the fakes; the non-saturating loss "
        "-log D(G(z)) keeps G learning, at the price of the minimax argument.",
        "D(x) = 1/2 everywhere is what a perfect G leaves behind, but D = 1/2 alone does not prove success.",
    ),
    "theory": (
        "For a fixed G the best D is **D\\* = p_data / (p_data + p_g)**: below 1/2 where fakes pile up, 1 "
        "where G puts no mass.",
        "Against D\\*, the game minimises **JSD**: V = −log 4 + 2 JSD. JS saturates at 1 bit for disjoint "
        "supports, and a sharp D's sigmoid starves the saturating loss; the **non-saturating** loss keeps the "
        "fixed point and the gradients, not the JS argument.",
        "**W1** measures transport in the units of the data and still shrinks when supports are disjoint; a "
        "1-Lipschitz **critic** estimates it (clipping, or WGAN-GP's penalty).",
        "**LSGAN**, **hinge**, **spectral normalisation** and **R1** change the loss or keep D smooth.",
        "The equilibrium is p_g = p_data with D = 1/2, but gradient play can **circle** it (Dirac-GAN), and "
        "D ≈ 1/2 alone does not prove success (*Mode collapse*).",
        "A GAN is an **implicit** generative model: a sampler without a density; its 'deconvolutions' are "
        "transposed convolutions.",
    ),
    "toy1d": (
        "You can see p_g, p_data and D(x) on one axis, and D flatten at 1/2 when G matches the data.",
        "A discriminator that learns much faster than G, with the saturating loss, leaves G without gradient.",
        "Mode collapse, oscillation and convergence each leave their own trace in the pictures and the metrics.",
        "W1 and JS measure how far G is from the data; the losses alone do not.",
    ),
    "toy2d": (
        "D's heatmap shows where it believes the data is; the arrows show where it pushes each fake.",
        "On a ring or a grid of modes, mode collapse is visible: the fakes visit a few modes at a time.",
        "R1, packing (PacGAN), an averaged G and a decaying learning rate each fix a different part of it.",
        "Modes captured and the high-quality share (the VEEGAN protocol) turn the picture into numbers.",
    ),
    "mnist": (
        "The same game learns 784-number images: fixed noise shows static turning into digits.",
        "An independent judge (a digit classifier) measures what the losses cannot: are these digits, and all ten?",
        "Conditioning on the label, a convolutional architecture and an averaged G make digits come fast on a CPU.",
        "Collapsed runs can keep D(x) and D(G(z)) at 1/2: the judge's class histogram tells the truth.",
    ),
    "dcgan": (
        "A trained DCGAN maps each noise vector to one digit; nearby noise gives similar digits.",
        "High-dimensional gaussian noise lives near a sphere: walk along it (slerp), not through it (lerp).",
        "A good generator makes new digits, not copies: compare with the nearest training digits.",
        "Snapshots by step, the discriminator's verdicts and the model card show how it learned and how good it is.",
    ),
    "learned_loss": (
        "When an input has several right answers, MSE learns their mean and L1 their median: often no right answer.",
        "A learned loss (a discriminator on (x, y) pairs) rewards answers that look real, so G picks one branch.",
        "The MSE model wins on squared error and loses on realism: a lower error is not a better answer.",
        "Mixing MSE with a little adversarial loss (as pix2pix does) trades between the two.",
    ),
    "completion": (
        "The top half of a digit fits several bottoms: MSE draws their average, a grey smear no one wrote.",
        "A conditional GAN's D judges the whole digit, so G draws one sharp bottom that fits; each z picks another.",
        "The MSE model keeps the lowest squared error: closer on average is not the same as looking real.",
        "pix2pix adds lambda x the adversarial loss to a reconstruction loss: lambda trades closeness for sharpness.",
    ),
}


def render(lesson_id: str) -> None:
    """The end of ``lesson_id``'s page (call it last)."""
    learned = LEARNED.get(lesson_id)
    words = glossary.for_lesson(lesson_id)
    if not learned and not words:
        return
    st.divider()
    with st.container(border=True, key=f"{lesson_id}.learned"):
        if learned:
            st.markdown("#### What you learned")
            st.markdown("\n".join(f"- {line}" for line in learned))
        if words:
            st.markdown(
                "**Words of this lesson** (the Glossary has each in a few sentences): "
                + ", ".join(glossary.link(t.id) for t in words)
            )
        after = _next(lesson_id)
        if after is not None:
            course.link(after, f"Next: {after.title}")


def _next(lesson_id: str) -> course.Lesson | None:
    ids = [les.id for les in course.LESSONS]
    if lesson_id not in ids:
        return None
    i = ids.index(lesson_id)
    return course.LESSONS[i + 1] if i + 1 < len(ids) else course.QUIZ
