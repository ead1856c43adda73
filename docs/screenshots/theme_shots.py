"""Screenshots of every page in the light and the dark theme, and colour-blind versions of the toy
lessons: how docs/screenshots/theme-*.png were made (docs/learners.md, "Light, dark, and colour").

    python docs/screenshots/theme_shots.py                  # all pages, both themes, into /tmp/theme_shots/
    python docs/screenshots/theme_shots.py --pages toy-2d   # one page
    python docs/screenshots/theme_shots.py --keep           # also rewrite the four docs/screenshots/theme-*.png

It starts its own server (one per theme, the theme forced with --theme.base), opens each page in
Debian's chromium through Playwright, presses Play for a few seconds where a page has it, and
saves a PNG. The toy lessons also get a copy as a deuteranope, protanope and tritanope would see it
(ui/colour_vision.py). The viewport is tall because Streamlit scrolls its own main container, which
a full-page screenshot does not.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from ui import colour_vision  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = [
    "",
    "what-is-a-gan",
    "theory",
    "toy-1d",
    "toy-2d",
    "mnist",
    "put-a-gan-on-it",
    "dcgan",
    "quiz",
    "glossary",
    "class",
    "teacher",
]
SIMULATED = {"toy-1d", "toy-2d"}  # pages also saved as seen with each colour-vision deficiency
KEEP = {  # docs/screenshots/theme-*.png: (page, theme, vision)
    "theme-toy-2d-dark.png": ("toy-2d", "dark", "normal"),
    "theme-toy-2d-light-deuteranopia.png": ("toy-2d", "light", "deuteranopia"),
    "theme-toy-1d-dark.png": ("toy-1d", "dark", "normal"),
    "theme-mnist-dark.png": ("mnist", "dark", "normal"),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(theme: str, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    cmd += ["--server.headless", "true", "--theme.base", theme]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"the {theme} server did not start")


def shoot(page, url: str, path: Path, play_s: float) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]", timeout=60_000)
    settle(page)
    play = page.get_by_role("button", name="Play")
    if play_s and play.count():
        play.first.click()
        page.get_by_role("button", name="Pause").first.wait_for(timeout=30_000)
        page.wait_for_timeout(int(play_s * 1000))
        page.get_by_role("button", name="Pause").first.click()
        play.first.wait_for(timeout=30_000)
        settle(page)
    page.screenshot(path=str(path))


def settle(page, timeout_s: float = 90) -> None:
    """Wait until the script has finished its run (Streamlit's running indicator gone for 1.5 s)."""
    end, calm = time.monotonic() + timeout_s, 0
    page.wait_for_timeout(1500)
    while time.monotonic() < end and calm < 3:
        calm = calm + 1 if page.get_by_test_id("stStatusWidget").count() == 0 else 0
        page.wait_for_timeout(500)
    page.wait_for_timeout(1000)  # charts draw after the run ends


def simulate_file(src: Path, vision: str) -> Path:
    out = src.with_name(f"{src.stem}-{vision}.png")
    rgb = np.asarray(Image.open(src).convert("RGB"))
    Image.fromarray(colour_vision.simulate_image(rgb, vision)).save(out)
    return out


def keep(out: Path) -> None:
    """The four pictures for docs/screenshots/: cropped to the page's top, 900 px wide, under 150 KB."""
    for name, (page, theme, vision) in KEEP.items():
        stem = f"{page}-{theme}" + ("" if vision == "normal" else f"-{vision}")
        img = Image.open(out / f"{stem}.png").convert("RGB")
        img = img.crop((0, 0, img.width, min(img.height, 1500)))
        img = img.resize((900, round(img.height * 900 / img.width)), Image.LANCZOS)
        dest = ROOT / "docs" / "screenshots" / name
        for colours in (256, 128, 64):  # the fewest colour cuts that keep it under 150 KB
            # FASTOCTREE keeps small saturated areas (the dots) in their colour; MEDIANCUT greyed them
            img.quantize(colors=colours, method=Image.Quantize.FASTOCTREE).save(dest, optimize=True)
            if dest.stat().st_size < 145_000:
                break
        print(f"{dest.relative_to(ROOT)}: {dest.stat().st_size / 1024:.0f} KB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/theme_shots"))
    ap.add_argument("--pages", nargs="*", default=PAGES, help="url paths ('' is Home)")
    ap.add_argument("--themes", nargs="*", default=["light", "dark"])
    ap.add_argument("--play", type=float, default=6.0, help="seconds of Play on live lessons")
    ap.add_argument("--keep", action="store_true", help="rewrite docs/screenshots/theme-*.png")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for theme in args.themes:
            port = free_port()
            server = start(theme, port)
            try:
                for name in args.pages:
                    ctx = browser.new_context(viewport={"width": 1400, "height": 2200}, color_scheme=theme)
                    page = ctx.new_page()
                    path = args.out / f"{name or 'home'}-{theme}.png"
                    shoot(page, f"http://127.0.0.1:{port}/{name}", path, args.play)
                    ctx.close()
                    print(path)
                    if name in SIMULATED:
                        for vision in colour_vision.VISIONS[1:]:
                            print(simulate_file(path, vision))
            finally:
                server.terminate()
                server.wait(timeout=30)
        browser.close()
    if args.keep:
        keep(args.out)


if __name__ == "__main__":
    main()
