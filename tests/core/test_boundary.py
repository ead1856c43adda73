import subprocess
import sys

from tests.conftest import ROOT


def test_importing_gan_core_never_imports_streamlit():
    code = "import sys, gan_core, gan_core.cli, gan_core.presets, gan_core.trainer, gan_core.quiz, gan_core.progress, gan_core.updates; print('streamlit' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"
