"""Your class: join one with a code from your teacher, come back with your resume code."""

import streamlit as st

from ui import class_join

st.title("Your class")
st.markdown(
    "Join your teacher's class to keep your answers: they are saved, you find them again on another "
    "device, and your teacher sees how the class is doing (never another learner's answers to you)."
)
class_join.render()
