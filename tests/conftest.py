import os
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHONPATH", str(ROOT))
torch.set_num_threads(1)
# Classes: the tests' default database is a fresh SQLite file of this run, never the user's own
# (~/.local/share/gan-classroom); servers the browser tests start inherit it.
if "GAN_CLASSROOM_DATA" not in os.environ:
    import tempfile

    os.environ["GAN_CLASSROOM_DATA"] = tempfile.mkdtemp(prefix="gan-classroom-test-data-")
