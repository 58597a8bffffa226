"""Tests of tools/need_drift_report.py: the drift of need measured from the
council's yearly admission rates (standard library unittest only).

Run from the repository root:
    python3 -m unittest tests/tools/test_need_drift_report.py
"""

import importlib.util
import math
import pathlib
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "need_drift_report.py"

spec = importlib.util.spec_from_file_location("need_drift_report", TOOL)
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)


class NeedDriftReport(unittest.TestCase):
    def test_the_committed_doc_is_what_the_tool_writes(self):
        with tempfile.TemporaryDirectory() as folder:
            written = pathlib.Path(folder) / "need-drift.md"
            subprocess.run([sys.executable, str(TOOL), "-o", str(written)], check=True, capture_output=True)
            self.assertEqual(written.read_text(), (REPO / "docs" / "need-drift.md").read_text())

    def test_without_counting_noise_the_drift_is_the_spread_of_the_yearly_changes(self):
        # A population so large that counting noise vanishes: the estimate is
        # the sample standard deviation of the log changes about their mean.
        rates = [("a", 100.0), ("b", 110.0), ("c", 99.0), ("d", 104.0)]
        changes = [math.log(110 / 100), math.log(99 / 110), math.log(104 / 99)]
        mean = sum(changes) / 3
        spread = math.sqrt(sum((c - mean) ** 2 for c in changes) / 2)
        result = report.estimate(1e15, rates)
        self.assertAlmostEqual(result["drift"], spread, places=9)
        self.assertAlmostEqual(result["trend"], mean, places=12)
        # The 90% interval of a variance with 2 degrees of freedom:
        # 2 s^2 / chi2(0.95) to 2 s^2 / chi2(0.05), chi2(p) = -2 ln(1 - p).
        self.assertAlmostEqual(result["low"], math.sqrt(2 * spread ** 2 / (-2 * math.log(0.05))), places=9)
        self.assertAlmostEqual(result["high"], math.sqrt(2 * spread ** 2 / (-2 * math.log(0.95))), places=9)

    def test_counting_noise_is_taken_off_and_a_spread_below_it_is_no_drift(self):
        # 100 admissions a year: each change carries 1/100 + 1/100 of variance.
        rates = [("a", 100.0), ("b", 101.0), ("c", 100.0), ("d", 101.0)]
        result = report.estimate(100000.0, rates)
        self.assertAlmostEqual(result["noise_sd"] ** 2, sum(1 / a + 1 / b for a, b in [(100, 101), (101, 100), (100, 101)]) / 3,
                               places=12)
        self.assertTrue(result["negative"])
        self.assertEqual(result["drift"], 0.0)


if __name__ == "__main__":
    unittest.main()
