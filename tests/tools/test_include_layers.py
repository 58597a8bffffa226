"""The engine's areas (engine/include/carecast/AREA, engine/src/AREA) include
each other without cycles, so each can be read, and tested, on top of the
ones below it (standard library unittest only).

Run from the repository root:
    python3 -m unittest tests/tools/test_include_layers.py
"""

import pathlib
import re
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
ROOTS = [REPO / "engine" / "include" / "carecast", REPO / "engine" / "src"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"carecast/([a-z_]+)/([^"]+)"', re.MULTILINE)


def area_graph():
    """{area: {other area: [(file, header), ...]}} for every include across areas."""
    graph = {}
    for root in ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".h", ".cpp", ".in") or not path.is_file():
                continue
            area = path.relative_to(root).parts[0]
            edges = graph.setdefault(area, {})
            for other, header in INCLUDE.findall(path.read_text()):
                if other != area:
                    edges.setdefault(other, []).append((str(path.relative_to(REPO)), header))
    return graph


def cycles(graph):
    """Strongly connected groups of more than one area (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(area):
        index[area] = low[area] = len(index)
        stack.append(area)
        on_stack.add(area)
        for other in graph.get(area, {}):
            if other not in index:
                visit(other)
                low[area] = min(low[area], low[other])
            elif other in on_stack:
                low[area] = min(low[area], index[other])
        if low[area] == index[area]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == area:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for area in sorted(graph):
        if area not in index:
            visit(area)
    return found


class IncludeLayers(unittest.TestCase):
    def test_the_areas_include_each_other_without_cycles(self):
        graph = area_graph()
        self.assertIn("simulation", graph, "no engine sources found")
        problems = []
        for group in cycles(graph):
            lines = [f"areas {' <-> '.join(group)} include each other:"]
            for area in group:
                for other in group:
                    for path, header in graph[area].get(other, []):
                        lines.append(f"  {path} includes carecast/{other}/{header}")
            problems.append("\n".join(lines))
        self.assertEqual(problems, [], "\n\n".join(problems))

    def test_a_cycle_is_found_when_there_is_one(self):
        # The check itself, on a made-up graph: a -> b -> c -> a, and d alone.
        graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
        self.assertEqual(cycles(graph), [["a", "b", "c"]])


if __name__ == "__main__":
    unittest.main()
