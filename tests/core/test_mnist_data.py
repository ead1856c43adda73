"""The digit loaders: bundled digits, the held-out split, IDX files (good, corrupt, missing, wrong checksum)."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from gan_core.digits import data as mnist
from gan_core.digits.data import DataError


@pytest.fixture(scope="module")
def bundled():
    return mnist.load_bundled()


def test_bundled_digits_shape_range_labels(bundled):
    assert bundled.images.shape == (5000, 28, 28)
    assert bundled.images.dtype == np.float32
    assert bundled.images.min() == -1.0 and bundled.images.max() == 1.0
    assert np.array_equal(np.bincount(bundled.labels), [500] * 10)
    # background pixels are -1, and a digit has ink: every image has both
    assert all((img == -1).any() and (img > 0).any() for img in bundled.images)


def test_cache_is_used_and_rebuilt_when_damaged(tmp_path):
    first = mnist.load_bundled(cache=tmp_path)
    (cached,) = tmp_path.glob("mnist5k-*.npz")
    second = mnist.load_bundled(cache=tmp_path)
    assert np.array_equal(first.images, second.images)
    cached.write_bytes(b"not an npz")
    third = mnist.load_bundled(cache=tmp_path)
    assert np.array_equal(first.labels, third.labels)


def test_split_is_fixed_balanced_and_disjoint(bundled):
    train, held = mnist.split(bundled)
    train2, held2 = mnist.split(bundled)
    assert len(train) == 4000 and len(held) == 1000
    assert np.array_equal(np.bincount(held.labels), [100] * 10)
    assert np.array_equal(held.images, held2.images) and np.array_equal(train.labels, train2.labels)
    flat_train = {img.tobytes() for img in train.images}
    assert not any(img.tobytes() in flat_train for img in held.images), "a held-out digit is in the training split"


def test_missing_bundled_file_is_named(tmp_path):
    with pytest.raises(DataError, match="mnist_5k_missing"):
        mnist.load_bundled(tmp_path / "mnist_5k_missing.csv.gz", cache=tmp_path)


def _fake_mnist_dir(path, n_train=60_000, n_test=10_000, gz=True):
    rng = np.random.default_rng(0)
    ext = ".gz" if gz else ""
    mnist.write_idx(path / f"train-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_train, 28, 28)))
    mnist.write_idx(path / f"train-labels-idx1-ubyte{ext}", rng.integers(0, 10, n_train))
    mnist.write_idx(path / f"t10k-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_test, 28, 28)))
    mnist.write_idx(path / f"t10k-labels-idx1-ubyte{ext}", rng.integers(0, 10, n_test))


@pytest.mark.parametrize("gz", [True, False])
def test_idx_round_trip(tmp_path, gz):
    a = np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)
    path = tmp_path / ("x.idx.gz" if gz else "x.idx")
    mnist.write_idx(path, a)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == gz
    assert np.array_equal(mnist.read_idx(path), a)


def test_truncated_idx_names_the_file(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte"
    mnist.write_idx(path, np.zeros((3, 28, 28)))
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DataError, match="t10k-images-idx3-ubyte`: truncated"):
        mnist.read_idx(path)


def test_corrupt_gzip_and_bad_magic_name_the_file(tmp_path):
    good = tmp_path / "good.gz"
    mnist.write_idx(good, np.zeros((3, 28, 28)))
    cut = tmp_path / "cut.gz"
    cut.write_bytes(good.read_bytes()[:20])
    with pytest.raises(DataError, match="cut.gz`: the gzip data is truncated or corrupt"):
        mnist.read_idx(cut)
    junk = tmp_path / "junk"
    junk.write_bytes(b"hello world")
    with pytest.raises(DataError, match="junk`: not an IDX file"):
        mnist.read_idx(junk)


def test_raw_idx_directory_loads_and_a_missing_file_is_named(tmp_path):
    _fake_mnist_dir(tmp_path, gz=False)
    train, test = mnist.load_idx_dir(tmp_path)
    assert train.images.shape == (60_000, 28, 28) and test.images.shape == (10_000, 28, 28)
    assert train.images.min() >= -1 and train.images.max() <= 1
    (tmp_path / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte.gz`: missing"):
        mnist.load_idx_dir(tmp_path)


def test_checksum_mismatch_is_detected(tmp_path):
    _fake_mnist_dir(tmp_path, gz=True)  # random content: cannot match the official MD5
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz`: checksum mismatch"):
        mnist.load_idx_dir(tmp_path)
    train, _ = mnist.load_idx_dir(tmp_path, verify=False)  # structure alone is fine
    assert len(train) == 60_000


def test_wrong_counts_are_rejected(tmp_path):
    _fake_mnist_dir(tmp_path, n_train=100, gz=False)
    with pytest.raises(DataError, match=r"expected shape \(60000, 28, 28\)"):
        mnist.load_idx_dir(tmp_path)


def test_bad_data_dir_falls_back_to_bundled_with_a_note(tmp_path):
    digits, note = mnist.training_digits(tmp_path / "nowhere")
    assert len(digits) == 4000
    assert "nowhere" in note and "bundled" in note
    digits, note = mnist.training_digits(None)
    assert len(digits) == 4000 and note is None


def test_gzip_of_the_right_content_passes_the_structure_checks(tmp_path):
    # a gz file whose content is fine but whose bytes differ from the official file: checksum decides
    _fake_mnist_dir(tmp_path, gz=False)
    raw = (tmp_path / "t10k-labels-idx1-ubyte").read_bytes()
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(raw))
    with pytest.raises(DataError, match="t10k-labels-idx1-ubyte.gz`: checksum mismatch"):
        mnist.load_idx_dir(tmp_path)
