"""The briefing's front page for a councillor: why spending grows, in
sentences whose figures are recomputed here from the run file with h5py; key
figures counting care homes and long-term clients as the run file's setting
notes say; the documents the citations name, by title with a key; what the
model leaves out; a glossary; printed pages numbered and dated."""
import os
import pathlib
import re
import subprocess
import shutil
import tempfile
import unittest
import zlib

from tests.cli.helpers import REPO, TempDirTestCase, run, tiny_model_copy
from tests.cli import run_files
from tests.cli import test_report as report_tests
from tests.cli.test_report import Briefing, chromium, number, png_size_and_colours

try:
    import h5py
    import numpy as np
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

# The briefing rounds counts to whole people and shares to whole percent.
COUNT_TOLERANCE = 0.5 + 1e-6
PERCENT_TOLERANCE = 0.5 + 1e-6
MILLIONS_TOLERANCE = 0.05 + 1e-6


def text(values):
    return [v.decode() if isinstance(v, bytes) else v for v in values]


def first_age(band):
    """65 for "65-84", 85 for "85+"."""
    return int(re.match(r"\d+", band).group())


def items(front, heading):
    """The text of the list item that starts with a bold heading."""
    found = re.search(re.escape(heading) + r"(.*?)(?=Population\.|Clients\.|Prices against|Policy and savings\.|How far|What the model|"
                      r"Every figure|$)", front, flags=re.S)
    if not found:
        raise AssertionError(f"no item {heading!r} on the front page")
    return found.group(1)


COUNT = r"([\d,]+)"
MONEY = r"(-?£[\d,]+\.\d)m"
YEAR = r"\d{4}/\d{2}"


EFFECT = r"(add £[\d,]+\.\dm|take £[\d,]+\.\dm off|change it by less than £0\.1m)"


def signed_effect(words):
    """"add £2.6m" is 2.6, "take £2.6m off" -2.6, "change it by less than £0.1m" 0."""
    if words.startswith("change"):
        return 0.0
    amount = float(re.search(r"£([\d,]+\.\d)m", words).group(1).replace(",", ""))
    return amount if words.startswith("add") else -amount


def figures(pattern, sentence):
    """The numbers a pattern's groups capture: counts, "+26%" or "-£2.6m"."""
    match = re.search(pattern, sentence)
    if not match:
        raise AssertionError(f"{pattern!r} not found in {sentence!r}")
    return [float(group.replace(",", "").replace("£", "").replace("%", "")) for group in match.groups()]


class TinyBriefing(TempDirTestCase):
    """A briefing of the tiny model's money run, made once per class."""

    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-front-"))
        cls.run_file = run_files.make_run(cls.folder)
        out = cls.folder / "briefing.html"
        result = run("report", cls.run_file, "-o", out)
        if result.returncode != 0:
            raise AssertionError(result.stderr)
        cls.html = out.read_text(encoding="utf-8")
        cls.briefing = Briefing(cls.html)
        cls.front = " ".join(cls.briefing.section_text["front"].split())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)


class FrontPage(TinyBriefing):
    def test_population_growth_agrees_with_the_run_file(self):
        with h5py.File(self.run_file) as f:
            mean = f["/summary/population"][0].sum(axis=(1, 2))  # year x age_band
            bands = [first_age(b) for b in text(f["/age_band"][()])]
        older = mean[:, [k for k, age in enumerate(bands) if age >= 65]].sum(axis=1)
        oldest = mean[:, [k for k, age in enumerate(bands) if age >= 85]].sum(axis=1)
        sentence = items(self.front, "Population.")
        adults = figures(rf"adults number {COUNT} in {YEAR} and {COUNT} in {YEAR} \(([+-]\d+)%\)", sentence)
        for age, series in ((None, mean.sum(axis=1)), (65, older), (85, oldest)):
            if age is not None:
                stated = figures(rf"aged {age} and over from {COUNT} to {COUNT} \(([+-]\d+)%\)", sentence)
            else:
                stated = adults
            self.assertAlmostEqual(stated[0], series[0], delta=COUNT_TOLERANCE)
            self.assertAlmostEqual(stated[1], series[-1], delta=COUNT_TOLERANCE)
            self.assertAlmostEqual(stated[2], 100 * (series[-1] / series[0] - 1), delta=PERCENT_TOLERANCE)
        # The growth is real in this run, so a sentence with the first year's figures twice would fail.
        self.assertNotAlmostEqual(oldest[-1], oldest[0], delta=1)

    def test_clients_and_requests_agree_with_the_run_file(self):
        with h5py.File(self.run_file) as f:
            long_term = np.array(text(f["/setting_term"][()])) == "long_term"
            clients = f["/summary/clients"][0].sum(axis=(2, 3))[:, long_term].sum(axis=1)
            requests = f["/summary/requests"][0].sum(axis=(1, 2))
        sentence = items(self.front, "Clients.")
        self.assertIn("with a long-term service", sentence)
        start, end, _ = figures(rf"go from {COUNT} in {YEAR} to {COUNT} in {YEAR} \(([+-]\d+)%\)", sentence)
        asked, asked_last = figures(rf"requests for support from {COUNT} to {COUNT} a year", sentence)
        self.assertAlmostEqual(start, clients[0], delta=COUNT_TOLERANCE)
        self.assertAlmostEqual(end, clients[-1], delta=COUNT_TOLERANCE)
        self.assertAlmostEqual(asked, requests[0], delta=COUNT_TOLERANCE)
        self.assertAlmostEqual(asked_last, requests[-1], delta=COUNT_TOLERANCE)

    def test_price_against_volume_adds_up_to_the_rise_in_net_spend(self):
        with h5py.File(self.run_file) as f:
            bridge = f["/summary/mtfp_bridge"][0].sum(axis=1)  # year x component
            components = text(f["/bridge_component"][()])
            net = f["/summary/net_spend"][0].sum(axis=1)
        after_first = bridge[1:].sum(axis=0)
        part = {name: after_first[k] / 1e6 for k, name in enumerate(components)}
        rise = (net[-1] - net[0]) / 1e6
        # The bridge's parts after the first year add up to the rise itself.
        self.assertAlmostEqual(part["pay_inflation"] + part["contract_inflation"] + part["demand_growth"] +
                               part["policy_and_savings"] + part["rebase"], rise, places=6)
        sentence = items(self.front, "Prices against volume.")
        stated_rise, prices, pay, contract, volume = figures(
            rf"a rise of {MONEY}\. Of that rise, {MONEY} .*? is prices: {MONEY} pay inflation and {MONEY} contract "
            rf"inflation; {MONEY} .*? is volume", sentence)
        policy = signed_effect(re.search(rf"policy and savings {EFFECT}", sentence).group(1))
        self.assertAlmostEqual(stated_rise, rise, delta=MILLIONS_TOLERANCE)
        self.assertAlmostEqual(prices, part["pay_inflation"] + part["contract_inflation"], delta=MILLIONS_TOLERANCE)
        self.assertAlmostEqual(pay, part["pay_inflation"], delta=MILLIONS_TOLERANCE)
        self.assertAlmostEqual(contract, part["contract_inflation"], delta=MILLIONS_TOLERANCE)
        self.assertAlmostEqual(volume, part["demand_growth"], delta=MILLIONS_TOLERANCE)
        self.assertAlmostEqual(policy, part["policy_and_savings"], delta=MILLIONS_TOLERANCE)
        first_year = signed_effect(re.search(rf"In {YEAR} policy and savings {EFFECT}\.",
                                             items(self.front, "Policy and savings.")).group(1))
        self.assertAlmostEqual(first_year, bridge[0, components.index("policy_and_savings")] / 1e6,
                               delta=MILLIONS_TOLERANCE)
        self.assertIn("The scenario pulls no policy levers.", self.front)

    def test_key_figures_count_care_homes_and_long_term_clients_as_the_file_says(self):
        rows = {row[0]: row[1:] for row in self.briefing.table(css_class="key-figures")[1:]}
        with h5py.File(self.run_file) as f:
            kinds = np.array(text(f["/setting_kind"][()]))
            long_term = np.array(text(f["/setting_term"][()])) == "long_term"
            homes = (kinds == "care_home") & long_term
            nights = f["/summary/bed_nights"][0].sum(axis=(2, 3))  # year x setting
            clients = f["/summary/clients"][0].sum(axis=(2, 3))
            names = text(f["/setting_name"][()])
        years = [0, 2, nights.shape[0] - 1]
        for column, y in enumerate(years):
            self.assertAlmostEqual(number(rows["Care home bed nights (mean)"][column]), nights[y, homes].sum(),
                                   delta=COUNT_TOLERANCE)
            self.assertAlmostEqual(number(rows["Long-term clients at year end (mean)"][column]),
                                   clients[y, long_term].sum(), delta=COUNT_TOLERANCE)
        # Places in supported living have nights too, and are left out, as the note says.
        self.assertGreater(nights[0].sum(), nights[0, homes].sum() + 1)
        self.assertIn(f"long-term care home beds ({names[list(homes).index(True)]})", self.front)
        self.assertIn(f"nights in {names[list(kinds).index('accommodation')]} are not counted", self.front)
        self.assertIn(f"people in {names[list(kinds).index('short_term')]} are left out", self.front)

    def test_a_file_from_before_the_setting_notes_counts_every_setting_and_says_so(self):
        older = self.tmp / "format-1.4.h5"
        shutil.copy(self.run_file, older)
        with h5py.File(older, "r+") as f:
            for name in ("setting_name", "setting_kind", "setting_term", "client_group_name", "budget_line_name"):
                del f[name]
            nights = f["/summary/bed_nights"][0].sum(axis=(1, 2, 3))
            clients = f["/summary/clients"][0].sum(axis=(1, 2, 3))
        result = run("report", older, "-o", self.tmp / "older.html")
        self.assertEqual(result.returncode, 0, result.stderr)
        briefing = Briefing((self.tmp / "older.html").read_text(encoding="utf-8"))
        rows = {row[0]: row[1:] for row in briefing.table(css_class="key-figures")[1:]}
        self.assertAlmostEqual(number(rows["Bed nights, all beds and places (mean)"][0]), nights[0], delta=COUNT_TOLERANCE)
        self.assertAlmostEqual(number(rows["Clients at year end (mean)"][0]), clients[0], delta=COUNT_TOLERANCE)
        self.assertIn("this run file does not say which settings are care homes or long-term",
                      briefing.section_text["front"])

    def test_glossary_explains_the_words_and_first_uses_link_to_it(self):
        glossary = " ".join(self.briefing.section_text["glossary"].split())
        for term in ("Percentile (p5, p25, p50, p75, p95)", "90% range", "Chance of an overspend", "Replicate",
                     "Rank-regression coefficient", "R²", "Bed night", "Client", "Budget line", "MTFP"):
            self.assertIn(term, glossary)
        for anchor in re.findall(r'href="#(glossary-[a-z-]+)"', self.html):
            self.assertIn(f'id="{anchor}"', self.html)
        self.assertIn('href="#glossary-replicate"', self.html)

    def test_printed_pages_are_numbered_of_the_total_and_dated_by_the_run(self):
        with h5py.File(self.run_file) as f:
            created = f.attrs["created_utc"][:10]
        page_rule = self.html[self.html.index("@page"):self.html.index("html {")]
        self.assertIn('counter(page) " of " counter(pages)', page_rule)
        self.assertIn(f'"Run created {created}"', page_rule)


class ModelNotes(TempDirTestCase):
    """A model's `sources:`, `not_covered:` and `long_term: false`, through the
    run file to the briefing."""

    MODEL_NOTES = (
        "sources:\n"
        "  - {key: T1, file: test_doc_1234.txt, title: \"Test budget report\", source: \"index row 1\"}\n"
        "not_covered:\n"
        "  - {what: \"Unpaid carers\", why: \"not simulated (test_doc_1234.txt line 12)\"}\n")

    def run_model(self, notes, residential_long_term=True):
        model = tiny_model_copy(self.tmp)
        model_yaml = model / "model.yaml"
        text_of_model = model_yaml.read_text()
        if not residential_long_term:
            text_of_model = text_of_model.replace("kind: care_home, when_full: out_of_county}",
                                                  "kind: care_home, when_full: out_of_county, long_term: false}")
        model_yaml.write_text(text_of_model + notes)
        scenario = self.tmp / "scenario.yaml"
        scenario.write_text("title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 3\nreplicates: 4\nseed: 1\n"
                            "levers:\n  - {name: Reablement push, kind: reablement, start_year: 2025, size: 0.1, "
                            "assumption: test}\n")
        return run("run", scenario, "-o", self.tmp / "run.h5")

    def briefing(self):
        result = run("report", self.tmp / "run.h5", "-o", self.tmp / "briefing.html")
        self.assertEqual(result.returncode, 0, result.stderr)
        return Briefing((self.tmp / "briefing.html").read_text(encoding="utf-8"))

    def test_sources_by_title_with_a_key_and_what_the_model_leaves_out(self):
        result = self.run_model(self.MODEL_NOTES)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(self.tmp / "run.h5") as f:
            self.assertEqual(text(f["/source_document"][()]), ["T1"])
            self.assertEqual(text(f["/model/source_title"][()]), ["Test budget report"])
            self.assertEqual(text(f["/model/not_covered"][()]), ["Unpaid carers"])
        briefing = self.briefing()
        self.assertEqual(briefing.sections[-2:], ["glossary", "sources"])
        self.assertEqual(briefing.table(css_class="sources")[1],
                         ["[T1]", "Test budget report", "test_doc_1234.txt", "index row 1"])
        front = " ".join(briefing.section_text["front"].split())
        self.assertIn("What the model does not cover", front)
        self.assertIn("Unpaid carers. not simulated (Test budget report [T1], line 12)", front)
        self.assertIn("Policy levers in the scenario: Reablement push (from 2025/26).", front)

    def test_which_settings_are_long_term_comes_from_the_model(self):
        result = self.run_model("", residential_long_term=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        with h5py.File(self.tmp / "run.h5") as f:
            settings = text(f["/setting"][()])
            terms = text(f["/setting_term"][()])
            clients = f["/summary/clients"][0].sum(axis=(2, 3))
        self.assertEqual(terms[settings.index("residential")], "short_term")
        long_term = np.array(terms) == "long_term"
        briefing = self.briefing()
        rows = {row[0]: row[1:] for row in briefing.table(css_class="key-figures")[1:]}
        self.assertEqual(rows["Care home bed nights (mean)"], ["0", "0"])
        self.assertAlmostEqual(number(rows["Long-term clients at year end (mean)"][0]), clients[0, long_term].sum(),
                               delta=COUNT_TOLERANCE)
        self.assertGreater(clients[0, settings.index("residential")], 0)
        self.assertIn("people in Short-term support and Residential care are left out",
                      " ".join(briefing.section_text["front"].split()))
        self.assertNotIn("What the model does not cover", briefing.section_text["front"])

    def test_a_document_listed_twice_is_refused_at_its_line(self):
        result = self.run_model(self.MODEL_NOTES.replace("not_covered:",
                                                         "  - {key: T1, file: other.txt, title: x, source: y}\n"
                                                         "not_covered:"))
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr, r"model\.yaml:\d+:\d+: sources\[1\]: document \"other\.txt\" \[T1\] is listed twice")
        self.assertFalse((self.tmp / "run.h5").exists())

    def test_short_term_support_cannot_be_long_term(self):
        model = tiny_model_copy(self.tmp)
        model_yaml = model / "model.yaml"
        model_yaml.write_text(model_yaml.read_text().replace("kind: short_term}", "kind: short_term, long_term: true}"))
        scenario = self.tmp / "scenario.yaml"
        scenario.write_text("title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 2\nseed: 1\n")
        result = run("run", scenario, "-o", self.tmp / "run.h5")
        self.assertEqual(result.returncode, 2)
        self.assertIn("long_term: short-term support is not a long-term service", result.stderr)


def pdf_texts(document):
    """The text of each content stream of a PDF as Chromium writes it: hex
    glyph strings decoded by each font's ToUnicode map in turn (the fonts'
    glyph numbers overlap, so every map is tried)."""
    streams = []
    for start in re.finditer(rb"stream\r?\n", document):
        raw = document[start.end():document.find(b"endstream", start.end())]
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            continue
    maps = []
    for stream in streams:
        if b"beginbfchar" not in stream and b"beginbfrange" not in stream:
            continue
        glyphs = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
            for glyph, code in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                glyphs[int(glyph, 16)] = bytes.fromhex(code.decode()).decode("utf-16-be", "ignore")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", stream, re.S):
            for first, last, code in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for glyph in range(int(first, 16), int(last, 16) + 1):
                    glyphs[glyph] = chr(int(code, 16) + glyph - int(first, 16))
        maps.append(glyphs)
    texts = []
    for stream in streams:
        if b"TJ" not in stream and b"Tj" not in stream:
            continue
        hexes = b"".join(re.findall(rb"<([0-9A-Fa-f]+)>", stream)).decode()
        for glyphs in maps:
            texts.append("".join(glyphs.get(int(hexes[k:k + 4], 16), "?") for k in range(0, len(hexes) - 3, 4)))
    return texts


@unittest.skipUnless(chromium(), "Chromium is not installed (tools/install-dependencies.sh installs it)")
class PrintedPages(TinyBriefing):
    chromium = report_tests.ReportRendersInChromium.chromium

    def test_every_printed_page_says_its_number_of_the_total_and_the_runs_date(self):
        page = self.folder / "briefing.html"
        pdf = self.tmp / "briefing.pdf"
        result = self.chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
        self.assertEqual(result.returncode, 0, result.stderr)
        document = pdf.read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page\b", document))
        self.assertGreater(pages, 5)
        text = " ".join(pdf_texts(document))
        with h5py.File(self.run_file) as f:
            created = f.attrs["created_utc"][:10]
        for number_of_page in range(1, pages + 1):
            self.assertIn(f"Page {number_of_page} of {pages}", text)
        self.assertGreaterEqual(text.count(f"Run created {created}"), pages)

    def test_the_screenshot_tool_takes_each_section_whole_and_reports_one_missing(self):
        environment = dict(os.environ, CARECAST_SCREENSHOTS_DIR=str(self.tmp),
                           CARECAST_BIN=os.environ.get("CARECAST_BIN", str(REPO / "build" / "carecast")))
        result = subprocess.run([str(REPO / "tools" / "screenshots.sh"), str(self.run_file), "front", "glossary",
                                 "no-such-section"], capture_output=True, text=True, env=environment, timeout=300)
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("has no section with id no-such-section", result.stderr)
        front_width, front_height, colours = png_size_and_colours(self.tmp / "briefing-front-page.png")
        glossary_width, glossary_height, _ = png_size_and_colours(self.tmp / "briefing-glossary.png")
        self.assertEqual((front_width, glossary_width), (800, 800))
        self.assertGreater(colours, 20, "the picture is not blank")
        # Each picture is as tall as its section, which is taller than one screen and differs between them.
        self.assertGreater(front_height, 1100)
        self.assertNotEqual(front_height, glossary_height)
        self.assertEqual(sorted(p.name for p in self.tmp.glob("*.png")),
                         ["briefing-front-page.png", "briefing-glossary.png"])


if __name__ == "__main__":
    unittest.main()
