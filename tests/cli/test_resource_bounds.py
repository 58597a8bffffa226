"""Inputs built to exhaust memory are refused as bad input (exit 2) with one
short message naming the file and key, and nothing written.

Each input is generated here rather than kept in the repository. The
program runs under a 1.5 GB address-space limit, so a regression that
tries to allocate its way through an input fails with std::bad_alloc
(exit 1) instead of taking the machine's memory; the tests assert exit 2,
which shows the input was refused before it was expanded. A build with
AddressSanitizer (CARECAST_SANITIZED set by ctest) reserves terabytes of
address space for its shadow memory and cannot start under that limit: it
runs under the sanitizer's own limit of 1.5 GB of resident memory instead,
which ends the process with an error (not exit 2) when passed.
"""
import os
import resource
import subprocess

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, carecast_binary, tiny_model_copy

ADDRESS_SPACE = 1536 * 1024 * 1024
LONGEST_MESSAGE = 400
SMALL_RUN = "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 2\nseed: 1\n"
SANITIZED = "address" in os.environ.get("CARECAST_SANITIZED", "")


def limit_address_space():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_limited(*args):
    if SANITIZED:
        options = os.environ.get("ASAN_OPTIONS", "")
        env = dict(os.environ, ASAN_OPTIONS=f"{options}:hard_rss_limit_mb={ADDRESS_SPACE >> 20}".lstrip(":"))
        return subprocess.run([carecast_binary(), *map(str, args)], capture_output=True, text=True, cwd=REPO,
                              env=env, timeout=600)
    return subprocess.run([carecast_binary(), *map(str, args)], capture_output=True, text=True, cwd=REPO,
                          preexec_fn=limit_address_space, timeout=600)


class ResourceBounds(TempDirTestCase):
    def run_refused(self, scenario, pattern, *extra):
        out_dir = self.tmp / "out"
        out_dir.mkdir(exist_ok=True)
        result = run_limited("run", scenario, "-o", out_dir / "out.h5", *extra)
        self.assertNotIn("bad_alloc", result.stderr, "ran out of its address space instead of refusing the input")
        self.assertEqual(result.returncode, 2, f"exit code; stderr: {result.stderr[:1000]}")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, f"one message: {result.stderr[:1000]}")
        self.assertTrue(lines[0].startswith("carecast: error: "), lines[0][:1000])
        self.assertLess(len(lines[0]), LONGEST_MESSAGE, f"message quotes too much: {lines[0][:1000]}")
        self.assertRegex(lines[0], pattern)
        self.assertEqual(list(out_dir.iterdir()), [], "nothing written")
        return lines[0]

    def scenario(self, text):
        path = self.tmp / "scenario.yaml"
        path.write_text(text)
        return path

    def changed_model(self, file, find, replace):
        """The tiny model with `find` replaced once in `file`; returns a scenario running it."""
        model = tiny_model_copy(self.tmp)
        target = model / file
        text = target.read_text()
        self.assertEqual(text.count(find), 1, f"{file}: {find!r} must occur once")
        target.write_text(text.replace(find, replace))
        return self.scenario(SMALL_RUN)

    # YAML

    def test_alias_bomb(self):
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in range(1, 10):
            previous = f"*a{level - 1}"
            lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
        self.run_refused(self.scenario("\n".join(lines) + "\n"),
                         r"scenario\.yaml:\d+:\d+: a\d\[\d\]: the document expands to more than 1000000 values")

    def test_long_value_aliased_many_times(self):
        value = "v" * 50_000
        text = f"title: &t \"{value}\"\ncopies: [{', '.join(['*t'] * 2_000)}]\n"
        self.run_refused(self.scenario(text), r"scenario\.yaml:2:\d+: copies\[\d+\]: the document expands to more than 64 MB")

    def test_value_over_the_size_limit(self):
        self.run_refused(self.scenario(f"title: \"{'v' * 100_000}\"\n"),
                         r"scenario\.yaml:1:8: title: a value of 100000 characters, more than the 65536 allowed")

    def test_deep_nesting(self):
        self.run_refused(self.scenario("title: " + "[" * 100_000 + "]" * 100_000 + "\n"),
                         r"scenario\.yaml:1:\d+: title(\[0\])+: maps and lists nested more than 64 deep")

    def test_long_unknown_key_is_quoted_short(self):
        # A plain key may be 1,024 characters at most; an explicit one (?) any length.
        message = self.run_refused(self.scenario(f"extends: {SCENARIOS / 'small.yaml'}\n? {'k' * 60_000}\n: 1\n"),
                                   r"scenario\.yaml:2:3: k+\u2026 \(60000 characters\): unknown key")
        self.assertNotIn("did you mean", message)

    def test_yaml_file_over_the_size_limit(self):
        path = self.tmp / "scenario.yaml"
        with path.open("w") as out:
            out.write("title: t\n")
            out.write(("# " + "c" * 1000 + "\n") * 17_000)
        self.run_refused(path, r"scenario\.yaml: larger than the 16 MB a settings file may be")

    # CSV

    def test_huge_unknown_name_in_a_table(self):
        self.run_refused(self.changed_model("data/caseload.csv", "homecare,older_people,Bromsgrove,Bromsgrove,65",
                                            "homecare,older_people," + "B" * 10_000_000 + ",Bromsgrove,65"),
                         r"caseload\.csv:2: field 3: a value of 10000000 characters, more than the 65536 allowed")

    def test_long_unknown_name_gets_no_hint_and_a_short_quote(self):
        message = self.run_refused(
            self.changed_model("data/caseload.csv", "homecare,older_people,Bromsgrove,Bromsgrove,65",
                               "homecare,older_people," + "Bromsgrove" * 5_000 + ",Bromsgrove,65"),
            r"caseload\.csv:2: column home_district: no district \"(Bromsgrove)+\u2026\" \(50000 characters\) in the model$")
        self.assertNotIn("did you mean", message)

    def test_table_over_the_size_limit(self):
        scenario = self.changed_model("data/caseload.csv", "homecare,older_people,Redditch,Redditch,65,100,council,50,assumption: test",
                                      "homecare,older_people,Redditch,Redditch,65,100,council,50,assumption: test\n" +
                                      "\n" * 70_000_000)
        self.run_refused(scenario, r"caseload\.csv: larger than the 64 MB a table may be")

    # Counts of people and events

    def test_caseload_beyond_the_population(self):
        self.run_refused(self.changed_model("data/caseload.csv", "Bromsgrove,Bromsgrove,65,100,council,60,",
                                            "Bromsgrove,Bromsgrove,65,100,council,1e12,"),
                         r"caseload\.csv:2: column count: the caseload reaches [\de+.]+ clients, more than the \d+ people "
                         r"in the model's districts")

    def test_request_rate_above_one_a_person(self):
        self.run_refused(self.changed_model("data/requests.csv", "older_people,65,100,60,", "older_people,65,100,1e9,"),
                         r"requests\.csv:2: column requests_per_1000: expected at most 1000 requests a year per 1,000 "
                         r"people \(one each\), got 1e9")

    def test_transitions_beyond_the_population(self):
        self.run_refused(self.changed_model("model.yaml", "per_year: {value: 5,", "per_year: {value: 1e12,"),
                         r"model\.yaml:\d+:\d+: care\.transitions_at_18\.per_year\.value: expected a count of people "
                         r"\(at most the model's whole population\) between 0 and \d+, got 1e12")

    def test_move_rate_above_one_a_day(self):
        self.run_refused(self.changed_model("data/moves.csv", "homecare,older_people,18,100,death,0.12,",
                                            "homecare,older_people,18,100,death,1e9,"),
                         r"moves\.csv:2: column annual_rate: expected at most 365 a year \(a mean stay of a day\), got 1e9")

    # The memory budget

    def test_run_over_the_memory_budget(self):
        # The program alone is estimated at more than 100 MB, whatever the replicates.
        message = self.run_refused(SCENARIOS / "small.yaml",
                                   r"^carecast: error: --replicates: this run of 5 replicates would need about \d+ MB "
                                   r"of memory, more than the 100 MB budget; lower --replicates or raise the budget "
                                   r"with --memory-budget 1G$",
                                   "--replicates", "5", "--memory-budget", "100M")
        self.assertGreater(int(message.split("about ")[1].split(" MB")[0]), 100)

    def test_budget_from_the_scenario_names_its_line(self):
        self.run_refused(self.scenario(f"extends: {SCENARIOS / 'small.yaml'}\nreplicates: 7\n"),
                         r"scenario\.yaml:2:13: replicates: this run of 7 replicates would need about \d+ MB of "
                         r"memory, more than the 64 MB budget", "--memory-budget", "64M")

    def test_raised_budget_lets_the_run_go_ahead(self):
        out = self.tmp / "out.h5"
        result = run_limited("run", SCENARIOS / "small.yaml", "-o", out, "--replicates", "2", "--memory-budget", "1G")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(out.exists())


if __name__ == "__main__":
    import unittest
    unittest.main()
