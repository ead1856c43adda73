"""The defences against what a stranger can send or break (issue 19): user text shown as text, a
bounded progress import, a cache and weights that fail with a message, a refresh that stops between
any two updates, and a cost limit. Each test failed on the code before its fix."""

from __future__ import annotations

import html as htmllib
import json
import multiprocessing
import re
import shutil
import time

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from gan_core import cost, literal
from gan_core.cards import WeightsError
from gan_core.dcgan import model as dcgan
from gan_core.digits import cost as digits_cost
from gan_core.digits import data as mnist
from gan_core.digits.config import MNIST_PRESETS, MnistConfig
from gan_core.digits.trainer import MnistTrainer
from gan_core.learned_loss import cost as learned_loss_cost
from gan_core.learned_loss.config import LearnedLossConfig
from gan_core.learned_loss.trainer import LearnedLossTrainer
from gan_core.quiz.bank import load_bank
from gan_core.quiz.progress import MAX_BYTES, Progress
from gan_core.settings import from_query
from gan_core.toy import cost as toy_cost
from gan_core.toy.config import ToyConfig
from gan_core.toy.presets import PRESETS
from gan_core.toy.trainer import ToyTrainer
from tests.markdown_text import rendered_html, rendered_text

# The link value: it closes the note's code span, then adds an outside image and a foreign link.
INJECTION = "1` ![i](http://example.org/v.png) [click](http://example.org/phish) `"
HOSTILE = [
    INJECTION,
    "``` <img src=x onerror=alert(1)> ```",
    "**x** <img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[a](javascript:alert(1))",
    "line one\n\n![img](http://example.org/x.png)",
    "$\\frac{1}{0}$ :red[colour] &amp; &#60;b&#62;",
    "\\` ` `` ```",
    "`",
    "",
    "see http://example.org/x, www.example.org and mail a@example.org",  # GFM autolinks, no markup needed
]
# What GitHub-flavoured markdown (Streamlit's renderer) turns into a link after escapes are resolved.
AUTOLINK = re.compile(r"https?://|(mailto|xmpp):\w|www\.[\w-]|[\w.+-]@[\w-]")
FOREIGN_TAGS = ("<a", "<img", "<script", "<em", "<strong", "<h1", "<li", "<pre")


def _no_markup(html: str) -> None:
    for tag in FOREIGN_TAGS:
        assert tag not in html, html


# --- user text is shown as text ---------------------------------------------------------------------
@pytest.mark.parametrize("value", HOSTILE)
def test_code_shows_any_value_as_one_literal_code_span(value):
    html = rendered_html(f"Ignored {literal.code(value)}.")
    _no_markup(html)
    assert html.count("<code>") == 1
    assert rendered_text(f"x {literal.code(value)} y") == " ".join(f"x {literal.shorten(value)} y".split())


@pytest.mark.parametrize("value", HOSTILE)
def test_plain_shows_any_value_as_words(value):
    html = rendered_html(f"Because {literal.plain(value)}.")
    _no_markup(html)
    assert "<code>" not in html
    assert not AUTOLINK.search(htmllib.unescape(re.sub(r"<[^>]+>", "", html)))
    assert rendered_text(literal.plain(value)) == " ".join(value.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_code_and_plain_hold_for_any_text(value):
    html = rendered_html(f"a {literal.code(value, 200)} b {literal.plain(value)} c")
    _no_markup(html)
    assert "<code>" in html


@pytest.mark.parametrize("where", ["key", "value"])
def test_a_link_note_cannot_inject_markdown(where):
    params = {"seed": INJECTION} if where == "value" else {INJECTION: "1"}
    cfg, notes = from_query(params, ToyConfig())
    assert cfg == ToyConfig() and len(notes) == 1
    _no_markup(rendered_html(notes[0]))
    assert "example.org" in rendered_text(notes[0])  # shown, as text


def test_a_file_name_is_named_without_the_servers_folders(tmp_path, monkeypatch):
    assert literal.path(dcgan.WEIGHTS) == "`gan_core/weights/dcgan_mnist.safetensors`"
    monkeypatch.setenv(mnist.ENV_DATA_DIR, str(tmp_path))
    with pytest.raises(mnist.DataError) as err:
        mnist.load_idx_dir(tmp_path)
    assert str(tmp_path) not in str(err.value) and "$GAN_CLASSROOM_MNIST_DIR/" in str(err.value)


# --- a progress import is bounded -------------------------------------------------------------------
@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_a_big_progress_file_is_refused_before_it_is_parsed(bank, monkeypatch):
    huge = json.dumps({"format": "gan-classroom-quiz-progress", "version": 1, "answers": {}, "x": "a" * MAX_BYTES})
    monkeypatch.setattr(json, "loads", lambda *a, **k: pytest.fail("parsed"))
    with pytest.raises(ValueError, match="at most 524,288"):
        Progress.from_json(huge, bank)


def test_many_unknown_ids_make_one_short_note(bank):
    answers = {f"q{i}": {} for i in range(20_000)}
    answers["x` ![i](http://example.org/v.png)"] = {}
    text = json.dumps({"format": "gan-classroom-quiz-progress", "version": 1, "answers": answers})
    assert len(text) < MAX_BYTES
    progress, notes = Progress.from_json(text, bank)
    assert progress.records == {} and len(notes) == 1
    assert len(notes[0]) < 300 and "20,001" in notes[0] and "19,998 more" in notes[0]


@pytest.mark.parametrize(
    "entry, match",
    [
        ({"attempts": 10**30, "response": 0}, "attempts must be a whole number from 1"),
        ({"attempts": 1, "response": "x" * 10_000}, "does not fit"),
        ({"attempts": 1, "response": 0, "when": "y" * 10_000}, "at most 40 characters"),
        ({"attempts": 1, "response": list(range(10_000))}, "option numbers"),
    ],
)
def test_every_field_of_an_import_is_bounded_and_so_is_its_message(bank, entry, match):
    q = next(q for q in bank.questions if q.kind == ("multi" if isinstance(entry["response"], list) else "single"))
    text = json.dumps({"format": "gan-classroom-quiz-progress", "version": 1, "answers": {q.id: entry}})
    with pytest.raises(ValueError, match=match) as err:
        Progress.from_json(text, bank)
    assert len(str(err.value)) < 300
    _no_markup(rendered_html(str(err.value)))


# --- a broken cache is rebuilt, atomically ----------------------------------------------------------
@pytest.mark.parametrize("fault", ["truncated", "empty", "garbage", "directory", "wrong arrays"])
def test_an_unreadable_cache_is_rebuilt(tmp_path, fault):
    good = mnist.load_bundled(cache=tmp_path)
    (cached,) = tmp_path.glob("mnist5k-*.npz")
    if fault == "truncated":  # what numpy reports as zipfile.BadZipFile
        cached.write_bytes(cached.read_bytes()[: cached.stat().st_size // 2])
    elif fault == "empty":
        cached.write_bytes(b"")
    elif fault == "garbage":
        cached.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 50)
    elif fault == "directory":
        cached.unlink()
        cached.mkdir()
    else:
        np.savez(cached, pixels=np.zeros((3, 2), np.uint8), labels=np.zeros(3))
    again = mnist.load_bundled(cache=tmp_path)
    np.testing.assert_array_equal(again.images, good.images)
    np.testing.assert_array_equal(again.labels, good.labels)
    if fault != "directory":
        np.testing.assert_array_equal(mnist.load_bundled(cache=tmp_path).labels, good.labels)  # rebuilt file reads
    assert not list(tmp_path.glob("*.tmp.npz"))  # no temporary file left behind


def _load_labels(cache: str, queue) -> None:
    queue.put(int(mnist.load_bundled(cache=__import__("pathlib").Path(cache)).labels.sum()))


def test_processes_starting_at_once_each_read_a_whole_cache(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_load_labels, args=(str(tmp_path), queue)) for _ in range(3)]
    for p in procs:
        p.start()
    sums = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert len(set(sums)) == 1 and all(p.exitcode == 0 for p in procs)
    assert len(list(tmp_path.glob("mnist5k-*.npz"))) == 1 and not list(tmp_path.glob("*.tmp.npz"))


# --- unreadable weights get the page's own message --------------------------------------------------
def test_an_unreadable_weights_file_names_the_fix(tmp_path, monkeypatch):
    weights, card = tmp_path / "w.safetensors", tmp_path / "card.json"
    shutil.copy(dcgan.WEIGHTS, weights)
    shutil.copy(dcgan.CARD, card)

    def denied(path):  # what reading a file without permission raises (root reads anything, so say it)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("gan_core.cards.sha256", denied)
    with pytest.raises(WeightsError, match="cannot be read .Permission denied.*python -m gan_core train-dcgan") as err:
        dcgan.load(weights, card)
    assert str(tmp_path) not in str(err.value)


def test_a_folder_where_the_weights_should_be_is_missing_weights(tmp_path):
    weights, card = tmp_path / "w.safetensors", tmp_path / "card.json"
    weights.mkdir()
    shutil.copy(dcgan.CARD, card)
    with pytest.raises(WeightsError, match="missing.*train-dcgan"):
        dcgan.load(weights, card)
    card.unlink()
    card.mkdir()
    with pytest.raises(WeightsError, match="card is missing or unreadable"):
        dcgan.load(weights, card)


# --- a refresh stops between any two updates, and the run stays the same ------------------------------
def _weights(trainer) -> list[torch.Tensor]:
    modules = [trainer.G, trainer.D] if hasattr(trainer, "G") else [trainer.mse.net, trainer.gan.G, trainer.gan.D]
    return [p.detach().clone() for m in modules for p in m.parameters()]


TRAINERS = {
    "toy, k_d 3, k_g 2": lambda: ToyTrainer(
        ToyConfig(
            dataset="ring8", g_width=16, d_width=16, batch_size=32, k_d=3, k_g=2, g_ema=0.9, lr_decay=True, steps=50
        )
    ),
    "mnist, k_d 2": lambda: MnistTrainer(MnistConfig(arch="fc", width=8, batch_size=16, k_d=2, steps=50)),
    "learned loss": lambda: LearnedLossTrainer(
        LearnedLossConfig(width=16, batch_size=32, steps=50), n_eval=64, n_show=32
    ),
}


@pytest.mark.parametrize("make", TRAINERS.values(), ids=TRAINERS.keys())
def test_a_run_cut_between_any_two_updates_is_the_same_run(make):
    whole, cut = make(), make()
    whole.step(6)
    calls = 0
    while cut.step_count < 6:
        budget = [calls % 3]  # stop after 1, 2 or 3 updates: cuts land everywhere in an iteration

        def stop(budget=budget) -> bool:
            budget[0] -= 1
            return budget[0] < 0

        cut.step(6 - cut.step_count, stop=stop)
        calls += 1
    assert calls >= 3 and not cut.mid_iteration
    assert all(torch.equal(a, b) for a, b in zip(_weights(whole), _weights(cut)))
    for name, col in whole.history.arrays().items():
        np.testing.assert_array_equal(col, cut.history.arrays()[name])


def test_stop_is_asked_between_updates_and_a_raise_leaves_the_run_resumable():
    whole, cut = TRAINERS["toy, k_d 3, k_g 2"](), TRAINERS["toy, k_d 3, k_g 2"]()
    whole.step(2)

    class Paused(Exception):
        pass

    asked = []

    def stop() -> bool:
        asked.append(cut.d_updates + cut.g_updates)
        if len(asked) == 2:
            raise Paused  # what a Streamlit call does once the learner pressed Pause
        return False

    with pytest.raises(Paused):
        cut.step(2, stop=stop)
    assert asked == [1, 2] and cut.mid_iteration and cut.step_count == 0
    saved = cut.state_dict()
    resumed = TRAINERS["toy, k_d 3, k_g 2"]()
    resumed.load_state_dict(saved)  # a run saved between two updates goes on from there
    resumed.step(2)
    assert all(torch.equal(a, b) for a, b in zip(_weights(whole), _weights(resumed)))


def test_a_time_budget_stops_the_maxed_link_within_one_update():
    cfg = ToyConfig(dataset="ring8", g_width=256, d_width=256, g_layers=4, d_layers=4, batch_size=512, k_d=10, k_g=10)
    t = ToyTrainer(cfg)
    t0 = time.perf_counter()
    t.step(200, stop=lambda: True)
    assert t.d_updates == 1 and t.g_updates == 0 and t.step_count == 0  # one update, then it stopped
    assert time.perf_counter() - t0 < 60  # (not a timing check: a hang would stop here instead of at 200 steps)


# --- what a learner may ask for -------------------------------------------------------------------
MAXED = dict(
    dataset="ring8",
    g_width=256,
    d_width=256,
    g_layers=4,
    d_layers=4,
    batch_size=2048,
    k_d=10,
    k_g=10,
    loss="wgan_gp",
    gp_weight=100.0,
    r1_weight=100.0,
    minibatch_disc=True,
    pac=4,
)


def test_the_maxed_links_are_refused_with_the_reason():
    toy = toy_cost.estimate(ToyConfig(**MAXED))
    assert not toy.allowed
    why = cost.refusal(toy)
    for setting in ("batch size 2048", "d width 256", "minibatch disc", "pac 4", "the gradient penalty", "R1 penalty"):
        assert setting in why
    image = digits_cost.estimate(MnistConfig(width=128, batch_size=256, k_d=5, k_g=5))
    assert not image.allowed and "width 128" in cost.refusal(image)
    assert not learned_loss_cost.estimate(
        LearnedLossConfig(width=256, hidden_layers=4, batch_size=2048, mixed=True)
    ).allowed


def test_defaults_and_every_preset_are_allowed():
    assert toy_cost.estimate(ToyConfig()).allowed and digits_cost.estimate(MnistConfig()).allowed
    assert learned_loss_cost.estimate(LearnedLossConfig()).allowed
    for preset in PRESETS.values():
        assert toy_cost.estimate(preset.config()).allowed, preset.name
    for name, preset in MNIST_PRESETS.items():
        assert digits_cost.estimate(preset.config()).allowed, name


def test_the_estimate_grows_with_what_costs():
    base = ToyConfig(dataset="ring8")
    steps = [
        base,
        ToyConfig(dataset="ring8", batch_size=1024),
        ToyConfig(dataset="ring8", batch_size=1024, d_width=256),
        ToyConfig(dataset="ring8", batch_size=1024, d_width=256, r1_weight=1.0),
        ToyConfig(dataset="ring8", batch_size=1024, d_width=256, r1_weight=1.0, minibatch_disc=True),
    ]
    d = [toy_cost.estimate(c).d_update for c in steps]
    assert d == sorted(d) and len(set(d)) == len(d)
    k = toy_cost.estimate(ToyConfig(dataset="ring8", k_d=5, k_g=3))
    assert k.iteration == pytest.approx(5 * k.d_update + 3 * k.g_update)
