"""Runs across processes: `mpirun -np 2 carecast run` divides the replicates
between two ranks, rank 0 gathers them and writes one file, and the file is
the one a single process writes, value for value and attribute for
attribute (h5diff), with the creation time pinned by SOURCE_DATE_EPOCH."""
import os
import shutil
import subprocess
import unittest

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, carecast_binary, run

PINNED = {"SOURCE_DATE_EPOCH": "1700000000"}


def mpirun_command():
    mpirun = shutil.which("mpirun")
    if not mpirun:
        raise unittest.SkipTest("mpirun not found (the set-up script installs Open MPI)")
    version = subprocess.run([carecast_binary(), "--version"], capture_output=True, text=True).stdout
    if "with MPI" not in version:
        raise unittest.SkipTest("this carecast was built without MPI (sanitizer builds are)")
    command = [mpirun, "-np", "2", "--oversubscribe"]
    if os.geteuid() == 0:
        command.append("--allow-run-as-root")
    return command


class MpiRun(TempDirTestCase):
    def test_two_ranks_write_the_single_process_file(self):
        command = mpirun_command()
        single = self.tmp / "single.h5"
        result = run("run", SCENARIOS / "small.yaml", "-o", single, "--threads", "1", env=PINNED)
        self.assertEqual(result.returncode, 0, result.stderr)

        shared = self.tmp / "two-ranks.h5"
        env = dict(os.environ, **PINNED, OMPI_MCA_rmaps_base_oversubscribe="1")
        result = subprocess.run(command + [carecast_binary(), "run", str(SCENARIOS / "small.yaml"), "-o", str(shared),
                                           "--threads", "1"],
                                capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.count("written to"), 1, "only rank 0 writes and reports")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["single.h5", "two-ranks.h5"])

        diff = subprocess.run(["h5diff", "-c", str(single), str(shared)], capture_output=True, text=True)
        # h5diff compares every dataset and attribute; the bytes themselves
        # differ only in HDF5's object modification times.
        self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)

    def test_bad_input_under_mpi_is_one_message_and_exit_2(self):
        command = mpirun_command()
        out = self.tmp / "out.h5"
        result = subprocess.run(command + [carecast_binary(), "run", str(SCENARIOS / "unknown_key.yaml"), "-o", str(out)],
                                capture_output=True, text=True, cwd=REPO, timeout=600)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr.count("carecast: error:"), 1, result.stderr)
        self.assertFalse(out.exists())


if __name__ == "__main__":
    unittest.main()
