"""The house rules, checked on every module (found by walking the packages, so a new module is
checked the day it lands): gan_core never imports streamlit, no import cycles in gan_core or ui,
no module imports another module's private names, and no module grows past MAX_LINES."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import gan_core
import ui
from tests.conftest import ROOT

MAX_LINES = 350


def modules(package) -> dict[str, Path]:
    """Every module of a package, by dotted name, with its file."""
    found = {package.__name__: Path(package.__file__)}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if info.name.endswith(".__main__"):  # importing it runs the command line
            continue
        spec = info.module_finder.find_spec(info.name, None)
        found[info.name] = Path(spec.origin)
    return found


ALL = modules(gan_core) | modules(ui)


def imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import in the file, at any depth (imports
    inside functions too). ``from package import x`` where x is a module counts as an import of
    ``package.x``."""
    out = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            names = [a.name for a in node.names]
            subs = [n for n in names if f"{base}.{n}" in ALL]
            out += [(f"{base}.{n}", []) for n in subs]
            rest = [n for n in names if n not in subs]
            if rest:  # ``from package import module`` runs the package's __init__ only to find the module
                out.append((base, rest))
    return out


def test_the_walk_finds_every_package():
    for package in (
        "gan_core.toy",
        "gan_core.digits",
        "gan_core.dcgan",
        "gan_core.learned_loss",
        "gan_core.completion",
        "gan_core.quiz",
    ):
        assert package in ALL and f"{package}.config" in ALL or f"{package}.bank" in ALL, package
    assert "gan_core.cli.toy" in ALL and "ui.live" in ALL and len(ALL) > 60


def test_importing_every_gan_core_module_never_imports_streamlit():
    names = sorted(n for n in ALL if n.startswith("gan_core"))
    code = f"import sys; [__import__(n) for n in {names!r}]; print('streamlit' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"


def test_no_import_cycles_in_gan_core_or_ui():
    graph = {n: sorted({m for m, _ in imports(n, p) if m in ALL and m != n}) for n, p in ALL.items()}
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for n in graph:
        if n not in state:
            visit(n, [n])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_no_module_imports_another_modules_private_names():
    taken = [
        f"{n} takes {name} from {m}"
        for n, p in ALL.items()
        for m, names in imports(n, p)
        for name in names
        if name.startswith("_") and m.startswith(("gan_core", "ui")) and name != "__future__"
    ]
    assert not taken, taken


def test_no_module_is_over_the_size_limit():
    long = {n: len(p.read_text().splitlines()) for n, p in ALL.items()}
    assert not {n: k for n, k in long.items() if k > MAX_LINES}, "split these modules"
