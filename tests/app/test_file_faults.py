"""Fault injection over every file the app reads (issue 19): the MNIST cache, the bundled digits,
full MNIST's files, the classifier's and the DCGAN's weights and cards, and the quiz bank. Each is
made missing, empty, truncated, corrupted, unreadable (permission denied) or a folder, on a fresh
copy, and the pages that read it are opened (AppTest, in this process). A page either rebuilds
what it can or shows its own plain message naming the file, never the generic error; and the
rest of the page (its lesson questions) still works."""

from __future__ import annotations

import builtins
import gzip
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from gan_core.dcgan import model as dcgan
from gan_core.dcgan import quality as dcgan_quality
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.quiz import bank
from tests.conftest import ROOT

FAULTS = ("missing", "empty", "truncated", "corrupted", "unreadable", "directory")
CHECK = "Check your understanding"


def break_file(path: Path, fault: str, monkeypatch) -> None:
    """Do ``fault`` to ``path`` (a copy the test owns)."""
    data = path.read_bytes()
    if fault == "missing":
        path.unlink()
    elif fault == "empty":
        path.write_bytes(b"")
    elif fault == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif fault == "corrupted":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes(b ^ 0xA5 for b in data[middle : middle + 64]) + data[middle + 64 :])
    elif fault == "directory":
        path.unlink()
        path.mkdir()
    else:  # unreadable: what opening it raises without permission (the tests run as root, who may read anything)
        target = path.resolve()
        real_open = builtins.open

        def guarded(file, *args, **kwargs):
            if isinstance(file, (str, Path)) and Path(file).resolve() == target:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded)
        monkeypatch.setattr(io, "open", guarded)


@pytest.fixture(autouse=True)
def fresh_caches(tmp_path, monkeypatch):
    """Every case loads its files anew, with its own data cache."""
    monkeypatch.setenv(mnist.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(mnist.ENV_DATA_DIR, raising=False)

    def clear() -> None:
        st.cache_resource.clear()
        for cached in (
            classifier.shipped,
            classifier.real_reference,
            classifier.held_out_features,
            dcgan.shipped,
            dcgan_quality.real_frechet,
        ):
            cached.cache_clear()
        from gan_core.digits import trainer as mnist_trainer

        mnist_trainer._training_tensors.cache_clear()

    clear()
    yield
    monkeypatch.undo()  # the real files again before the caches fill
    clear()


def open_page(path: str, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=300)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning, *at.markdown, *at.caption, *at.subheader])


def shows_message(at: AppTest, name: str) -> None:
    """The page's own message names the file, and its lesson questions are still there."""
    errors = " ".join(e.value for e in [*at.error, *at.warning])
    assert name in errors, errors
    assert "Traceback" not in _texts(at)
    assert CHECK in _texts(at)


# --- the MNIST cache: rebuilt whatever happened to it --------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_cache_is_rebuilt_and_the_mnist_page_works(tmp_path, monkeypatch, fault):
    mnist.load_bundled()  # write the cache
    (cached,) = (tmp_path / "cache").glob("mnist5k-*.npz")
    break_file(cached, fault, monkeypatch)
    at = open_page("lessons/mnist.py", {"width": "8"})
    assert not [e.value for e in at.error], [e.value for e in at.error]
    assert at.button(key="mnist.play") is not None and CHECK in _texts(at)


# --- the bundled digits ----------------------------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("page", ["lessons/mnist.py", "lessons/dcgan.py", "lessons/completion.py"])
def test_broken_bundled_digits_get_the_pages_message(tmp_path, monkeypatch, fault, page):
    copy = tmp_path / "mnist_5k.csv.gz"
    shutil.copy(mnist.bundled_path(), copy)
    monkeypatch.setattr(mnist, "bundled_path", lambda: copy)
    break_file(copy, fault, monkeypatch)
    shows_message(open_page(page), "mnist_5k.csv.gz")


# --- full MNIST: a note, and training on the bundled digits ---------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
def test_broken_full_mnist_files_fall_back_with_a_note(tmp_path, monkeypatch, fault):
    folder = tmp_path / "full"
    folder.mkdir()
    for _, (stem, _, count) in mnist.IDX_FILES.items():
        shape = (count, 28, 28) if "images" in stem else (count,)
        mnist.write_idx(folder / f"{stem}.gz", np.zeros(shape, np.uint8))
    break_file(folder / "train-images-idx3-ubyte.gz", fault, monkeypatch)
    monkeypatch.setenv(mnist.ENV_DATA_DIR, str(folder))
    at = open_page("lessons/mnist.py", {"width": "8", "data": "full"})
    notes = " ".join(w.value for w in at.warning)
    assert "Full MNIST could not be used" in notes and "$GAN_CLASSROOM_MNIST_DIR/" in notes
    assert str(folder) not in notes  # the server's folders stay out of the message
    at.button(key="mnist.step").click().run()
    assert not at.exception and at.session_state["mnist.run"].trainer.step_count == 1


# --- weights and their cards -----------------------------------------------------------------------
def _copies(tmp_path: Path, weights: Path, card: Path) -> tuple[Path, Path]:
    w, c = tmp_path / weights.name, tmp_path / card.name
    shutil.copy(weights, w)
    shutil.copy(card, c)
    return w, c


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("which", ["weights", "card"])
@pytest.mark.parametrize("page", ["lessons/mnist.py", "lessons/completion.py"])
def test_broken_classifier_files_get_the_pages_message(tmp_path, monkeypatch, fault, which, page):
    w, c = _copies(tmp_path, classifier.WEIGHTS, classifier.CARD)
    monkeypatch.setattr(classifier.load, "__defaults__", (w, c))
    target = w if which == "weights" else c
    break_file(target, fault, monkeypatch)
    shows_message(open_page(page, {"width": "8"}), target.name)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("which", ["weights", "card"])
def test_broken_dcgan_files_get_the_dcgan_pages_message(tmp_path, monkeypatch, fault, which):
    w, c = _copies(tmp_path, dcgan.WEIGHTS, dcgan.CARD)
    monkeypatch.setattr(dcgan, "WEIGHTS", w)
    monkeypatch.setattr(dcgan, "CARD", c)
    target = w if which == "weights" else c
    break_file(target, fault, monkeypatch)
    at = open_page("lessons/dcgan.py")
    shows_message(at, target.name)
    assert any("python -m gan_core train-dcgan" in c.value for c in at.code)


# --- the quiz bank -------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("page", ["lessons/quiz.py", "lessons/intro.py", "lessons/home.py"])
def test_a_broken_quiz_file_leaves_the_other_questions_working(tmp_path, monkeypatch, fault, page):
    folder = tmp_path / "quizzes"
    shutil.copytree(bank.QUIZ_DIR, folder)
    monkeypatch.setattr(bank, "QUIZ_DIR", folder)
    break_file(folder / "toy1d.toml", fault, monkeypatch)
    at = open_page(page)
    if page == "lessons/intro.py":
        assert CHECK in _texts(at)  # another file's questions, untouched
    if page == "lessons/quiz.py" and fault in ("corrupted", "unreadable", "directory"):
        assert any("toy1d.toml" in e.value for e in [*at.error, *at.warning]), [e.value for e in at.error]


def test_the_fault_helper_really_breaks_each_kind_of_file(tmp_path, monkeypatch):
    """The injection itself: each fault makes a real reader fail (so the tests above test something)."""
    readers: dict[str, Callable[[Path], object]] = {
        "gzip": lambda p: gzip.decompress(p.read_bytes()) or 1 / 0,  # an empty gzip stream is valid, and empty
        "npz": lambda p: np.load(p)["labels"],
    }
    for kind, reader in readers.items():
        for fault in FAULTS:
            path = tmp_path / f"{fault}.{kind}"
            if kind == "gzip":
                path.write_bytes(gzip.compress(bytes(range(256)) * 40))
            else:
                np.savez(path, labels=np.arange(1000))
            with monkeypatch.context() as m:
                break_file(path, fault, m)
                with pytest.raises(Exception):  # noqa: B017 - any failure to read is what is wanted
                    reader(path)
