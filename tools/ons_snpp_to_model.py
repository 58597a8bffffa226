#!/usr/bin/env python3
"""Convert ONS subnational population projection (SNPP) CSV files to the
carecast model's long population format.

Input: ONS's own wide CSV files, one row per area, sex and age group:

    AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,2022,2023,...,2047

with COMPONENT "Population", SEX "males", "females" or "persons", and
AGE_GROUP "0".."89", "90 and over" and "All ages".

Output: one row per year, area, sex and single year of age:

    year,area_code,area_name,sex,age,count

with sex "male"/"female", age "0".."89" and "90+", and count copied
verbatim from the source text (never re-rounded). Rows are sorted by year,
area code, sex (male, then female) and age (0..89, then 90+).

Every input file is checked before anything is written: the header, the
number of fields on each row, that every value is a non-negative decimal
number, that each area and sex has exactly one row for each age, and that
for every area, sex and year the single ages sum to ONS's "All ages" row
(within --tolerance). "persons" rows are not written; where they are present
together with the male and female rows they are checked against
male + female. On bad input the script prints one message
"FILE:LINE: what is wrong" to stderr, writes nothing, and exits with code 2.

Python 3 standard library only.
"""

import argparse
import csv
import io
import os
import re
import sys
import tempfile
from decimal import Decimal

EXIT_BAD_INPUT = 2
EXIT_OUTPUT_ERROR = 1

EXPECTED_ID_COLUMNS = ["AREA_CODE", "AREA_NAME", "COMPONENT", "SEX", "AGE_GROUP"]
N_ID = len(EXPECTED_ID_COLUMNS)

SEX_MAP = {
    "males": "male", "male": "male",
    "females": "female", "female": "female",
    "persons": "persons", "person": "persons",
}
SEX_ORDER = {"male": 0, "female": 1}

OPEN_AGE_LABEL = "90+"
OPEN_AGE_SOURCE = "90 and over"
ALL_AGES_SOURCE = "All ages"
SINGLE_AGES = [str(a) for a in range(90)]
MODEL_AGES = SINGLE_AGES + [OPEN_AGE_LABEL]
AGE_RANK = {age: i for i, age in enumerate(MODEL_AGES)}
ALL = "all"  # internal key for the "All ages" row

NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)?$")
YEAR_RE = re.compile(r"^[0-9]{4}$")

OUTPUT_HEADER = ["year", "area_code", "area_name", "sex", "age", "count"]


class InputError(Exception):
    """Bad input; str() is the complete 'FILE:LINE: what is wrong' message."""


def fail(path, line, message):
    if line is None:
        raise InputError("%s: %s" % (path, message))
    raise InputError("%s:%d: %s" % (path, line, message))


def parse_age(text):
    """Map an ONS AGE_GROUP to the model's age label (or ALL); None if unknown."""
    t = " ".join(text.split())
    if t in SINGLE_AGES:
        return t
    low = t.lower()
    if low in ("90 and over", "90+", "90 plus"):
        return OPEN_AGE_LABEL
    if low in ("all ages", "all"):
        return ALL
    return None


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError("%s: cannot read: %s" % (path, e.strerror or e))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        fail(path, line, "not valid UTF-8 text (byte 0x%02x)" % data[e.start])


class Cell:
    __slots__ = ("text", "value")

    def __init__(self, text):
        self.text = text
        self.value = Decimal(text)


class Row:
    __slots__ = ("path", "line", "area_code", "area_name", "sex", "age", "cells")

    def __init__(self, path, line, area_code, area_name, sex, age, cells):
        self.path = path
        self.line = line
        self.area_code = area_code
        self.area_name = area_name
        self.sex = sex
        self.age = age
        self.cells = cells  # list of Cell, one per year column


def read_file(path, first_header):
    """Parse and check one ONS file. Returns (years, rows)."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    years = None
    next_line = 1  # physical line on which the next record starts
    try:
        for record in reader:
            line = next_line
            next_line = reader.line_num + 1
            if years is None:
                years = check_header(path, line, record, first_header)
                continue
            if not record:
                continue  # blank line
            rows.append(check_row(path, line, record, years))
    except csv.Error as e:
        fail(path, reader.line_num, "CSV syntax error: %s" % e)
    if years is None:
        fail(path, 1, "empty file: expected the header %s,YEAR,..."
             % ",".join(EXPECTED_ID_COLUMNS))
    if not rows:
        fail(path, 1, "header but no data rows")
    return years, rows


def check_header(path, line, record, first_header):
    names = [f.strip() for f in record]
    if len(names) < N_ID + 1:
        fail(path, line, "header has %d fields; expected %s followed by one "
             "column per year" % (len(names), ",".join(EXPECTED_ID_COLUMNS)))
    if [n.upper() for n in names[:N_ID]] != EXPECTED_ID_COLUMNS:
        fail(path, line, "header starts %s; expected %s"
             % (",".join(names[:N_ID]), ",".join(EXPECTED_ID_COLUMNS)))
    years = []
    for i, n in enumerate(names[N_ID:], N_ID + 1):
        if not YEAR_RE.match(n):
            fail(path, line, "header column %d is %r; expected a four-digit "
                 "year" % (i, n))
        y = int(n)
        if years and y != years[-1] + 1:
            fail(path, line, "header year %d follows %d; the year columns "
                 "must be consecutive" % (y, years[-1]))
        years.append(y)
    if first_header is not None:
        first_path, first_years = first_header
        if years != first_years:
            fail(path, line, "header years %d-%d (%d columns) differ from "
                 "those of %s (%d-%d, %d columns); all files must have the "
                 "same year columns"
                 % (years[0], years[-1], len(years), first_path,
                    first_years[0], first_years[-1], len(first_years)))
    return years


def check_row(path, line, record, years):
    expected = N_ID + len(years)
    if len(record) != expected:
        fail(path, line, "row has %d fields; the header has %d"
             % (len(record), expected))
    fields = [f.strip() for f in record]
    area_code, area_name, component, sex_text, age_text = fields[:N_ID]
    if not area_code:
        fail(path, line, "AREA_CODE is empty")
    if not area_name:
        fail(path, line, "AREA_NAME is empty")
    if component.lower() != "population":
        fail(path, line, "COMPONENT is %r; expected 'Population' (this "
             "converter reads population files only)" % component)
    sex = SEX_MAP.get(sex_text.lower())
    if sex is None:
        fail(path, line, "SEX is %r; expected males, females or persons"
             % sex_text)
    age = parse_age(age_text)
    if age is None:
        fail(path, line, "AGE_GROUP is %r; expected 0..89, '90 and over' or "
             "'All ages'" % age_text)
    cells = []
    for year, text in zip(years, fields[N_ID:]):
        if not NUMBER_RE.match(text):
            fail(path, line, "value for %d is %r; expected a non-negative "
                 "decimal number" % (year, text))
        cells.append(Cell(text))
    return Row(path, line, area_code, area_name, sex, age, cells)


def sex_label(sex):
    return "persons" if sex == "persons" else sex + "s"


def fmt(d):
    return format(d, "f")


def check_blocks(blocks, block_order, years, tolerance):
    """Every area/sex block: one row per age, ages sum to 'All ages'."""
    for key in block_order:
        block = blocks[key]
        area_code, sex = key
        first = next(iter(block.values()))  # first row read for this block
        label = "%s %s" % (area_code, sex_label(sex))
        for age in MODEL_AGES:
            if age not in block:
                fail(first.path, first.line, "%s: no row for age %s (this "
                     "area and sex starts here)"
                     % (label, age if age != OPEN_AGE_LABEL else "'90 and over'"))
        if ALL not in block:
            fail(first.path, first.line, "%s: no 'All ages' row, so the ages "
                 "cannot be checked (this area and sex starts here)" % label)
        total_row = block[ALL]
        age_rows = [block[age] for age in MODEL_AGES]
        if all(r.path == total_row.path for r in age_rows):
            where = "; the age rows are on lines %d-%d" % (
                min(r.line for r in age_rows), max(r.line for r in age_rows))
        else:
            where = ""
        for j, year in enumerate(years):
            s = sum((block[age].cells[j].value for age in MODEL_AGES), Decimal(0))
            t = total_row.cells[j].value
            if abs(s - t) > tolerance:
                fail(total_row.path, total_row.line,
                     "%s %d: ages 0 to 90+ sum to %s but 'All ages' is %s "
                     "(difference %s, tolerance %s%s)"
                     % (label, year, fmt(s), fmt(t), fmt(abs(s - t)),
                        fmt(tolerance), where))


def check_persons(blocks, block_order, years, tolerance):
    """Where persons rows exist beside male and female rows: p = m + f."""
    for key in block_order:
        area_code, sex = key
        if sex != "persons":
            continue
        m = blocks.get((area_code, "male"))
        f = blocks.get((area_code, "female"))
        if m is None or f is None:
            continue
        for age in MODEL_AGES + [ALL]:
            p_row = blocks[key][age]
            for j, year in enumerate(years):
                mv = m[age].cells[j].value
                fv = f[age].cells[j].value
                pv = p_row.cells[j].value
                if abs(mv + fv - pv) > tolerance:
                    fail(p_row.path, p_row.line,
                         "%s persons %s %d: persons is %s but males + females "
                         "is %s (difference %s, tolerance %s)"
                         % (area_code, "all ages" if age == ALL else "age " + age,
                            year, fmt(pv), fmt(mv + fv), fmt(abs(mv + fv - pv)),
                            fmt(tolerance)))


def load(paths, tolerance):
    """Read and check all files. Returns (years, blocks, block_order, names)."""
    years = None
    first_header = None
    blocks = {}        # (area_code, sex) -> {age: Row}
    block_order = []
    names = {}         # area_code -> Row that first named it
    for path in paths:
        file_years, rows = read_file(path, first_header)
        if first_header is None:
            first_header = (path, file_years)
            years = file_years
        for row in rows:
            named = names.get(row.area_code)
            if named is None:
                names[row.area_code] = row
            elif named.area_name != row.area_name:
                fail(row.path, row.line, "area %s is named %r here but %r at "
                     "%s:%d" % (row.area_code, row.area_name, named.area_name,
                                named.path, named.line))
            key = (row.area_code, row.sex)
            block = blocks.get(key)
            if block is None:
                block = blocks[key] = {}
                block_order.append(key)
            prev = block.get(row.age)
            if prev is not None:
                fail(row.path, row.line, "duplicate row: %s %s age %s was "
                     "already given at %s:%d"
                     % (row.area_code, sex_label(row.sex),
                        "all ages" if row.age == ALL else row.age,
                        prev.path, prev.line))
            block[row.age] = row
    check_blocks(blocks, block_order, years, tolerance)
    check_persons(blocks, block_order, years, tolerance)
    return years, blocks, block_order, names


def parse_years(text):
    m = re.match(r"^\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?$", text)
    if not m:
        raise argparse.ArgumentTypeError("expected FROM-TO, e.g. 2022-2047, "
                                         "or a single year; got %r" % text)
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if hi < lo:
        raise argparse.ArgumentTypeError("%r: FROM is after TO" % text)
    return lo, hi


def parse_areas(text):
    codes = [c.strip() for c in text.split(",") if c.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("expected CODE[,CODE...]")
    return codes


def parse_tolerance(text):
    try:
        d = Decimal(text)
    except Exception:
        raise argparse.ArgumentTypeError("not a number: %r" % text)
    if not d.is_finite() or d < 0:
        raise argparse.ArgumentTypeError("must be a non-negative number")
    return d


def build_rows(years, blocks, names, areas, year_set):
    out = []
    for (area_code, sex), block in blocks.items():
        if sex == "persons" or area_code not in areas:
            continue
        name = names[area_code].area_name
        for j, year in enumerate(years):
            if year not in year_set:
                continue
            for age in MODEL_AGES:
                out.append((year, area_code, SEX_ORDER[sex], AGE_RANK[age],
                            [str(year), area_code, name, sex, age,
                             block[age].cells[j].text]))
    out.sort(key=lambda r: r[:4])
    return [r[4] for r in out]


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(OUTPUT_HEADER)
    w.writerows(rows)
    return buf.getvalue()


def write_atomically(outputs):
    """outputs: list of (path, text). Each file is complete or untouched."""
    umask = os.umask(0)
    os.umask(umask)
    temps = []
    try:
        for path, text in outputs:
            d = os.path.dirname(os.path.abspath(path))
            fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                       suffix=".tmp", dir=d)
            temps.append(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        for (path, _), tmp in zip(outputs, temps):
            os.replace(tmp, path)
    finally:
        for tmp in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="ons_snpp_to_model.py",
        description="Convert ONS subnational population projection CSV files "
                    "(wide: AREA_CODE,AREA_NAME,COMPONENT,SEX,AGE_GROUP,"
                    "YEAR...) to the model's long format "
                    "year,area_code,area_name,sex,age,count. Counts are "
                    "copied verbatim. All input is checked first; on bad "
                    "input one message FILE:LINE: PROBLEM is printed, nothing "
                    "is written, and the exit code is 2.",
        epilog="Example: %(prog)s ons_males.csv ons_females.csv "
               "--areas E07000234,E07000235 -o population_projection.csv "
               "--base-year 2022 --base-out population_base.csv")
    p.add_argument("inputs", nargs="+", metavar="FILE",
                   help="ONS SNPP CSV file(s), e.g. the males and the females "
                        "file; each area and sex must appear in exactly one")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="output CSV (written to a temporary file and renamed)")
    p.add_argument("--areas", type=parse_areas, metavar="CODE[,CODE...]",
                   help="keep only these area codes (default: all areas in "
                        "the input); every code must be present")
    p.add_argument("--years", type=parse_years, metavar="FROM-TO",
                   help="keep only these years (inclusive); every year must "
                        "be a column of the input")
    p.add_argument("--base-year", type=int, metavar="Y",
                   help="also write year Y alone to --base-out")
    p.add_argument("--base-out", metavar="FILE",
                   help="base population file (same format, year Y only)")
    p.add_argument("--tolerance", type=parse_tolerance, default=Decimal("0.02"),
                   metavar="T",
                   help="largest allowed |sum of ages - All ages| and "
                        "|males + females - persons| (default 0.02)")
    args = p.parse_args(argv)
    if (args.base_year is None) != (args.base_out is None):
        p.error("--base-year and --base-out must be given together")
    out_paths = [args.output] + ([args.base_out] if args.base_out else [])
    if len(set(os.path.abspath(x) for x in out_paths)) != len(out_paths):
        p.error("--base-out must differ from -o")
    for x in out_paths:
        if any(os.path.abspath(x) == os.path.abspath(i) for i in args.inputs):
            p.error("output %s is also an input" % x)

    prog = os.path.basename(sys.argv[0]) if argv is None else p.prog
    try:
        years, blocks, block_order, names = load(args.inputs, args.tolerance)
        first_path = args.inputs[0]
        areas = list(names) if args.areas is None else args.areas
        for code in areas:
            if code not in names:
                raise InputError("--areas: area %s is not in any input file"
                                 % code)
            for sex in ("male", "female"):
                if (code, sex) not in blocks:
                    r = names[code]
                    fail(r.path, r.line, "area %s has no %s rows in any input "
                         "file; both males and females are needed"
                         % (code, sex))
        year_set = set(years)
        if args.years is not None:
            lo, hi = args.years
            missing = [y for y in range(lo, hi + 1) if y not in year_set]
            if missing:
                fail(first_path, 1, "--years %d-%d: year %d is not a column "
                     "(the files have %d-%d)"
                     % (lo, hi, missing[0], years[0], years[-1]))
            year_set = set(range(lo, hi + 1))
        outputs = [(args.output,
                    render(build_rows(years, blocks, names, set(areas),
                                      year_set)))]
        if args.base_out:
            if args.base_year not in years:
                fail(first_path, 1, "--base-year %d is not a column (the "
                     "files have %d-%d)" % (args.base_year, years[0], years[-1]))
            outputs.append((args.base_out,
                            render(build_rows(years, blocks, names, set(areas),
                                              {args.base_year}))))
    except InputError as e:
        sys.stderr.write("%s\n" % e)
        return EXIT_BAD_INPUT
    try:
        write_atomically(outputs)
    except OSError as e:
        sys.stderr.write("%s: cannot write output: %s\n" % (prog, e))
        return EXIT_OUTPUT_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
