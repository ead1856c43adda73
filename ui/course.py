"""The course map: every lesson page, in order. app.py routes it; Home lists it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    path: str  # file under lessons/
    url_path: str  # the deep link: http://host/<url_path>
    title: str
    icon: str
    blurb: str


HOME = Lesson("lessons/home.py", "home", "Home", ":material/home:", "Start here.")
LESSONS = [
    Lesson(
        "lessons/toy_1d.py",
        "toy-1d",
        "Toy GAN in 1-D",
        ":material/show_chart:",
        "Forge a 1-D distribution. Watch the generated density, D(x) and the z -> x mapping on one axis.",
    ),
    Lesson(
        "lessons/toy_2d.py",
        "toy-2d",
        "Toy GAN in 2-D",
        ":material/scatter_plot:",
        "Rings, grids, moons and spirals: D's heatmap, gradient arrows, the warped noise grid, mode collapse.",
    ),
    Lesson(
        "lessons/mnist.py",
        "mnist",
        "MNIST GAN",
        ":material/draw:",
        "Real handwritten digits, trained live on the CPU: a fixed-noise grid sharpens from static to digits, "
        "judged by an independent classifier.",
    ),
]
