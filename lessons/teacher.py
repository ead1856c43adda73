"""The teacher's page: create a class, watch it live, ask it a question, export the gradebook."""

import streamlit as st

from ui import teacher

st.title("Teacher")
teacher.render()
