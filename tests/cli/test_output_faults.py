"""Writes that cannot lie: a full disk, a file-size limit, races for the
same target, --force onto what is not a regular file, unusable paths,
terminating signals and the leftovers of SIGKILL."""
import os
import resource
import shutil
import signal
import stat
import subprocess
import time
import unittest

import h5py

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, carecast_binary, run, tiny_request_targets

SMALL = SCENARIOS / "small.yaml"
# A run killed part way: it never gets far.
LONG = "3000"
# A run that finishes but lasts long enough (seconds) to act on it while it
# writes.
MEDIUM = "40"
# About 2.4 MB of results: more than the 1 MB the disk tests allow.
OVERFLOWING = "20"


def start(output, *extra, replicates=LONG, preexec_fn=None, env=None):
    return subprocess.Popen([carecast_binary(), "run", str(SMALL), "-o", str(output), "--replicates", replicates,
                             "--threads", "2", *map(str, extra)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec_fn, env={**os.environ, **(env or {})})


def temporaries(folder, name):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(f".{name[:200]}") and ".carecast-tmp-" in p.name)


def wait_for_temporary(folder, name, process):
    """Waits until the run has created its temporary file (it is writing)."""
    deadline = time.monotonic() + 60
    while not temporaries(folder, name):
        if process.poll() is not None:
            raise AssertionError(f"the run ended before writing: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            raise AssertionError("no temporary file appeared")
        time.sleep(0.01)


def is_complete_run_file(path):
    with h5py.File(path) as f:
        return f.attrs["file_type"] == "carecast-run" and f["/summary/population"].shape[0] == 4


def dead_pid():
    """The pid of a process that has ended."""
    ended = subprocess.Popen(["true"])
    ended.wait()
    return ended.pid


def no_core_dump():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class FullDisk(TempDirTestCase):
    def assert_failed_cleanly(self, result, reason, folder):
        self.assertEqual(result.returncode, 1, f"exit code, not a signal; stderr: {result.stderr}")
        self.assertIn(reason, result.stderr)
        self.assertNotIn("written", result.stdout)
        self.assertEqual(list(folder.iterdir()), [], "no target and no temporary left")

    def mount_small_file_system(self):
        """A 1 MB tmpfs, or None if this user may not mount one."""
        folder = self.tmp / "small-disk"
        folder.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
        if mounted.returncode != 0:
            return None
        # Clean-ups run last first: unmount, then remove the mount point.
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.addCleanup(subprocess.run, ["umount", str(folder)], check=True)
        return folder

    def run_limited(self, output, limit_bytes):
        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
        # SIGXFSZ is left at its default (test_cli's failed writes ignore
        # it): carecast must ignore it itself to report "File too large".
        # Open MPI, when built in, starts as a singleton that keeps to
        # itself, since its usual start writes files past the limit.
        process = start(output, replicates=OVERFLOWING, preexec_fn=limit, env={"OMPI_MCA_ess_singleton_isolated": "1"})
        out, err = process.communicate(timeout=600)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    def test_full_disk(self):
        folder = self.mount_small_file_system()
        if folder is None:
            # Not root: the same failure through a file-size limit.
            folder = self.tmp / "limited"
            folder.mkdir()
            self.assert_failed_cleanly(self.run_limited(folder / "run.h5", 1 << 20), "File too large", folder)
            return
        result = run("run", SMALL, "-o", folder / "run.h5", "--replicates", OVERFLOWING)
        self.assert_failed_cleanly(result, "No space left on device", folder)

    def test_file_size_limit(self):
        folder = self.tmp / "limited"
        folder.mkdir()
        self.assert_failed_cleanly(self.run_limited(folder / "run.h5", 1 << 20), "File too large", folder)


class Races(TempDirTestCase):
    def test_two_runs_to_one_target(self):
        out = self.tmp / "run.h5"
        runs = [start(out, replicates=MEDIUM) for _ in range(2)]
        results = [(p.wait(timeout=600), p.communicate()[1]) for p in runs]
        codes = sorted(code for code, _ in results)
        self.assertEqual(codes, [0, 1], results)
        loser = next(err for code, err in results if code == 1)
        self.assertIn("run.h5: could not move the results into place: it appeared while this run was writing", loser)
        self.assertTrue(is_complete_run_file(out))
        self.assertEqual(temporaries(self.tmp, "run.h5"), [])

    def test_a_file_created_during_the_run_is_kept(self):
        out = self.tmp / "run.h5"
        process = start(out, replicates=MEDIUM)
        wait_for_temporary(self.tmp, "run.h5", process)
        out.write_bytes(b"a third party's file")
        _, err = process.communicate(timeout=600)
        self.assertEqual(process.returncode, 1, err)
        self.assertIn("appeared while this run was writing and was left as it is", err)
        self.assertEqual(out.read_bytes(), b"a third party's file")
        self.assertEqual(temporaries(self.tmp, "run.h5"), [])

    def test_force_does_not_replace_a_fifo_made_during_the_run(self):
        out = self.tmp / "run.h5"
        process = start(out, "--force", replicates=MEDIUM)
        wait_for_temporary(self.tmp, "run.h5", process)
        os.mkfifo(out)
        _, err = process.communicate(timeout=600)
        self.assertEqual(process.returncode, 1, err)
        self.assertIn("it became a FIFO while this run was writing", err)
        self.assertTrue(stat.S_ISFIFO(os.lstat(out).st_mode))
        self.assertEqual(temporaries(self.tmp, "run.h5"), [])


class NotRegularFiles(TempDirTestCase):
    def targets(self):
        device = self.tmp / "fakenull"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        fifo = self.tmp / "fifo"
        os.mkfifo(fifo)
        folder = self.tmp / "folder"
        folder.mkdir()
        link = self.tmp / "link-to-device"
        link.symlink_to(device)
        dangling = self.tmp / "dangling"
        dangling.symlink_to(self.tmp / "nothing")
        return {device: "a device", fifo: "a FIFO", folder: "a folder", link: "a device",
                dangling: "a symbolic link to nothing"}

    def snapshot(self):
        return sorted((p.name, os.lstat(p).st_mode, os.lstat(p).st_rdev) for p in self.tmp.iterdir())

    def test_force_replaces_only_regular_files(self):
        targets = self.targets()
        before = self.snapshot()
        for target, kind in targets.items():
            with self.subTest(target=target.name):
                result = run("run", SMALL, "-o", target, "--force")
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stderr,
                                 f"carecast: error: {target}: is not a regular file (it is {kind}); "
                                 "carecast only replaces regular files\n")
                self.assertEqual(self.snapshot(), before, "nothing replaced, nothing written")
        self.assertTrue(stat.S_ISCHR(os.stat(self.tmp / "fakenull").st_mode))

    def test_report_and_export_targets_too(self):
        run_file = self.tmp / "run.h5"
        self.assertEqual(run("run", SMALL, "-o", run_file).returncode, 0)
        device = self.tmp / "fakenull"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        for args in (["report", run_file, "-o", device, "--force"],
                     ["export", run_file, "--xlsx", device, "--force"]):
            with self.subTest(command=args[0]):
                result = run(*args)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("is not a regular file (it is a device)", result.stderr)
        csv = run("export", run_file, "--csv", device, "--force")
        self.assertEqual(csv.returncode, 2, csv.stderr)
        self.assertIn("fakenull: is a device, not a folder", csv.stderr)
        self.assertTrue(stat.S_ISCHR(os.stat(device).st_mode))
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["fakenull", "run.h5"])


class CalibratedModelFolder(TempDirTestCase):
    def calibrate(self, out, *extra):
        targets = tiny_request_targets(self.tmp)
        return run("calibrate", REPO / "tests" / "data" / "models" / "tiny", "--targets", targets, "--replicates", "6",
                   "-o", out, *extra)

    def test_a_device_is_refused_and_an_abandoned_staging_folder_removed(self):
        device = self.tmp / "fakenull"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        refused = self.calibrate(device, "--force")
        self.assertEqual(refused.returncode, 2, refused.stderr)
        self.assertIn("fakenull: is a device, not a folder", refused.stderr)
        self.assertTrue(stat.S_ISCHR(os.stat(device).st_mode))
        staging = self.tmp / f".calibrated.carecast-tmp-{dead_pid()}"
        (staging / "data").mkdir(parents=True)
        result = self.calibrate(self.tmp / "calibrated")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"removed an unfinished folder left by an earlier run that was stopped: {staging}", result.stderr)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["calibrated", "fakenull", "targets.yaml"])


class Paths(TempDirTestCase):
    def test_empty_path_is_refused_before_the_run(self):
        result = run("run", SMALL, "-o", "", "--replicates", LONG)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr, "carecast: error: the output file's path is empty; give a file\n")
        self.assertNotIn("written", result.stdout)
        run_file = self.tmp / "run.h5"
        self.assertEqual(run("run", SMALL, "-o", run_file).returncode, 0)
        for args, message in ((["--csv", ""], "the output folder's path is empty; give a folder"),
                              (["--xlsx", ""], "the output file's path is empty; give a file")):
            with self.subTest(args=args):
                export = run("export", run_file, *args)
                self.assertEqual(export.returncode, 2, export.stderr)
                self.assertEqual(export.stderr, f"carecast: error: {message}\n")
        self.assertEqual([p.name for p in self.tmp.iterdir()], ["run.h5"])

    def test_longest_legal_name_is_written(self):
        name = "r" * 247 + ".h5"
        self.assertEqual(len(name), 250)
        result = run("run", SMALL, "-o", self.tmp / name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(is_complete_run_file(self.tmp / name))
        self.assertEqual([p.name for p in self.tmp.iterdir()], [name])

    def test_an_illegal_name_is_refused(self):
        result = run("run", SMALL, "-o", self.tmp / ("r" * 253 + ".h5"))
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn("is 256 bytes long; names are limited to 255", result.stderr)
        self.assertEqual(list(self.tmp.iterdir()), [])


class Signals(TempDirTestCase):
    def interrupt(self, sig, name="run.h5"):
        out = self.tmp / name
        process = start(out, preexec_fn=no_core_dump)
        wait_for_temporary(self.tmp, name, process)
        process.send_signal(sig)
        process.communicate(timeout=120)
        return process.returncode

    def test_terminating_signals_remove_the_temporary(self):
        for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGUSR1,
                    signal.SIGALRM):
            with self.subTest(signal=sig.name):
                self.assertEqual(self.interrupt(sig), -sig, "ended by the signal")
                self.assertEqual(list(self.tmp.iterdir()), [], "no target and no temporary left")

    def test_the_next_run_removes_what_sigkill_left(self):
        for name in ("run.h5", "r" * 247 + ".h5"):
            with self.subTest(name_length=len(name)):
                self.assertEqual(self.interrupt(signal.SIGKILL, name), -signal.SIGKILL)
                left = temporaries(self.tmp, name)
                self.assertEqual(len(left), 1, "SIGKILL cannot be caught: a temporary stays")
                # A temporary whose writer is alive is not touched.
                alive = self.tmp / left[0].rsplit("-", 1)[0]
                alive = alive.with_name(f"{alive.name}-{os.getpid()}")
                alive.write_bytes(b"still being written")
                result = run("run", SMALL, "-o", self.tmp / name)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stderr, "carecast: removed an unfinished file left by an earlier run that "
                                 f"was stopped: {self.tmp / left[0]}\n")
                self.assertTrue(is_complete_run_file(self.tmp / name))
                self.assertEqual(temporaries(self.tmp, name), [alive.name])
                alive.unlink()
                (self.tmp / name).unlink()

    def test_a_signal_removes_the_export_staging_folder(self):
        run_file = self.tmp / "run.h5"
        self.assertEqual(run("run", SMALL, "-o", run_file, "--replicates", MEDIUM).returncode, 0)
        for inside in (False, True):
            with self.subTest(into_an_existing_folder=inside):
                out = self.tmp / "csv"
                if inside:
                    out.mkdir()
                    (out / "mine.txt").write_text("mine")
                process = subprocess.Popen([carecast_binary(), "export", str(run_file), "--csv", str(out), "--replicates"],
                                           cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                staging_in = out if inside else self.tmp
                wait_for_temporary(staging_in, "carecast-export" if inside else "csv", process)
                process.send_signal(signal.SIGTERM)
                process.communicate(timeout=120)
                self.assertEqual(process.returncode, -signal.SIGTERM)
                if inside:
                    self.assertEqual(sorted(p.name for p in out.iterdir()), ["mine.txt"])
                    shutil.rmtree(out)
                self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["run.h5"])

    def test_the_next_export_removes_an_abandoned_staging_folder(self):
        run_file = self.tmp / "run.h5"
        self.assertEqual(run("run", SMALL, "-o", run_file).returncode, 0)
        staging = self.tmp / f".csv.carecast-tmp-{dead_pid()}"
        (staging / "replicates").mkdir(parents=True)
        (staging / "replicates" / "net_spend.csv").write_text("partial")
        result = run("export", run_file, "--csv", self.tmp / "csv")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"carecast: removed an unfinished folder left by an earlier run that was stopped: {staging}",
                      result.stderr)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["csv", "run.h5"])


if __name__ == "__main__":
    unittest.main()
