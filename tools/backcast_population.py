#!/usr/bin/env python3
"""Back-cast the Worcestershire population from mid-2022 to mid-2018 for the
model variant models/worcestershire-2019/.

Run from anywhere, with no arguments:

    python3 tools/backcast_population.py

It writes, in models/worcestershire-2019/data/:
  population_projection.csv  years 2018-2021 back-cast, then 2022-2047 copied
                             line for line from models/worcestershire/data/
  population_base.csv        the 2018 rows of the above
  PROVENANCE.md              method, assumptions, factors and check tables
and prints the factors and checks. Same inputs give the same bytes.

Why a back-cast: the only ONS single-age population we hold starts at
mid-2022 (2022-based SNPP). No mid-2018..2021 ONS estimates by district and
single age are available here.

Method
1. Reverse cohort survival, one year at a time (2021 from 2022, 2020 from
   2021, ...), separately by district and sex, with zero net migration:
     P_y(a)  = P_{y+1}(a+1) / S(a)                        for a = 0..88
     P_y(89) = share90 * P_{y+1}(90+) / S(89)
     P_y(90+) = (P_{y+1}(90+) - S(89) * P_y(89)) / S90plus
   S(a) = 1 - (q(a) + q(a+1)) / 2 from the ONS England life table 2017-2019,
   by sex: the survival from mid-year at age a to the next mid-year that the
   engine itself uses (docs/model.md, "One year", step 1).
   share90 = L(90) / T(90) and S90plus = T(91) / T(90) come from the life
   table's stationary population, built as the engine builds it
   (docs/model.md): L(a) = (l(a) + l(a+1)) / 2 for a = 90..99 and
   L(100+) = l(100) e(100); T(a) is the sum of L from a up.
   With these stationary figures P_y(90+) comes out equal to P_{y+1}(90+).
2. Anchoring to published figures. r_d = MPS Table 1 65+ at 2018 / back-cast
   65+ at 2018 for district d (six values, read from targets.yaml), and one
   county factor r_u for ages 0-64 = (592,100 - sum of the six 2018 65+
   figures) / back-cast county 0-64 at 2018. In year y every age 65+ of
   district d is multiplied by 1 + (r_d - 1)(2022 - y)/4, every age 0-64 by
   1 + (r_u - 1)(2022 - y)/4: the full factor at 2018, none at 2022. Both
   sexes get the same factor.
3. Counts are rounded to 3 decimals, as in the ONS files; the checks are
   computed from the rounded counts that are written.

ASSUMPTIONs (each with its reason) are listed in PROVENANCE_TEMPLATE below
and in the written PROVENANCE.md.

Python 3 standard library only.
"""

import argparse
import csv
import math
import pathlib
import re

REPO = pathlib.Path(__file__).resolve().parent.parent
SOURCE_MODEL = REPO / "models" / "worcestershire"
DEFAULT_OUT_DIR = REPO / "models" / "worcestershire-2019" / "data"
COMMAND = "python3 tools/backcast_population.py"

ONS_BASE_YEAR = 2022           # first year of the ONS 2022-based SNPP
FIRST_YEAR = 2018              # first year of the new model variant
BACKCAST_YEARS = list(range(ONS_BASE_YEAR - 1, FIRST_YEAR - 1, -1))  # 2021..2018
LIFE_TABLE_PERIOD = "2017-2019"  # the period models/worcestershire/model.yaml uses
ADULT_AGE = 18                 # models/worcestershire/model.yaml population.adult_age
OLD_AGE = 65                   # MPS Table 1 is the population aged 65 and over
AGES = [str(a) for a in range(90)] + ["90+"]
OPEN = len(AGES) - 1           # index of the 90+ group
SEXES = ("male", "female")
HEADER = "year,area_code,area_name,sex,age,count"

# Worcestershire all ages at mid-2018, ONS 2018-based projections, printed
# rounded to the nearest hundred: Market Position Statement 2021-23,
# ../shared/seeds/001_a6ecfc05098d5ad0.txt line 147 (the projection's
# starting total); seed-001-facts §2.1 (L147). Not in targets.yaml.
COUNTY_ALL_AGES_2018 = 592_100
COUNTY_ALL_AGES_SOURCE = "001_a6ecfc05098d5ad0.txt line 147"

# The MPS Table 1 targets: "population{year: Y, district: D, age_band:
# [65-74, 75-84, 85-89, 90+]}" followed by its value and source.
TARGET_RE = re.compile(
    r'query: "population\{year: (\d{4}), district: ([^,]+), '
    r'age_band: \[65-74, 75-84, 85-89, 90\+\]\}"\s*\n'
    r'\s*value: (\d+)\s*\n(?:\s*\w+: .*\n)*?\s*source: "([^"]*)"')


def read_projection(path):
    """Returns (header, lines by year, counts, area names). counts maps
    (year, area_code, sex) to 91 floats in AGES order; lines keeps each data
    line's text so 2022+ can be copied unchanged."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    if lines[0] != HEADER:
        raise SystemExit("%s:1: header is %r, expected %r" % (path, lines[0], HEADER))
    lines_by_year, counts, names = {}, {}, {}
    for number, (line, row) in enumerate(zip(lines[1:], csv.reader(lines[1:])), 2):
        year, code, name, sex, age, count = row
        year = int(year)
        lines_by_year.setdefault(year, []).append(line)
        ages = counts.setdefault((year, code, sex), [])
        if age != AGES[len(ages)]:
            raise SystemExit("%s:%d: age %s out of order" % (path, number, age))
        ages.append(float(count))
        names[code] = name
    return lines[0], lines_by_year, counts, names


def read_life_table(path, period):
    """Returns {sex: {"q": [...], "l": [...], "e": [...]}} for ages 0..100."""
    table = {sex: {"q": [], "l": [], "e": []} for sex in SEXES}
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["period"] == period:
                column = table[row["sex"]]
                if int(row["age"]) != len(column["q"]):
                    raise SystemExit("%s: ages out of order" % path)
                for key in ("q", "l", "e"):
                    column[key].append(float(row[key + "x"]))
    return table


def read_mps_targets(path):
    """MPS Table 1 65+ by district: {year: {district name: (value, source)}}."""
    found = {}
    for year, district, value, source in TARGET_RE.findall(path.read_text(encoding="utf-8")):
        found.setdefault(int(year), {})[district] = (int(value), source)
    return found


def survival_rates(life):
    """S(a) for a = 0..89, from mid-year at age a to the next mid-year: people
    aged a are on average a + 0.5, so the mean of q(a) and q(a+1) (the
    engine's rule, docs/model.md)."""
    q = life["q"]
    return [1 - (q[a] + q[a + 1]) / 2 for a in range(90)]


def stationary_90plus(life):
    """(share of 90+ that is aged 90, one-year survival of the 90+) in the
    life table's stationary population, with L as the engine builds it."""
    l, e = life["l"], life["e"]
    person_years = [(l[a] + l[a + 1]) / 2 for a in range(90, 100)] + [l[100] * e[100]]
    total = sum(person_years)  # T(90)
    return person_years[0] / total, (total - person_years[0]) / total


def backcast_one_year(next_year, survival, share90, survival_90plus):
    """Ages 0..89 and 90+ at year y from those at y + 1 (one district, one sex)."""
    counts = [next_year[a + 1] / survival[a] for a in range(89)]
    # 90+ at y+1 cannot be split by age; the stationary share gives its
    # single-age 90s, who were the 89-year-olds of year y.
    counts.append(share90 * next_year[OPEN] / survival[89])
    counts.append((next_year[OPEN] - survival[89] * counts[89]) / survival_90plus)
    return counts


def anchor_factor(ratio, year):
    """The 2018 ratio in 2018, fading linearly to 1 at the ONS base year."""
    return 1 + (ratio - 1) * (ONS_BASE_YEAR - year) / (ONS_BASE_YEAR - FIRST_YEAR)


def total(counts, year, codes, first_age=0, last_age=OPEN):
    return sum(sum(counts[(year, code, sex)][first_age:last_age + 1])
               for code in codes for sex in SEXES)


def n(x, decimals=0):
    return "{:,.{}f}".format(x, decimals)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out-dir", type=pathlib.Path, default=DEFAULT_OUT_DIR,
                        help="where to write the three files (default: %(default)s)")
    args = parser.parse_args(argv)

    header, lines_by_year, counts, names = read_projection(
        SOURCE_MODEL / "data" / "population_projection.csv")
    life = read_life_table(SOURCE_MODEL / "data" / "england_life_table.csv",
                           LIFE_TABLE_PERIOD)
    mps = read_mps_targets(SOURCE_MODEL / "targets.yaml")
    codes = sorted(names)
    code_of = {name: code for code, name in names.items()}
    for year in (FIRST_YEAR, 2020):
        if sorted(mps.get(year, {})) != sorted(code_of):
            raise SystemExit("targets.yaml: expected one MPS 65+ target per "
                             "district for %d, found %s" % (year, sorted(mps.get(year, {}))))

    # Step 1: reverse cohort survival, unanchored.
    survival = {sex: survival_rates(life[sex]) for sex in SEXES}
    stationary = {sex: stationary_90plus(life[sex]) for sex in SEXES}
    for year in BACKCAST_YEARS:
        for code in codes:
            for sex in SEXES:
                counts[(year, code, sex)] = backcast_one_year(
                    counts[(year + 1, code, sex)], survival[sex], *stationary[sex])

    # Step 2: anchor to MPS Table 1 (65+) and the county all-ages total.
    published_65 = {code_of[name]: value for name, (value, _) in mps[FIRST_YEAR].items()}
    raw_65 = {code: total(counts, FIRST_YEAR, [code], OLD_AGE) for code in codes}
    ratio_65 = {code: published_65[code] / raw_65[code] for code in codes}
    published_under65 = COUNTY_ALL_AGES_2018 - sum(published_65.values())
    raw_under65 = total(counts, FIRST_YEAR, codes, 0, OLD_AGE - 1)
    ratio_under65 = published_under65 / raw_under65
    for year in BACKCAST_YEARS:
        for code in codes:
            old = anchor_factor(ratio_65[code], year)
            young = anchor_factor(ratio_under65, year)
            for sex in SEXES:
                key = (year, code, sex)
                counts[key] = [round(c * (old if a >= OLD_AGE else young), 3)
                               for a, c in enumerate(counts[key])]
                if not all(c > 0 and math.isfinite(c) for c in counts[key]):
                    raise SystemExit("non-positive count for %s" % (key,))

    # Step 3: checks, from the rounded counts that are written.
    check_2020 = [(names[code], value, total(counts, 2020, [code], OLD_AGE), source)
                  for code in codes
                  for value, source in [mps[2020][names[code]]]]
    adults = [(year, total(counts, year, codes, ADULT_AGE))
              for year in range(FIRST_YEAR, ONS_BASE_YEAR + 1)]
    all_ages_2018 = total(counts, FIRST_YEAR, codes)

    # Write.
    def backcast_lines(year):
        return ["%d,%s,%s,%s,%s,%.3f" % (year, code, names[code], sex, age, c)
                for code in codes for sex in SEXES
                for age, c in zip(AGES, counts[(year, code, sex)])]
    base = [header] + backcast_lines(FIRST_YEAR)
    projection = [header]
    for year in range(FIRST_YEAR, ONS_BASE_YEAR):
        projection += backcast_lines(year)
    for year in sorted(y for y in lines_by_year if y >= ONS_BASE_YEAR):
        projection += lines_by_year[year]  # ONS text, unchanged

    tables = {
        "ratios": "\n".join(
            "| %s | %s | %s | %s | %.6f |" % (names[c], n(published_65[c]), mps[FIRST_YEAR][names[c]][1],
                                             n(raw_65[c], 3), ratio_65[c]) for c in codes),
        "under65": "| ages 0-64, all six districts | %s | %s - %s | %s | %.6f |" % (
            n(published_under65), n(COUNTY_ALL_AGES_2018), n(sum(published_65.values())),
            n(raw_under65, 3), ratio_under65),
        "check_2020": "\n".join(
            "| %s | %s | %s | %s | %+.1f%% |" % (name, n(value), source, n(ours, 3),
                                                100 * (ours / value - 1))
            for name, value, ours, source in check_2020),
        "check_2020_total": "| total | %s | sum | %s | %+.1f%% |" % (
            n(sum(r[1] for r in check_2020)), n(sum(r[2] for r in check_2020), 3),
            100 * (sum(r[2] for r in check_2020) / sum(r[1] for r in check_2020) - 1)),
        "adults": "\n".join("| %d | %s | %s | %s |" % (
            year, n(value, 3), n(value), "ONS 2022 base" if year == ONS_BASE_YEAR else "back-cast")
            for year, value in adults),
        "district_2018": "\n".join("| %s | %s |" % (names[c], n(total(counts, FIRST_YEAR, [c]), 3))
                                   for c in codes),
        "all_ages_2018": n(all_ages_2018, 3),
        "share90": ", ".join("%s %.6f" % (s, stationary[s][0]) for s in SEXES),
        "s90plus": ", ".join("%s %.6f" % (s, stationary[s][1]) for s in SEXES),
        "s89": ", ".join("%s %.6f" % (s, survival[s][89]) for s in SEXES),
        "rows_projection": n(len(projection) - 1),
        "rows_base": n(len(base) - 1),
        "command": COMMAND,
        "county_total": n(COUNTY_ALL_AGES_2018),
        "county_source": COUNTY_ALL_AGES_SOURCE,
    }
    provenance = PROVENANCE_TEMPLATE.format(**tables)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in (("population_projection.csv", "\n".join(projection) + "\n"),
                       ("population_base.csv", "\n".join(base) + "\n"),
                       ("PROVENANCE.md", provenance)):
        (args.out_dir / name).write_text(text, encoding="utf-8", newline="\n")

    print("factors r_d (65+) and r_u (0-64), applied in full at 2018:")
    for c in codes:
        print("  %-14s %.6f" % (names[c], ratio_65[c]))
    print("  %-14s %.6f" % ("ages 0-64", ratio_under65))
    print("check: 65+ at mid-2020, back-cast vs MPS Table 1 (2018-based projection):")
    for name, value, ours, _ in check_2020:
        print("  %-14s %10.3f vs %6d  %+.1f%%" % (name, ours, value, 100 * (ours / value - 1)))
    print("check: adults 18+, county:")
    for year, value in adults:
        print("  %d %12.3f" % (year, value))
    print("check: all ages at mid-2018, county: %.3f (published %d)"
          % (all_ages_2018, COUNTY_ALL_AGES_2018))
    print("wrote %s" % args.out_dir)


PROVENANCE_TEMPLATE = """\
# Provenance of the Worcestershire 2019 model's population files

**The 2018 to 2021 rows are a model's back-cast, not ONS figures.** They are
derived from the ONS mid-2022 population by reverse cohort survival, then
scaled to the few published 2018 totals. The 2022 to 2047 rows are the ONS
figures of `models/worcestershire/data/`, unchanged.

All three files here are written by `tools/backcast_population.py`. Do not
edit them by hand: change the script and run it again.

The areas, columns, sort order and age groups are those of
`models/worcestershire/data/` (see its `PROVENANCE.md`): the six districts of
Worcestershire (E07000234 Bromsgrove, E07000235 Malvern Hills, E07000236
Redditch, E07000237 Worcester, E07000238 Wychavon, E07000239 Wyre Forest),
`male`/`female`, ages `0` to `89` and `90+`, columns
`year,area_code,area_name,sex,age,count`.

## `population_projection.csv`

The population by district, sex and single year of age at mid-year, 2018 to
2047. There are {rows_projection} rows: 30 years × 6 districts × 2 sexes × 91 ages.
* **2018, 2019, 2020, 2021**: back-cast (method below), with 3 decimals. They
  are not whole numbers.
* **2022 to 2047**: the lines of
  `models/worcestershire/data/population_projection.csv`, copied unchanged
  (ONS 2022-based subnational population projections, migration category
  variant; 2022 is its mid-2022 base). 2023 onwards are projections.

## `population_base.csv`

The 2018 rows of `population_projection.csv`, the same text ({rows_base} rows).
District totals (persons):

| district | persons, mid-2018 |
|---|---|
{district_2018}
| total | {all_ages_2018} |

## How to regenerate

From the repository root (standard library Python 3 only, no arguments):

```sh
{command}
```

It reads
* `models/worcestershire/data/population_projection.csv` (the ONS mid-2022
  start, and the 2022-2047 lines it copies);
* `models/worcestershire/data/england_life_table.csv`, period 2017-2019;
* `models/worcestershire/targets.yaml`, the twelve
  `population{{year: 2018 or 2020, district: ..., age_band: [65-74, 75-84, 85-89, 90+]}}`
  targets, which are Market Position Statement (MPS) 2021-23 Table 1
  (`001_a6ecfc05098d5ad0.txt` lines 179-184);

and uses one cited number written in the script: Worcestershire's population
of {county_total} in 2018 (`{county_source}`, the starting total of the
ONS 2018-based projections it quotes). It prints the factors and checks below
and writes the same bytes each time it is run on the same inputs.

## Method

ONS single-age population for the districts is held here only from mid-2022.
No ONS mid-2018 to mid-2021 estimates by district and single age were found
(see the caveats of `models/worcestershire/data/PROVENANCE.md`), so the
earlier years are back-cast.

**1. Reverse cohort survival** (zero net migration). One year at a time,
2021 from 2022, then 2020 from 2021, 2019 and 2018; each district and sex
separately:

* P_y(a) = P_y+1(a+1) / S(a) for ages a = 0 to 88. Every age has a cohort:
  age a at year y is age a + (2022 - y) in 2022, so no births are needed.
* S(a) = 1 - (q(a) + q(a+1)) / 2, with q from the ONS National Life Table
  for England 2017-2019, by sex. This is the survival from mid-year at age a
  to the next mid-year that the engine itself uses (`docs/model.md`, "One
  year", step 1).
* Age 89 and 90+: the 90+ of year y+1 cannot be split by age, so its
  single-age 90s are taken as a fixed share of it, share90 = L(90) / T(90),
  and they are the survivors of the 89-year-olds of year y:
  P_y(89) = share90 × P_y+1(90+) / S(89).
  The rest of the 90+ of year y+1 are the survivors of the 90+ of year y:
  P_y(90+) = (P_y+1(90+) - S(89) × P_y(89)) / S90plus,
  with S90plus = T(91) / T(90).
* L and T come from the life table's stationary population, built as the
  engine builds it (`docs/model.md`): L(a) = (l(a) + l(a+1)) / 2 for ages 90
  to 99, L(100+) = l(100) e(100), and T(a) = L(a) + L(a+1) + ... + L(100+).
  The values are: share90 {share90}; S90plus {s90plus};
  S(89) {s89}.
* Because share90 + S90plus = 1 in a stationary population, the rule gives
  P_y(90+) = P_y+1(90+) exactly: before anchoring, the 90+ of each district
  and sex is the same in 2018 to 2022.

**2. Anchoring to published figures.** Zero migration is not true, so the
back-cast is scaled to the published 2018 figures:

* for each district d, r_d = MPS Table 1 65+ at 2018 / back-cast 65+ at 2018;
* for the county's ages 0-64, one factor
  r_u = ({county_total} - the six districts' 2018 65+) / back-cast county 0-64 at 2018.

In year y, every count aged 65+ in district d is multiplied by
1 + (r_d - 1) × (2022 - y) / 4, and every count aged 0-64 by
1 + (r_u - 1) × (2022 - y) / 4. The full factor applies at 2018, three
quarters of it at 2019, half at 2020, a quarter at 2021 and none at 2022,
so the ONS 2022 base is unchanged. Both sexes get the same factor. The
factors are applied after the whole back-cast of step 1, not year by year.

**3. Rounding.** Counts are written with 3 decimals, as in the ONS files.
The checks below are computed from the rounded counts that are written.

### Factors

| district | MPS 65+ at 2018 | source | back-cast 65+ at 2018, before anchoring | factor r_d |
|---|---|---|---|---|
{ratios}

| group | published 2018 | from | back-cast 2018, before anchoring | factor r_u |
|---|---|---|---|---|
{under65}

## Assumptions

* **ASSUMPTION: zero net migration between 2018 and 2022** before anchoring.
  Reason: no migration figures by district and age for these years are held
  here. The anchoring corrects the 65+ of each district and the county's
  under-65 total at 2018, but not the age pattern of migration within them
  (see the caveat on students).
* **ASSUMPTION: England mortality, period 2017-2019, for every year 2018 to
  2022.** Reason: it is the model's own table (`models/worcestershire/model.yaml`,
  mortality) and the only pre-COVID one held. It understates the 2020 and
  2021 COVID deaths, so the unanchored back-cast of the oldest is slightly
  too low; the anchoring absorbs most of that at 2018.
* **ASSUMPTION: S(a) = 1 - (q(a) + q(a+1)) / 2**, not 1 - q(a) or
  l(a+1)/l(a). Reason: the counts are by age at last birthday at mid-year, so
  people aged a are on average a + 0.5; and it is the rule the engine uses
  to age the population forward, so the variant ages people consistently.
* **ASSUMPTION: the single-age 90s are the stationary share of the 90+.**
  Reason: the ONS table has one open group; the stationary share is the
  engine's own way of splitting it. Its consequence (90+ unchanged before
  anchoring) is stated above.
* **ASSUMPTION: MPS Table 1 "people aged over 65" means 65 and over**, ages
  65 to 89 and 90+, as `targets.yaml` reads it. Reason: the MPS text around
  the table says "65 and over" (lines 156 and 188), and ONS's published
  age bands start at 65, not 66.
* **ASSUMPTION: the 2018 figures of MPS Table 1 and the 592,100 are the
  ONS mid-2018 estimates.** Reason: 2018 is the base year of the ONS
  2018-based projections that the MPS cites. 592,100 is printed rounded to
  the nearest hundred; it is used as printed (±50 is ±0.01% of the under-65
  figure).
* **ASSUMPTION: one factor for all ages 0-64 in the whole county.** Reason:
  no published 2018 figure splits the under-65 by district or age.
* **ASSUMPTION: the same factor for males and females.** Reason: no
  published 2018 figure is split by sex.
* **ASSUMPTION: the factors fade linearly from 2018 to 2022.** Reason: the
  published figures fix 2018 and the ONS figures fix 2022; nothing published
  here fixes 2019 to 2021, and a straight line is the simplest path between.

## Checks

**65+ at mid-2020 by district**, back-cast (after anchoring) against MPS
Table 1 2020. The MPS 2020 figures are ONS **2018-based projections**, not
estimates, and the back-cast's 2022 end is the Census-2021-based ONS
mid-2022 estimate, so a difference of a few percent is expected. Nothing was
fitted to these figures.

| district | MPS 2020 (projection) | source | back-cast 2020 | difference |
|---|---|---|---|---|
{check_2020}
{check_2020_total}

**Adults aged 18+, six districts summed:**

| year | adults 18+ (unrounded) | rounded | from |
|---|---|---|---|
{adults}

**All ages at mid-2018, six districts summed:** {all_ages_2018}, against
{county_total} published (`{county_source}`). This holds by construction
(step 2), up to the 3-decimal rounding.

## Caveats

* **These are not estimates.** 2018 to 2021 are a back-cast anchored to
  three kinds of published total. Single ages, sexes and the split of the
  under-65 between districts come from the 2022 population aged backwards.
* **The 2018 MPS 65+ targets in `models/worcestershire/targets.yaml` are met
  by construction** in this variant (to 3 decimals), so they are no longer
  an independent check of its starting population. The 2020 targets are not
  fitted.
* **Two ONS vintages meet.** The 2018 anchors are 2018-based (before the
  2021 Census); the 2022 base is Census-2021-based. The change from 2018 to
  2022 in these files includes the difference between the two vintages, not
  only real change.
* **Students and young adults.** With zero migration, the 2018 population at
  student ages is the 2022 population four years older, aged backwards. In
  Worcester (a university city) the 18-21s of 2018 are therefore understated,
  and elsewhere they may be too high or too low. The county under-65 factor
  scales all ages alike and does not correct this.
* **The oldest.** Before anchoring, the 90+ stays at its 2022 level back to
  2018 (step 1). The district 65+ factor then scales it like every other age
  65+.
"""

if __name__ == "__main__":
    main()
