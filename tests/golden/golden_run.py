#!/usr/bin/python3
"""The golden run: the whole output of a small scenario at a fixed seed,
compared to the last bit with the reference kept beside this script.

    tests/golden/golden_run.py --carecast build/carecast            # check
    tests/golden/golden_run.py --carecast build/carecast --update   # regenerate

The scenario (tests/data/scenarios/golden.yaml) has money, levers that may
not be delivered, capacity that binds and uncertain assumptions. It is run as
Monte Carlo replicates with one thread and with two (the same file either
way) and in the expected-value mode. Each file is written out as text: every
group, dataset and attribute, with floating-point values in Python's
shortest round-trip form, so two dumps are equal exactly when the values are
equal bit for bit. Only the attributes that name the program's build and the
time (carecast_version, git_revision, created_utc) are left out.

A change that is meant to move results regenerates the reference with
--update, and its commit says why (README, "The golden run").
"""
import argparse
import difflib
import os
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
SCENARIO = "tests/data/scenarios/golden.yaml"  # relative: the path is recorded in the file
VOLATILE = {"carecast_version", "git_revision", "created_utc"}
CASES = {
    "monte_carlo": [["--threads", "1"], ["--threads", "2"]],
    "expected": [["--expected"]],
}


def text_of(value):
    """One value as exact text: shortest round-trip floats, decoded strings."""
    if isinstance(value, bytes):
        return repr(value.decode("utf-8"))
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer, bool, np.bool_)):
        return str(int(value))
    if isinstance(value, h5py.Reference):
        return "<reference>"
    if isinstance(value, np.ndarray):
        return "[" + ", ".join(text_of(v) for v in value.ravel()) + "]"
    return repr(value)


def attribute_lines(handle, file):
    lines = []
    for name in sorted(handle.attrs.keys()):
        if handle.name == "/" and name in VOLATILE:
            continue
        if name in ("DIMENSION_LIST", "REFERENCE_LIST"):
            # References to dimension scales: name what they point at.
            raw = handle.attrs[name]
            targets = []
            for entry in np.asarray(raw, dtype=object).ravel():
                if isinstance(entry, h5py.Reference):
                    targets.append(file[entry].name)
                elif isinstance(entry, (tuple, np.void)):
                    targets.append(file[entry[0]].name + "#" + str(entry[1]))
                else:
                    for reference in np.asarray(entry, dtype=object).ravel():
                        targets.append(file[reference].name)
            lines.append(f"  @{name} = {targets}")
            continue
        lines.append(f"  @{name} = {text_of(handle.attrs[name])}")
    return lines


def dump(path):
    """The file as text, one object after another in name order."""
    lines = []
    with h5py.File(path, "r") as file:
        names = ["/"]
        file.visit(lambda name: names.append("/" + name))
        for name in sorted(names):
            handle = file[name]
            if isinstance(handle, h5py.Group):
                lines.append(f"group {name}")
                lines.extend(attribute_lines(handle, file))
                continue
            lines.append(f"dataset {name} dtype={handle.dtype} shape={handle.shape} chunks={handle.chunks} "
                         f"compression={handle.compression} shuffle={handle.shuffle}")
            lines.extend(attribute_lines(handle, file))
            values = handle[()]
            if handle.shape == ():
                lines.append("  = " + text_of(values))
                continue
            values = np.asarray(values)
            if values.ndim == 1:
                rows = [((), values)]
            else:
                rows = [(index, values[index]) for index in np.ndindex(values.shape[:-1])]
            for index, row in rows:
                lines.append(f"  {list(index)}: " + " ".join(text_of(v) for v in row))
    return "\n".join(lines) + "\n"


def run_case(carecast, arguments, folder):
    output = folder / "run.h5"
    environment = dict(os.environ, SOURCE_DATE_EPOCH="0")
    completed = subprocess.run([carecast, "run", SCENARIO, "-o", str(output), "--force", *arguments], cwd=REPO,
                               capture_output=True, text=True, env=environment, timeout=600)
    if completed.returncode != 0:
        sys.exit(f"carecast run {' '.join(arguments)} failed ({completed.returncode}):\n{completed.stderr}")
    return dump(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--carecast", required=True, help="the carecast program to check")
    parser.add_argument("--update", action="store_true", help="rewrite the reference instead of checking it")
    options = parser.parse_args()
    carecast = str(pathlib.Path(options.carecast).resolve())
    failures = []
    with tempfile.TemporaryDirectory(prefix="carecast-golden-") as temporary:
        folder = pathlib.Path(temporary)
        for case, variants in CASES.items():
            reference = HERE / f"{case}.txt"
            for arguments in variants:
                made = run_case(carecast, arguments, folder)
                if options.update:
                    reference.write_text(made)
                    print(f"wrote {reference.relative_to(REPO)} ({len(made.splitlines())} lines)")
                    break
                expected = reference.read_text()
                if made == expected:
                    print(f"{case} {' '.join(arguments)}: identical to {reference.relative_to(REPO)}")
                    continue
                difference = list(difflib.unified_diff(expected.splitlines(), made.splitlines(),
                                                       str(reference.relative_to(REPO)), "this build", lineterm="", n=1))
                shown = "\n".join(difference[:60])
                more = f"\n... {len(difference) - 60} more lines of difference" if len(difference) > 60 else ""
                failures.append(f"{case} {' '.join(arguments)} differs from {reference.relative_to(REPO)}:\n{shown}{more}")
    if failures:
        print("\n\n".join(failures))
        print("\nIf this change is meant to move results, regenerate with\n"
              "  tests/golden/golden_run.py --carecast build/carecast --update\n"
              "and say why in the commit.")
        sys.exit(1)


if __name__ == "__main__":
    main()
