"""Lesson: the theory behind GANs: the optimal discriminator, the divergence the game minimises and
why it can stop helping, the Wasserstein distance and the critic, other losses and regularisers,
equilibrium and why training can circle it (with a small Dirac-GAN picture), and where GANs sit
among generative models."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from gan_core import glossary
from ui import lesson_questions
from ui.chart_style import DCOL, FAKE, NEUTRAL, REAL

DIRAC_LR, DIRAC_STEPS, DIRAC_R1 = 0.1, 200, 0.5  # step size, steps, R1 weight gamma of the Dirac-GAN picture


def _dirac_path(rule: str) -> np.ndarray:
    """(theta, psi) after each step of the Dirac-GAN with the WGAN loss V = -psi * theta, from (1, 0).
    G descends V (theta' = psi), D ascends it (psi' = -theta); R1 adds gamma/2 psi^2 to D's loss."""
    theta, psi, path = 1.0, 0.0, [(1.0, 0.0)]
    for _ in range(DIRAC_STEPS):
        if rule == "simultaneous":
            theta, psi = theta + DIRAC_LR * psi, psi - DIRAC_LR * theta
        else:  # alternating: D first, then G against the new D
            psi = psi - DIRAC_LR * (theta + (DIRAC_R1 * psi if rule == "r1" else 0.0))
            theta = theta + DIRAC_LR * psi
        path.append((theta, psi))
    return np.array(path)


def _dirac_figure() -> go.Figure:
    fig = go.Figure()
    for rule, name, colour in (
        ("simultaneous", "simultaneous steps: spirals out", DCOL),
        ("alternating", "alternating steps: circles for ever", FAKE),
        ("r1", "alternating + R1: spirals in", REAL),
    ):
        p = _dirac_path(rule)
        fig.add_trace(go.Scatter(x=p[:, 0], y=p[:, 1], mode="lines", name=name, line={"color": colour, "width": 2}))
    fig.add_trace(
        go.Scatter(
            x=[1, 0],
            y=[0, 0],
            mode="markers+text",
            text=["start", "equilibrium"],
            textposition="top center",
            marker={"color": NEUTRAL, "size": 9},
            showlegend=False,
        )
    )
    fig.update_layout(
        height=440,
        margin={"l": 50, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.18},
        xaxis={"title": "θ: where G puts its point", "range": [-3, 3], "zeroline": True},
        yaxis={"title": "ψ: D's slope", "range": [-3, 3], "scaleanchor": "x", "zeroline": True},
    )
    return fig


st.title("The theory behind GANs")
st.markdown(
    "*What is a GAN?* gave the rules of the game. This page asks what the game actually *does*: what the "
    "best discriminator looks like, which distance between distributions the generator ends up "
    "minimising, why that distance can stop helping, and what people use instead."
)
st.markdown(
    "Notation: **p_data** is the distribution of the real data, **p_g** the distribution of G's samples "
    "G(z), and D(x) is D's probability that x is real."
)

# --- 1. the optimal discriminator --------------------------------------------------------------
st.header("The optimal discriminator", divider="gray")
st.markdown(
    "Freeze G for a moment. Its samples then have a fixed distribution p_g, so V's second term can be "
    "written over x instead of z (Goodfellow et al., 2014):"
)
st.latex(r"V(D, G) = \int \Big[\, p_\text{data}(x)\,\log D(x) \;+\; p_g(x)\,\log\big(1 - D(x)\big) \Big]\, dx")
st.markdown(
    "D can pick its value separately at every x. At one x, call a = p_data(x) and b = p_g(x): D maximises "
    "a log y + b log(1 − y) over y between 0 and 1. Set the derivative to zero (the function is concave, "
    "so this is the maximum):"
)
st.latex(
    r"\frac{a}{y} - \frac{b}{1-y} = 0 \;\Rightarrow\; y = \frac{a}{a+b}"
    r"\qquad\text{so}\qquad D^*_G(x) = \frac{p_\text{data}(x)}{p_\text{data}(x) + p_g(x)}"
)
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(
        "**Reading D\\*:**\n"
        "- Where fakes and real data are equally dense: D\\* = 1/2.\n"
        "- Where **fakes pile up** (p_g ≫ p_data): D\\* < 1/2, towards 0. With p_g = 3 p_data, D\\* = 1/4. "
        "D's slope there pushes the pile apart: in *Toy GAN in 1-D*, a well-trained D(x) dips under a crowd of fakes.\n"
        "- Where **G puts no mass** (p_g = 0, p_data > 0): D\\* = 1, 'real' for sure. That is a part of the "
        "data G has missed."
    )
with right.container(border=True):
    st.markdown(
        "**Two caveats:**\n"
        "- G learns only from D's slope *where its own samples are*. D\\* = 1 on a missed digit helps G only "
        "if D's slope reaches G's samples.\n"
        "- D\\* is the best D over all functions, with unlimited data. A real D is a network trained for a "
        "few steps on small batches: at best it approaches D\\*. Where neither distribution has mass, D\\* "
        "is not even defined, and the network says whatever it extrapolates."
    )
lesson_questions.section("theory", "optimal-d")

# --- 2. divergences ----------------------------------------------------------------------------
st.header("From the game to a divergence", divider="gray")
st.markdown(
    "Put D\\* back into V. With the mixture m = (p_data + p_g)/2, the two terms become two KL divergences "
    "to m, and together a Jensen-Shannon divergence (Goodfellow et al., 2014, Theorem 1):"
)
st.latex(
    r"V(D^*_G, G) = \mathbb{E}_{p_\text{data}}\Big[\log \frac{p_\text{data}}{p_\text{data} + p_g}\Big]"
    r" + \mathbb{E}_{p_g}\Big[\log \frac{p_g}{p_\text{data} + p_g}\Big]"
    r" = -\log 4 + 2\,\mathrm{JSD}(p_\text{data} \,\|\, p_g)"
)
st.markdown(
    f"So, against the best D, G minimises the **{glossary.link('js', 'Jensen-Shannon divergence')}** between real "
    "and fake. JSD ≥ 0, "
    "and it is 0 only when the two distributions are equal: the minimum of the game is −log 4 ≈ −1.386, "
    "reached exactly at p_g = p_data."
)
st.markdown(
    "In **bits** (log base 2), JS lies between 0 and 1. It reaches **1 bit** when the supports are "
    "disjoint: no x where both have mass. *Toy GAN in 1-D* shows it as *JS (bits)*."
)
sat, ns = st.columns(2)
with sat.container(border=True):
    st.markdown(
        "**Why the saturation hurts.** Disjoint supports are normal early in training, and in high "
        "dimensions, where real images fill only a thin slice of all images (Arjovsky & Bottou, 2017). "
        "Then JS sits at its maximum, log 2, whether the fakes are near the data or far: a small move of G "
        "changes nothing, so JS gives **no gradient**. A sharp D says the same: it rejects every fake, "
        "D(G(z)) ≈ 0.\n\n"
        "Be precise about *what* vanishes. log(1 − D) is not flat at D = 0: its slope in D is −1. But "
        "D = σ(ℓ), the sigmoid of D's logit ℓ, and the sigmoid is flat there:"
    )
    st.latex(r"\frac{\partial}{\partial \ell}\log\big(1 - \sigma(\ell)\big) = -\sigma(\ell) = -D(G(z)) \;\to\; 0")
with ns.container(border=True):
    st.markdown(
        "**The non-saturating fix** (Goodfellow et al., 2014): G *maximises* log D(G(z)) instead. Its "
        "gradient through the logit is strongest where D rejects the fakes:"
    )
    st.latex(r"\frac{\partial}{\partial \ell}\big({-\log \sigma(\ell)}\big) = -\big(1 - D(G(z))\big) \;\to\; -1")
    st.markdown(
        "- **Kept:** the same fixed point (p_g = p_data, D = 1/2), with strong gradients early.\n"
        "- **Lost:** the game is no longer zero-sum, so the JS argument above no longer applies. Against "
        "D\\*, its gradient is that of KL(p_g ‖ p_data) − 2 JSD (Arjovsky & Bottou, 2017). That KL "
        "punishes fakes where there is no data far more than data with no fakes, which can favour "
        "dropping modes."
    )
lesson_questions.section("theory", "divergences")

# --- 3. Wasserstein ----------------------------------------------------------------------------
st.header("The Wasserstein distance and the critic", divider="gray")
st.markdown(
    "Picture p_data and p_g as two piles of sand. The **earth mover's distance** W1 is the least work "
    "needed to reshape one pile into the other: mass moved times the distance it travels (Arjovsky, "
    "Chintala & Bottou, 2017). A transport plan γ says how much mass goes from each x to each y:"
)
st.latex(
    r"W_1(p_\text{data}, p_g) = \inf_{\gamma \in \Pi(p_\text{data},\, p_g)}"
    r"\; \mathbb{E}_{(x, y) \sim \gamma}\, \|x - y\|"
)
st.markdown(
    "W1 is in the **units of the data**: if every fake sits 0.5 to the right of the real distribution, "
    "W1 = 0.5. *Toy GAN in 1-D* shows it as *W1 to real*. Finding the best plan is hard, but the "
    "**Kantorovich-Rubinstein duality** turns W1 into a maximum over functions f whose slope is at most 1 "
    f"everywhere ({glossary.link('lipschitz', '1-Lipschitz')}):"
)
st.latex(
    r"W_1(p_\text{data}, p_g) = \sup_{\|f\|_L \le 1}\; \mathbb{E}_{x \sim p_\text{data}}\big[f(x)\big]"
    r" - \mathbb{E}_{x \sim p_g}\big[f(x)\big]"
)
st.markdown(
    "That f is the WGAN's **critic**: D without the sigmoid, a score, not a probability. It is trained to "
    "make the gap as large as it can; G minimises −E[f(G(z))], pulling its fakes up the critic's slope."
)
with st.container(border=True):
    st.markdown("**Why it helps when the supports are disjoint.** Real data: one point at 0. Fakes: one point at θ.")
    st.latex(
        r"p_\text{data} = \delta_0,\; p_g = \delta_\theta:\qquad"
        r"\mathrm{JSD} = \log 2 \;\;(\theta \ne 0), \qquad W_1 = |\theta|"
    )
    st.markdown(
        "JS is flat: fakes at θ = 5 and at θ = 0.1 are equally wrong, and G gets no direction. W1 shrinks "
        "as θ → 0, and its slope, sign(θ), always points G home. The best critic is a ramp of slope 1 "
        "rising towards the data."
    )
clip, gp = st.columns(2)
with clip.container(border=True):
    st.markdown(
        "**Weight clipping** (Arjovsky et al., 2017): after each step, clip every critic weight into "
        "[−c, c]. Simple but crude: it bounds the slope only loosely, and a c too small or too large gives "
        "vanishing or exploding gradients and pushes the critic towards overly simple functions "
        "(Gulrajani et al., 2017)."
    )
with gp.container(border=True):
    st.markdown("**Gradient penalty** (WGAN-GP, Gulrajani et al., 2017): add to the critic's loss")
    st.latex(
        r"\lambda\, \mathbb{E}_{\hat x}\big(\|\nabla_{\hat x} f(\hat x)\|_2 - 1\big)^2,"
        r"\quad \hat x = \epsilon x + (1 - \epsilon)\, G(z),\; \epsilon \sim U[0, 1]"
    )
    st.markdown(
        "On random points between real and fake samples. **Two-sided**: slopes below 1 are penalised too, "
        "because the optimal critic has slope 1 on those lines. λ = 10 in the paper. A soft constraint, "
        "so the critic's gap only *estimates* W1."
    )
lesson_questions.section("theory", "wasserstein")

# --- 4. other losses ---------------------------------------------------------------------------
st.header("Other losses and regularisers", divider="gray")
ls, hinge = st.columns(2)
with ls.container(border=True):
    st.markdown(
        "**Least squares GAN** (Mao et al., 2017). D regresses: real scores towards a target b, fake ones "
        "towards a; G pulls its fakes' scores towards c."
    )
    st.latex(
        r"\min_D \tfrac12\mathbb{E}\big(D(x) - b\big)^2 + \tfrac12\mathbb{E}\big(D(G(z)) - a\big)^2,"
        r"\quad \min_G \tfrac12\mathbb{E}\big(D(G(z)) - c\big)^2"
    )
    st.markdown(
        "Squares do not saturate: a fake on the 'real' side of the boundary but far from the real scores "
        "is still pulled. With b − c = 1 and b − a = 2 (e.g. a = −1, b = 1, c = 0) the game minimises the "
        "**Pearson χ²** divergence between p_data + p_g and 2p_g; the common 0/1 targets work about as well "
        "in practice."
    )
with hinge.container(border=True):
    st.markdown(
        "**Hinge loss** (Lim & Ye, 2017), made popular by Miyato et al. (2018), who used it with spectral "
        "normalisation, and by BigGAN (Brock et al., 2019). D wants real scores above +1 and fake scores "
        "below −1, and stops pushing once a sample is past its margin. G raises its fakes' scores, as in WGAN."
    )
    st.latex(
        r"L_D = \mathbb{E}\max\big(0, 1 - D(x)\big) + \mathbb{E}\max\big(0, 1 + D(G(z))\big),"
        r"\quad L_G = -\mathbb{E}\,D(G(z))"
    )
sn, r1 = st.columns(2)
with sn.container(border=True):
    st.markdown(
        "**Spectral normalisation** (Miyato et al., 2018) bounds D's Lipschitz constant by construction. "
        "Each weight matrix is divided by its largest singular value, the most it can stretch a vector:"
    )
    st.latex(r"W_\text{SN} = \frac{W}{\sigma(W)}, \qquad \sigma(W) = \max_{h \ne 0} \frac{\|W h\|}{\|h\|}")
    st.markdown(
        "σ(W) is estimated by **power iteration**, one cheap step per training step that reuses the last "
        "step's vector, instead of a full SVD. With 1-Lipschitz activations (ReLU, leaky ReLU) each layer "
        "then stretches by at most about 1, and so does D (a bound, often loose)."
    )
with r1.container(border=True):
    st.markdown(
        "**R1** (Mescheder, Geiger & Nowozin, 2018): a **zero-centred** gradient penalty on **real data** only."
    )
    st.latex(r"R_1 = \frac{\gamma}{2}\, \mathbb{E}_{x \sim p_\text{data}} \|\nabla_x D(x)\|^2")
    st.markdown(
        "It asks D to be flat on the data. At the equilibrium D is constant, so the penalty is zero there "
        "and does not move it; near it, it damps the rotation of the next section, and the authors prove "
        "local convergence (under some assumptions). StyleGAN (Karras et al., 2019) uses it with the "
        "non-saturating loss. Compare WGAN-GP: centred at 1, on points between real and fake."
    )
lesson_questions.section("theory", "other-losses")

# --- 5. equilibrium ----------------------------------------------------------------------------
st.header("Equilibrium, and why training can circle it", divider="gray")
st.markdown(
    "A **Nash equilibrium** is a pair (G, D) where neither player can do better by changing alone. For the "
    "GAN game over all distributions (Goodfellow et al., 2014) it is **p_g = p_data and D = 1/2 "
    "everywhere**: D cannot beat a coin flip when real and fake are identical, and against D = 1/2, "
    "V = −log 4 whatever G does, so G cannot do better either."
)
st.markdown(
    "Knowing where the equilibrium is does not say how to get there. Each player's step changes the "
    "other's landscape: this is not gradient descent on one loss. The smallest example is the **Dirac-GAN** "
    "(Mescheder et al., 2018): the data is one point at 0, G draws one point at θ, and D is linear, "
    "D(x) = ψx. The only equilibrium is θ = ψ = 0. With the WGAN loss:"
)
st.latex(
    r"V(\theta, \psi) = D(0) - D(\theta) = -\psi\theta, \qquad"
    r"\dot\theta = -\frac{\partial V}{\partial \theta} = \psi, \qquad"
    r"\dot\psi = \frac{\partial V}{\partial \psi} = -\theta"
)
dirac_text, dirac_chart = st.columns([2, 3])
with dirac_text:
    st.markdown(
        "These are the equations of a circle: θ² + ψ² never changes. D's slope pushes G towards 0; when G "
        "gets there the slope is at its steepest, so G overshoots; D flips its slope; round it goes.\n\n"
        f"With steps of size η = {DIRAC_LR}: **simultaneous** steps multiply the distance to the equilibrium "
        "by √(1 + η²) each time and spiral out; **alternating** steps stay on a closed loop. Neither "
        f"converges. **R1** (γ = {DIRAC_R1}) adds friction to D and the path spirals in. The standard GAN "
        "loss behaves the same way near the equilibrium."
    )
with dirac_chart:
    st.plotly_chart(_dirac_figure(), key="theory.dirac.chart", width="stretch")
with st.container(border=True):
    st.markdown(
        "**D = 1/2 is necessary, not sufficient.** At the equilibrium D = 1/2 everywhere. The reverse holds "
        "only for the optimal D\\*: D\\* = 1/2 everywhere does mean p_g = p_data. The trained D is not "
        "D\\*. In the MNIST lesson's *Mode collapse* preset, G draws the same smudge for every z and D still "
        "says about 1/2 to real and fake alike. D\\* would say nearly 0 at the smudge (fakes pile up there) and "
        "nearly 1 on the digits G never draws. Look at the samples, not only at D."
    )
lesson_questions.section("theory", "equilibrium")

# --- 6. families -------------------------------------------------------------------------------
st.header("GANs among generative models", divider="gray")
gen, impl = st.columns(2)
with gen.container(border=True):
    st.markdown(
        "**Generative vs discriminative.** A *discriminative* model learns p(y | x): given an image, which "
        "digit is it? A *generative* model learns about x itself: p(x), or p(x | y) for a conditional one "
        "('draw a 7'). A GAN holds one of each: D is discriminative (real or fake, given x), trained only so "
        "that G, the generative one, improves. *Put a GAN on it* shows the difference that matters: for an "
        "input with several right answers, a regressor predicts their average, a conditional GAN samples "
        "one of them."
    )
with impl.container(border=True):
    st.markdown(
        "**An implicit model.** G is a *sampler*: z in, x out, with no formula for p_g(x), so no likelihood "
        "to evaluate (an *implicit* generative model; Mohamed & Lakshminarayanan, 2016). When z has fewer "
        "dimensions than x, G's samples lie on a thin surface and p_g has no density at all: one reason "
        "real and fake supports are often disjoint."
    )
st.markdown(
    "- **VAEs** (Kingma & Welling, 2014): an encoder and a decoder trained on a lower bound of the "
    "likelihood; stable to train, but their samples tend to be blurrier.\n"
    "- **Autoregressive models** (e.g. PixelCNN, van den Oord et al., 2016; language models): an exact "
    "likelihood, p(x) as a product of p(x_i | x_1 … x_(i−1)), but they sample one pixel or token at a time.\n"
    "- **Diffusion models** (Sohl-Dickstein et al., 2015; Ho et al., 2020): learn to undo noise added "
    "step by step; excellent quality and coverage, but sampling takes many network evaluations where a GAN "
    "needs one."
)
with st.container(border=True):
    st.markdown(
        "**'Deconvolution' in GAN papers means transposed convolution** (Radford et al., 2016, call it a "
        "fractionally-strided convolution). It is *not* the inverse of a convolution: it runs a convolution "
        "backwards in *shape*, not in value. Each input pixel spreads a copy of the kernel, scaled by its "
        "value, over a patch of the output, and overlaps add up. With kernel k, stride s and padding p:"
    )
    st.latex(
        r"n_\text{out} = (n_\text{in} - 1)\, s - 2p + k"
        r"\qquad k = 4,\ s = 2,\ p = 1:\quad 7 \to (7 - 1)\cdot 2 - 2 + 4 = 14 \to 28"
    )
    st.markdown(
        "That is the convolutional generator of the *MNIST GAN* lesson, which the *DCGAN explorer*'s "
        "pretrained network shares: 7x7 → 14x14 → 28x28 pixels."
    )
st.markdown(
    "**What GANs are used for:**\n"
    "- **Speech synthesis:** vocoders that turn a spectrogram into a waveform, faster than real time "
    "(MelGAN, Kumar et al., 2019; HiFi-GAN, Kong et al., 2020).\n"
    "- **Face ageing:** a conditional GAN redraws a face at a chosen age group while keeping the person "
    "recognisable (Antipov et al., 2017, *Face aging with conditional generative adversarial networks*).\n"
    "- **Image-to-image translation:** pix2pix (Isola et al., 2017) learns from paired examples with a "
    "conditional GAN plus an L1 loss, the idea behind *Put a GAN on it*; CycleGAN (Zhu et al., 2017) needs "
    "no pairs (horses ↔ zebras).\n"
    "- **Super-resolution:** SRGAN (Ledig et al., 2017) upscales 4x with sharp, plausible textures where "
    "MSE gives blur.\n"
    "- **Helping artists:** GauGAN (Park et al., 2019) turns a painted map of labels (sky, water, rock) "
    "into a photo-like landscape; NVIDIA's Canvas app grew out of it."
)
lesson_questions.section("theory", "families")

lesson_questions.render("theory")
