"""The output file read the way analysts read it: h5py and xarray (h5netcdf)."""
import hashlib
import re
import unittest

from tests.cli.helpers import SCENARIOS, TempDirTestCase, run

try:
    import h5py
    import numpy as np
    import xarray as xr
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")

DIMENSIONS = ("replicate", "statistic", "year", "district", "sex", "age_band")


# A whole chunk of 64 replicates and a partial one.
REPLICATES = 70


class OutputFile(TempDirTestCase):
    @classmethod
    def setUpClass(cls):
        import pathlib
        import tempfile
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-output-"))
        cls.path = cls.folder / "run.h5"
        # Enough replicates for a rank regression on the baseline's nine or so
        # uncertain assumptions to be determined (with about as many
        # replicates as assumptions its coefficients are not).
        result = run("run", SCENARIOS / "small.yaml", "--replicates", str(REPLICATES), "-o", cls.path)
        if result.returncode != 0:
            raise AssertionError(result.stderr)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_root_attributes(self):
        with h5py.File(self.path) as f:
            for name in ("carecast_version", "scenario_yaml", "scenario_sha256", "seed", "replicates", "created_utc",
                         "file_type", "format_version", "model_name", "model_version"):
                self.assertIn(name, f.attrs, name)
            self.assertEqual(f.attrs["file_type"], "carecast-run")
            self.assertEqual(list(f.attrs["format_version"]), [1, 5])
            self.assertEqual(f.attrs["replicates"], REPLICATES)
            self.assertEqual(f.attrs["seed"], 20240401)
            text = f.attrs["scenario_yaml"]
            self.assertEqual(hashlib.sha256(text.encode()).hexdigest(), f.attrs["scenario_sha256"])
            self.assertNotIn("extends", text)
            self.assertRegex(f.attrs["created_utc"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_dimension_scales_named_after_dimensions(self):
        with h5py.File(self.path) as f:
            for name in DIMENSIONS:
                self.assertIn(name, f, name)
                self.assertEqual(f[name].attrs["CLASS"], b"DIMENSION_SCALE")
                self.assertEqual(f[name].attrs["NAME"].decode() if isinstance(f[name].attrs["NAME"], bytes)
                                 else f[name].attrs["NAME"], name)
            population = f["/summary/population"]
            self.assertEqual(population.attrs["units"], "people")
            names = [[scale.name for scale in dim.values()] for dim in population.dims]
            self.assertEqual(names, [["/statistic"], ["/year"], ["/district"], ["/sex"], ["/age_band"]])
            self.assertEqual(list(f["/year"][()]), list(range(2024, 2039)))
            self.assertEqual([s.decode() for s in f["/statistic"][()]], ["mean", "p5", "p50", "p95"])
            replicates = f["/replicates/population"]
            self.assertEqual(replicates.dims[0][0].name, "/replicate")
            self.assertEqual(replicates.shape[0], REPLICATES)

    def test_summary_matches_the_replicates(self):
        # Every quantity, its replicates decoded by h5py's own HDF5 and zlib
        # (carecast compresses the chunks itself) against the summary
        # carecast made from the values it kept.
        with h5py.File(self.path) as f:
            names = list(f["/replicates"].keys())
            quantities = [n for n in names if isinstance(f["/replicates"][n], h5py.Dataset)
                          and f["/replicates"][n].ndim > 1 and f["/summary"].get(n) is not None]
            self.assertGreater(len(quantities), 20)
            for name in quantities:
                per_replicate = f["/replicates/" + name][()]
                summary = f["/summary/" + name][()]
                self.assertEqual(per_replicate.shape[0], REPLICATES, name)
                np.testing.assert_allclose(summary[0], per_replicate.mean(axis=0), rtol=1e-12, err_msg=name)
                for k, q in enumerate((5, 50, 95), start=1):
                    np.testing.assert_allclose(summary[k], np.percentile(per_replicate, q, axis=0), rtol=1e-12,
                                               err_msg=name)

    def test_xarray_reads_named_labelled_arrays(self):
        ds = xr.open_dataset(self.path, group="summary", engine="h5netcdf")
        population = ds["population"]
        self.assertEqual(population.dims, ("statistic", "year", "district", "sex", "age_band"))
        self.assertEqual(list(ds["district"].values), ["Bromsgrove", "Malvern Hills", "Redditch", "Worcester",
                                                       "Wychavon", "Wyre Forest"])
        adults_2024 = float(population.sel(statistic="mean", year=2024).sum())
        # ONS projects 499,793 adults for mid-2024 (../shared/data/README.md); 40
        # replicates of a process whose spread is a few hundred people.
        self.assertAlmostEqual(adults_2024, 499793, delta=2000)
        reps = xr.open_dataset(self.path, group="replicates", engine="h5netcdf")
        self.assertEqual(reps["population"].dims[0], "replicate")
        self.assertEqual(list(reps["replicate"].values), list(range(REPLICATES)))

    def test_xarray_defaults_read_every_summary_quantity_as_numbers(self):
        # Exactly as the README's "Reading a run in Python": xarray decodes a
        # variable whose units is a time unit ("hours", "days"...) as time
        # spans, which turned homecare hours into "13240 days 23:35:17".
        ds = xr.open_dataset(self.path, group="summary", engine="h5netcdf")
        with h5py.File(self.path) as f:
            for name, variable in ds.data_vars.items():
                with self.subTest(name):
                    self.assertEqual(variable.dtype.kind, "f", f"{name} reads as {variable.dtype}")
                    np.testing.assert_array_equal(variable.values, f[f"/summary/{name}"][()])
            for name in ("homecare_hours", "unmet_homecare_hours"):
                self.assertIn(name, ds.data_vars)
        self.assertGreater(float(ds["homecare_hours"].sel(statistic="mean").sum()), 0)

    def test_drawn_assumptions_are_labelled_and_traced_to_the_scenario(self):
        with h5py.File(self.path) as f:
            labels = [x.decode() for x in f["/assumption"][()]]
            drawn_from = [x.decode() for x in f["/assumption_distribution"][()]]
            drawn = f["/replicates/assumptions"][()]
            keys = [x.decode() for x in f["/scenario/key"][()]]
            values = [x.decode() for x in f["/scenario/value"][()]]
            sources = [x.decode() for x in f["/scenario/source"][()]]
            locations = [x.decode() for x in f["/scenario/location"][()]]
        self.assertIn("money.contract_inflation.later", labels)
        self.assertEqual(drawn.shape, (REPLICATES, len(labels)))
        for label, distribution, column in zip(labels, drawn_from, drawn.T):
            # Each distribution appears, as written, beside its key and source
            # in the scenario table, and the replicates drew different values.
            # A walk of need is recorded by where it ends; its row in the
            # scenario table is the walk's yearly spread, which its
            # description names.
            written = re.search(r"yearly log change sd (\S+)", distribution) if ".need_drift." in label else None
            text = written.group(1) if written else distribution
            rows = [k for k, value in enumerate(values) if text in value and label.startswith(keys[k])]
            self.assertTrue(rows, f"{label}: {distribution} not in the scenario table")
            self.assertTrue(all(sources[k] and "baseline.yaml:" in locations[k] for k in rows), label)
            self.assertGreater(len(set(column)), 1, label)

    def test_sensitivity_ranking_for_the_third_and_final_years(self):
        ds = xr.open_dataset(self.path, group="analysis", engine="h5netcdf")
        share = ds["variance_share"]
        self.assertEqual(share.dims, ("sensitivity_year", "spend_scope", "assumption"))
        self.assertEqual(list(ds["sensitivity_year"].values), [2026, 2038])
        self.assertEqual(list(ds["spend_scope"].values)[-1], "total")
        coefficient = ds["rank_regression_coefficient"].values
        np.testing.assert_allclose(share.values, coefficient ** 2)
        r2 = ds["rank_regression_r2"].values
        self.assertTrue(((r2 >= 0) & (r2 <= 1)).all())
        self.assertTrue((np.abs(coefficient) <= 1.5).all())


if __name__ == "__main__":
    unittest.main()
