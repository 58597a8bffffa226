"""`carecast report`: the briefing of a small run is one self-contained HTML
file with every section, well-formed SVG charts, and figures that agree with
the run file; it renders in a headless Chromium."""
import html.parser
import os
import pathlib
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zlib

from tests.cli.helpers import TempDirTestCase, run, tiny_model_copy
from tests.cli import run_files

try:
    import h5py
    import numpy as np
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

SECTIONS = ["front", "headline", "bridge", "spend", "bed-nights", "homecare", "capacity", "sufficiency", "assumptions",
            "glossary"]


class Briefing(html.parser.HTMLParser):
    """The parts of a briefing the tests look at: section ids, tables with
    their captions and cell texts, and the text of each section."""

    def __init__(self, text):
        super().__init__()
        self.sections, self.tables, self.section_text = [], [], {}
        self._table = self._row = self._cell = None
        self._in_caption = False
        self._caption = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("section", "header") and "id" in attrs:
            self.sections.append(attrs["id"])
            self.section_text[attrs["id"]] = ""
        elif tag == "table":
            self._table = {"caption": "", "rows": [], "class": attrs.get("class", ""), "totals": [],
                           "section": self.sections[-1] if self.sections else None}
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
            if attrs.get("class") == "total":
                self._table["totals"].append(len(self._table["rows"]))
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.tables.append(self._table)
        elif tag == "caption":
            self._in_caption = False
        elif tag == "tr":
            self._table["rows"].append(self._row)
        elif tag in ("td", "th"):
            self._row.append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self.sections:
            self.section_text[self.sections[-1]] += data
        if self._in_caption:
            self._table["caption"] += data
        elif self._cell is not None:
            self._cell += data

    def table(self, caption_start="", css_class=None):
        found = [t for t in self.tables
                 if t["caption"].startswith(caption_start) and (css_class is None or t["class"] == css_class)]
        if len(found) != 1:
            raise AssertionError(f"{len(found)} tables captioned {caption_start!r}")
        return found[0]["rows"]


def number(cell):
    return float(cell.replace(",", "").replace("%", ""))


def svgs(text):
    return re.findall(r"<svg\b.*?</svg>", text, flags=re.S)


class ReportTestCase(TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-report-"))
        cls.run_file = run_files.make_run(cls.folder)
        cls.dearer = run_files.make_run(cls.folder, "tiny_money_dearer.yaml", "dearer.h5")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def report(self, *arguments, expect=0):
        out = self.tmp / "briefing.html"
        result = run("report", *arguments, "-o", out)
        self.assertEqual(result.returncode, expect, result.stderr)
        return out.read_text(encoding="utf-8") if expect == 0 else result


class ReportContents(ReportTestCase):
    def test_every_section_is_there_and_nothing_is_fetched(self):
        text = self.report(self.run_file)
        briefing = Briefing(text)
        self.assertEqual(briefing.sections, SECTIONS)
        for forbidden in ("<script", "<link", "<img", "@import", "url(", "<iframe", "https:"):
            self.assertNotIn(forbidden, text)
        self.assertEqual(re.findall(r"http://[^\"]*", text), ["http://www.w3.org/2000/svg"] * len(svgs(text)))
        self.assertIn("@page", text)
        self.assertIn("@media print", text)

    def test_charts_are_well_formed_svg(self):
        text = self.report(self.run_file)
        charts = svgs(text)
        # Headline fan, one per budget line (2), bridge waterfall, setting and
        # line stacks, bed nights per setting with beds, homecare lines.
        self.assertGreaterEqual(len(charts), 8)
        for chart in charts:
            root = ET.fromstring(chart)
            self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
            self.assertTrue(root.find("{http://www.w3.org/2000/svg}title").text)
            self.assertRegex(root.get("viewBox"), r"^0 0 \d+ \d+$")

    def test_front_page_traces_the_numbers_back(self):
        briefing = Briefing(self.report(self.run_file))
        with h5py.File(self.run_file) as f:
            provenance = {row[0]: row[1] for row in briefing.table(css_class="provenance")[1:]}
            self.assertEqual(provenance["Scenario"], f.attrs["title"])
            self.assertEqual(provenance["Seed"], str(f.attrs["seed"]))
            self.assertEqual(provenance["Replicates"], str(f.attrs["replicates"]))
            self.assertEqual(provenance["Created (UTC)"], f.attrs["created_utc"])
            self.assertEqual(provenance["Git revision"], f.attrs["git_revision"])
            self.assertEqual(provenance["Model"], f"{f.attrs['model_name']} {f.attrs['model_version']}")
            self.assertEqual(provenance["Years"], "2024/25 to 2028/29")

    def test_headline_bands_are_percentiles_of_the_total_per_replicate(self):
        briefing = Briefing(self.report(self.run_file))
        rows = briefing.table("Net spend, all budget lines")
        self.assertEqual(rows[0], ["Year", "Budget", "Mean", "p5", "p25", "p50", "p75", "p95", "P(overspend)",
                                   "Expected overspend"])
        with h5py.File(self.run_file) as f:
            net = f["/replicates/net_spend"][()].sum(axis=2)  # replicate × year, lines summed per replicate
            budget = f["/replicates/budget"][()].sum(axis=2)
        for y, row in enumerate(rows[1:]):
            self.assertEqual(row[0], f"{2024 + y}/{(25 + y) % 100:02}")
            expected = [budget[0, y], sum(net[:, y]) / net.shape[0]]
            expected += [np.percentile(net[:, y], q) for q in (5, 25, 50, 75, 95)]
            for cell, value in zip(row[1:8], expected):
                self.assertAlmostEqual(number(cell), value / 1e6, delta=0.05 + 1e-9)  # £m to one decimal
            self.assertAlmostEqual(number(row[8]) / 100, (net[:, y] > budget[:, y]).mean(), delta=0.005 + 1e-9)

    def test_bridge_table_is_the_councils_layout_in_thousands(self):
        briefing = Briefing(self.report(self.run_file))
        rows = briefing.table("2024/25 (£000)")
        self.assertEqual(rows[0], ["Budget line", "Revised base budget", "Pressure: modelled spend above budget",
                                   "Pay inflation", "Contract inflation", "Growth (demand)", "Rebase",
                                   "Savings and policy", "Modelled net spend"])
        self.assertEqual([row[0] for row in rows[1:]], ["Older", "Younger", "Total"])
        with h5py.File(self.run_file) as f:
            bridge = f["/summary/mtfp_bridge"][0, 0]  # mean, first year: line × component
            components = [c.decode() for c in f["bridge_component"][()]]
        order = ["base", "pressure", "pay_inflation", "contract_inflation", "demand_growth", "rebase",
                 "policy_and_savings", "net"]
        for line, row in enumerate(rows[1:3]):
            for cell, component in zip(row[1:], order):
                self.assertAlmostEqual(number(cell), bridge[line, components.index(component)] / 1e3, delta=0.5 + 1e-9)
        total_net = bridge[:, components.index("net")].sum()
        self.assertAlmostEqual(number(rows[3][8]), total_net / 1e3, delta=0.5 + 1e-9)
        # The failed saving on the younger line is never delivered; the sure one starts in 2025.
        self.assertEqual(len(briefing.table("2026/27 (£000)")), 4)
        self.assertNotIn("2027/28 (£000)", [t["caption"] for t in briefing.tables])

    def test_bed_nights_table_has_table_16s_shape(self):
        briefing = Briefing(self.report(self.run_file))
        rows = briefing.table("Residential: bed nights")
        self.assertEqual(rows[0], ["Year", "Bromsgrove", "Redditch", "In county", "Out of county", "Total"])
        with h5py.File(self.run_file) as f:
            settings = [s.decode() for s in f["setting"][()]]
            nights = f["/summary/bed_nights"][0][:, settings.index("residential")]  # year × district × placement
        for y, row in enumerate(rows[1:]):
            expected = [nights[y, 0, 0], nights[y, 1, 0], nights[y, :, 0].sum(), nights[y, :, 1].sum(), nights[y].sum()]
            for cell, value in zip(row[1:], expected):
                self.assertAlmostEqual(number(cell), value, delta=0.5 + 1e-6)

    def test_assumptions_not_yet_recorded_are_said_to_be_absent(self):
        older = run_files.without_uncertainty_analysis(self.run_file, self.tmp / "format-1.0.h5")
        briefing = Briefing(self.report(older))
        text = briefing.section_text["assumptions"]
        self.assertIn("not recorded in this run file", text)
        self.assertIn("The sensitivity ranking of the assumptions: not recorded in this run file.", text)
        self.assertIn("Assumptions drawn afresh in each replicate: not recorded in this run file.", text)
        rows = briefing.table("Assumptions as written in the scenario")
        listed = {row[-1]: row for row in rows[1:]}
        self.assertEqual(listed["money.pay_inflation.2024"], ["Pay inflation, 2024/25", "0.05", "Assumption: test",
                                                              "money.pay_inflation.2024"])
        # Listed items are numbered from 0, as the run file's keys are, and labelled by what they are for.
        self.assertEqual(listed["money.unit_costs[2]"][:2], ["Unit costs: Homecare, Redditch",
                                                              "setting: homecare, district: Redditch, hourly: 22"])
        self.assertEqual(listed["money.income_share.older"][:2], ["Income share, Older People", "0.3"])

    def test_recorded_assumptions_and_the_tornado(self):
        analysed = run_files.with_uncertainty_analysis(self.run_file, self.tmp / "analysed.h5")
        text = self.report(analysed)
        briefing = Briefing(text)
        section = briefing.section_text["assumptions"]
        self.assertNotIn("not recorded", section)
        rows = briefing.table("Assumptions of the scenario")
        self.assertEqual(rows[0], ["Assumption", "Value", "Source", "Where", "Key"])
        self.assertEqual(len(rows), 1 + len(run_files.SCENARIO_ROWS))
        # Plain labels from the keys; the scenario file's name without its folder.
        self.assertEqual(rows[1], ["Start year", "2024", "", "tiny.yaml:4", "start_year"])
        self.assertEqual(rows[2][0], "Pay inflation, 2025/26")
        self.assertEqual(rows[2][2], 'Assumption: "test" pay award, 2025')
        self.assertEqual(rows[3], ["Demand growth", "triangular(0, 0.01, 0.03)", "Source: <test> & demand",
                                   "tiny_money.yaml:30", "care.demand_growth"])
        drawn = briefing.table("Uncertain assumptions")
        self.assertEqual(drawn[0], ["Assumption", "Drawn from", "Where", "Mean", "5th percentile", "95th percentile",
                                    "Key"])
        labels = ["Pay inflation, 2025/26", "Demand growth", "Contract inflation, later years"]
        with h5py.File(analysed) as f:
            summary = f["/summary/assumptions"][()]
        for a, row in enumerate(drawn[1:]):
            self.assertEqual(row[:3], [labels[a], run_files.DISTRIBUTIONS[a], run_files.SCENARIO_ROWS[a + 1][4]])
            self.assertEqual(row[3:6], [f"{summary[k, a]:.4g}" for k in (0, 1, 3)])
            self.assertEqual(row[6], run_files.ASSUMPTIONS[a])
        tornado = [chart for chart in svgs(text) if "What drives the uncertainty" in chart]
        self.assertEqual(len(tornado), 1)
        ET.fromstring(tornado[0])
        order = [tornado[0].index(label) for label in ("Demand growth", "Pay inflation, 2025/26",
                                                      "Contract inflation, later years")]
        self.assertEqual(order, sorted(order))
        self.assertIn("50% (-0.60)", tornado[0])
        self.assertIn("20% (+0.30)", tornado[0])
        final = briefing.table("Total net spend, 2028/29")
        self.assertEqual(final[1], ["Demand growth", "triangular(min 0, mode 0.01, max 0.03)", "50.0%", "-0.60"])
        self.assertIn("R² 83%", [t["caption"] for t in briefing.tables if t["caption"].startswith("Total net spend, 2026/27")][0])

    def test_a_run_without_money_says_so(self):
        plain = run_files.make_run(self.tmp, "tiny.yaml", "plain.h5")
        briefing = Briefing(self.report(plain))
        self.assertEqual(briefing.sections, SECTIONS)
        for section in ("headline", "bridge", "spend"):
            self.assertIn("not recorded in this run file", briefing.section_text[section])
        self.assertTrue(briefing.table("Residential: bed nights"))


    def test_an_expected_run_says_it_has_no_uncertainty_instead_of_showing_empty_ranges(self):
        path = run_files.make_run(self.tmp, "tiny_money.yaml", "expected.h5", "--expected")
        briefing = Briefing(self.report(path))
        front = briefing.section_text["front"]
        self.assertIn("This run is in the expected mode", front)
        self.assertNotIn("Monte Carlo simulation: the model is run many times", front)
        key = briefing.table(css_class="key-figures")
        labels = [row[0] for row in key]
        self.assertIn("Net spend (expected)", labels)
        self.assertNotIn("90% range", labels)
        self.assertNotIn("Chance of an overspend", labels)
        headline = briefing.section_text["headline"]
        self.assertIn("gives no range and no chance of an overspend", headline)
        self.assertNotIn("90% range", headline.split("This run is in the expected mode")[0])
        # One path: its tables hold no percentiles, ranges or chances, which would all be the same figure or 0%/100%.
        tables = [t for t in briefing.tables if t["section"] == "headline"]
        self.assertGreaterEqual(len(tables), 3)
        for table in tables:
            self.assertFalse({"p5", "p95", "90% range", "P(overspend)", "All lines"} & set(table["rows"][0][:-1]),
                             table["caption"])
            self.assertFalse([cell for row in table["rows"][1:] for cell in row if cell.endswith("%")], table["caption"])
        total = briefing.table("Net spend, all budget lines")
        self.assertEqual(total[0], ["Year", "Budget", "Net spend", "Overspend"])
        for row in total[1:]:
            self.assertAlmostEqual(number(row[3]), max(number(row[2]) - number(row[1]), 0), delta=0.1 + 1e-9)
        monte_carlo = Briefing(self.report(self.run_file, "--force"))
        self.assertIn("Chance of an overspend", [row[0] for row in monte_carlo.table(css_class="key-figures")])

    def test_capacity_in_force_is_shown_where_the_scenario_changes_it(self):
        unchanged = Briefing(self.report(self.run_file))
        self.assertIn("Capacity stays at the model's figures", unchanged.section_text["capacity"])
        changed = Briefing(self.report(run_files.make_run(self.tmp, "tiny_capacity.yaml", "capacity.h5"), "--force"))
        rows = changed.table("Capacity in force")[1:]  # after the header
        self.assertEqual([row[0] for row in rows], ["2024/25", "2025/26", "2026/27", "2027/28", "2028/29"])
        # Homecare 800 + 500 hours a week, 10% fewer each year; supported
        # living 10 + 14 places, 6 more from 2026/27.
        self.assertEqual([number(row[1]) for row in rows], [round(1300 * 0.9 ** (k + 1)) for k in range(5)])
        self.assertEqual([number(row[3]) for row in rows], [24, 24, 30, 30, 30])


    def test_the_base_years_unreconciled_amount_is_shown_by_line(self):
        plain = Briefing(self.report(self.run_file))
        self.assertFalse([t for t in plain.tables if t["caption"].startswith("The base year reconciled")])
        path = run_files.make_run(self.tmp, "tiny_reconciled.yaml", "reconciled.h5")
        briefing = Briefing(self.report(path, "--force"))
        rows = briefing.table("The base year reconciled")
        self.assertEqual(rows[0], ["Budget line", "Unreconciled (£000)", "Share of the line's budget"])
        with h5py.File(path) as f:
            unreconciled = f["/summary/unreconciled"][0, 0]  # mean, first year, by line
            budget = f["/summary/budget"][0, 0]
        self.assertEqual([row[0] for row in rows[1:]], ["Older", "Younger"])
        for line, row in enumerate(rows[1:]):
            self.assertAlmostEqual(number(row[1]), unreconciled[line] / 1e3, delta=0.5 + 1e-9)
            self.assertAlmostEqual(number(row[2]), 100 * unreconciled[line] / budget[line], delta=0.5 + 1e-9)
        gross_to_net = briefing.table("From gross spending to net spend")
        column = gross_to_net[0].index("Unreconciled, carried")
        self.assertAlmostEqual(number(gross_to_net[1][column]), unreconciled.sum() / 1e6, delta=0.05 + 1e-9)

    def test_unmet_homecare_bought_at_a_premium_is_shown_with_its_cost(self):
        path = run_files.make_run(self.tmp, "tiny_market.yaml", "market.h5")
        briefing = Briefing(self.report(path, "--force"))
        rows = briefing.table("Homecare hours the workforce could not supply")
        with h5py.File(path) as f:
            hours = f["/summary/unmet_homecare_hours"][0].sum(axis=1)  # mean, by year
            premium = f["/summary/homecare_premium_spend"][0].sum(axis=(1, 2))
        self.assertEqual(len(rows) - 1, len(hours))
        for year, row in enumerate(rows[1:]):
            self.assertAlmostEqual(number(row[1]), hours[year], delta=0.5 + 1e-9)
            self.assertAlmostEqual(number(row[2].replace("£", "").replace("m", "")), premium[year] / 1e6, delta=0.005 + 1e-9)


def assert_tables_add_up(test, tables):
    """Every table that claims to add up does, within the rounding of its
    cells: a "Total" column is the sum of the row's other numbers, an "In
    county" column (the Market Position Statement's layout) the sum of the
    district columns before it and a part of the total in their place, and
    a total row is the sum of the rows since the last total row."""
    checked = 0
    for table in tables:
        header, rows = table["rows"][0], table["rows"][1:]
        numeric = [k for k, cell in enumerate(header) if k > 0 and cell not in ("District", "Setting", "Year")]
        subtotal = header.index("In county") if "In county" in header else None
        if header[-1] == "Total":
            for row in rows:
                columns = numeric[:-1]
                if subtotal is not None:
                    districts = [k for k in columns if k < subtotal]
                    test.assertAlmostEqual(number(row[subtotal]), sum(number(row[k]) for k in districts),
                                           delta=0.5 * (len(districts) + 1) + 1e-9, msg=f"{table['caption']}: {row}")
                    columns = [k for k in columns if k >= subtotal]
                parts = [number(row[k]) for k in columns]
                test.assertAlmostEqual(number(row[-1]), sum(parts), delta=0.5 * (len(parts) + 1) + 1e-9,
                                       msg=f"{table['caption']}: {row}")
                checked += 1
        start = 0
        for total in table["totals"]:
            row = total - 1  # the header row is row 0 of the parsed table
            for k in numeric:
                parts = [number(r[k]) for r in rows[start:row]]
                test.assertAlmostEqual(number(rows[row][k]), sum(parts), delta=0.5 * (len(parts) + 1) + 1e-9,
                                       msg=f"{table['caption']}: column {header[k]}, {rows[row]}")
                checked += 1
            start = row + 1
    return checked


class ReportMarket(TempDirTestCase):
    """The commissioner's tables on a run whose market is short: people
    waiting are counted and the homecare workforce is limited."""

    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-report-market-"))
        cls.path = run_files.make_run(cls.folder, "tiny_market.yaml", "market.h5")
        out = cls.folder / "briefing.html"
        result = run("report", cls.path, "-o", out)
        if result.returncode != 0:
            raise AssertionError(result.stderr)
        cls.briefing = Briefing(out.read_text(encoding="utf-8"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_every_table_of_the_sufficiency_section_adds_up(self):
        tables = [t for t in self.briefing.tables if t["section"] == "sufficiency"]
        self.assertGreaterEqual(len(tables), 4)  # two tables per setting with beds, two for homecare
        self.assertGreater(sum(len(t["totals"]) for t in tables), 0)
        self.assertGreaterEqual(assert_tables_add_up(self, tables), 20)

    def test_every_table_of_the_briefing_that_claims_to_add_up_does(self):
        claims = [t for t in self.briefing.tables if t["totals"] or t["rows"][0][-1:] == ["Total"]]
        sections = {t["section"] for t in claims}
        # The bridge, spend, bed nights, homecare, capacity, sufficiency and market sections each have one.
        self.assertLessEqual({"bridge", "spend", "bed-nights", "homecare", "capacity", "sufficiency"}, sections)
        self.assertGreaterEqual(assert_tables_add_up(self, claims), 100)

    def test_places_short_is_each_replicates_shortfall_averaged(self):
        with h5py.File(self.path) as f:
            settings = [s.decode() for s in f["setting"][()]]
            districts = [d.decode() for d in f["district"][()]]
            s = settings.index("supported_living")
            places = f["/replicates/capacity"][()][:, -1, s, :]
            occupied = f["/replicates/occupied_places"][()][:, -1, s, :]
            waiting = f["/replicates/people_waiting"][()][:, -1, s, :, :].sum(axis=1)
        short = np.where(places > 0, np.maximum(occupied + waiting - places, 0), 0).mean(axis=0)
        self.assertGreater(short.sum(), 0.5, "the tiny market's supported living is short")
        rows = self.briefing.table("Supported living: places, occupied, waiting and short")
        header = rows[0]
        last_year = [row for row in rows[1:] if row[0] == "2027/28"]
        self.assertEqual([row[1] for row in last_year], districts + ["County"])
        for d, row in enumerate(last_year[:-1]):
            self.assertAlmostEqual(number(row[header.index("Places short")]), short[d], delta=0.5 + 1e-9)
            self.assertAlmostEqual(number(row[header.index("Occupied")]), occupied[:, d].mean(), delta=0.5 + 1e-9)
            self.assertAlmostEqual(number(row[header.index("Waiting")]), waiting[:, d].mean(), delta=0.5 + 1e-9)

    def test_homecare_capacity_and_sufficiency_are_in_hours_a_week(self):
        with h5py.File(self.path) as f:
            homecare = [s.decode() for s in f["setting"][()]].index("homecare")
            capacity = f["/summary/capacity"][0, :, homecare, :]  # mean, year x district
            delivered = f["/summary/homecare_hours"][0]
            unmet = f["/summary/unmet_homecare_hours"][0]
            years = list(f["year"][()])
        weeks = np.array([(366 if (y + 1) % 4 == 0 else 365) / 7 for y in years])[:, None]
        rows = self.briefing.table("Homecare: hours a week the workforce can supply")[1:]
        for y, row in enumerate(rows):
            self.assertEqual([number(cell) for cell in row[1:-1]], [round(c) for c in capacity[y]])
        detail = self.briefing.table("Homecare: hours a week supplied, needed and unmet")
        header = detail[0]
        first = [row for row in detail[1:] if row[0] == "2024/25" and row[1] != "County"]
        for d, row in enumerate(first):
            self.assertAlmostEqual(number(row[header.index("Needed")]), (delivered[0, d] + unmet[0, d]) / weeks[0, 0],
                                   delta=0.5 + 1e-9)
            self.assertAlmostEqual(number(row[header.index("Unmet")]), unmet[0, d] / weeks[0, 0], delta=0.5 + 1e-9)
        occupancy = self.briefing.table("Homecare: occupancy by district")
        self.assertGreater(number(occupancy[1][1]), 0)

    def test_bed_nights_by_client_group_with_and_without_self_funders(self):
        text = self.briefing.section_text["bed-nights"]
        self.assertIn("Care homes (residential and nursing homes, as the model classes them) are Residential", text)
        self.assertIn("The other beds and places, outside care homes, are Supported living", text)
        rows = self.briefing.table("Care homes (Residential): bed nights by client group")
        header = rows[0]
        with h5py.File(self.path) as f:
            residential = [s.decode() for s in f["setting"][()]].index("residential")
            by_group = f["/summary/bed_nights_by_client_group"][0, :, residential].sum(axis=2)  # year x group
            self_funded = f["/summary/self_funder_bed_nights"][0, :, residential].sum(axis=(1, 2))
        self.assertEqual(header[1:3], ["Older people", "Younger adults"])
        for y, row in enumerate(rows[1:]):
            cells = [number(cell) for cell in row[1:]]
            for g in range(2):
                self.assertAlmostEqual(cells[g], by_group[y, g], delta=0.5 + 1e-9)
            self.assertAlmostEqual(cells[3], self_funded[y], delta=0.5 + 1e-9)
            self.assertAlmostEqual(cells[2], cells[0] + cells[1], delta=1.5)
            self.assertAlmostEqual(cells[4], cells[2] + cells[3], delta=1.5)


class ReportTrust(TempDirTestCase):
    RECORD = ("report: \"docs/backtest.md\"\ncommand: \"carecast backtest test\"\norigin_year: 2019\nfirst_year: 2021\n"
              "last_year: 2023\nfigures: 18\nmedian_absolute_error: 0.197\nbias: -0.15\nheld_half: 4\nheld_ninety: 12\n")

    def run_with_record(self, record):
        model = tiny_model_copy(self.tmp)
        (model / "backtest.yaml").write_text(record)
        with open(model / "model.yaml", "a") as handle:
            handle.write("backtest: {file: backtest.yaml}\n")
        scenario = self.tmp / "scenario.yaml"
        scenario.write_text("title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 2\nseed: 1\n")
        return run("run", scenario, "-o", self.tmp / "run.h5")

    def test_the_front_page_says_how_far_to_trust_the_forecast_from_the_models_backtest(self):
        result = self.run_with_record(self.RECORD)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(self.tmp / "run.h5") as f:
            self.assertIn("held_ninety: 12", f.attrs["backtest_record"])
        out = self.tmp / "briefing.html"
        result = run("report", self.tmp / "run.h5", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        front = Briefing(out.read_text(encoding="utf-8")).section_text["front"]
        self.assertIn("How far to trust it", front)
        self.assertIn("Forecasts made this way from 2019/20 missed the 18 figures the council published for 2021/22 to "
                      "2023/24 (outside the COVID-19 year) by a median of 20%, and were on average 15% too low.", front)
        self.assertIn("The 90% range held 12 of them (67%, where a well-judged range holds about nine in ten) and the "
                      "middle 50% held 4.", front)
        self.assertIn("Read the ranges as narrower than the real uncertainty.", front)
        # A run of a model without a backtest says nothing of one.
        plain = run_files.make_run(self.tmp, "tiny.yaml", "plain.h5")
        result = run("report", plain, "-o", self.tmp / "plain.html")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("How far to trust it", (self.tmp / "plain.html").read_text(encoding="utf-8"))

    def test_a_rolling_backtest_says_its_origins_and_its_error_one_year_ahead(self):
        record = self.RECORD.replace("origin_year: 2019\n", "origin_year: 2019\nlast_origin_year: 2022\n") + \
            "one_year_ahead_figures: 6\none_year_ahead_median_absolute_error: 0.081\n"
        result = self.run_with_record(record)
        self.assertEqual(result.returncode, 0, result.stderr)
        out = self.tmp / "briefing.html"
        result = run("report", self.tmp / "run.h5", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        front = Briefing(out.read_text(encoding="utf-8")).section_text["front"]
        self.assertIn("Forecasts made this way at origins from 2019/20 to 2022/23 missed the 18 figures the council published "
                      "for 2021/22 to 2023/24 (outside the COVID-19 year; a figure counts once for each origin that forecast "
                      "it) by a median of 20%, and were on average 15% too low. One year ahead, the median miss was 8% "
                      "(6 figures).", front)
        self.assertIn("(8% one year ahead)", front)

    def test_a_record_that_does_not_add_up_is_refused_at_its_key(self):
        result = self.run_with_record(self.RECORD.replace("held_ninety: 12", "held_ninety: 19"))
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"backtest\.yaml:10:\d+: held_ninety: ")
        self.assertFalse((self.tmp / "run.h5").exists())


class ReportComparison(ReportTestCase):
    def test_side_by_side_with_paired_differences(self):
        briefing = Briefing(self.report(self.run_file, "--compare", self.dearer))
        self.assertEqual(briefing.sections, SECTIONS[:-1] + ["comparison", "glossary"])
        self.assertIn("taken replicate by replicate", briefing.section_text["comparison"])
        rows = briefing.table("Net spend, all budget lines: mean (90% range)")
        with h5py.File(self.run_file) as a, h5py.File(self.dearer) as b:
            net_a = a["/replicates/net_spend"][()].sum(axis=2)
            net_b = b["/replicates/net_spend"][()].sum(axis=2)
            long_term = np.array([t.decode() for t in a["/setting_term"][()]]) == "long_term"
            clients_a = a["/summary/clients"][0].sum(axis=(2, 3))[:, long_term].sum(axis=1)
            clients_b = b["/summary/clients"][0].sum(axis=(2, 3))[:, long_term].sum(axis=1)
        difference = net_b - net_a
        last = rows[-1]
        low, high = (np.percentile(difference[:, -1], q) / 1e6 for q in (5, 95))
        self.assertRegex(last[3], r"^£[\d.]+m \(£[\d.]+m to £[\d.]+m\)$")
        shown = [float(x) for x in re.findall(r"£([\d.]+)m", last[3])]
        self.assertAlmostEqual(shown[0], difference[:, -1].mean() / 1e6, delta=0.05 + 1e-9)
        self.assertAlmostEqual(shown[1], low, delta=0.05 + 1e-9)
        self.assertAlmostEqual(shown[2], high, delta=0.05 + 1e-9)
        self.assertGreater(shown[0], 0.0, "dearer contracts cost more")
        counts = briefing.table("Bed nights in the year (long-term care homes) and council-funded clients at year end "
                                "(long-term care)")
        self.assertAlmostEqual(number(counts[1][4]), clients_a[0], delta=0.5 + 1e-6)
        self.assertAlmostEqual(number(counts[1][5]), clients_b[0], delta=0.5 + 1e-6)

    def test_different_seeds_give_the_difference_of_means(self):
        other = run_files.make_run(self.tmp, "tiny_money.yaml", "seeded.h5", "--seed", "7")
        briefing = Briefing(self.report(self.run_file, "--compare", other))
        self.assertIn("only the difference of the means", briefing.section_text["comparison"])
        rows = briefing.table("Net spend, all budget lines: mean (90% range)")
        self.assertRegex(rows[1][3], r"^-?£[\d.]+m$")


class ReportErrors(ReportTestCase):
    def assert_refused(self, arguments, message):
        out = self.tmp / "briefing.html"
        result = run("report", *arguments, "-o", out)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertRegex(result.stderr, message)
        self.assertEqual(result.stderr.count("\n"), 1)
        self.assertFalse(out.exists(), "nothing written")
        self.assertEqual([p.name for p in self.tmp.iterdir() if p.name.startswith(".")], [])

    def test_missing_file(self):
        self.assert_refused([self.tmp / "none.h5"], r"none\.h5: no such file")

    def test_not_hdf5(self):
        text = self.tmp / "notes.h5"
        text.write_text("not a run")
        self.assert_refused([text], r"notes\.h5: not an HDF5 file")

    def test_hdf5_but_not_a_run(self):
        other = self.tmp / "other.h5"
        with h5py.File(other, "w") as f:
            f["x"] = [1.0]
        self.assert_refused([other], r"other\.h5: not a carecast run file")

    def test_newer_major_version(self):
        newer = run_files.with_attribute(self.run_file, self.tmp / "newer.h5", "format_version", np.array([2, 0]))
        self.assert_refused([newer], r"newer\.h5: run file format version 2\.0 is not readable by this carecast")

    def test_runs_of_different_models_are_not_compared(self):
        other = run_files.with_attribute(self.run_file, self.tmp / "other.h5", "model_version", "2025.1")
        self.assert_refused([self.run_file, "--compare", other],
                            r"cannot be compared: they come from different models \(tiny test and tiny 2025\.1\)")

    def test_existing_output_needs_force(self):
        out = self.tmp / "briefing.html"
        out.write_text("keep me")
        result = run("report", self.run_file, "-o", out)
        self.assertEqual(result.returncode, 2)
        self.assertIn("already exists; use --force", result.stderr)
        self.assertEqual(out.read_text(), "keep me")
        self.assertEqual(run("report", self.run_file, "-o", out, "--force").returncode, 0)
        self.assertIn("<!DOCTYPE html>", out.read_text())


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def png_size_and_colours(path):
    """Width, height and the number of distinct byte values in the image
    data: a blank page compresses to very few."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


@unittest.skipUnless(chromium(), "Chromium is not installed (tools/install-dependencies.sh installs it)")
class ReportRendersInChromium(ReportTestCase):
    def chromium(self, *arguments):
        command = [chromium(), "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   f"--user-data-dir={self.tmp / 'profile'}", *arguments]
        if os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        return subprocess.run(command, capture_output=True, text=True, timeout=300)

    def test_screenshot_and_a4_print(self):
        text = self.report(self.run_file, "--compare", self.dearer)
        page = self.tmp / "briefing.html"
        self.assertIn("<!DOCTYPE html>", text)
        png = self.tmp / "briefing.png"
        result = self.chromium(f"--screenshot={png}", "--window-size=800,1100", page.as_uri())
        self.assertEqual(result.returncode, 0, result.stderr)
        width, height, colours = png_size_and_colours(png)
        self.assertEqual((width, height), (800, 1100))
        self.assertGreater(colours, 20, "the page is not blank")
        pdf = self.tmp / "briefing.pdf"
        result = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
        self.assertEqual(result.returncode, 0, result.stderr)
        document = pdf.read_bytes()
        self.assertTrue(document.startswith(b"%PDF"))
        pages = len(re.findall(rb"/Type\s*/Page\b", document))
        # Front page and nine sections, each starting a page.
        self.assertGreaterEqual(pages, 10)
        # A4: 595 × 842 points.
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", document)
        self.assertEqual(len(boxes), pages)
        for width, height in boxes:  # A4 is 595.28 × 841.89 points; Chromium rounds to its pixel grid
            self.assertAlmostEqual(float(width), 595.3, delta=1.0)
            self.assertAlmostEqual(float(height), 841.9, delta=1.0)


if __name__ == "__main__":
    unittest.main()
