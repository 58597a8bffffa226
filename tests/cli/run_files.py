"""Run files for the tests of the reading commands: small runs made once per
test class, and the datasets the uncertainty analysis adds (/scenario,
/analysis, the drawn assumptions) written into a copy with h5py, as a file
from a carecast that records them will hold them."""
import shutil

import h5py
import numpy as np

from tests.cli.helpers import SCENARIOS, run

# Three uncertain assumptions, their shares of the variance of total net spend
# in the final year and their signed rank-regression coefficients: the
# tornado must order them demand, pay, contract.
ASSUMPTIONS = ["money.pay_inflation.2025", "care.demand_growth", "money.contract_inflation.later"]
FINAL_SHARES = [0.2, 0.5, 0.1]
FINAL_COEFFICIENTS = [0.3, -0.6, 0.2]
# The /scenario table: key, value, basis, source, location.
SCENARIO_ROWS = [
    ("start_year", "2024", "", "", "tests/data/scenarios/tiny.yaml:4"),
    ("money.pay_inflation.2025", "normal(mean 0.03, sd 0.005)", "assumption", '"test" pay award, 2025',
     "tiny_money.yaml:20"),
    ("care.demand_growth", "triangular(0, 0.01, 0.03)", "source", "<test> & demand", "tiny_money.yaml:30"),
    ("money.contract_inflation.later", "uniform(0.02, 0.04)", "derived", "", "tiny_money.yaml:21"),
]
DISTRIBUTIONS = ["normal(mean 0.03, sd 0.005)", "triangular(min 0, mode 0.01, max 0.03)", "uniform(0.02, 0.04)"]


def make_run(folder, scenario="tiny_money.yaml", name="run.h5", *extra):
    path = folder / name
    result = run("run", SCENARIOS / scenario, "-o", path, *extra)
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    return path


def _array(values):
    return np.array(values, dtype=h5py.string_dtype()) if isinstance(values[0], str) else np.array(values, dtype="i8")


def _scale(f, name, values, copies=()):
    """A root dimension scale, and coordinate copies of it in the given groups."""
    f[name] = _array(values)
    f[name].make_scale(name)
    for group in copies:
        f[group][name] = _array(values)
        f[group][name].dims[0].attach_scale(f[name])
    return f[name]


RECORDED = ("scenario", "scenario_entry", "analysis", "assumption", "assumption_distribution", "assumption_location",
            "sensitivity_year", "spend_scope", "replicates/assumptions", "summary/assumptions")


def without_uncertainty_analysis(source, target):
    """Copies a run file without what format 1.1 added (/scenario, the
    assumptions, /analysis), as a carecast of format 1.0 wrote it."""
    shutil.copy(source, target)
    with h5py.File(target, "r+") as f:
        for name in RECORDED:
            if name in f:
                del f[name]
    return target


def with_uncertainty_analysis(source, target):
    """Copies a run file and puts known /scenario rows, drawn assumptions and
    /analysis in place of whatever it recorded, as docs/output-format.md
    describes them, so the report's figures can be checked exactly."""
    without_uncertainty_analysis(source, target)
    with h5py.File(target, "r+") as f:
        entry = _scale(f, "scenario_entry", list(range(len(SCENARIO_ROWS))))
        scenario = f.create_group("scenario")
        for column, name in enumerate(("key", "value", "basis", "source", "location")):
            scenario[name] = _array([row[column] for row in SCENARIO_ROWS])
            scenario[name].dims[0].attach_scale(entry)
        analysis = f.create_group("analysis")
        assumption = _scale(f, "assumption", ASSUMPTIONS, copies=("summary", "replicates", "analysis"))
        for name, notes in (("assumption_distribution", DISTRIBUTIONS),
                            ("assumption_location", [row[4] for row in SCENARIO_ROWS[1:]])):
            f[name] = _array(notes)
            f[name].dims[0].attach_scale(assumption)
        replicates = f["replicate"].shape[0]
        rng = np.random.default_rng(5)
        drawn = f["replicates"].create_dataset("assumptions", data=rng.normal(0.03, 0.005, (replicates, 3)))
        drawn.dims[0].attach_scale(f["replicate"])
        drawn.dims[1].attach_scale(assumption)
        summary = np.stack([drawn[()].mean(axis=0)] + [np.percentile(drawn[()], q, axis=0) for q in (5, 50, 95)])
        summarised = f["summary"].create_dataset("assumptions", data=summary)
        summarised.dims[0].attach_scale(f["statistic"])
        summarised.dims[1].attach_scale(assumption)

        years = list(f["year"][()])
        sensitivity_years = [years[2], years[-1]]
        scopes = [label.decode() for label in f["budget_line"][()]] + ["total"]
        year_scale = _scale(f, "sensitivity_year", sensitivity_years, copies=("analysis",))
        scope_scale = _scale(f, "spend_scope", scopes, copies=("analysis",))
        shares = np.full((2, len(scopes), 3), 0.05)
        coefficients = np.full((2, len(scopes), 3), 0.1)
        shares[1, -1] = FINAL_SHARES
        coefficients[1, -1] = FINAL_COEFFICIENTS
        for name, data in (("variance_share", shares), ("rank_regression_coefficient", coefficients)):
            dataset = analysis.create_dataset(name, data=data)
            for k, scale in enumerate((year_scale, scope_scale, assumption)):
                dataset.dims[k].attach_scale(scale)
        r2 = analysis.create_dataset("rank_regression_r2", data=np.full((2, len(scopes)), 0.83))
        r2.dims[0].attach_scale(year_scale)
        r2.dims[1].attach_scale(scope_scale)
    return target


def with_attribute(source, target, name, value):
    """A copy of a run file with one root attribute changed."""
    shutil.copy(source, target)
    with h5py.File(target, "r+") as f:
        f.attrs[name] = value
    return target
