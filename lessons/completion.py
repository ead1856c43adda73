"""Lesson: complete a digit. "Put a GAN on it" with pictures: MSE against a learned loss."""

import streamlit as st

from ui import completion_lesson

st.title("Complete a digit: MSE against a learned loss")
st.markdown(
    "Give a model the **top half** of a handwritten digit and ask for the bottom half. The top of a 7 also "
    "fits a 9; the top of a 4 fits a 9 too. Three models with the same completion network and the same "
    "budget learn it side by side, live on this server: the **MSE model**, trained to be close to the real "
    "bottom on average; a **GAN**, whose loss is a discriminator that judges whole digits; and **MSE + GAN**, "
    "pix2pix's mix of the two. The eight digits below are held out: no model ever trains on them."
)
with st.expander("What to try"):
    st.markdown(
        "1. Press **Play**. Within a few hundred steps the MSE model's bottoms turn into grey smears, while the "
        "GAN's turn into strokes. Compare the scores: the MSE model has the *lowest error*, the GAN the "
        "*sharpest* digits.\n"
        "2. Look at the GAN's rows with different z: from one top it draws a 7 and a 9. The MSE model "
        "has no z and draws the average of both.\n"
        "3. Switch on *Label each digit with the judge's guess*: an independent digit classifier says what it "
        "sees, and whether it is sure.\n"
        "4. **Too little GAN**: the mix with a tiny lambda is as blurred as the MSE model. Drag **adv_weight** "
        "(lambda) up live and watch the smear sharpen.\n"
        "5. **Right half** and **Centre square**: other parts to draw, the same story."
    )
completion_lesson.render()
