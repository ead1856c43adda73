"""Lesson: explore a pretrained DCGAN: seeds, walks in noise space, sliders, copying, spot the fake."""

import streamlit as st

from ui import dcgan_lesson

st.title("DCGAN explorer")
st.markdown(
    "A DCGAN we trained on the digits beforehand, so there is nothing to wait for: every picture on "
    "this page is drawn on the spot by the trained generator G from a noise vector *z* and the digit "
    "you ask for. Explore what it learned: how noise becomes a digit, what happens between two noise "
    "vectors, whether it copies its training digits, and whether you can tell its digits from real ones."
)
with st.expander("What to try"):
    st.markdown(
        "1. Change the **seed** or press **New seed**: a new batch of digits, the same for everyone who "
        "uses that seed. Pick one digit, or all ten (column c draws digit c).\n"
        "2. **Walk** from seed A to seed B. Switch the path from spherical to straight and compare the "
        "middle frames and the |z| chart. Download the animation.\n"
        "3. Pick a sample and drag its **sliders**: which coordinates change thickness, which slant?\n"
        "4. Check that G is **not copying**: its nearest training digits are as far as a real unseen digit's.\n"
        "5. See **how it learned**: the same noise after 100 steps, 1,000 steps and at the end.\n"
        "6. Play **spot the fake** against the discriminator.\n"
        "7. Copy the link in *Share this view*: it opens this page with your seed, digit and walk."
    )
dcgan_lesson.render()
