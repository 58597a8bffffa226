"""The program as a user meets it: exit codes, messages, files written or not."""
import os
import re
import resource
import shutil
import signal
import subprocess
import unittest

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, carecast_binary, run, tiny_model_copy, tiny_request_targets


class BadInput(TempDirTestCase):
    def assert_bad_input(self, scenario, pattern):
        out = self.tmp / "out.h5"
        result = run("run", scenario, "-o", out)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertRegex(result.stderr, pattern)
        self.assertEqual(result.stderr.count("\n"), 1, "one message, on one line")
        self.assertEqual(list(self.tmp.iterdir()), [], "nothing written")

    def test_unknown_key(self):
        self.assert_bad_input(SCENARIOS / "unknown_key.yaml",
                              r"unknown_key\.yaml:2:1: replicats: unknown key; did you mean \"replicates\"\?")

    def test_string_where_a_number_belongs(self):
        self.assert_bad_input(SCENARIOS / "string_number.yaml",
                              r"string_number\.yaml:2:10: horizon: expected a whole number, got \"fifteen\"")

    def test_scenario_that_extends_itself(self):
        self.assert_bad_input(SCENARIOS / "extends_itself.yaml",
                              r"extends_itself\.yaml:1:10: extends: scenarios extend each other in a cycle")

    def test_missing_scenario_file(self):
        self.assert_bad_input(self.tmp / "nowhere.yaml", r"nowhere\.yaml: no such file")

    def test_validate_reports_the_same_errors(self):
        result = run("validate", SCENARIOS / "unknown_key.yaml")
        self.assertEqual(result.returncode, 2)
        self.assertIn("replicats: unknown key", result.stderr)

    def test_output_folder_missing(self):
        result = run("run", SCENARIOS / "small.yaml", "-o", self.tmp / "no" / "out.h5")
        self.assertEqual(result.returncode, 2)
        self.assertIn("does not exist", result.stderr)

    def test_usage_errors_exit_2(self):
        self.assertEqual(run("run").returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", self.tmp / "x.h5", "--threads", "0").returncode, 2)
        self.assertEqual(list(self.tmp.iterdir()), [])

    def test_unknown_command_is_named(self):
        result = run("rnu", SCENARIOS / "small.yaml")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.splitlines(), [
            'carecast: error: unknown command "rnu"; did you mean "run"? '
            "(the commands are run, validate, calibrate, backtest, report, export, compare)"])

    def test_seed_outside_the_scenarios_rule_is_refused(self):
        # One rule for seeds on the command line and in YAML: a whole number
        # from 0 to 2^63 - 1, never wrapped or saturated.
        for seed, why in (("-1", "expected a whole number between 0 and 9223372036854775807, got -1"),
                          ("18446744073709551616", 'whole number out of range, got "18446744073709551616"'),
                          ("9223372036854775808", 'whole number out of range, got "9223372036854775808"'),
                          ("12abc", 'expected a whole number, got "12abc"')):
            with self.subTest(seed=seed):
                result = run("run", SCENARIOS / "small.yaml", "-o", self.tmp / "x.h5", "--seed", seed)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertEqual(result.stderr.splitlines(), [f"carecast: error: --seed: {why}"])
        self.assertEqual(list(self.tmp.iterdir()), [])


class GoodRuns(TempDirTestCase):
    def test_calibrate_fits_a_model_folder_to_a_targets_file(self):
        targets = tiny_request_targets(self.tmp)
        out = self.tmp / "calibrated"
        tiny = REPO / "tests" / "data" / "models" / "tiny"
        result = run("calibrate", tiny, "--targets", targets, "--replicates", "6", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 within tolerance", result.stdout)
        self.assertTrue((out / "model.yaml").is_file())
        report = (out / "calibration-report.md").read_text()
        self.assertIn("| requests | `requests{year: 2025}` | 6,000 |", report)
        self.assertIn("calibrated by carecast calibrate", (out / "data" / "requests.csv").read_text())
        # A scenario where a model's folder belongs: one message, exit 2, nothing written.
        refused = run("calibrate", SCENARIOS / "tiny.yaml", "--targets", targets, "-o", self.tmp / "other")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("takes a model's folder", refused.stderr)
        self.assertFalse((self.tmp / "other").exists())

    def test_calibrate_sets_a_scenario_against_its_models_published_figures(self):
        model = tiny_model_copy(self.tmp)
        scenario = self.tmp / "scenario.yaml"
        scenario.write_text("title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 4\nseed: 1\n")
        calibration = model / "calibration.yaml"
        calibration.write_text(
            "title: Base year of the tiny model\n"
            "targets:\n"
            "  - {name: \"Adults: Bromsgrove\", query: \"population{year: 2024, district: Bromsgrove}\", value: 80000,\n"
            "     tolerance: 0.2, source: ONS.}\n"
            "  - {name: \"Adults: Redditch\", query: \"population{year: 2024, district: Redditch}\", value: 70000,\n"
            "     tolerance: 0.2, source: ONS.}\n"
            "  - {name: Requests, query: \"requests{year: 2024}\", value: 3000, value_scale: 2, tolerance: 0.5, source: Test.}\n"
            "  - {name: Leaving care homes (%), query: \"deaths{year: 2024, setting: residential} + care_ended{year: 2024, "
            "setting: residential}\",\n"
            "     per: \"clients{year: 2024, setting: residential}\", scale: 100, value: 40, tolerance: 0.9, source: Test.}\n")
        report = self.tmp / "calibration.md"
        result = run("calibrate", scenario, "-o", report)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"^[0-4] of 4 figures within tolerance; written to ")
        text = report.read_text()
        self.assertIn("# Base year of the tiny model\n", text)
        self.assertIn(f"Generated by `carecast calibrate {scenario} -o {report}`", text)
        self.assertRegex(text, r"\| Adults: Redditch \| 70,000 \| 70,000 \| [0-9,]+ \([0-9,]+-[0-9,]+\) \|")
        self.assertRegex(text, r"\| Requests \| 3,000 \| 6,000 \| ")
        self.assertRegex(text, r"\| Leaving care homes \(%\) \| 40\.0 \| 40\.0 \| ")
        self.assertEqual(text.count("- **Adults**: ONS.\n"), 1, "one source line for both districts' rows")
        # A mistyped key: one message naming the file, line and key, exit 2, nothing written.
        calibration.write_text(calibration.read_text().replace("value_scale", "value_scal"))
        refused = run("calibrate", scenario, "-o", self.tmp / "refused.md")
        self.assertEqual(refused.returncode, 2)
        self.assertEqual(refused.stderr, "carecast: error: models/tiny/calibration.yaml:7:66: targets[2].value_scal: unknown key; "
                                         "did you mean \"value_scale\"?\n")
        self.assertFalse((self.tmp / "refused.md").exists())

    def test_backtest_writes_a_report_and_refuses_a_cut_off_outside_the_run(self):
        targets = self.tmp / "targets.yaml"
        targets.write_text(
            "targets:\n"
            "  - {name: early requests, query: \"requests{year: 2024}\", value: 6000, tolerance: 0.05, weight: 1, source: test}\n"
            "  - {name: later requests, query: \"requests{year: 2026}\", value: 6500, tolerance: 0.05, weight: 1, source: test}\n"
            "parameters:\n"
            "  - {name: need, multiplies: request_rate, min: 0.2, max: 5, reason: test}\n")
        tiny = REPO / "tests" / "data" / "models" / "tiny"
        report = self.tmp / "backtest.md"
        result = run("backtest", tiny, "--targets", targets, "--fit-until", "2024", "--covid-year", "2025",
                     "--replicates", "6", "-o", report)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("1 figures fitted; 1 forecast figures compared", result.stdout)
        text = report.read_text()
        self.assertIn("## The forecast against what was published (2025/26 to 2026/27)", text)
        self.assertIn("| later requests | 2026/27 | 6,500 |", text)
        self.assertIn("| early requests | 2024/25 | 6,000 |", text)
        refused = run("backtest", tiny, "--targets", targets, "--fit-until", "2030", "-o", self.tmp / "refused.md")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--fit-until 2030", refused.stderr)
        self.assertEqual(refused.stderr.count("\n"), 1)
        self.assertFalse((self.tmp / "refused.md").exists())

        # Two origins and a scenario of what happened: the later requests are
        # scored two years ahead from 2024/25 and one from 2025/26, ex ante
        # and given what happened.
        happened = self.tmp / "happened.yaml"
        happened.write_text("title: what happened\nmodel: tiny\nstart_year: 2024\nhorizon: 3\nreplicates: 2\nseed: 1\n"
                            "demand: {need_growth: 0.05}\n")
        rolling = self.tmp / "rolling.md"
        result = run("backtest", tiny, "--targets", targets, "--fit-until", "2024", "--fit-until", "2025",
                     "--conditional", happened, "--replicates", "6", "-o", rolling)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2 forecast figures compared", result.stdout)
        text = rolling.read_text()
        self.assertIn(f"--fit-until 2024 --fit-until 2025 --conditional {happened}", text)
        self.assertIn("## From 2025/26", text)
        self.assertIn("the conditional forecast reruns each origin's fitted parameters in \"what happened\"", text)
        # One that covers other years than the backtest's is refused, and
        # nothing is written.
        happened.write_text(happened.read_text().replace("horizon: 3", "horizon: 2"))
        refused = run("backtest", tiny, "--targets", targets, "--fit-until", "2024", "--conditional", happened,
                      "-o", self.tmp / "refused.md")
        self.assertEqual(refused.returncode, 2)
        self.assertIn("--conditional", refused.stderr)
        self.assertFalse((self.tmp / "refused.md").exists())

    def test_expected_mode_writes_one_replicate_that_reports_and_exports(self):
        import h5py
        out = self.tmp / "expected.h5"
        result = run("run", SCENARIOS / "small.yaml", "--expected", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(out) as f:
            self.assertEqual(f.attrs["mode"], "expected")
            self.assertEqual(f.attrs["replicates"], 1)
            net = f["summary/net_spend"][:]
            self.assertTrue((net[0] == net[1]).all() and (net[1] == net[3]).all(), "every statistic is the one value")
            self.assertGreater(net[0].sum(), 0)
        self.assertEqual(run("report", out, "-o", self.tmp / "briefing.html").returncode, 0)
        self.assertEqual(run("export", out, "--csv", self.tmp / "csv").returncode, 0)

    def test_version_and_help(self):
        result = run("--version")
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stdout, r"^carecast \d+\.\d+\.\d+")
        for command in ([], ["run"], ["validate"]):
            help_result = run(*command, "--help")
            self.assertEqual(help_result.returncode, 0, command)
            self.assertIn("Usage", help_result.stdout)

    def test_every_shipped_scenario_validates(self):
        for scenario in sorted((REPO / "scenarios").glob("*.yaml")):
            with self.subTest(scenario=scenario.name):
                result = run("validate", scenario)
                self.assertEqual(result.returncode, 0, result.stderr)

    def test_validate_good_scenario(self):
        result = run("validate", REPO / "scenarios" / "baseline.yaml")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("valid", result.stdout)

    def test_refuses_to_overwrite_without_force(self):
        out = self.tmp / "out.h5"
        out.write_bytes(b"previous results")
        result = run("run", SCENARIOS / "small.yaml", "-o", out)
        self.assertEqual(result.returncode, 2)
        self.assertIn("already exists; use --force", result.stderr)
        self.assertEqual(out.read_bytes(), b"previous results")
        result = run("run", SCENARIOS / "small.yaml", "-o", out, "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotEqual(out.read_bytes(), b"previous results")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["out.h5"], "no temporary left")

    def test_summary_printed_and_no_progress_bar_when_not_a_terminal(self):
        result = run("run", SCENARIOS / "small.yaml", "-o", self.tmp / "out.h5")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("2024/25", result.stdout)
        self.assertIn("2038/39", result.stdout)
        self.assertEqual(result.stderr, "")

    def test_progress_bar_on_a_terminal_shows_the_time_remaining(self):
        import pty
        controller, terminal = pty.openpty()
        with subprocess.Popen([carecast_binary(), "run", str(SCENARIOS / "small.yaml"), "-o", str(self.tmp / "out.h5"),
                               "--replicates", "40", "--threads", "1"],
                              stdout=subprocess.DEVNULL, stderr=terminal, cwd=REPO) as process:
            os.close(terminal)
            shown = b""
            while True:
                try:
                    chunk = os.read(controller, 4096)
                except OSError:  # the terminal closes with the process
                    break
                if not chunk:
                    break
                shown += chunk
            self.assertEqual(process.wait(), 0)
        os.close(controller)
        # The terminal turns the final newline into "\r\n".
        updates = [update for update in shown.decode().split("\r") if update.strip()]
        self.assertRegex(shown.decode(), r"\d+/40 replicates, \d+:\d\d left")
        self.assertRegex(updates[-1], r"100%  40/40 replicates *$")

    def test_summary_ends_with_the_money_headline_from_the_run_file(self):
        import h5py
        import numpy as np
        out = self.tmp / "out.h5"
        result = run("run", SCENARIOS / "small.yaml", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertTrue(all(len(line) <= 80 for line in lines), result.stdout)
        self.assertEqual(lines[-1], f"written to {out}")
        header = lines.index("net spend, all budget lines, against the budget (cash)")
        rows = [line.split() for line in lines[header + 2:header + 5]]
        self.assertEqual([row[0] for row in rows], ["2024/25", "2026/27", "2038/39"])
        self.assertEqual(" ".join(lines[header + 6:-1]), "Budgets after 2024/25 grow each year by pay and contract "
                                                         "inflation at the assumed rates.")
        with h5py.File(out) as f:
            # Every replicate's all-lines total, computed here from the replicates.
            net = f["replicates/net_spend"]
            axes = [list(dim.keys())[0] for dim in net.dims]
            totals = net[()].sum(axis=tuple(i for i, a in enumerate(axes) if a not in ("replicate", "year")))
            years = [int(y) for y in f["year"][()]]
            budget = f["replicates/budget"]
            budget_axes = [list(dim.keys())[0] for dim in budget.dims]
            budgets = budget[()].sum(axis=tuple(i for i, a in enumerate(budget_axes) if a not in ("replicate", "year")))
        for row in rows:
            y = years.index(int(row[0][:4]))
            mean, low, high = totals[:, y].mean(), np.percentile(totals[:, y], 5), np.percentile(totals[:, y], 95)
            chance = (totals[:, y] > budgets[:, y]).mean()
            overspend = np.maximum(totals[:, y] - budgets[:, y], 0).mean()
            self.assertEqual(row[1], f"£{mean / 1e6:.1f}m")
            self.assertEqual(row[2:5], [f"£{low / 1e6:.1f}m", "to", f"£{high / 1e6:.1f}m"])
            self.assertEqual(row[5], f"£{budgets[:, y].mean() / 1e6:.1f}m")
            self.assertEqual(row[6], f"{round(100 * chance)}%")
            self.assertEqual(row[7], f"£{overspend / 1e6:.1f}m")

    @unittest.skipUnless(shutil.which("h5diff"), "h5diff (hdf5-tools) is not installed")
    def test_identical_results_for_any_thread_count(self):
        pinned = {"SOURCE_DATE_EPOCH": "1700000000"}
        files = []
        for threads in (1, 2, 8):
            out = self.tmp / f"threads{threads}.h5"
            result = run("run", SCENARIOS / "small.yaml", "-o", out, "--threads", threads, env=pinned)
            self.assertEqual(result.returncode, 0, result.stderr)
            files.append(out)
        for other in files[1:]:
            diff = subprocess.run(["h5diff", files[0], other], capture_output=True, text=True)
            self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)
        # Without the pinned clock only the creation time differs.
        out = self.tmp / "unpinned.h5"
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", out, "--threads", 2).returncode, 0)
        diff = subprocess.run(["h5diff", "--exclude-attribute", "/", files[0], out], capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout)

    @unittest.skipUnless(shutil.which("h5diff"), "h5diff (hdf5-tools) is not installed")
    def test_streamed_replicates_identical_for_any_thread_count(self):
        # 70 replicates: a whole chunk of 64 and a partial one, and many more
        # than the reorder window of 1 or 3 threads.
        pinned = {"SOURCE_DATE_EPOCH": "1700000000"}
        files = []
        for threads in (1, 3):
            out = self.tmp / f"streamed{threads}.h5"
            result = run("run", SCENARIOS / "small.yaml", "-o", out, "--threads", threads, "--replicates", 70, env=pinned)
            self.assertEqual(result.returncode, 0, result.stderr)
            files.append(out)
        diff = subprocess.run(["h5diff", *files], capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)
        import h5py
        import numpy
        with h5py.File(files[0]) as f:
            population = f["replicates/population"][()]
            self.assertEqual(population.shape[0], 70)
            self.assertFalse((population[69] == population[0]).all(), "the last chunk holds its own replicates")
            # numpy sums and interpolates in another order: equal to rounding.
            summary = f["summary/population"][()]
            numpy.testing.assert_allclose(summary[0], population.mean(axis=0), rtol=1e-12)
            numpy.testing.assert_allclose(summary[3], numpy.percentile(population, 95, axis=0), rtol=1e-12)

    def test_calibrate_refuses_replicates_that_do_not_fit_in_memory(self):
        # calibrate keeps every replicate in memory; run streams them to the file.
        out = self.tmp / "calibration.md"
        result = run("calibrate", SCENARIOS / "small.yaml", "-o", out, "--replicates", 1000000)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertRegex(result.stderr, r"^carecast: error: --replicates: this run of 1000000 replicates would need about "
                                        r"[0-9.]+ GB of memory, more than the [0-9.]+ GB budget; lower --replicates or "
                                        r"raise the budget with --memory-budget [0-9]+G\n$")
        self.assertFalse(out.exists())

    def test_seed_and_replicates_overrides(self):
        a, b, c = (self.tmp / n for n in ("a.h5", "b.h5", "c.h5"))
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", a, "--seed", "5", "--replicates", "3").returncode, 0)
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", b, "--seed", "5", "--replicates", "3").returncode, 0)
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", c, "--seed", "6", "--replicates", "3").returncode, 0)
        import h5py
        with h5py.File(a) as fa, h5py.File(b) as fb, h5py.File(c) as fc:
            self.assertEqual(fa.attrs["replicates"], 3)
            self.assertEqual(fa.attrs["seed"], 5)
            self.assertIn("seed: 5", fa.attrs["scenario_yaml"])
            self.assertTrue((fa["replicates/population"][()] == fb["replicates/population"][()]).all())
            self.assertFalse((fa["replicates/population"][()] == fc["replicates/population"][()]).all())

    def test_the_largest_seed_runs_and_its_stored_scenario_replays(self):
        import h5py
        first, again = self.tmp / "first.h5", self.tmp / "again.h5"
        largest = "9223372036854775807"
        self.assertEqual(run("run", SCENARIOS / "small.yaml", "-o", first, "--seed", largest, "--replicates", "2").returncode, 0)
        with h5py.File(first) as f:
            self.assertEqual(int(f.attrs["seed"]), int(largest))
            stored = self.tmp / "stored.yaml"
            stored.write_text(f.attrs["scenario_yaml"])
        self.assertEqual(run("validate", stored).returncode, 0)
        self.assertEqual(run("run", stored, "-o", again).returncode, 0)
        with h5py.File(first) as fa, h5py.File(again) as fb:
            self.assertTrue((fa["replicates/population"][()] == fb["replicates/population"][()]).all())


def run_unable_to_write_past(limit, *args):
    """Runs carecast unable to write any file past `limit` bytes, as on a
    full disk: with SIGXFSZ ignored, such a write fails with EFBIG, for root
    too (a read-only folder stops no one running as root). Open MPI, when
    built in, starts as a singleton that keeps to itself, since its usual
    start writes files of its own."""
    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    env = dict(os.environ, OMPI_MCA_ess_singleton_isolated="1")
    return subprocess.run([carecast_binary(), *map(str, args)], capture_output=True, text=True, cwd=REPO, env=env,
                          timeout=600, preexec_fn=limit_file_size)


class FailedWrites(TempDirTestCase):
    """A file that cannot be written is exit code 1 and one message naming
    it, and leaves nothing behind."""

    def assert_failed_write(self, result, pattern):
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertRegex(result.stderr, pattern)
        self.assertEqual(result.stderr.count("\n"), 1, "one message, on one line")

    def test_run_file(self):
        # A small file fails as its one chunk of replicates is written, or
        # when it is flushed at the end if that chunk fitted; chunks of 64 of
        # the county's replicates fail as they are written, from the
        # writer's thread.
        for limit, scenario, extra, failed in ((16384, "tiny.yaml", [], "(write the file|write rows of /replicates/)"),
                                               (300000, "small.yaml", ["--replicates", 70], "write rows of /replicates/")):
            with self.subTest(scenario=scenario):
                result = run_unable_to_write_past(limit, "run", SCENARIOS / scenario, "-o", self.tmp / "out.h5", *extra)
                self.assert_failed_write(result, rf"^carecast: error: {re.escape(str(self.tmp))}/\.out\.h5\.carecast-tmp-[0-9]+: "
                                                 rf"could not {failed}.*: File too large\n$")
                self.assertEqual(list(self.tmp.iterdir()), [], "neither the file nor its temporary")

    def test_briefing_and_csv_files(self):
        made = self.tmp / "run.h5"
        self.assertEqual(run("run", SCENARIOS / "tiny.yaml", "-o", made).returncode, 0)
        briefing = self.tmp / "briefing.html"
        result = run_unable_to_write_past(4096, "report", made, "-o", briefing)
        self.assert_failed_write(result, rf"^carecast: error: {re.escape(str(briefing))}: could not write the briefing: "
                                         r"File too large\n$")
        result = run_unable_to_write_past(4096, "export", made, "--csv", self.tmp / "csv")
        self.assert_failed_write(result, r"^carecast: error: .*\.csv: could not write: File too large\n$")
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["run.h5"])


if __name__ == "__main__":
    unittest.main()
