"""A run killed at any moment leaves the previous file untouched or no file,
and after SIGINT or SIGTERM no temporary file either."""
import os
import signal
import subprocess
import time
import unittest

import h5py

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, carecast_binary

# Long enough to be killed part way (a few seconds), spread over phases:
# loading, simulating and writing.
DELAYS = (0.05, 0.4, 1.0, 2.0)


def start(output, *extra):
    return subprocess.Popen([carecast_binary(), "run", str(SCENARIOS / "small.yaml"), "-o", str(output),
                             "--replicates", "3000", "--threads", "2", *extra],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def is_complete_run_file(path):
    with h5py.File(path) as f:
        return f.attrs["file_type"] == "carecast-run" and f["/summary/population"].shape[0] == 4


class KilledRuns(TempDirTestCase):
    def leftovers(self):
        return sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("."))

    def check(self, sig, previous):
        for delay in DELAYS:
            with self.subTest(signal=sig.name, delay=delay, previous=previous):
                out = self.tmp / "run.h5"
                if out.exists():
                    out.unlink()
                if previous:
                    out.write_bytes(b"previous results")
                process = start(out, *(["--force"] if previous else []))
                time.sleep(delay)
                process.send_signal(sig)
                process.wait(timeout=120)
                if process.returncode == 0:
                    # It finished before the signal: the file must be whole.
                    self.assertTrue(is_complete_run_file(out))
                elif previous:
                    self.assertEqual(out.read_bytes(), b"previous results")
                else:
                    self.assertFalse(out.exists())
                if sig != signal.SIGKILL:
                    self.assertEqual(self.leftovers(), [], "no temporary file left behind")
                for stray in self.tmp.glob(".*"):
                    stray.unlink()

    def test_sigint(self):
        self.check(signal.SIGINT, previous=False)
        self.check(signal.SIGINT, previous=True)

    def test_sigterm(self):
        self.check(signal.SIGTERM, previous=False)
        self.check(signal.SIGTERM, previous=True)

    def test_sigkill(self):
        self.check(signal.SIGKILL, previous=False)
        self.check(signal.SIGKILL, previous=True)


if __name__ == "__main__":
    unittest.main()
