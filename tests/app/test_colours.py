"""The course's colours stay apart for colour-blind learners and on both themes (issue 16).

Distances are CIEDE2000 (ui/colour_vision.py), after simulating protanopia, deuteranopia and
tritanopia (Machado et al. 2009, full severity). The thresholds:

- NAMED = 20 between the colours the text names (real, fake, D, D's push; the heatmap's two ends)
  and between each of them and the page's background. A Delta E2000 of about 1 is just noticeable
  for two large patches side by side; our marks are 5 px dots and 1.5-3 px lines, and a
  mark's colour must be told apart from memory ("purple = fake"), not side by side, which takes
  many times more (Stone, Szafir & Setlur 2014: the noticeable difference grows fast as marks
  shrink). 20 is a little under the distance between matplotlib's default orange and red
  (#ff7f0e, #d62728: 26): different colours at a glance, not two shades of one.
- ON_HEATMAP = 10 between a real or fake dot (at its opacity) and the strongest heatmap colour
  behind it: there the dot also differs by its shape and its neighbours.

    python -m tests.app.test_colours      # prints the table quoted in docs/learners.md
"""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import numpy as np
import pytest

from ui import chart_style, colour_vision

NAMED, ON_HEATMAP = 20.0, 10.0
# The two themes' page backgrounds: Streamlit 1.67's defaults (our config sets no backgroundColor).
BACKGROUNDS = {"light": "#ffffff", "dark": "#171614"}
COLOURS = {
    "real": chart_style.REAL,
    "fake": chart_style.FAKE,
    "D": chart_style.DCOL,
    "push": chart_style.PUSH,
}
HEATMAP_OPACITY = 0.5  # ui/charts.py draws D's heatmap at 0.55, the learned-loss lesson at 0.5: the fainter
MARKER_OPACITY = {"real": 0.7, "fake": 0.8}  # the 2-D lesson's dots (ui/charts.py)
# A known-bad pair: a red and a green of nearly equal lightness (L* 50 and 54). Far apart for
# normal vision, the same colour for a deuteranope.
BAD_RED, BAD_GREEN = "#d04a3a", "#5c8f2a"


def too_close(colours: dict[str, str], threshold: float, vision: str) -> list[str]:
    """Every pair of ``colours`` closer than ``threshold`` as seen with ``vision``."""
    return [
        f"{a}/{b}: {d:.1f}"
        for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2)
        if (d := colour_vision.seen_distance(ca, cb, vision)) < threshold
    ]


def heatmap_ends(background: str) -> dict[str, str]:
    return {
        'heatmap "fake" end': colour_vision.over(chart_style.D_FAKE_END, background, HEATMAP_OPACITY),
        'heatmap "real" end': colour_vision.over(chart_style.D_REAL_END, background, HEATMAP_OPACITY),
    }


@pytest.mark.parametrize("vision", colour_vision.VISIONS)
@pytest.mark.parametrize("theme", BACKGROUNDS)
def test_named_colours_stay_apart(vision, theme):
    bg = BACKGROUNDS[theme]
    assert too_close({**COLOURS, "background": bg}, NAMED, vision) == []
    assert too_close({**heatmap_ends(bg), "background": bg}, NAMED, vision) == []


@pytest.mark.parametrize("vision", colour_vision.VISIONS)
@pytest.mark.parametrize("theme", BACKGROUNDS)
def test_dots_stand_out_on_the_heatmap(vision, theme):
    bg = BACKGROUNDS[theme]
    for behind in heatmap_ends(bg).values():
        for name, alpha in MARKER_OPACITY.items():
            dot = colour_vision.over(COLOURS[name], behind, alpha)
            assert colour_vision.seen_distance(dot, behind, vision) >= ON_HEATMAP, (name, behind, vision)


def test_the_check_fails_a_red_and_green_of_equal_lightness():
    pair = {"red": BAD_RED, "green": BAD_GREEN}
    assert too_close(pair, NAMED, "normal") == []  # fine for normal vision ...
    assert too_close(pair, NAMED, "deuteranopia") != []  # ... one colour for a deuteranope
    assert too_close(pair, NAMED, "protanopia") != []


def test_the_heatmap_fades_to_the_page_background_at_one_half():
    """Transparent at D = 1/2, so "can't tell" is the page's own colour in either theme."""
    stops = chart_style.D_SCALE
    assert stops[0][1] == chart_style.rgba(chart_style.D_FAKE_END, 1)
    assert stops[-1][1] == chart_style.rgba(chart_style.D_REAL_END, 1)
    middle = [c for p, c in stops if 0.4 < p < 0.6]
    assert middle and all(c.endswith(",0)") for c in middle)


def test_both_themes_are_configured_and_none_is_forced():
    theme = tomllib.loads((Path(__file__).parents[2] / ".streamlit" / "config.toml").read_text())["theme"]
    assert "base" not in theme  # a base would pin the app to one theme
    assert theme["light"]["primaryColor"] and theme["dark"]["primaryColor"]


def test_the_simulation_matches_its_sources():
    # Sharma, Wu & Dalal (2005), CIEDE2000 test data, pairs 1, 7 and 17.
    lab = np.array(
        [[[50, 2.6772, -79.7751], [50, 0, -82.7485]], [[50, 0, 0], [50, -1, 2]], [[50, 2.5, 0], [73, 25, -18]]]
    )
    np.testing.assert_allclose(
        colour_vision.delta_e2000_lab(lab[:, 0], lab[:, 1]), [2.0425, 2.3669, 27.1492], atol=1e-4
    )
    for vision in colour_vision.VISIONS:  # each row of Machado's matrices sums to 1: greys stay grey
        assert colour_vision.simulate_hex("#808080", vision) == "#808080"
        assert colour_vision.simulate_hex("#ffffff", vision) == "#ffffff"
    img = np.array([[[0x7B, 0x3F, 0xE4, 255], [0x17, 0x95, 0x83, 128]]], dtype=np.uint8)  # (1, 2, 4) with alpha
    out = colour_vision.simulate_image(img, "deuteranopia")
    assert colour_vision.rgb_to_hex(out[0, 0, :3] / 255) == colour_vision.simulate_hex("#7b3fe4", "deuteranopia")
    assert out[0, 1, 3] == 128
    assert colour_vision.delta_e76("#000000", "#ffffff") == pytest.approx(100)


def table() -> str:
    """The Delta E2000 table of docs/learners.md: each pair's distance for each vision."""
    head = "| pair | " + " | ".join(colour_vision.VISIONS) + " |"
    rows = [head, "|---" * (len(colour_vision.VISIONS) + 1) + "|"]

    def row(label: str, a: str, b: str) -> str:
        cells = [f"{colour_vision.seen_distance(a, b, v):.0f}" for v in colour_vision.VISIONS]
        return f"| {label} | " + " | ".join(cells) + " |"

    rows += [row(f"{a} / {b}", COLOURS[a], COLOURS[b]) for a, b in itertools.combinations(COLOURS, 2)]
    for theme, bg in BACKGROUNDS.items():
        ends = list(heatmap_ends(bg).values())
        rows.append(row(f"heatmap ends ({theme})", *ends))
        worst = min(
            COLOURS, key=lambda n: min(colour_vision.seen_distance(COLOURS[n], bg, v) for v in colour_vision.VISIONS)
        )
        rows.append(row(f"{worst} / {theme} background (closest)", COLOURS[worst], bg))
    rows.append(row("known-bad red / green", BAD_RED, BAD_GREEN))
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
