"""The market's quantities in the run file agree with one another, in both
engines: homecare occupancy is the hours delivered over the hours the
workforce can supply, bed nights by client group add up to bed nights, and
council-funded plus self-funded nights in county are every funder's
occupied places over the year."""
import calendar
import pathlib
import shutil
import tempfile
import unittest

from tests.cli.helpers import SCENARIOS, run

try:
    import h5py
    import numpy as np
except ImportError as missing:  # pragma: no cover - the set-up script installs them
    raise unittest.SkipTest(f"python3 modules missing: {missing}")


def financial_year_days(year):
    return 366 if calendar.isleap(year + 1) else 365


def labels(f, name):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in f[name][()]]


class MarketQuantities(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = pathlib.Path(tempfile.mkdtemp(prefix="carecast-market-"))
        cls.paths = {}
        for mode, extra in (("monte_carlo", []), ("expected", ["--expected"])):
            path = cls.folder / f"{mode}.h5"
            result = run("run", SCENARIOS / "tiny_market.yaml", "-o", path, *extra)
            if result.returncode != 0:
                raise AssertionError(result.stderr)
            cls.paths[mode] = path

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def each_file(self):
        for mode, path in self.paths.items():
            with self.subTest(mode=mode), h5py.File(path) as f:
                yield f

    def test_homecare_occupancy_is_hours_delivered_over_hours_available(self):
        for f in self.each_file():
            homecare = labels(f, "setting").index("homecare")
            days = np.array([financial_year_days(int(y)) for y in f["year"][()]])
            capacity = f["replicates/capacity"][()][:, :, homecare, :]
            occupancy = f["replicates/occupancy"][()][:, :, homecare, :]
            weekly = f["replicates/homecare_hours"][()] * 7.0 / days[None, :, None]
            self.assertTrue((capacity > 0).all(), "the scenario limits homecare in every district")
            self.assertTrue((occupancy > 0).all())
            np.testing.assert_allclose(occupancy, weekly / capacity, rtol=1e-12)
            np.testing.assert_allclose(f["replicates/occupied_places"][()][:, :, homecare, :], weekly, rtol=1e-12)

    def test_bed_nights_by_client_group_add_up_to_bed_nights(self):
        for f in self.each_file():
            by_group = f["replicates/bed_nights_by_client_group"][()].sum(axis=(3, 4))
            by_district = f["replicates/bed_nights"][()].sum(axis=(3, 4))
            self.assertGreater(by_group.sum(), 0.0)
            np.testing.assert_allclose(by_group, by_district, rtol=1e-9, atol=1e-6)
            # Settings without beds or places have no nights.
            settings = labels(f, "setting")
            self.assertEqual(by_group[:, :, settings.index("homecare")].max(), 0.0)

    def test_council_and_self_funded_nights_in_county_are_every_funders_occupied_places(self):
        for f in self.each_file():
            placements = labels(f, "placement")
            inside = placements.index("in_county")
            days = np.array([financial_year_days(int(y)) for y in f["year"][()]])
            settings = labels(f, "setting")
            with_beds = [settings.index(s) for s in ("residential", "supported_living")]
            council = f["replicates/bed_nights"][()][..., inside]
            self_funded = f["replicates/self_funder_bed_nights"][()][..., inside]
            occupied = f["replicates/occupied_places"][()] * days[None, :, None, None]
            self.assertGreater(self_funded[:, :, with_beds].sum(), 0.0, "the tiny model has self-funders in care homes")
            np.testing.assert_allclose((council + self_funded)[:, :, with_beds], occupied[:, :, with_beds],
                                       rtol=1e-9, atol=1e-6)


if __name__ == "__main__":
    unittest.main()
