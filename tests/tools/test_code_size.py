"""Files and functions that fit on a few screens: no source file of the
engine library (engine/src) over 500 lines and no function in it over 100,
and engine/app/main.cpp, which keeps only the command line and exit codes,
under 250 (standard library unittest only).

Functions are found as the code is formatted (.clang-format, Google style,
namespaces not indented): a definition starts at the left margin and ends
at the first closing brace back at the left margin.

Run from the repository root:
    python3 -m unittest tests/tools/test_code_size.py
"""

import pathlib
import re
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
LONGEST_FILE = 500
LONGEST_FUNCTION = 100
LONGEST_MAIN = 250
DEFINITION = re.compile(r"^[A-Za-z_][\w:<>,*&\s~]*?\b([\w:~]+)\s*\(")


def long_functions(text, limit):
    """(name, first line, length) of each function longer than `limit` lines."""
    found = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = DEFINITION.match(line)
        if not match or line.startswith(("namespace", "struct", "class", "enum", "using", "template", "#")) or line.rstrip().endswith(";"):
            index += 1
            continue
        # The signature may run over several lines; the body opens with a
        # brace at the end of one of them.
        start = index
        while index < len(lines) and not lines[index].rstrip().endswith(("{", ";", "}")):
            index += 1
        if index < len(lines) and lines[index].rstrip().endswith("}"):
            index += 1  # a definition on one line
            continue
        if index >= len(lines) or lines[index].rstrip().endswith(";"):
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith("}"):
            end += 1
        length = end - start + 1
        if length > limit:
            found.append((match.group(1), start + 1, length))
        index = end + 1
    return found


class CodeSize(unittest.TestCase):
    def test_library_files_and_functions_fit_on_a_few_screens(self):
        problems = []
        sources = sorted((REPO / "engine" / "src").rglob("*.cpp")) + sorted((REPO / "engine" / "src").rglob("*.h"))
        self.assertGreater(len(sources), 50, "no engine sources found")
        for path in sources:
            text = path.read_text()
            name = path.relative_to(REPO)
            lines = len(text.splitlines())
            if lines > LONGEST_FILE:
                problems.append(f"{name}: {lines} lines (at most {LONGEST_FILE})")
            for function, first, length in long_functions(text, LONGEST_FUNCTION):
                problems.append(f"{name}:{first}: {function} is {length} lines (at most {LONGEST_FUNCTION})")
        self.assertEqual(problems, [], "\n".join(problems))

    def test_main_keeps_only_the_command_line(self):
        lines = len((REPO / "engine" / "app" / "main.cpp").read_text().splitlines())
        self.assertLess(lines, LONGEST_MAIN)

    def test_a_long_function_is_found(self):
        body = "\n".join(f"  x += {k};" for k in range(120))
        text = f"namespace a {{\n\nint short_one() {{ return 1; }}\n\nint Thing::long_one(int x,\n                     int y) const {{\n{body}\n  return x;\n}}\n\n}}  // namespace a\n"
        self.assertEqual(long_functions(text, 100), [("Thing::long_one", 5, 124)])


if __name__ == "__main__":
    unittest.main()
