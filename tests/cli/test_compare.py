"""`carecast compare`: the headline differences of two runs per year, and
exit code 2 with one message when the files cannot be compared."""
import pathlib
import re
import shutil
import tempfile
import unittest

from tests.cli.helpers import TempDirTestCase, run
from tests.cli import run_files

try:
    import h5py
    import numpy as np
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")


def millions(text):
    return [float(x.replace(",", "")) * (-1 if sign else 1) for sign, x in re.findall(r"(-?)£([\d,.]+)m", text)]


class Compare(TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-compare-"))
        cls.a = run_files.make_run(cls.folder)
        cls.b = run_files.make_run(cls.folder, "tiny_money_dearer.yaml", "dearer.h5")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_headline_differences_per_year(self):
        result = run("compare", self.a, self.b)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        too_wide = [line for line in lines if len(line) > 80]
        self.assertEqual(too_wide, [], "fits an 80-column terminal")
        self.assertEqual(lines[0], "A: Tiny test run with money")
        self.assertEqual(lines[1], f"   {self.a}")
        self.assertTrue(lines[2].startswith("   model tiny"))
        self.assertEqual(lines[3], "B: Tiny test run with dearer contracts")
        self.assertIn("taken replicate by replicate", lines[6])
        with h5py.File(self.a) as a, h5py.File(self.b) as b:
            net_a = a["/replicates/net_spend"][()].sum(axis=2)
            net_b = b["/replicates/net_spend"][()].sum(axis=2)
            budget = a["/replicates/budget"][()].sum(axis=2)
            # As the front page counts them: nights in long-term care homes, clients in long-term care.
            kinds = np.array([k.decode() for k in a["/setting_kind"][()]])
            long_term = np.array([t.decode() for t in a["/setting_term"][()]]) == "long_term"
            homes = (kinds == "care_home") & long_term
            beds_a = a["/summary/bed_nights"][0].sum(axis=(2, 3))[:, homes].sum(axis=1)
            beds_b = b["/summary/bed_nights"][0].sum(axis=(2, 3))[:, homes].sum(axis=1)
            clients_b = b["/summary/clients"][0].sum(axis=(2, 3))[:, long_term].sum(axis=1)
            every_setting = b["/summary/bed_nights"][0].sum(axis=(1, 2, 3))
        self.assertGreater(every_setting[-1], beds_b[-1] + 1, "the tiny model has beds outside care homes too")
        self.assertIn("Bed nights in the year (long-term care homes) and clients at year end", result.stdout)
        money_rows = [line for line in lines if re.match(r"^20\d\d/\d\d +£.* \d+% +\d+%$", line)]
        difference_rows = [line for line in lines if re.match(r"^20\d\d/\d\d +-?£[\d.]+m \(-?£[\d.]+m to -?£[\d.]+m\)$", line)]
        self.assertEqual(len(money_rows), 5)
        self.assertEqual(len(difference_rows), 5)
        for y, (row, difference_row) in enumerate(zip(money_rows, difference_rows)):
            self.assertTrue(row.startswith(f"{2024 + y}/{25 + y}"))
            self.assertTrue(difference_row.startswith(f"{2024 + y}/{25 + y}"))
            shown = millions(row) + millions(difference_row)
            difference = net_b[:, y] - net_a[:, y]
            expected = [net_a[:, y].mean(), np.percentile(net_a[:, y], 5), np.percentile(net_a[:, y], 95),
                        net_b[:, y].mean(), np.percentile(net_b[:, y], 5), np.percentile(net_b[:, y], 95),
                        difference.mean(), np.percentile(difference, 5), np.percentile(difference, 95)]
            for value, reference in zip(shown, expected):
                self.assertAlmostEqual(value, reference / 1e6, delta=0.05 + 1e-9)
            chance_a = int(row.split()[-2].rstrip("%"))
            self.assertAlmostEqual(chance_a / 100, (net_a[:, y] > budget[:, y]).mean(), delta=0.005 + 1e-9)
        count_rows = [line.split() for line in lines if re.match(r"^20\d\d/\d\d +[\d,]+ ", line)]
        self.assertEqual(len(count_rows), 5)
        last = [float(cell.replace(",", "")) for cell in count_rows[-1][1:]]
        # Whole numbers, rounded: within half a unit.
        self.assertAlmostEqual(last[0], beds_a[-1], delta=0.5 + 1e-6)
        self.assertAlmostEqual(last[1], beds_b[-1], delta=0.5 + 1e-6)
        self.assertAlmostEqual(last[4], clients_b[-1], delta=0.5 + 1e-6)

    def test_the_last_years_difference_by_budget_line_setting_and_district(self):
        result = run("compare", self.a, self.b)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([line for line in result.stdout.splitlines() if len(line) > 80], [])
        blocks = result.stdout.split("\nB - A in 2028/29, ")[1:]
        self.assertEqual([block.splitlines()[0] for block in blocks],
                         ["net spend by budget line", "net spend on care packages by setting",
                          "net spend on care packages by home district"])
        with h5py.File(self.a) as a, h5py.File(self.b) as b:
            by_line = b["/replicates/net_spend"][()][:, -1] - a["/replicates/net_spend"][()][:, -1]
            by_setting = (b["/replicates/spend_net"][()][:, -1] - a["/replicates/spend_net"][()][:, -1]).sum(axis=(1, 3))
            by_district = (b["/replicates/spend_net"][()][:, -1] - a["/replicates/spend_net"][()][:, -1]).sum(axis=(1, 2))
        for block, difference in zip(blocks, (by_line, by_setting, by_district)):
            rows = [line for line in block.splitlines()[2:] if line.startswith("  ")]
            self.assertEqual(len(rows), difference.shape[1])
            for k, row in enumerate(rows):
                expected = [difference[:, k].mean(), np.percentile(difference[:, k], 5),
                            np.percentile(difference[:, k], 95)]
                for value, reference in zip(millions(row), expected):
                    self.assertAlmostEqual(value, reference / 1e6, delta=0.05 + 1e-9)
        self.assertIn("  Residential ", blocks[1])

    def test_runs_of_one_seed_pair_on_the_replicates_they_share(self):
        # Replicate r of a run depends only on the seed and r: a longer run of
        # the same scenario repeats the shorter one's replicates exactly.
        longer = run_files.make_run(self.tmp, "tiny_money_dearer.yaml", "longer.h5", "--replicates", "30")
        result = run("compare", self.a, longer)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(self.a) as a, h5py.File(longer) as b:
            shared = a.attrs["replicates"]
            self.assertLess(shared, 30)
            net_a = a["/replicates/net_spend"][()].sum(axis=2)
            net_b = b["/replicates/net_spend"][()].sum(axis=2)
        self.assertIn(f"taken replicate by replicate over the {shared} replicates", result.stdout)
        difference_rows = [line for line in result.stdout.splitlines()
                           if re.match(r"^20\d\d/\d\d +-?£[\d.]+m \(-?£[\d.]+m to -?£[\d.]+m\)$", line)]
        self.assertEqual(len(difference_rows), 5)
        for y, row in enumerate(difference_rows):
            difference = net_b[:shared, y] - net_a[:, y]
            expected = [difference.mean(), np.percentile(difference, 5), np.percentile(difference, 95)]
            for value, reference in zip(millions(row), expected):
                self.assertAlmostEqual(value, reference / 1e6, delta=0.05 + 1e-9)
        same = run_files.make_run(self.tmp, "tiny_money.yaml", "same.h5", "--replicates", "30")
        self.assertEqual(run("compare", self.a, same).stdout.count("£0.0m (£0.0m to £0.0m)"), 5)

    def assert_refused(self, a, b, pattern):
        result = run("compare", a, b)
        self.assertEqual(result.returncode, 2, result.stdout)
        self.assertRegex(result.stderr, pattern)
        self.assertEqual(result.stderr.count("\n"), 1)
        self.assertEqual(result.stdout, "")

    def test_different_models(self):
        other = run_files.with_attribute(self.a, self.tmp / "other.h5", "model_name", "elsewhere")
        self.assert_refused(self.a, other, r"cannot be compared: they come from different models "
                                           r"\(tiny test and elsewhere test\)")

    def test_different_years(self):
        shifted = self.tmp / "shifted.h5"
        shutil.copy(self.a, shifted)
        with h5py.File(shifted, "r+") as f:
            f["year"][...] = f["year"][()] + 1
            f.attrs["first_year"] += 1
            f.attrs["last_year"] += 1
        self.assert_refused(self.a, shifted, r"cannot be compared: they cover different years "
                                             r"\(2024/25 to 2028/29 and 2025/26 to 2029/30\)")

    def test_not_run_files(self):
        other = self.tmp / "other.h5"
        with h5py.File(other, "w") as f:
            f.attrs["file_type"] = "statepoint"
        self.assert_refused(self.a, other, r"other\.h5: not a carecast run file")
        newer = run_files.with_attribute(self.a, self.tmp / "newer.h5", "format_version", np.array([3, 1]))
        self.assert_refused(newer, self.a, r"newer\.h5: run file format version 3\.1 is not readable")
        self.assert_refused(self.a, self.tmp / "missing.h5", r"missing\.h5: no such file")

    def test_usage(self):
        self.assertEqual(run("compare", self.a).returncode, 2)
        help_result = run("compare", "--help")
        self.assertEqual(help_result.returncode, 0)
        self.assertIn("Usage", help_result.stdout)


if __name__ == "__main__":
    unittest.main()
