"""How long a deep link takes to show its first picture, per page, cold and warm, in headless Chromium.

A *cold* load is a first visitor on a server that has just started: nothing imported on its behalf
yet, no cache filled, a new browser context. A *warm* load is the same link opened again in a new
browser context (no browser cache, a new session) on a server that has already served it. Each
load is timed from `page.goto` to the first picture on the page (a Plotly chart drawn, an image
decoded, a Vega chart, a Graphviz diagram) or, on pages without one, to the first paragraph of the
page's own text (a page that shows none within 30 s counts as "never", with a screenshot in /tmp).
Prints a table: median (and range) of the cold and warm loads per page.

    python benchmarks/deep_link.py [--repeats 5] [--only toy-1d toy-2d]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, start_server  # noqa: E402
from ui.course import CLASSES, COURSE, HOME  # noqa: E402

PICTURE = (
    "[data-testid=stPlotlyChart] .main-svg, [data-testid=stImage] img, "
    "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg, [data-testid=stGraphVizChart] svg"
)
TEXT = "[data-testid=stMainBlockContainer] [data-testid=stMarkdownContainer] p"
FIRST = """(sel) => new Promise((resolve) => {
  const seen = () => [...document.querySelectorAll(sel)].some(
    (e) => e.getBoundingClientRect().height > 0 && (e.tagName !== 'IMG' || e.complete));
  if (seen()) return resolve(true);
  const obs = new MutationObserver(() => { if (seen()) { obs.disconnect(); resolve(true); } });
  obs.observe(document.body, {subtree: true, childList: true, attributes: true});
})"""
# Pages whose first screen has no picture: timed to their first paragraph instead.
NO_PICTURE = {"quiz", "glossary", "class", "teacher", "theory"}


def load_seconds(browser, base: str, path: str, limit_s: float = 30.0) -> float | None:
    """Seconds from opening the link to its first picture; None if none showed within ``limit_s``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(base + "/" + ("" if path == HOME.url_path else path), wait_until="commit")
    sel = TEXT if path in NO_PICTURE else PICTURE
    try:
        page.wait_for_function(FIRST, arg=sel, timeout=limit_s * 1000, polling="raf")
        return time.perf_counter() - t0
    except Exception:  # Playwright's TimeoutError: reported as "none", the run goes on
        page.screenshot(path=f"/tmp/deep_link-{path or 'home'}.png")
        return None
    finally:
        context.close()


def fmt(xs: list[float | None]) -> str:
    ok = [x for x in xs if x is not None]
    missed = f", {len(xs) - len(ok)} never" if len(ok) < len(xs) else ""
    return f"{statistics.median(ok):.2f} ({min(ok):.2f}-{max(ok):.2f}{missed})" if ok else "never"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="url paths (default: every page)")
    args = ap.parse_args()
    paths = [les.url_path for les in [HOME, *COURSE, *CLASSES] if not args.only or les.url_path in args.only]

    from playwright.sync_api import sync_playwright

    cold: dict[str, list[float | None]] = {p: [] for p in paths}
    warm: dict[str, list[float | None]] = {p: [] for p in paths}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for _ in range(args.repeats):
            for path in paths:  # a fresh server per cold load: the first visitor after a restart
                proc, base = start_server()
                try:
                    cold[path].append(load_seconds(browser, base, path))
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
        proc, base = start_server()
        try:
            for path in paths:
                load_seconds(browser, base, path)
            for _ in range(args.repeats):
                for path in paths:
                    warm[path].append(load_seconds(browser, base, path))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        browser.close()

    print(f"Deep link to first picture, seconds: median (range) of {args.repeats} loads\n")
    print("| page | first | cold (fresh server) | warm |")
    print("|---|---|---:|---:|")
    for path in paths:
        what = "paragraph" if path in NO_PICTURE else "picture"
        print(f"| /{path} | {what} | {fmt(cold[path])} | {fmt(warm[path])} |")


if __name__ == "__main__":
    main()
