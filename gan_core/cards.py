"""Shipped weights and their cards: a safetensors file beside a JSON card holding its sha256.

The classifier (``gan_core/digits/classifier.py``) and the pretrained DCGAN (``gan_core/dcgan/``)
ship this way, in ``gan_core/weights/``. ``checked_card`` reads a card and checks the file against
it, so a missing, truncated or swapped file is named with its fix instead of loading garbage.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from gan_core import literal

WEIGHTS_DIR = Path(__file__).parent / "weights"


class WeightsError(RuntimeError):
    """A weights file is missing, corrupt or does not match its card; the message says how to fix it."""


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def checked_card(weights: Path, card_path: Path, what: str, fix: str) -> dict[str, Any]:
    """The card of a shipped weights file, after checking that both files are there and readable and
    that the weights' sha256 is the card's. Raises WeightsError naming the file (without the server's
    folders), the problem and ``fix`` (``what``: whose weights, for the message)."""
    card_name, name = literal.path(card_path), literal.path(weights)
    try:
        card = json.loads(Path(card_path).read_text())
    except (OSError, ValueError) as err:  # missing, unreadable, a folder, not UTF-8 or not JSON
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "not a JSON card"
        raise WeightsError(f"{card_name}: the {what}'s card is missing or unreadable ({reason}). {fix}") from None
    if not isinstance(card, dict):
        raise WeightsError(f"{card_name}: the {what}'s card is not a JSON object. {fix}")
    if not Path(weights).is_file():
        raise WeightsError(f"{name}: the {what}'s weights file is missing. {fix}")
    try:
        got = sha256(weights)
    except OSError as err:  # e.g. no permission to read it
        raise WeightsError(f"{name}: the {what}'s weights file cannot be read ({err.strerror}). {fix}") from None
    if got != card.get("sha256"):
        raise WeightsError(
            f"{name}: checksum mismatch (sha256 {got[:12]}..., the card says {literal.code(str(card.get('sha256'))[:12])}...): "
            f"the file is corrupt or not the one its card describes. {fix}"
        )
    return card
