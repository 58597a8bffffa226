#!/usr/bin/env python3
"""Write docs/need-trend.md: Worcestershire's need trend beyond demography,
fitted on the 2019 model against the published series, and the growth it
implies for the default scenario.

    /usr/bin/python3 tools/need_trend_report.py [--carecast build/carecast]

It runs, from the repository's root:
1. carecast calibrate models/worcestershire-2019
       --targets models/worcestershire/need-trend.yaml
       --scenario scenarios/backtest-2019.yaml
   and reads the fitted trends, their standard errors, the correlations and
   the scenario lines from its calibration-report.md;
2. the expected-value mode of scenarios/baseline.yaml twice, with need
   growing with demography alone (need_growth 0) and with the fitted trends,
   and sets the long-term client growth each gives against the council's
   budgeted 4% and observed 5.5% (003_2f31bcd0cc11b4b0.txt line 143) and the
   Local Account's +57% (65+) and +29% (18-64) by 2038
   (000_86e264d789b9484d.txt lines 397-401).
Needs h5py and PyYAML (Debian's python3-h5py, python3-yaml).
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

import h5py
import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
CALIBRATE = ["calibrate", "models/worcestershire-2019", "--targets", "models/worcestershire/need-trend.yaml",
             "--scenario", "scenarios/backtest-2019.yaml"]
LONG_TERM = ["homecare", "direct_payment", "supported_living", "extra_care", "shared_lives", "residential", "nursing"]
OLDER_BANDS = ["65-74", "75-84", "85-89", "90+"]


def run(carecast, *arguments):
    result = subprocess.run([carecast, *map(str, arguments)], cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, arguments))} failed:\n{result.stderr}")
    return result


def section(report, title):
    start = report.index(f"## {title}\n")
    end = report.find("\n## ", start + 1)
    return report[start:end if end >= 0 else len(report)].strip() + "\n"


def central_lines(block):
    """The scenario lines with each distribution at its fitted value."""
    demand = yaml.safe_load(block)["demand"]
    entries = demand["need_growth"] if isinstance(demand["need_growth"], list) else [demand["need_growth"]]
    for entry in entries:
        if isinstance(entry["value"], dict):
            entry["value"] = entry["value"]["mean"]
    return yaml.safe_dump({"demand": demand}, sort_keys=False, width=1000)


def long_term_clients(path):
    """Long-term clients at each year end, in total, aged 65+ and 18-64."""
    with h5py.File(path, "r") as f:
        years = list(f["year"][:])
        settings = [s.decode() for s in f["setting"][:]]
        bands = [b.decode() for b in f["age_band"][:]]
        statistic = [s.decode() for s in f["statistic"][:]].index("mean")
        clients = f["summary/clients_by_age_band"][statistic]
    chosen = [settings.index(s) for s in LONG_TERM]
    older = [bands.index(b) for b in OLDER_BANDS]
    working = [k for k in range(len(bands)) if k not in older]
    table = {}
    for y, year in enumerate(years):
        by_band = clients[y][chosen].sum(axis=0)
        table[int(year)] = (by_band.sum(), by_band[older].sum(), by_band[working].sum())
    return table


def growth_rows(projections):
    rows = []
    for label, table in projections:
        years = sorted(table)
        first, last = years[0], years[-1]
        second_year = table[years[1]][0] / table[first][0] - 1
        yearly = (table[last][0] / table[first][0]) ** (1 / (last - first)) - 1
        older = table[last][1] / table[first][1] - 1
        working = table[last][2] / table[first][2] - 1
        rows.append(f"| {label} | {second_year:+.1%} | {yearly:+.1%} | {older:+.0%} | {working:+.0%} |")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carecast", default="build/carecast")
    parser.add_argument("-o", "--output", default="docs/need-trend.md")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="need-trend-") as scratch:
        scratch = pathlib.Path(scratch)
        run(arguments.carecast, *CALIBRATE, "-o", scratch / "fit", "--force")
        report = (scratch / "fit" / "calibration-report.md").read_text()
        block = re.search(r"```yaml\n(.*?)```", report, re.S).group(1)
        baseline = (REPO / "scenarios" / "baseline.yaml").resolve()
        projections = []
        for label, demand in [("demography alone (need_growth 0)",
                               "demand: {need_growth: {value: 0, derived: \"demography alone\"}}\n"),
                              ("with the fitted trends", central_lines(block))]:
            scenario = scratch / f"{len(projections)}.yaml"
            scenario.write_text(f"extends: {baseline}\n{demand}")
            run(arguments.carecast, "run", scenario, "--expected", "-o", scratch / f"{len(projections)}.h5", "--force")
            projections.append((label, long_term_clients(scratch / f"{len(projections)}.h5")))
    command = " ".join(["carecast", *CALIBRATE])
    text = f"""# Worcestershire's need trend beyond demography

Generated by `/usr/bin/python3 tools/need_trend_report.py` (which runs `{command}`
and two expected-value runs of `scenarios/baseline.yaml`). Do not edit by hand: rerun the command.

The excess of need over demography (rising prevalence and acuity) is fitted as a yearly
trend in request rates (`trend: need_growth`, docs/fitting.md, "Need trends") on the model
started in April 2019 (`models/worcestershire-2019`, in the backtest's scenario) against the
published counts of clients, requests and admissions of 2019/20 to 2023/24 in
`models/worcestershire/targets.yaml`, without 2020/21, the COVID year, and with the package
count the council's 2023/24 growth was measured on (`models/worcestershire/need-trend.yaml`).
The trend is fitted together with the level of need it grows from and the routing of older
people to care homes, which the same figures also move.

One trend serves every client group. Fitted apart (measured when this tool was written, with
a second trend for learning disability, mental health and physical disability), the two
were not identified: with the shares of requests that lead to short-term and long-term
support among the figures, older people's trend came out at +1.7% a year with a standard
error of 4.6 points and the working-age trend on its lower bound (-5%); without them, at
-4.2% (standard error 5.5 points) and on its upper bound (+15%). The published series has
one year-on-year step (March 2023 to March 2024) and no count by client group after 2021, so
the difference between the groups' growth (the Local Account's +57% and +29%) cannot be
fitted from it; it has to come from the demography and the rates by age.

{section(report, "Warnings") if "## Warnings" in report else ""}
{section(report, "Parameters")}
{section(report, "Parameter uncertainty")}
{section(report, "Where the fitted need trend goes")}
## The growth it implies

Long-term council-funded clients (homecare, direct payments, supported living, extra care,
shared lives, residential and nursing care) in the expected-value mode of
`scenarios/baseline.yaml` (2024/25 to 2038/39), at each year end. The council budgeted 4%
client growth for 2023/24 and saw 5.5% by the end of September 2023, half way through the
year (003_2f31bcd0cc11b4b0.txt line 143); the Local Account projects people needing care
+57% (65+) and +29% (18-64) by 2038 (000_86e264d789b9484d.txt lines 397-401), from about
2023/24. The model's growth by 2038 is from March 2025 to March 2039.

| need growth | 2025/26 over 2024/25 | a year, 2024/25 to 2038/39 | aged 65+, by 2038/39 | aged 18-64, by 2038/39 |
|---|---:|---:|---:|---:|
""" + "\n".join(growth_rows(projections)) + f"""

## What to make of it

Read the standard error before the value. When this tool was written the trend came out at
-2.1% a year with a standard error of 5.3 points: two standard errors either side reach from
a fall of 12% a year to a rise of 8%, wide of both zero and the 4% the council budgeted. The
figures do not pin it, for a reason the correlations show: the trend trades against the
level of older people's need (-0.94) and the routing to care homes (+0.74). The 2019/20 care
home admissions per 100,000 aged 65+ (629) need more need, or more routing to care homes,
than the 2023/24 requests (26,444) allow at the same rates, so a fit that meets both lets
need fall between them: the model's known misfit of admissions against stays
(docs/backtest.md) shows up as a negative trend. Held at the model's routing (the routing
not free), the trend is -3.0% with a standard error of 3.4 points, for the same reason.

So the fitted value is not a central estimate for `scenarios/baseline.yaml`. What the
series does support is that the trend is not known to within several points a year; the
only direct evidence of need outgrowing demography remains the council's own 2023/24 figure
(5.5% client growth by September against about 1.6% a year from demography in the table
above, 003_2f31bcd0cc11b4b0.txt line 143), which is one half-year. A fit that can measure
the trend needs a yearly series of a count the trend drives and the model's structure meets,
such as long-term clients or requests at each year end from 2019 to 2024, which the
documents do not publish.

## The figures fitted

{section(report, "Targets fitted").split(chr(10), 2)[2]}"""
    (REPO / arguments.output).write_text(text)
    print(f"written to {arguments.output}")


if __name__ == "__main__":
    main()
