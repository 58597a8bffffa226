"""Published figures of past years: a model that names its targets file
(`published: {file: ...}`) has the figures a run's quantity shows as they
are carried into the run file's /published group, and the briefing sets
the published bed nights beside the forecast with their source."""
import csv
import pathlib
import re
import shutil
import tempfile
import unittest

from tests.cli.helpers import SCENARIOS, run, tiny_model_copy

try:
    import h5py
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

TARGETS = """\
targets:
  - {name: "Residential nights 2019", query: "bed_nights{year: 2019, setting: residential}", value: 21000,
     tolerance: 0.1, weight: 1, source: "test document line 7"}
  - {name: "Residential nights 2020", query: "bed_nights{year: 2020, setting: residential}", value: 22500,
     tolerance: 0.1, weight: 1, source: "test document line 8"}
  - {name: "Residential nights in Bromsgrove", query: "bed_nights{year: 2020, setting: residential, district: Bromsgrove}",
     value: 9000, tolerance: 0.1, weight: 1, source: "test document line 9"}
  - {name: "Homecare hours 2020", query: "homecare_hours{year: 2020}", value: 31000, tolerance: 0.1, weight: 1,
     source: "test document line 12"}
  - {name: "Two years", query: "requests{year: [2019, 2020]}", value: 9000, tolerance: 0.1, weight: 1, source: "x"}
  - {name: "A rate", query: "clients{year: 2019}", per: "population{year: 2019}", scale: 1000, value: 5,
     tolerance: 0.1, weight: 1, source: "x"}
  - {name: "Two terms", query: "deaths{year: 2019} + care_ended{year: 2019}", value: 50, tolerance: 0.1, weight: 1,
     source: "x"}
  - {name: "Supported living clients 2020", query: "clients{year: 2020, setting: supported_living}", value: 40,
     tolerance: 0.1, weight: 1, source: "test document line 20"}
  - {name: "Requests 2020", query: "requests{year: 2020}", value: 4000, tolerance: 0.1, weight: 1,
     source: "test document line 21"}
  - {name: "Gross 2020", query: "spend_gross{year: 2020}", value: 5000000, tolerance: 0.1, weight: 1,
     source: "test document line 22"}
  - {name: "Older net 2020", query: "net_spend{year: 2020, budget_line: older}", value: 2500000, tolerance: 0.1,
     weight: 1, source: "test document line 23"}
parameters:
  - {name: need, multiplies: request_rate, min: 0.2, max: 5, reason: test}
"""


class Published(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-published-"))
        model = tiny_model_copy(cls.folder)
        (model / "targets.yaml").write_text(TARGETS)
        with open(model / "model.yaml", "a") as handle:
            handle.write("published: {file: targets.yaml}\n")
        for name in ("tiny.yaml", "tiny_money.yaml"):
            shutil.copy(SCENARIOS / name, cls.folder / name)
        cls.path = cls.folder / "run.h5"
        result = run("run", cls.folder / "tiny_money.yaml", "-o", cls.path)
        if result.returncode != 0:
            raise AssertionError(result.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_figures_of_one_quantity_and_one_year_are_carried_with_their_source(self):
        with h5py.File(self.path) as f:
            published = {key: [v.decode() if isinstance(v, bytes) else v for v in f[f"/published/{key}"][()]]
                         for key in ("name", "quantity", "query", "year", "value", "source")}
        self.assertEqual(published["name"], ["Residential nights 2019", "Residential nights 2020",
                                             "Residential nights in Bromsgrove", "Homecare hours 2020",
                                             "Supported living clients 2020", "Requests 2020", "Gross 2020",
                                             "Older net 2020"])
        self.assertEqual(published["quantity"], ["bed_nights"] * 3 + ["homecare_hours", "clients", "requests",
                                                                       "spend_gross", "net_spend"])
        self.assertEqual(list(published["year"]), [2019, 2020, 2020] + [2020] * 5)
        self.assertEqual(list(published["value"]), [21000.0, 22500.0, 9000.0, 31000.0, 40.0, 4000.0, 5e6, 2.5e6])
        self.assertEqual(published["source"][1], "test document line 8")

    def test_the_csv_export_lists_them(self):
        folder = self.folder / "csv"
        result = run("export", self.path, "--csv", folder, "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(folder / "published.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        self.assertEqual(rows[0], ["name", "quantity", "query", "year", "value", "source"])
        self.assertEqual(rows[2], ["Residential nights 2020", "bed_nights", "bed_nights{year: 2020, setting: residential}",
                                   "2020", "22500", "test document line 8"])
        self.assertEqual(len(rows), 9)

    def test_the_briefing_sets_published_bed_nights_beside_the_forecast(self):
        out = self.folder / "briefing.html"
        result = run("report", self.path, "-o", out, "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = out.read_text(encoding="utf-8")
        table = re.search(r"<caption>Residential: bed nights published for past years.*?</table>", text, re.S).group(0)
        rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr.*?</tr>", table, re.S)]
        self.assertEqual(rows[1][:2], ["2019/20", "21,000"])
        self.assertEqual(rows[2][:2], ["2020/21", "22,500"])
        self.assertEqual(rows[2][-1], "test document line 8")
        # The district's figure is not a county total: it is not in this table.
        self.assertNotIn("9,000", table)
        with h5py.File(self.path) as f:
            residential = [s.decode() for s in f["setting"][()]].index("residential")
            first_year = f["/summary/bed_nights"][0, 0, residential].sum()
        self.assertEqual(rows[3][0], "2024/25")
        self.assertAlmostEqual(float(rows[3][2].replace(",", "")), first_year, delta=0.5 + 1e-9)
        self.assertNotIn("Supported living: bed nights published", text)
        homecare = re.search(r"<caption>Homecare hours published for past years.*?</table>", text, re.S).group(0)
        self.assertIn("<td>2020/21</td><td class=\"num\">31,000</td>", homecare)
        self.assertIn("test document line 12", homecare)

    def test_the_briefing_sets_published_clients_requests_and_spending_beside_the_forecast(self):
        out = self.folder / "briefing-history.html"
        result = run("report", self.path, "-o", out, "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = out.read_text(encoding="utf-8")
        section = re.search(r'<section id="history">.*?</section>', text, re.S).group(0)
        self.assertIn('href="#history"', text)

        def table(caption):
            found = re.search(rf"<caption>{re.escape(caption)}.*?</table>", section, re.S)
            self.assertIsNotNone(found, caption)
            return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr.*?</tr>", found.group(0), re.S)]

        with h5py.File(self.path) as f:
            settings = [s.decode() for s in f["setting"][()]]
            lines = [s.decode() for s in f["budget_line"][()]]
            clients = f["/summary/clients"][0, 0, settings.index("supported_living")].sum()
            requests = f["/summary/requests"][0, 0].sum()
            gross = f["/summary/spend_gross"][0, 0].sum()
            older = f["/summary/net_spend"][0, 0, lines.index("older")].sum()
        expectations = [("Clients at year end, Supported living", "40", clients, 1, 0.5),
                        ("Requests for support a year", "4,000", requests, 1, 0.5),
                        ("Gross spending (£m), in total", "5.0", gross, 1e6, 0.05),
                        ("Net spend (£m), Older", "2.5", older, 1e6, 0.05)]
        for caption, published, forecast, unit, rounding in expectations:
            rows = table(caption)
            self.assertEqual(rows[0], ["Year", "Published", "Forecast, mean", "Forecast, 90% range", "Source"])
            self.assertEqual(rows[1][:2], ["2020/21", published], caption)
            self.assertRegex(rows[1][-1], r"test document line 2[0-3]")
            self.assertEqual(rows[2][0], "2024/25")
            self.assertAlmostEqual(float(rows[2][2].replace(",", "")), forecast / unit, delta=rounding + 1e-9)
        # A source is words, set left like the labels, not right like the numbers.
        self.assertIn("<td>test document line 20</td>", section)
        # Only what was published has a table: nothing for shared lives or the younger line.
        self.assertNotIn("Shared lives", section)
        self.assertNotIn("Net spend (£m), Younger", section)


class PublishedBadQuery(unittest.TestCase):
    def test_a_query_that_does_not_parse_is_refused_at_its_line_and_key(self):
        folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-published-bad-"))
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        model = tiny_model_copy(folder)
        (model / "targets.yaml").write_text(
            'targets:\n'
            '  - {name: fine, query: "requests{year: 2020}", value: 1, tolerance: 0.1, weight: 1, source: x}\n'
            '  - {name: broken, query: "requests{year: [2020}", value: 1, tolerance: 0.1, weight: 1, source: x}\n'
            'parameters: []\n')
        with open(model / "model.yaml", "a") as handle:
            handle.write("published: {file: targets.yaml}\n")
        shutil.copy(SCENARIOS / "tiny.yaml", folder / "tiny.yaml")
        out = folder / "run.h5"
        result = run("run", folder / "tiny.yaml", "-o", out)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertRegex(result.stderr, r"targets\.yaml:3:\d+: targets\[1\]\.query: ")
        self.assertFalse(out.exists())


if __name__ == "__main__":
    unittest.main()
