"""The bad-input corpus (tests/bad_inputs/): every case exits 2 with one
message naming the file, line and key, and writes nothing.

- scenarios/*.yaml: bad scenario files; the first line is `# expect: REGEX`.
- models/*.yaml: changes to a copy of the tiny test model: `file`, `find`
  (must occur exactly once), `replace`, `expect`.
"""
import pathlib
import re
import unittest

import yaml

from tests.cli.helpers import REPO, SCENARIOS, TempDirTestCase, run, tiny_model_copy

CORPUS = REPO / "tests" / "bad_inputs"


class BadInputCorpus(TempDirTestCase):
    def assert_rejected(self, result, pattern, out_dir):
        self.assertEqual(result.returncode, 2, f"exit code; stderr: {result.stderr}")
        lines = result.stderr.splitlines()
        self.assertEqual(len(lines), 1, f"one message: {result.stderr}")
        self.assertTrue(lines[0].startswith("carecast: error: "), lines[0])
        self.assertRegex(lines[0], pattern)
        self.assertEqual(list(out_dir.iterdir()), [], "nothing written")

    def test_corpus_is_large_enough(self):
        cases = list((CORPUS / "scenarios").glob("*.yaml")) + list((CORPUS / "models").glob("*.yaml"))
        self.assertGreaterEqual(len(cases), 40)

    def test_bad_scenarios(self):
        for case in sorted((CORPUS / "scenarios").glob("*.yaml")):
            with self.subTest(case=case.name):
                first = case.read_bytes().split(b"\n", 1)[0].decode()
                self.assertTrue(first.startswith("# expect: "), f"{case.name} has no expect line")
                out_dir = self.tmp / case.stem
                out_dir.mkdir()
                result = run("run", case, "-o", out_dir / "out.h5")
                self.assert_rejected(result, first[len("# expect: "):], out_dir)

    def test_bad_models(self):
        for case in sorted((CORPUS / "models").glob("*.yaml")):
            with self.subTest(case=case.name):
                spec = yaml.safe_load(case.read_text())
                root = self.tmp / case.stem
                model = tiny_model_copy(root)
                target = model / spec["file"]
                text = target.read_text()
                self.assertEqual(text.count(spec["find"]), 1, f"{case.name}: find must occur once")
                target.write_text(text.replace(spec["find"], spec["replace"]))
                scenario = root / "scenario.yaml"
                scenario.write_text("title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 2\nseed: 1\n")
                out_dir = root / "out"
                out_dir.mkdir()
                result = run("run", scenario, "-o", out_dir / "out.h5")
                self.assert_rejected(result, spec["expect"], out_dir)

    def test_output_folder_missing(self):
        out_dir = self.tmp / "out"
        out_dir.mkdir()
        result = run("run", SCENARIOS / "small.yaml", "-o", out_dir / "missing" / "out.h5")
        self.assert_rejected(result, r"missing/out\.h5: the folder .*missing does not exist", out_dir)

    def test_output_folder_read_only(self):
        # /proc/1 refuses writes even to root, unlike a chmod-ed folder.
        out_dir = self.tmp / "out"
        out_dir.mkdir()
        result = run("run", SCENARIOS / "small.yaml", "-o", "/proc/1/out.h5")
        self.assert_rejected(result, r"/proc/1/out\.h5: the folder /proc/1 is not writable", out_dir)

    def test_existing_output_without_force(self):
        out_dir = self.tmp / "out"
        out_dir.mkdir()
        existing = self.tmp / "existing.h5"
        existing.write_bytes(b"keep me")
        result = run("run", SCENARIOS / "small.yaml", "-o", existing)
        self.assert_rejected(result, r"existing\.h5: already exists; use --force to overwrite it", out_dir)
        self.assertEqual(existing.read_bytes(), b"keep me")


if __name__ == "__main__":
    unittest.main()
