"""GAN Classroom: the router. Pages live in lessons/ (docs/architecture.md: why not pages/)."""

from pathlib import Path

import streamlit as st
import torch

from ui import classroom, housekeeping, quiz
from ui.course import CLASSES, COURSE, HOME

torch.set_num_threads(1)  # measured: two threads were 4-14x slower per step for these small nets
housekeeping.start()  # once per process: drops sessions past their TTL, gives their memory back

# Our own favicon file: a :material/...: page icon makes every browser fetch the icon from Google's
# font servers, a request that leaves the app (and fails on a school network without internet).
FAVICON = Path(__file__).parent / "ui" / "assets" / "favicon.png"
st.set_page_config(page_title="GAN Classroom", page_icon=str(FAVICON), layout="wide")
pages = [st.Page(HOME.path, title=HOME.title, icon=HOME.icon, url_path=HOME.url_path, default=True)]
pages += [st.Page(les.path, title=les.title, icon=les.icon, url_path=les.url_path) for les in COURSE]
classes = [st.Page(les.path, title=les.title, icon=les.icon, url_path=les.url_path) for les in CLASSES]
page = st.navigation({"GAN Classroom": pages, "Classes": classes})
classroom.sync()  # a learner in a class: save what waits, reload their progress from the class
classroom.banner()
if classroom.member() is not None:
    quiz.ask_box()  # the question the teacher is asking the class, on top of every page
page.run()
