"""Tests of tools/ons_snpp_to_model.py (standard library unittest only).

Run from the repository root:
    python3 -m unittest tests/tools/test_ons_converter.py
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOL = os.path.join(REPO, "tools", "ons_snpp_to_model.py")
SHARED_ONS = os.path.join(os.path.dirname(REPO), "shared", "data", "ons")
MODEL_DATA = os.path.join(REPO, "models", "worcestershire", "data")
ONS_MALES = os.path.join(SHARED_ONS,
                         "ons-format_2022snpp_migcat_males_worcestershire.csv")
ONS_FEMALES = os.path.join(SHARED_ONS,
                           "ons-format_2022snpp_migcat_females_worcestershire.csv")
WORCS_DISTRICTS = "E07000234,E07000235,E07000236,E07000237,E07000238,E07000239"

HEADER = '"AREA_CODE","AREA_NAME","COMPONENT","SEX","AGE_GROUP","2022","2023"'
AGE_GROUPS = [str(a) for a in range(90)] + ["90 and over"]


def ons_block(code, name, sex, first=1, step=1):
    """Rows of a tiny two-year ONS file for one area and sex. Age a has
    first + a*step people in 2022 and 0.5 more in 2023 (as '%.3f' text)."""
    if "," in name:
        name = '"%s"' % name
    rows = []
    tot22 = tot23 = 0.0
    for i, age in enumerate(AGE_GROUPS):
        v22 = first + i * step
        v23 = v22 + 0.5
        tot22 += v22
        tot23 += v23
        rows.append("%s,%s,Population,%s,%s,%.3f,%.3f"
                    % (code, name, sex, age, v22, v23))
    rows.append("%s,%s,Population,%s,All ages,%.3f,%.3f"
                % (code, name, sex, tot22, tot23))
    return rows


class ConverterTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ons_converter_test_")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, lines):
        p = self.path(name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write("\n".join(lines) + "\n")
        return p

    def run_tool(self, *args):
        return subprocess.run([sys.executable, TOOL] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=60)

    def read(self, p):
        with open(p, encoding="utf-8", newline="") as f:
            return f.read()

    def tiny_inputs(self):
        males = self.write("m.csv", [HEADER]
                           + ons_block("E07000001", "Alpha", "males")
                           + ons_block("E07000002", "Beta, City of", "males", 10))
        females = self.write("f.csv", [HEADER]
                             + ons_block("E07000001", "Alpha", "females", 2)
                             + ons_block("E07000002", "Beta, City of", "females", 20))
        return males, females

    def assert_bad_input(self, result, out, where):
        self.assertEqual(result.returncode, 2, result.stderr)
        message = result.stderr.strip()
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertTrue(message.startswith(where), message)
        self.assertFalse(os.path.exists(out), "output written on bad input")
        self.assertEqual(sorted(f for f in os.listdir(self.tmp)
                                if f.endswith(".tmp")), [])

    # --- the real Worcestershire files --------------------------------

    def test_worcestershire_projection_is_reproduced_byte_for_byte(self):
        if not (os.path.isfile(ONS_MALES) and os.path.isfile(ONS_FEMALES)):
            self.skipTest("shared ONS data not found at %s" % SHARED_ONS)
        out = self.path("population_projection.csv")
        base = self.path("population_base.csv")
        r = self.run_tool(ONS_MALES, ONS_FEMALES, "--areas", WORCS_DISTRICTS,
                          "-o", out, "--base-year", "2022", "--base-out", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        for produced, committed in ((out, "population_projection.csv"),
                                    (base, "population_base.csv")):
            with open(produced, "rb") as f:
                got = f.read()
            with open(os.path.join(MODEL_DATA, committed), "rb") as f:
                want = f.read()
            self.assertTrue(got == want, "%s differs from %s" % (produced, committed))

    # --- small made-up inputs -----------------------------------------

    def test_tiny_conversion(self):
        males, females = self.tiny_inputs()
        out = self.path("out.csv")
        r = self.run_tool(males, females, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = self.read(out).splitlines()
        self.assertEqual(lines[0], "year,area_code,area_name,sex,age,count")
        self.assertEqual(len(lines), 1 + 2 * 2 * 2 * 91)
        self.assertEqual(lines[1], "2022,E07000001,Alpha,male,0,1.000")
        self.assertEqual(lines[91], "2022,E07000001,Alpha,male,90+,91.000")
        self.assertEqual(lines[92], "2022,E07000001,Alpha,female,0,2.000")
        self.assertEqual(lines[183], '2022,E07000002,"Beta, City of",male,0,10.000')
        self.assertEqual(lines[365], "2023,E07000001,Alpha,male,0,1.500")
        self.assertEqual(lines[-1], '2023,E07000002,"Beta, City of",female,90+,110.500')

    def test_areas_filter(self):
        males, females = self.tiny_inputs()
        out = self.path("out.csv")
        r = self.run_tool(males, females, "--areas", "E07000002", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [l.split(",") for l in self.read(out).splitlines()[1:]]
        self.assertEqual(len(rows), 2 * 2 * 91)
        self.assertEqual({row[1] for row in rows}, {"E07000002"})
        # an area that is in no input file is an error
        out2 = self.path("out2.csv")
        r = self.run_tool(males, females, "--areas", "E07000001,E09999999",
                          "-o", out2)
        self.assertEqual(r.returncode, 2)
        self.assertIn("E09999999", r.stderr)
        self.assertFalse(os.path.exists(out2))

    def test_years_filter_and_base(self):
        males, females = self.tiny_inputs()
        out, base = self.path("out.csv"), self.path("base.csv")
        r = self.run_tool(males, females, "--years", "2023-2023", "-o", out,
                          "--base-year", "2022", "--base-out", base)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual({l.split(",")[0] for l in self.read(out).splitlines()[1:]},
                         {"2023"})
        self.assertEqual({l.split(",")[0] for l in self.read(base).splitlines()[1:]},
                         {"2022"})

    def test_wrong_number_of_fields(self):
        lines = [HEADER] + ons_block("E07000001", "Alpha", "males")
        # file line 5 is lines[4] (age 3): drop its 2023 value
        lines[4] = lines[4].rsplit(",", 1)[0]
        males = self.write("m.csv", lines)
        females = self.write("f.csv", [HEADER] + ons_block("E07000001", "Alpha", "females"))
        out = self.path("out.csv")
        r = self.run_tool(males, females, "-o", out)
        self.assert_bad_input(r, out, males + ":5:")
        self.assertIn("fields", r.stderr)

    def test_ages_not_summing_to_all_ages(self):
        lines = [HEADER] + ons_block("E07000001", "Alpha", "females")
        # file line 41 is age 39, which has 40 people in 2022
        lines[40] = lines[40].replace(",40.000,", ",40.100,")
        self.assertIn(",39,40.100,", lines[40])
        females = self.write("f.csv", lines)
        males = self.write("m.csv", [HEADER] + ons_block("E07000001", "Alpha", "males"))
        out = self.path("out.csv")
        base = self.path("base.csv")
        r = self.run_tool(males, females, "-o", out, "--base-year", "2022",
                          "--base-out", base)
        # reported on the line of the All ages row (line 93)
        self.assert_bad_input(r, out, females + ":93:")
        self.assertFalse(os.path.exists(base))
        self.assertIn("All ages", r.stderr)
        self.assertIn("2022", r.stderr)

    def test_small_rounding_difference_is_accepted(self):
        lines = [HEADER] + ons_block("E07000001", "Alpha", "females")
        lines[40] = lines[40].replace(",40.000,", ",40.010,")
        females = self.write("f.csv", lines)
        males = self.write("m.csv", [HEADER] + ons_block("E07000001", "Alpha", "males"))
        out = self.path("out.csv")
        r = self.run_tool(males, females, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("\n2022,E07000001,Alpha,female,39,40.010\n", self.read(out))

    def test_bad_number_and_bad_header(self):
        lines = [HEADER] + ons_block("E07000001", "Alpha", "males")
        lines[6] = lines[6].rsplit(",", 1)[0] + ",x"  # file line 7
        males = self.write("m.csv", lines)
        out = self.path("out.csv")
        r = self.run_tool(males, "-o", out)
        self.assert_bad_input(r, out, males + ":7:")
        bad_header = self.write("h.csv", ["AREA,NAME,2022"]
                                + ons_block("E07000001", "Alpha", "males"))
        r = self.run_tool(bad_header, "-o", out)
        self.assert_bad_input(r, out, bad_header + ":1:")

    def test_persons_rows_are_checked_and_skipped(self):
        males, females = self.tiny_inputs()
        m = ons_block("E07000001", "Alpha", "males")
        f = ons_block("E07000001", "Alpha", "females", 2)
        persons = []
        for ml, fl in zip(m, f):
            mf, ff = ml.split(","), fl.split(",")
            persons.append(",".join(mf[:3] + ["persons", mf[4]] + [
                "%.3f" % (float(a) + float(b)) for a, b in zip(mf[5:], ff[5:])]))
        good = self.write("p.csv", [HEADER] + persons)
        out = self.path("out.csv")
        r = self.run_tool(males, females, good, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("persons", self.read(out))
        # persons that disagree with males + females by 1 at every age
        bad = self.write("pbad.csv", [HEADER]
                         + ons_block("E07000001", "Alpha", "persons", 4, 2))
        out2 = self.path("out2.csv")
        r = self.run_tool(males, females, bad, "-o", out2)
        self.assert_bad_input(r, out2, bad + ":2:")
        self.assertIn("persons", r.stderr)

if __name__ == "__main__":
    unittest.main()
