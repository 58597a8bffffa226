"""Tests of tools/backcast_population.py: the population of
models/worcestershire-2019 from mid-2018 (standard library unittest only).

Run from the repository root:
    python3 -m unittest tests/tools/test_backcast.py
"""

import csv
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
TOOL = REPO / "tools" / "backcast_population.py"
VARIANT = REPO / "models" / "worcestershire-2019" / "data"
ONS_MODEL = REPO / "models" / "worcestershire" / "data"
# Market Position Statement Table 1, people aged 65+ at 2018
# (001_a6ecfc05098d5ad0.txt lines 179-184), and the county all-ages total
# of 2018 (line 147).
MPS_65_2018 = {"Bromsgrove": 22168, "Malvern Hills": 21826, "Redditch": 15450, "Worcester": 17298,
               "Wychavon": 31544, "Wyre Forest": 24814}
COUNTY_2018 = 592100


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def age_of(row):
    return 90 if row["age"] == "90+" else int(row["age"])


class Backcast(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = pathlib.Path(tempfile.mkdtemp(prefix="carecast-backcast-"))
        subprocess.run([sys.executable, str(TOOL), "--out-dir", str(cls.out)], check=True, capture_output=True)
        cls.projection = rows(cls.out / "population_projection.csv")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def test_regenerates_the_committed_files_exactly(self):
        for name in ("population_base.csv", "population_projection.csv", "PROVENANCE.md"):
            with self.subTest(file=name):
                self.assertEqual((self.out / name).read_bytes(), (VARIANT / name).read_bytes())

    def test_ons_years_are_copied_unchanged(self):
        ons = [row for row in rows(ONS_MODEL / "population_projection.csv")]
        ours = [row for row in self.projection if int(row["year"]) >= 2022]
        self.assertEqual(ours, ons)

    def test_2018_meets_the_published_totals(self):
        year_2018 = [row for row in self.projection if row["year"] == "2018"]
        self.assertAlmostEqual(sum(float(row["count"]) for row in year_2018), COUNTY_2018, delta=1.0)
        for district, published in MPS_65_2018.items():
            with self.subTest(district=district):
                older = sum(float(row["count"]) for row in year_2018
                            if row["area_name"] == district and age_of(row) >= 65)
                self.assertAlmostEqual(older, published, delta=0.5)

    def test_a_cohort_a_year_earlier_is_its_survivors_grossed_up(self):
        # People aged 80 at mid-2021 are those aged 81 at mid-2022 over a
        # year's survival (about 95% at that age), times an anchoring factor
        # within a percent of 1 in 2021.
        counts = {(row["year"], row["area_name"], row["sex"], age_of(row)): float(row["count"]) for row in self.projection}
        for district in MPS_65_2018:
            for sex in ("male", "female"):
                with self.subTest(district=district, sex=sex):
                    ratio = counts[("2021", district, sex, 80)] / counts[("2022", district, sex, 81)]
                    self.assertGreater(ratio, 1.0)
                    self.assertLess(ratio, 1.1)


if __name__ == "__main__":
    unittest.main()
