"""`carecast export`: tidy CSV that round-trips to the run file through
pandas, and an Excel workbook that openpyxl reads back with the expected
sheets, formats and values; both written complete or not at all."""
import csv
import pathlib
import shutil
import tempfile
import unittest

from tests.cli.helpers import TempDirTestCase, run
from tests.cli import run_files

try:
    import h5py
    import numpy as np
    import openpyxl
    import pandas as pd
    import xarray as xr
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

STATISTICS = ["mean", "p5", "p50", "p95"]
SHEETS = ["MTFP bridge", "Net spend", "Spend by setting", "Bed nights", "Homecare hours", "Assumptions",
          "Uncertain assumptions", "Sensitivity", "Inflation sensitivity", "Grants", "Clients", "Capacity",
          "Sufficiency", "Homecare sufficiency", "About this run"]
# The budget line of the whole service's row in these files.
ALL_LINES = "all lines"
ALL_LINES_QUANTITIES = ("net_spend", "budget", "overspend", "overspend_occurred")
# libxlsxwriter writes numbers with 16 significant digits.
XLSX_PRECISION = 1e-15


def display(label):
    """The workbook names ids as people read them: older_people -> Older people."""
    return label[:1].upper() + label[1:].replace("_", " ") if label.islower() else label


class ExportTestCase(TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-export-"))
        cls.run_file = run_files.make_run(cls.folder)
        cls.analysed = run_files.with_uncertainty_analysis(cls.run_file, cls.folder / "analysed.h5")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def export(self, *arguments, expect=0):
        result = run("export", *arguments)
        self.assertEqual(result.returncode, expect, result.stderr)
        return result


class CsvExport(ExportTestCase):
    def test_market_sufficiency_files_agree_with_the_run_file(self):
        folder = self.tmp / "csv"
        self.export(self.run_file, "--csv", folder)
        places = pd.read_csv(folder / "sufficiency.csv")
        homecare = pd.read_csv(folder / "homecare_sufficiency.csv")
        self.assertEqual(list(places.columns),
                         ["year", "setting", "district", "places", "occupied", "waiting", "places_short"])
        with h5py.File(self.run_file) as f:
            settings = [s.decode() for s in f["setting"][()]]
            districts = [d.decode() for d in f["district"][()]]
            years = list(f["year"][()])
            occupied = f["/summary/occupied_places"][0]
            delivered = f["/summary/homecare_hours"][0]
            unmet = f["/summary/unmet_homecare_hours"][0]
            with_beds = [s for k, s in enumerate(settings) if f["/summary/bed_nights"][0, :, k].sum() > 0]
        self.assertEqual(len(places), len(years) * len(with_beds) * len(districts))
        self.assertEqual(sorted(set(places["setting"])), sorted(with_beds))
        for row in places.itertuples():
            y, s, d = years.index(row.year), settings.index(row.setting), districts.index(row.district)
            self.assertAlmostEqual(row.occupied, occupied[y, s, d], delta=1e-9 * max(1.0, occupied[y, s, d]))
            self.assertGreaterEqual(row.places_short, 0.0)
        self.assertEqual(len(homecare), len(years) * len(districts))
        for row in homecare.itertuples():
            y, d = years.index(row.year), districts.index(row.district)
            weeks = (366 if (row.year + 1) % 4 == 0 else 365) / 7
            self.assertAlmostEqual(row.needed_hours_a_week, (delivered[y, d] + unmet[y, d]) / weeks, delta=1e-6)
            self.assertAlmostEqual(row.needed_hours_a_week, row.delivered_hours_a_week + row.unmet_hours_a_week,
                                   delta=1e-6)

    def test_every_summary_quantity_round_trips_through_pandas(self):
        folder = self.tmp / "csv"
        self.export(self.run_file, "--csv", folder)
        summary = xr.open_dataset(self.run_file, group="summary", engine="h5netcdf")
        quantities = [name for name in summary.data_vars]
        self.assertIn("net_spend", quantities)
        self.assertEqual(sorted(p.name for p in folder.iterdir()),
                         sorted([f"{q}.csv" for q in quantities] + ["scenario.csv", "sufficiency.csv",
                                                                      "homecare_sufficiency.csv"]))
        with h5py.File(self.run_file) as f:
            for quantity in quantities:
                with self.subTest(quantity=quantity):
                    array = summary[quantity]
                    table = pd.read_csv(folder / f"{quantity}.csv", float_precision="round_trip")
                    dimensions = list(array.dims[1:])
                    self.assertEqual(list(table.columns), dimensions + STATISTICS + ["units"])
                    if quantity in ALL_LINES_QUANTITIES:  # checked in test_all_lines_rows_of_the_money_files
                        all_lines = table["budget_line"] == ALL_LINES
                        self.assertEqual(all_lines.sum(), array.sizes["year"])
                        table = table[~all_lines].reset_index(drop=True)
                    self.assertEqual(len(table), int(np.prod(array.shape[1:])))
                    self.assertEqual(set(table["units"].astype(str)), {f[f"/summary/{quantity}"].attrs["units"]})
                    values = f[f"/summary/{quantity}"][()]
                    for k, statistic in enumerate(STATISTICS):
                        # Shortest round-trip numbers: read exactly, the doubles come back bit for bit.
                        np.testing.assert_array_equal(table[statistic].to_numpy(), values[k].ravel())
                    # The labels come in the file's order, the last dimension fastest.
                    expected = array.sel(statistic="mean").to_dataframe().reset_index()
                    for dimension in dimensions:
                        self.assertEqual(list(table[dimension]), list(expected[dimension]))
        self.assertEqual(pd.read_csv(folder / "net_spend.csv")["year"].dtype, np.int64)

    def test_all_lines_rows_of_the_money_files(self):
        # A county total cannot be had by summing the lines' percentiles: the
        # all-lines row takes them over each replicate's sum across lines.
        folder = self.tmp / "csv"
        self.export(self.run_file, "--csv", folder)
        with h5py.File(self.run_file) as f:
            net = f["/replicates/net_spend"][()]  # replicate × year × line
            budget = f["/replicates/budget"][()]
            years = list(f["year"][()])
        self.assertGreater(net.shape[2], 1)
        net_total, budget_total = net.sum(axis=2), budget.sum(axis=2)
        per_replicate = {"net_spend": net_total, "budget": budget_total,
                         "overspend": np.maximum(net_total - budget_total, 0.0),
                         "overspend_occurred": (net_total > budget_total).astype(float)}
        sums_differ = 0
        for quantity in ALL_LINES_QUANTITIES:
            with self.subTest(quantity=quantity):
                table = pd.read_csv(folder / f"{quantity}.csv", float_precision="round_trip")
                lines = table[table["budget_line"] != ALL_LINES]
                total = table[table["budget_line"] == ALL_LINES].set_index("year")
                self.assertEqual(list(total.index), years)
                # Each year's all-lines row follows its lines.
                self.assertEqual(list(table["budget_line"][net.shape[2]::net.shape[2] + 1]), [ALL_LINES] * len(years))
                for y, year in enumerate(years):
                    values = per_replicate[quantity][:, y]
                    # numpy's default percentile is type 7, the engine's (carecast::quantile_sorted).
                    expected = [values.mean()] + [np.percentile(values, q) for q in (5, 50, 95)]
                    np.testing.assert_allclose(total.loc[year, STATISTICS].to_numpy(dtype=float), expected,
                                               rtol=1e-12, atol=1e-9)
                    year_lines = lines[lines["year"] == year]
                    if quantity in ("net_spend", "budget"):
                        self.assertAlmostEqual(total.loc[year, "mean"], year_lines["mean"].sum(),
                                               delta=abs(total.loc[year, "mean"]) * 1e-12)
                    if quantity == "net_spend" and not np.isclose(total.loc[year, "p95"], year_lines["p95"].sum(),
                                                                  rtol=1e-9):
                        sums_differ += 1
        self.assertGreater(sums_differ, 0, "the all-lines p95 should not be the sum of the lines' p95")
        chance = pd.read_csv(folder / "overspend_occurred.csv")
        chance = chance[chance["budget_line"] == ALL_LINES]["mean"].to_numpy()
        np.testing.assert_allclose(chance, (net_total > budget_total).mean(axis=0), rtol=1e-12)

    def test_rfc_4180_quoting_and_line_ends(self):
        folder = self.tmp / "csv"
        self.export(self.analysed, "--csv", folder)
        raw = (folder / "scenario.csv").read_bytes()
        self.assertTrue(raw.startswith(b"key,value,basis,source,location\r\n"))
        self.assertEqual(raw.count(b"\r\n"), 1 + len(run_files.SCENARIO_ROWS))
        self.assertIn(b'"""test"" pay award, 2025"', raw)
        with open(folder / "scenario.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual([tuple(row) for row in rows[1:]], run_files.SCENARIO_ROWS)
        shares = pd.read_csv(folder / "analysis_variance_share.csv", float_precision="round_trip")
        self.assertEqual(list(shares.columns), ["sensitivity_year", "spend_scope", "assumption", "value", "units"])
        # The coordinate copies of /analysis are labels, not data.
        self.assertEqual(sorted(p.name for p in folder.glob("analysis_*")),
                         ["analysis_rank_regression_coefficient.csv", "analysis_rank_regression_r2.csv",
                          "analysis_variance_share.csv"])
        final_total = shares[(shares.sensitivity_year == 2028) & (shares.spend_scope == "total")]
        self.assertEqual(list(final_total["value"]), run_files.FINAL_SHARES)
        drawn = pd.read_csv(folder / "assumptions.csv", float_precision="round_trip")
        self.assertEqual(list(drawn["assumption"]), run_files.ASSUMPTIONS)

    def test_replicates_on_request(self):
        folder = self.tmp / "csv"
        self.export(self.run_file, "--csv", folder, "--replicates")
        table = pd.read_csv(folder / "replicates" / "net_spend.csv", float_precision="round_trip")
        self.assertEqual(list(table.columns), ["replicate", "year", "budget_line", "value", "units"])
        with h5py.File(self.run_file) as f:
            values = f["/replicates/net_spend"][()]
        np.testing.assert_array_equal(table["value"].to_numpy(), values.ravel())
        self.assertEqual(sorted(set(table["replicate"])), list(range(values.shape[0])))

    def test_an_existing_folder_keeps_its_other_files_and_needs_force_for_ours(self):
        folder = self.tmp / "csv"
        folder.mkdir()
        (folder / "notes.txt").write_text("mine")
        (folder / "net_spend.csv").write_text("old")
        result = self.export(self.run_file, "--csv", folder, expect=2)
        self.assertRegex(result.stderr, r"net_spend\.csv: already exists; use --force to overwrite it")
        self.assertEqual(sorted(p.name for p in folder.iterdir()), ["net_spend.csv", "notes.txt"])
        self.export(self.run_file, "--csv", folder, "--force")
        self.assertEqual((folder / "notes.txt").read_text(), "mine")
        self.assertTrue((folder / "net_spend.csv").read_text().startswith("year,budget_line,"))
        self.assertEqual([p.name for p in folder.iterdir() if p.name.startswith(".")], [])

    def test_bad_input_writes_nothing(self):
        missing = self.export(self.tmp / "none.h5", "--csv", self.tmp / "csv", expect=2)
        self.assertIn("none.h5: no such file", missing.stderr)
        parent = self.export(self.run_file, "--csv", self.tmp / "no" / "csv", expect=2)
        self.assertIn("does not exist", parent.stderr)
        nothing = self.export(self.run_file, expect=2)
        self.assertIn("give --csv FOLDER, --xlsx FILE or both", nothing.stderr)
        (self.tmp / "book.xlsx").write_text("keep")
        both = self.export(self.run_file, "--csv", self.tmp / "csv", "--xlsx", self.tmp / "book.xlsx", expect=2)
        self.assertIn("book.xlsx: already exists; use --force", both.stderr)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["book.xlsx"], "no CSV folder, nothing staged")
        self.assertEqual((self.tmp / "book.xlsx").read_text(), "keep")


class WorkbookExport(ExportTestCase):
    def workbook(self, source):
        path = self.tmp / "run.xlsx"
        self.export(source, "--xlsx", path)
        return openpyxl.load_workbook(path)

    @staticmethod
    def rows(sheet):
        values = list(sheet.iter_rows(values_only=True))
        return values[0], values[1:]

    def test_sheets_in_order_with_frozen_headers_and_formats(self):
        book = self.workbook(self.run_file)
        self.assertEqual(book.sheetnames, SHEETS)
        for name in SHEETS:
            if name not in ("Uncertain assumptions", "Sensitivity"):  # not recorded in this run file: a sentence
                self.assertEqual(book[name].freeze_panes, "A2", name)
                self.assertTrue(book[name]["A1"].font.bold, name)
        self.assertEqual(book["Sensitivity"]["A1"].value,
                         "The sensitivity ranking of the assumptions: not recorded in this run file.")
        self.assertEqual(book["Net spend"]["D2"].number_format, "£#,##0;-£#,##0")
        self.assertEqual(book["MTFP bridge"]["D2"].number_format, "#,##0;-#,##0")  # £000, held as such
        self.assertEqual(book["Net spend"]["K2"].number_format, "0%")

    def test_bridge_in_the_councils_columns_matches_the_run_file(self):
        header, rows = self.rows(self.workbook(self.run_file)["MTFP bridge"])
        self.assertEqual(header, ("Year", "Financial year", "Budget line", "Revised base budget (£000)",
                                  "Pressure: modelled spend above budget (£000)", "Pay inflation (£000)", "Contract inflation (£000)", "Growth (demand) (£000)",
                                  "Rebase (£000)", "Savings and policy (£000)", "Modelled net spend (£000)"))
        with h5py.File(self.run_file) as f:
            bridge = f["/summary/mtfp_bridge"][0]  # mean: year × line × component
            lines = [display(x.decode()) for x in f["budget_line"][()]]
            components = [c.decode() for c in f["bridge_component"][()]]
        order = [components.index(c) for c in ("base", "pressure", "pay_inflation", "contract_inflation",
                                               "demand_growth", "rebase", "policy_and_savings", "net")]
        self.assertEqual(len(rows), bridge.shape[0] * (len(lines) + 1))
        for row in rows:
            y = row[0] - 2024
            self.assertEqual(row[1], f"{row[0]}/{(row[0] + 1) % 100:02}")
            expected = (bridge[y, :, order].sum(axis=1) if row[2] == "All budget lines"
                        else bridge[y, lines.index(row[2]), order])
            np.testing.assert_allclose(row[3:], expected / 1000, rtol=XLSX_PRECISION, atol=1e-9)

    def test_cells_hold_the_units_their_headers_say(self):
        # A formula or Power BI reads the stored value, not the displayed one:
        # under a £000 header the cell holds thousands of pounds, and no number
        # format scales a value (a trailing comma divides by 1,000).
        book = self.workbook(self.run_file)
        scaled = {}
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, (int, float)):
                        self.assertNotRegex(cell.number_format, r"[0#],+(;|$)", f"{sheet.title}!{cell.coordinate}")
            for cell in sheet[1]:
                if isinstance(cell.value, str) and ("£000" in cell.value or "£m" in cell.value):
                    scaled.setdefault(sheet.title, []).append(cell)
        self.assertEqual(list(scaled), ["MTFP bridge"], "a new £000 or £m column needs its check here")
        header, rows = self.rows(book["MTFP bridge"])
        with h5py.File(self.run_file) as f:
            bridge = f["/summary/mtfp_bridge"][0]  # pounds: year × line × component
            lines = [display(x.decode()) for x in f["budget_line"][()]]
            components = [c.decode() for c in f["bridge_component"][()]]
        names = {"Revised base budget": "base", "Pressure: modelled spend above budget": "pressure",
                 "Pay inflation": "pay_inflation",
                 "Contract inflation": "contract_inflation", "Growth (demand)": "demand_growth", "Rebase": "rebase",
                 "Savings and policy": "policy_and_savings", "Modelled net spend": "net"}
        for cell in scaled["MTFP bridge"]:
            self.assertTrue(cell.value.endswith(" (£000)"), cell.value)
            component = components.index(names[cell.value.removesuffix(" (£000)")])
            column = cell.column - 1
            for row in rows:
                pounds = (bridge[row[0] - 2024, :, component].sum() if row[2] == "All budget lines"
                          else bridge[row[0] - 2024, lines.index(row[2]), component])
                self.assertAlmostEqual(row[column], pounds / 1000, delta=abs(pounds) * 1e-12 + 1e-9, msg=cell.value)
        self.assertGreater(np.abs(bridge).max(), 1000)  # pounds and thousands differ here

    def test_net_spend_bands_of_the_total_are_percentiles_of_summed_replicates(self):
        header, rows = self.rows(self.workbook(self.run_file)["Net spend"])
        self.assertEqual(header[3:9], tuple(f"Net spend, {s} (£)" for s in ("mean", "p5", "p25", "p50", "p75", "p95")))
        with h5py.File(self.run_file) as f:
            net = f["/replicates/net_spend"][()]
            budget = f["/replicates/budget"][()]
        total = net.sum(axis=2)
        totals = [row for row in rows if row[2] == "All budget lines"]
        self.assertEqual(len(totals), net.shape[1])
        for y, row in enumerate(totals):
            expected = [total[:, y].mean()] + [np.percentile(total[:, y], q) for q in (5, 25, 50, 75, 95)]
            np.testing.assert_allclose(row[3:9], expected, rtol=1e-12)
            self.assertAlmostEqual(row[9], budget[0, y].sum(), delta=1e-6)
            self.assertAlmostEqual(row[10], (total[:, y] > budget[:, y].sum(axis=1)).mean(), delta=1e-12)

    def test_bed_nights_and_homecare_hours_match_the_summary(self):
        book = self.workbook(self.run_file)
        header, rows = self.rows(book["Bed nights"])
        self.assertEqual(header[:5], ("Year", "Financial year", "Setting", "District", "Placement"))
        with h5py.File(self.run_file) as f:
            nights = f["/summary/bed_nights"][()]
            settings = [display(s.decode()) for s in f["setting"][()]]
            districts = [d.decode() for d in f["district"][()]]
            placements = [display(p.decode()) for p in f["placement"][()]]
            hours = f["/summary/homecare_hours"][()]
            unmet = f["/summary/unmet_homecare_hours"][()]
        with_beds = {settings[s] for s in range(len(settings)) if nights[0, :, s].sum() > 0}
        self.assertEqual({row[2] for row in rows}, with_beds)
        self.assertIn("Residential", with_beds)
        self.assertNotIn("Homecare", with_beds)
        for row in rows:
            index = (row[0] - 2024, settings.index(row[2]), districts.index(row[3]), placements.index(row[4]))
            np.testing.assert_allclose(row[5:9], nights[(slice(None),) + index], rtol=XLSX_PRECISION)
        header, rows = self.rows(book["Homecare hours"])
        self.assertEqual(len(rows), hours.shape[1] * hours.shape[2])
        for row in rows:
            y, d = row[0] - 2024, districts.index(row[2])
            np.testing.assert_allclose(row[3:7], hours[:, y, d], rtol=XLSX_PRECISION)
            np.testing.assert_allclose(row[7:11], unmet[:, y, d], rtol=XLSX_PRECISION, atol=1e-9)

    def test_recorded_assumptions_and_sensitivity(self):
        book = self.workbook(self.analysed)
        header, rows = self.rows(book["Assumptions"])
        self.assertEqual(header, ("Assumption", "Value", "Source", "Where"))
        cited = [(key, value, f"{basis.capitalize()}: {source}" if basis else source, where)
                 for key, value, basis, source, where in run_files.SCENARIO_ROWS]
        self.assertEqual([(r[0], r[1], r[2] or "", r[3]) for r in rows], cited)
        header, rows = self.rows(book["Uncertain assumptions"])
        self.assertEqual(header, ("Assumption", "Drawn from", "Where", "Drawn, mean", "Drawn, p5", "Drawn, p50",
                                  "Drawn, p95"))
        with h5py.File(self.analysed) as f:
            drawn = f["/summary/assumptions"][()]
        self.assertEqual([r[0] for r in rows], run_files.ASSUMPTIONS)
        self.assertEqual([r[1] for r in rows], run_files.DISTRIBUTIONS)
        for a, row in enumerate(rows):
            np.testing.assert_allclose(row[3:7], drawn[:, a], rtol=XLSX_PRECISION)
        header, rows = self.rows(book["Sensitivity"])
        final_total = [r for r in rows if r[0] == 2028 and r[2] == "Total"]
        self.assertEqual([r[3] for r in final_total], ["care.demand_growth", "money.pay_inflation.2025",
                                                       "money.contract_inflation.later"])
        self.assertEqual([r[4] for r in final_total], [run_files.DISTRIBUTIONS[k] for k in (1, 0, 2)])
        self.assertEqual([r[5] for r in final_total], sorted(run_files.FINAL_SHARES, reverse=True))
        self.assertEqual([r[6] for r in final_total], [-0.6, 0.3, 0.2])
        self.assertEqual(final_total[0][7], 0.83)

    def test_about_sheet_traces_the_run(self):
        _, rows = self.rows(self.workbook(self.run_file)["About this run"])
        fields = dict(rows)
        with h5py.File(self.run_file) as f:
            self.assertEqual(fields["Seed"], str(f.attrs["seed"]))
            self.assertEqual(fields["Git revision"], f.attrs["git_revision"])
            self.assertEqual(fields["Created (UTC)"], f.attrs["created_utc"])
            scenario_file = f.attrs["scenario_file"]
        # The file's name, not the folder it was run from on someone's machine.
        self.assertIn("/", scenario_file)
        self.assertEqual(fields["Scenario file"], scenario_file.rsplit("/", 1)[-1])


if __name__ == "__main__":
    unittest.main()
