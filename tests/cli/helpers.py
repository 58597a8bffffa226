"""Shared helpers for tests that drive the carecast program."""
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "tests" / "data" / "scenarios"
TINY = REPO / "tests" / "data" / "models" / "tiny"


def carecast_binary():
    binary = os.environ.get("CARECAST_BIN")
    if not binary:
        raise unittest.SkipTest("CARECAST_BIN is not set (run through ctest)")
    return binary


def run(*args, env=None):
    """Runs carecast with arguments; returns the completed process."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([carecast_binary(), *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=full_env, timeout=600)


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="carecast-cli-"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def tiny_model_copy(root):
    """Copies the tiny test model to root/models/tiny, reading the population
    tables it shares with Worcestershire where they are; returns the copy's
    folder. A scenario in `root` with `model: tiny` runs the copy."""
    model = root / "models" / "tiny"
    shutil.copytree(TINY, model)
    model_yaml = model / "model.yaml"
    model_yaml.write_text(model_yaml.read_text().replace(
        "../../../../models/worcestershire/data/", str(REPO / "models" / "worcestershire" / "data") + "/"))
    return model


def tiny_request_targets(folder):
    """A targets file fitting the tiny model's request rate to one figure."""
    targets = folder / "targets.yaml"
    targets.write_text(
        "targets:\n"
        "  - {name: requests, query: \"requests{year: 2025}\", value: 6000, tolerance: 0.05, weight: 1, source: test}\n"
        "parameters:\n"
        "  - {name: need, multiplies: request_rate, min: 0.2, max: 5, reason: test}\n")
    return targets
