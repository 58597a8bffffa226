"""Each quantity of a run file is named in one place: the table in
engine/src/output/quantities.cpp. Code in engine/ and bench/ refers to a
quantity by its QuantityId, so no other string literal there spells a
quantity's name, except where the same word is a key of a model's or a
scenario's files or an id of the briefing's HTML (ALLOWED below). And
docs/output-format.md lists the same quantities, with the same units and
dimensions, in one table per kind of run that has them (standard library
unittest only).

Run from the repository root:
    python3 -m unittest tests/tools/test_quantity_names.py
"""

import pathlib
import re
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
TABLE = "engine/src/output/quantities.cpp"
HEADER = "engine/include/carecast/output/quantities.h"
SEARCHED = ("engine", "bench")
DOCS = REPO / "docs" / "output-format.md"

# Where a quantity's name may appear as a literal because it means something
# else there: {file: [(name, pattern of the line it stands on), ...]}. Each
# entry is one use, found by the pattern; anything else spelling a name
# fails the test.
ALLOWED = {
    # Keys of a model's files: model.yaml's sections and key paths, and the
    # columns of its CSV tables, read by the loaders and rewritten by the fit.
    "engine/src/loading/model_loader.cpp": [("population", r'top\.map\("population"\)')],
    "engine/src/loading/care_model_loader.cpp": [
        ("homecare_hours", r'care\.map\("homecare_hours"\)'),
        ("capacity", r'table\.column\("capacity"\)'),
        ("capacity", r'read_table_reference\(care, "capacity"'),
        ("requests", r'read_table_reference\(front_door, "requests"'),
    ],
    "engine/src/calibration/model_adjustment.cpp": [
        ("homecare_hours", r'node_at\(tree, \{"care", "homecare_hours"'),
        ("requests", r'table_path\(\{"care", "front_door", "requests"\}\)'),
    ],
    "bench/national_model.cpp": [("capacity", r'\{"capacity"\}, factor\)')],
    # What a fit's free parameter or a scenario's rate factor multiplies (`multiplies:`).
    "engine/src/model/rate_factor.cpp": [("homecare_hours", r'return "homecare_hours";')],
    # Keys of a scenario: its capacity changes and its money section.
    "engine/src/loading/scenario_loader.cpp": [("capacity", r'for \(const char\* later : \{.*"capacity"')],
    "engine/src/loading/policy_loader.cpp": [("capacity", r'top\.map_list\("capacity"\)')],
    "engine/src/loading/money_loader.cpp": [
        ("unreconciled", r'section\.node\(\)\.find\("unreconciled"\)'),
        ("unreconciled", r'section\.choice\("unreconciled"'),
        ("budget", r'section\.map\("budget"\)'),
        ("grants", r'section\.map_list\("grants"\)'),
    ],
    # Ids of the briefing's sections (links in its contents) and a CSS class.
    "engine/src/report/briefing.cpp": [
        ("capacity", r'\{"capacity", "Capacity and out-of-area placements"\}'),
        ("assumptions", r'\{"assumptions", "Assumptions and what drives the uncertainty"\}'),
    ],
    "engine/src/report/briefing_care.cpp": [("capacity", r'section\("capacity", ')],
    "engine/src/report/briefing_assumptions.cpp": [
        ("assumptions", r'section\("assumptions", '),
        ("assumptions", r'css_class = "assumptions";'),
    ],
}

# One entry of the table: id, presence, then name, units, description (one
# or more literals), dimensions and perhaps may_be_negative.
ENTRY = re.compile(
    r'\{QuantityId::(?P<id>\w+),\s*QuantityPresence::(?P<presence>\w+),\s*'
    r'\{"(?P<name>\w+)",\s*"(?P<units>[^"]*)",\s*(?:"(?:[^"\\]|\\.)*"\s*)+,\s*'
    r'\{(?P<dimensions>[^{}]*)\}(?:,\s*may_be_negative)?\}\}'
)


def quantity_table():
    """[(id, presence, name, units, [dimensions])] in table order."""
    text = (REPO / TABLE).read_text()
    return [
        (m["id"], m["presence"], m["name"], m["units"], re.findall(r'"(\w+)"', m["dimensions"]))
        for m in ENTRY.finditer(text)
    ]


def enumerators():
    body = re.search(r"enum class QuantityId \{([^}]*)\}", (REPO / HEADER).read_text())[1]
    return re.findall(r"^\s*(\w+),", body, re.MULTILINE)


def string_literals(text):
    """(line number, value) of every string literal in C++ source, leaving
    out comments and character literals; raw strings are read whole."""
    found = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == "R" and text.startswith('R"', i) and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            delimiter = text[i + 2:text.index("(", i)]
            end = text.index(")" + delimiter + '"', i) + len(delimiter) + 2
            found.append((line, text[text.index("(", i) + 1:end - len(delimiter) - 2]))
            line += text.count("\n", i, end)
            i = end
        elif c == "'" and i and text[i - 1].isalnum():  # a digit separator: 1'000
            i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                found.append((line, text[i + 1:j]))
            i = j + 1
        else:
            if c == "\n":
                line += 1
            i += 1
    return found


def stray_names(root, names, allowed, searched=SEARCHED, table=TABLE):
    """'file:line: "name"' for each literal spelling a name outside the
    table that no entry of `allowed` covers."""
    stray = []
    for top in searched:
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in (".h", ".cpp", ".in") or not path.is_file():
                continue
            relative = path.relative_to(root).as_posix()
            if relative == table:
                continue
            text = path.read_text()
            lines = text.splitlines()
            for number, value in string_literals(text):
                if value not in names:
                    continue
                source = lines[number - 1]
                if any(name == value and re.search(pattern, source) for name, pattern in allowed.get(relative, [])):
                    continue
                stray.append(f'{relative}:{number}: "{value}"')
    return stray


def documented_quantities():
    """[[(name, [dimensions], units), ...] per table] of the docs' quantity
    tables (those headed `| name | dimensions`)."""
    tables, current = [], None
    for row in DOCS.read_text().splitlines():
        if row.startswith("| name | dimensions"):
            current = []
            tables.append(current)
        elif current is not None and row.startswith("|"):
            cells = [cell.strip() for cell in row.strip("|").split("|")]
            if set(cells[0]) <= set("-"):
                continue
            current.append((cells[0].strip("`"), [d.strip() for d in cells[1].split(",")], cells[2]))
        else:
            current = None
    return tables


class QuantityNames(unittest.TestCase):
    def test_the_table_is_read_whole_and_spells_each_id_as_its_name(self):
        table = quantity_table()
        self.assertEqual([entry[0] for entry in table], enumerators(),
                         f"{TABLE}: every QuantityId, in order, with an entry this test can read")
        self.assertGreater(len(table), 30)
        for quantity_id, _, name, _, _ in table:
            self.assertEqual(quantity_id, name)

    def test_no_quantity_name_is_written_outside_the_table(self):
        names = {entry[2] for entry in quantity_table()}
        stray = stray_names(REPO, names, ALLOWED)
        self.assertEqual(stray, [], "refer to these quantities by QuantityId (carecast/output/quantities.h):\n" +
                         "\n".join(stray))

    def test_every_allowed_use_is_still_there(self):
        # An entry that no longer matches anything would allow the next use
        # that happens to fit it: remove it instead.
        for relative, entries in ALLOWED.items():
            lines = (REPO / relative).read_text().splitlines()
            for name, pattern in entries:
                self.assertTrue(any(f'"{name}"' in line and re.search(pattern, line) for line in lines),
                                f"{relative}: no use of \"{name}\" matches {pattern}")

    def test_a_name_written_in_code_is_found_and_one_in_a_comment_or_allowed_is_not(self):
        with tempfile.TemporaryDirectory() as folder:
            root = pathlib.Path(folder)
            (root / "engine" / "src").mkdir(parents=True)
            (root / "engine" / "src" / "made_up.cpp").write_text(
                '// run.summary("net_spend") in a comment\n'
                '/* and "net_spend" in a block\n   comment */\n'
                'const char c = \'"\';\n'
                'const int k = 1\'000;\n'
                'auto a = run.summary("net_spend");\n'
                'auto b = reader.map("budget");\n'
                'auto d = "net_spending";\n'
                'auto e = R"x(net_spend)x";\n'
                'auto f = "say \\"net_spend\\"";\n'
                'auto g = mean_of(run, "budget", {"year"});\n')
            allowed = {"engine/src/made_up.cpp": [("budget", r'reader\.map\("budget"\)')]}
            self.assertEqual(stray_names(root, {"net_spend", "budget"}, allowed),
                             ['engine/src/made_up.cpp:6: "net_spend"', 'engine/src/made_up.cpp:9: "net_spend"',
                              'engine/src/made_up.cpp:11: "budget"'])


class QuantitiesDocumented(unittest.TestCase):
    def test_the_docs_list_every_quantity_of_the_table_with_its_units_and_dimensions(self):
        code = {name: (units, dimensions) for _, _, name, units, dimensions in quantity_table()}
        documented = [row for table in documented_quantities() for row in table]
        self.assertEqual(sorted(row[0] for row in documented), sorted(code),
                         "docs/output-format.md lists other quantities than the table")
        for name, dimensions, units in documented:
            self.assertEqual((units, dimensions), code[name], f"docs/output-format.md: {name}")

    def test_each_table_of_the_docs_holds_the_quantities_of_one_kind_of_run(self):
        presence = {name: kind for _, kind, name, _, _ in quantity_table()}
        kinds = [{presence.get(row[0]) for row in table} for table in documented_quantities()]
        self.assertTrue(all(len(kind) == 1 for kind in kinds), kinds)
        self.assertEqual(len(kinds), len({next(iter(kind)) for kind in kinds}), kinds)


if __name__ == "__main__":
    unittest.main()
