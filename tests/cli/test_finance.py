"""The finance officer's figures: the budget path a scenario states and the
chances and sizes of overspend against it, the MTFP bridge starting from the
year before's budget, the gross-to-net table adding up on the page, and the
pounds one percentage point more inflation adds, checked against two runs
whose inflation differs by that point."""
import re
import shutil
import tempfile
import pathlib
import unittest

from tests.cli.helpers import SCENARIOS, TempDirTestCase, run, tiny_model_copy
from tests.cli.test_report import Briefing, number

try:
    import h5py
    import numpy as np
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

TINY = (SCENARIOS / "tiny.yaml").read_text()
TINY_MONEY = (SCENARIOS / "tiny_money.yaml").read_text()
GIVEN_BUDGET = ("    older: {2024: 9500000, later: 9800000, assumption: test}\n"
                "    younger: {2024: 1100000, later: 1150000, assumption: test}\n")
PAY = "  pay_inflation: {2024: 0.05, 2025: 0.03, later: 0.02, assumption: test}\n"
CONTRACT = "  contract_inflation: {2024: 0.06, 2025: 0.04, later: 0.03, assumption: test}\n"
LABOUR = "  labour_share: {homecare: {value: 0.7, assumption: test}, residential: {value: 0.6, assumption: test}}\n"
WAGES = "  care_wage_inflation: {2024: 0.08, 2025: 0.06, later: 0.05, assumption: test}\n" + LABOUR
DEARER_WAGES = "  care_wage_inflation: {2024: 0.09, 2025: 0.07, later: 0.06, assumption: test}\n" + LABOUR


def tiny_money(folder, name, replace=(), append=""):
    """tiny_money.yaml with its text changes and the tiny scenario it extends
    inlined, written beside a copy of the tiny model."""
    if not (folder / "models" / "tiny").exists():
        tiny_model_copy(folder)
    tiny = "".join(line for line in TINY.splitlines(True) if not line.startswith("title:"))
    text = tiny.rstrip("\n") + "\n" + TINY_MONEY.replace("extends: tiny.yaml\n", "")
    for old, new in replace:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text + append)
    return path


def with_path(rule_lines):
    """The budget given for 2024 alone, then a budget_path."""
    return [(GIVEN_BUDGET, "    older: {2024: 9500000, assumption: test}\n"
                           "    younger: {2024: 1100000, assumption: test}\n" + rule_lines)]


def make_run(scenario, out, *extra):
    result = run("run", scenario, "-o", out, *extra)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return result


class FinanceTestCase(TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-finance-"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)


class BudgetPath(FinanceTestCase):
    def test_growth_rule_grows_each_line_by_its_approved_rate(self):
        scenario = tiny_money(self.tmp, "growth.yaml", with_path(
            "  budget_path: {rule: growth, growth: {older: {2025: 0.05, later: 0.02, assumption: test}, younger: {later: 0.10, assumption: test}}, "
            "assumption: test}\n"))
        make_run(scenario, self.tmp / "run.h5", "--expected")
        with h5py.File(self.tmp / "run.h5") as f:
            budget = f["/summary/budget"][0]  # mean: year × line
            self.assertEqual(f.attrs["budget_path"], "growth")
            self.assertEqual(f.attrs["budget_path_after"], 2024)
        older = [9500000 * 1.05 * 1.02 ** k for k in range(4)]
        younger = [1100000 * 1.10 ** (k + 1) for k in range(4)]
        self.assertAlmostEqual(budget[0, 0], 9500000)
        for k in range(4):
            self.assertAlmostEqual(budget[k + 1, 0], older[k], delta=1e-6)
            self.assertAlmostEqual(budget[k + 1, 1], younger[k], delta=1e-6)

    def test_flat_rule_and_a_later_equal_to_the_last_year_are_both_said_to_be_flat(self):
        flat = tiny_money(self.tmp, "flat.yaml", with_path("  budget_path: {rule: flat, assumption: test}\n"))
        written = tiny_money(self.tmp, "written.yaml", [(GIVEN_BUDGET, GIVEN_BUDGET.replace("9800000", "9500000")
                                                                     .replace("1150000", "1100000"))])
        for scenario in (flat, written):
            out = self.tmp / (scenario.stem + ".h5")
            make_run(scenario, out, "--expected")
            with h5py.File(out) as f:
                self.assertEqual(f.attrs["budget_path"], "flat")
                budget = f["/summary/budget"][0]
            self.assertTrue((budget[:, 0] == 9500000).all() and (budget[:, 1] == 1100000).all())
            briefing = self.tmp / (scenario.stem + ".html")
            self.assertEqual(run("report", out, "-o", briefing).returncode, 0)
            self.assertIn("Budgets after 2024/25 are held flat in cash", Briefing(briefing.read_text()).section_text["headline"])

    def test_inflation_rule_is_one_path_at_the_mean_rates(self):
        # Uncertain later rates, against the same scenario with those rates
        # fixed at their means: the budget paths must agree, and be the same
        # in every replicate of the uncertain run.
        rule = "  budget_path: {rule: pay_and_contract_inflation, assumption: test}\n"
        uncertain = [(PAY, "  pay_inflation: {2024: 0.05, 2025: 0.03, later: {distribution: triangular, min: 0.01, "
                           "mode: 0.02, max: 0.06}, assumption: test}\n"),
                     (CONTRACT, "  contract_inflation: {2024: 0.06, 2025: 0.04, later: {distribution: uniform, "
                                "min: 0.02, max: 0.05}, assumption: test}\n")]
        at_means = [(PAY, "  pay_inflation: {2024: 0.05, 2025: 0.03, later: 0.03, assumption: test}\n"),
                    (CONTRACT, "  contract_inflation: {2024: 0.06, 2025: 0.04, later: 0.035, assumption: test}\n")]
        make_run(tiny_money(self.tmp, "uncertain.yaml", with_path(rule) + uncertain), self.tmp / "uncertain.h5",
                 "--replicates", "6")
        make_run(tiny_money(self.tmp, "means.yaml", with_path(rule) + at_means), self.tmp / "means.h5", "--expected")
        with h5py.File(self.tmp / "uncertain.h5") as f, h5py.File(self.tmp / "means.h5") as g:
            drawn = f["/replicates/budget"][()]
            fixed = g["/summary/budget"][0]
            self.assertEqual(f.attrs["budget_path"], "pay_and_contract_inflation")
        self.assertTrue((drawn == drawn[0]).all(), "one budget path for every replicate")
        np.testing.assert_allclose(drawn[0], fixed, rtol=1e-12)
        growth = fixed[1:] / fixed[:-1] - 1
        # Each line's spending is part pay-, part contract-indexed, part cash:
        # its budget grows by no more than the faster index.
        self.assertTrue((growth > 0).all() and (growth[1:] <= 0.035 + 1e-12).all(), growth)

    def test_inflation_rule_follows_the_one_rate_that_moves_everything(self):
        # Every cost moved by pay or contract prices (no cash costs, no
        # care-wage share) and both rates equal: each line's own mix, whatever
        # it is, grows by exactly that rate.
        equal = [("short_term: none", "short_term: contract"),
                 ("amount: -300000, index: none", "amount: -300000, index: pay"),
                 ("amount: 50000, index: none", "amount: 50000, index: contract"),
                 (PAY, "  pay_inflation: {2024: 0.05, 2025: 0.03, later: 0.025, assumption: test}\n"),
                 (CONTRACT, "  contract_inflation: {2024: 0.06, 2025: 0.03, later: 0.025, assumption: test}\n")]
        rule = "  budget_path: {rule: pay_and_contract_inflation, assumption: test}\n"
        make_run(tiny_money(self.tmp, "equal.yaml", with_path(rule) + equal), self.tmp / "equal.h5", "--expected")
        with h5py.File(self.tmp / "equal.h5") as f:
            budget = f["/summary/budget"][0]
        growth = budget[1:] / budget[:-1] - 1
        np.testing.assert_allclose(growth[0], [0.03, 0.03], rtol=1e-12)
        np.testing.assert_allclose(growth[1:], 0.025, rtol=1e-12)
        # Rates apart: each line grows between them, by its own mix.
        apart = equal[:3] + [(PAY, "  pay_inflation: {2024: 0.05, 2025: 0.01, later: 0.01, assumption: test}\n"),
                             (CONTRACT, "  contract_inflation: {2024: 0.06, 2025: 0.05, later: 0.05, assumption: test}\n")]
        make_run(tiny_money(self.tmp, "apart.yaml", with_path(rule) + apart), self.tmp / "apart.h5", "--expected")
        with h5py.File(self.tmp / "apart.h5") as f:
            budget = f["/summary/budget"][0]
        growth = budget[1:] / budget[:-1] - 1
        self.assertTrue(((growth > 0.01) & (growth < 0.05)).all(), growth)
        self.assertGreater(abs(growth[0, 0] - growth[0, 1]), 0.001, "the lines' mixes differ")

    def test_chances_and_sizes_of_overspend_are_against_the_path(self):
        scenario = tiny_money(self.tmp, "path.yaml", with_path(
            "  budget_path: {rule: pay_and_contract_inflation, assumption: test}\n"))
        out = self.tmp / "path.h5"
        make_run(scenario, out, "--replicates", "8")
        with h5py.File(out) as f:
            net = f["/replicates/net_spend"][()]
            budget = f["/replicates/budget"][()]
            np.testing.assert_allclose(f["/replicates/overspend"][()], np.maximum(net - budget, 0), rtol=1e-12)
        briefing_path = self.tmp / "path.html"
        self.assertEqual(run("report", out, "-o", briefing_path).returncode, 0)
        briefing = Briefing(briefing_path.read_text())
        self.assertIn("Budgets after 2024/25 grow each year by pay and contract inflation at the assumed rates",
                      briefing.section_text["headline"])
        total = briefing.table("Net spend, all budget lines")
        self.assertEqual(total[0][-2:], ["P(overspend)", "Expected overspend"])
        lines = briefing.table("Chance of an overspend and its expected size")
        for y, (row, total_row) in enumerate(zip(lines[1:], total[1:])):
            whole = np.maximum(net[:, y].sum(axis=1) - budget[:, y].sum(axis=1), 0).mean()
            self.assertAlmostEqual(number(total_row[-1]), whole / 1e6, delta=0.05 + 1e-9)
            self.assertAlmostEqual(number(row[-1]), whole / 1e6, delta=0.05 + 1e-9)
            for line in range(2):
                over = np.maximum(net[:, y, line] - budget[:, y, line], 0).mean()
                self.assertAlmostEqual(number(row[2 + 2 * line]), over / 1e6, delta=0.05 + 1e-9)
                self.assertAlmostEqual(number(row[1 + 2 * line]) / 100, (net[:, y, line] > budget[:, y, line]).mean(),
                                       delta=0.005 + 1e-9)
        per_line = briefing.table("Net spend by budget line (£m, cash)")
        self.assertEqual(len(per_line), 1 + 5, "every year")
        for y, row in enumerate(per_line[1:]):
            for line in range(2):
                self.assertAlmostEqual(number(row[1 + 2 * line]), net[:, y, line].mean() / 1e6, delta=0.05 + 1e-9)
                low, high = (number(v) for v in row[2 + 2 * line].split(" to "))
                self.assertAlmostEqual(low, np.percentile(net[:, y, line], 5) / 1e6, delta=0.05 + 1e-9)
                self.assertAlmostEqual(high, np.percentile(net[:, y, line], 95) / 1e6, delta=0.05 + 1e-9)

    def test_terminal_headline_gives_the_mean_overspend_within_80_columns(self):
        scenario = tiny_money(self.tmp, "path.yaml", with_path(
            "  budget_path: {rule: pay_and_contract_inflation, assumption: test}\n"))
        result = make_run(scenario, self.tmp / "run.h5", "--replicates", "4")
        money = result.stdout.split("net spend, all budget lines")[1]
        self.assertIn("mean overspend", money)
        self.assertIn("Budgets after 2024/25 grow each year by pay and contract inflation", " ".join(money.split()))
        for line in result.stdout.splitlines():
            self.assertLessEqual(len(line), 80, line)


class Bridge(FinanceTestCase):
    def test_later_years_start_from_the_year_befores_budget(self):
        scenario = tiny_money(self.tmp, "path.yaml", with_path(
            "  budget_path: {rule: pay_and_contract_inflation, assumption: test}\n"))
        out = self.tmp / "run.h5"
        make_run(scenario, out, "--replicates", "4")
        with h5py.File(out) as f:
            bridge = f["/replicates/mtfp_bridge"][()]  # replicate × year × line × component
            components = [c.decode() for c in f["bridge_component"][()]]
            budget = f["/replicates/budget"][()]
            net = f["/replicates/net_spend"][()]
        part = {c: bridge[..., k] for k, c in enumerate(components)}
        np.testing.assert_allclose(part["base"][:, 1:], budget[:, :-1], rtol=1e-12)
        np.testing.assert_allclose(part["pressure"][:, 1:], net[:, :-1] - budget[:, :-1], rtol=1e-9, atol=1e-6)
        self.assertTrue((part["pressure"][:, 0] == 0).all() and (part["rebase"][:, 1:] == 0).all())
        summed = sum(part[c] for c in components if c != "net")
        np.testing.assert_allclose(summed, part["net"], rtol=1e-9)
        np.testing.assert_allclose(part["net"], net, rtol=1e-12)


class GrossToNet(FinanceTestCase):
    def check_rows_add_up(self, scenario):
        out = self.tmp / "run.h5"
        make_run(scenario, out, "--replicates", "4")
        briefing = self.tmp / "briefing.html"
        self.assertEqual(run("report", out, "-o", briefing).returncode, 0)
        rows = Briefing(briefing.read_text()).table("From gross spending to net spend")
        header = rows[0]
        self.assertIn("Savings delivered", header)
        column = {name: k for k, name in enumerate(header)}
        parts = header[header.index("Net on care packages"):header.index("Net spend")]
        saw_savings = False
        for row in rows[1:]:
            cells = [number(c) for c in row[1:]]
            value = {name: cells[k - 1] for name, k in column.items() if k > 0}
            # Each cell is rounded to £0.1m: a sum of n cells is within 0.05 n.
            self.assertAlmostEqual(value["Gross on care packages"] + value["Client income"],
                                   value["Net on care packages"], delta=0.05 * 3 + 1e-9)
            self.assertAlmostEqual(sum(value[p] for p in parts), value["Net spend"], delta=0.05 * (len(parts) + 1) + 1e-9)
            saw_savings |= value["Savings delivered"] < 0
        self.assertTrue(saw_savings, "the sure saving is in the table")
        return header

    def test_every_row_adds_up(self):
        header = self.check_rows_add_up(SCENARIOS / "tiny_money.yaml")
        self.assertNotIn("Unreconciled, carried", header)

    def test_every_row_adds_up_with_the_unreconciled_amount_carried(self):
        header = self.check_rows_add_up(SCENARIOS / "tiny_reconciled.yaml")
        self.assertIn("Unreconciled, carried", header)


class InflationPoint(FinanceTestCase):
    """The figure against an independent calculation: the difference between
    two expected runs whose inflation differs by exactly one point."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        folder = cls.folder
        cls.base = cls.expected(tiny_money(folder, "base.yaml"), "base.h5")
        cls.pay_every_year = cls.expected(tiny_money(folder, "pay.yaml", [(
            PAY, "  pay_inflation: {2024: 0.06, 2025: 0.04, later: 0.03, assumption: test}\n")]), "pay.h5")
        cls.contract_2026 = cls.expected(tiny_money(folder, "contract.yaml", [(
            CONTRACT, "  contract_inflation: {2024: 0.06, 2025: 0.04, 2026: 0.04, later: 0.03, assumption: test}\n")]),
            "contract.h5")
        cls.wages = cls.expected(tiny_money(folder, "wages.yaml", [(CONTRACT, CONTRACT + WAGES)]), "wages.h5")
        cls.dearer_wages = cls.expected(tiny_money(folder, "dearer-wages.yaml", [(CONTRACT, CONTRACT + DEARER_WAGES)]),
                                        "dearer-wages.h5")

    @classmethod
    def expected(cls, scenario, name):
        make_run(scenario, cls.folder / name, "--expected")
        with h5py.File(cls.folder / name) as f:
            changes = [c.decode() for c in f["inflation_change"][()]]
            return f["/summary/net_spend"][0], {c: f["/summary/spend_per_inflation_point"][0][..., k]
                                               for k, c in enumerate(changes)}

    def test_a_point_more_pay_inflation_every_year(self):
        base, figure = self.base
        dearer, _ = self.pay_every_year
        # Unit costs are in 2024/25 prices: 2024/25's rate moves only the year before.
        self.assertTrue((figure["pay_from_first_year"][0] == 0).all())
        self.assertTrue((figure["pay_from_first_year"][1:] > 0).all())
        np.testing.assert_allclose(dearer - base, figure["pay_from_first_year"], rtol=1e-9, atol=1e-4)

    def test_a_point_more_contract_inflation_in_one_year(self):
        base, figure = self.base
        dearer, _ = self.contract_2026
        difference = dearer - base
        self.assertTrue((difference[:2] == 0).all())
        np.testing.assert_allclose(difference[2], figure["contract_in_year"][2], rtol=1e-9, atol=1e-4)
        self.assertTrue((figure["contract_in_year"][2] > 0).all())

    def test_a_point_more_care_wage_inflation_every_year(self):
        base, figure = self.wages
        dearer, _ = self.dearer_wages
        self.assertTrue((figure["care_wage_from_first_year"][1:] > 0).all())
        np.testing.assert_allclose(dearer - base, figure["care_wage_from_first_year"], rtol=1e-9, atol=1e-4)
        # Contract prices now move only the share of homecare and residential fees that is not care staff pay.
        _, without_wages = self.base
        self.assertTrue((figure["contract_in_year"][1:].sum(axis=1) < without_wages["contract_in_year"][1:].sum(axis=1)).all())
        self.assertTrue((without_wages["care_wage_in_year"] == 0).all())
        briefing = self.tmp / "wages.html"
        self.assertEqual(run("report", self.folder / "wages.h5", "-o", briefing).returncode, 0)
        rows = Briefing(briefing.read_text()).table("Net spend that 1 percentage point more inflation adds")
        self.assertEqual(rows[0][5:], ["Care wages: that year alone", "Care wages: every year from 2024/25"])
        for y, row in enumerate(rows[1:]):
            self.assertAlmostEqual(number(row[6]), figure["care_wage_from_first_year"][y].sum() / 1e6, delta=0.005 + 1e-9)

    def test_the_briefing_and_workbook_show_it(self):
        out = self.folder / "base.h5"
        briefing = self.tmp / "briefing.html"
        self.assertEqual(run("report", out, "-o", briefing).returncode, 0)
        rows = Briefing(briefing.read_text()).table("Net spend that 1 percentage point more inflation adds")
        _, figure = self.base
        self.assertEqual(rows[0][1:], ["Pay: that year alone", "Pay: every year from 2024/25", "Contract: that year alone",
                                       "Contract: every year from 2024/25"])
        for y, row in enumerate(rows[1:]):
            for cell, change in zip(row[1:], ("pay_in_year", "pay_from_first_year", "contract_in_year",
                                              "contract_from_first_year")):
                self.assertAlmostEqual(number(cell), figure[change][y].sum() / 1e6, delta=0.005 + 1e-9)
        try:
            import openpyxl
        except ImportError:  # pragma: no cover
            self.skipTest("openpyxl missing")
        workbook = self.tmp / "run.xlsx"
        self.assertEqual(run("export", out, "--xlsx", workbook).returncode, 0)
        sheet = openpyxl.load_workbook(workbook)["Inflation sensitivity"]
        values = list(sheet.values)
        self.assertEqual(len(values) - 1, 5 * 2 * 6)
        self.assertAlmostEqual(sum(v[-1] for v in values[1:]), sum(f.sum() for f in figure.values()), delta=1e-3)
        spend = list(openpyxl.load_workbook(workbook)["Net spend"].values)
        self.assertIn("Expected overspend (£)", spend[0])


if __name__ == "__main__":
    unittest.main()
