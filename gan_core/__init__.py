"""GAN Classroom's library: data, models, losses, trainer, metrics and health monitor.

Pure Python + PyTorch + NumPy: importing it never imports streamlit.
"""

from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import Snapshot, ToyTrainer

__all__ = ["ToyConfig", "ToyTrainer", "Snapshot"]
