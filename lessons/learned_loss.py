"""Lesson: "Put a GAN on it": the same network trained with MSE and with a learned loss."""

import streamlit as st

from ui import learned_loss_lesson

st.title("Put a GAN on it: a learned loss instead of MSE")
st.markdown(
    "Many pipelines turn an input into an output (a sketch into a photo, a blurry image into a sharp one, "
    "x into y) and are trained with a hand-written loss, most often the **mean squared error** (MSE) "
    "between the output and the right answer. But what if an input has several right answers? Here each x "
    "has two (or three) real y. The **MSE model** learns their average, which no real example looks like. "
    "The **GAN** replaces the loss by a discriminator D(x, y) that learns to tell real pairs from generated "
    "ones; the generator G(x, z) learns to fool it, and its answers land on the real branches. Same network "
    "size, same data, same number of steps."
)
with st.expander("What to try"):
    st.markdown(
        "1. Press **Play**. Within a second or two the coral MSE line settles between the branches, while the purple "
        "GAN samples move onto them. Compare the scores: the MSE model has the *lower error*, the GAN *looks "
        "real*.\n"
        "2. Pause and switch on the layer **D's opinion**: the learned loss calls the MSE line fake (blue).\n"
        "3. **One right answer**: with a single branch the average *is* a real answer, and MSE is the simpler, "
        "steadier choice.\n"
        "4. **MSE + GAN**: a third model adds a little adversarial loss to MSE. Drag **adv_weight** up live "
        "and watch its samples leave the middle for the branches.\n"
        "5. **A ring** and **Three waves**: more shapes, the same story; three answers take the GAN longer.\n"
        "6. Set **G EMA decay** to 0 (Training): the dots now come from G itself, and every so often they jump "
        "off the branches and back as D and G chase each other. The average of G's recent weights does not."
    )
learned_loss_lesson.render("learned_loss")
