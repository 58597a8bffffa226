// Summary statistics against values computed by hand.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "carecast/output/statistics.h"

using namespace carecast;

TEST_CASE("type-7 quantiles interpolate between order statistics") {
  // Ten values 1..10: h = 9p. p5: h = 0.45 -> 1 + 0.45 = 1.45; p50: h = 4.5
  // -> 5.5; p95: h = 8.55 -> 9.55.
  const std::vector<double> sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  CHECK(quantile_sorted(sorted, 0.05) == Approx(1.45).epsilon(1e-12));
  CHECK(quantile_sorted(sorted, 0.50) == Approx(5.5).epsilon(1e-12));
  CHECK(quantile_sorted(sorted, 0.95) == Approx(9.55).epsilon(1e-12));
  CHECK(quantile_sorted({42.0}, 0.95) == 42.0);
  CHECK(quantile_sorted(sorted, 1.0) == 10.0);
}

TEST_CASE("summarise gives mean and percentiles per cell, replicate-major in, statistic-major out") {
  // Three replicates × two cells. Cell 0: 3, 1, 2; cell 1: 10, 30, 20.
  const std::vector<double> values = {3, 10, 1, 30, 2, 20};
  const std::vector<double> summary = summarise(values.data(), 3, 2);
  REQUIRE(summary.size() == 8);
  CHECK(summary[0] == Approx(2.0));  // mean, cell 0
  CHECK(summary[1] == Approx(20.0));  // mean, cell 1
  // p5 of {1,2,3}: h = 0.1 -> 1.1; of {10,20,30}: 11.
  CHECK(summary[2] == Approx(1.1));
  CHECK(summary[3] == Approx(11.0));
  CHECK(summary[4] == Approx(2.0));  // p50
  CHECK(summary[5] == Approx(20.0));
  // p95: h = 1.9 -> 2.9 and 29.
  CHECK(summary[6] == Approx(2.9));
  CHECK(summary[7] == Approx(29.0));
}

TEST_CASE("summarise's percentiles, found by selection, equal those of the sorted column exactly") {
  // Columns of 1, 2, 7, 20 and 1,000 replicates with ties, each against
  // quantile_sorted on a sorted copy: the same order statistics, the same
  // arithmetic, so the same bits.
  for (const std::size_t replicates : {1u, 2u, 7u, 20u, 1000u}) {
    std::vector<double> values;
    for (std::size_t r = 0; r < replicates; ++r) values.push_back(std::floor(100.0 * std::sin(1.3 * static_cast<double>(r * r + 1))) / 7.0);
    const std::vector<double> summary = summarise(values.data(), replicates, 1);
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t k = 0; k < statistic_probabilities.size(); ++k) {
      CHECK(summary[k + 1] == quantile_sorted(sorted, statistic_probabilities[k]));
    }
  }
}

#include "carecast/core/error.h"
#include "carecast/output/layout.h"

TEST_CASE("the numeric health check rejects NaN, infinity and negative counts, naming the cell") {
  OutputLayout layout;
  layout.add_dimension({"year", "", {}, {2024, 2025}});
  layout.add_dimension({"district", "", {"A", "B"}, {}});
  layout.add_quantity({"clients", "people", "", {"year", "district"}});
  Quantity bridge{"bridge", "GBP", "", {"year", "district"}};
  bridge.may_be_negative = true;
  layout.add_quantity(bridge);
  std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8};
  CHECK_NOTHROW(check_numeric_health(layout, 0, values.data(), 2, 0));
  values[6] = -1.0;  // replicate 1, year 2025, district A
  CHECK_THROWS_WITH(check_numeric_health(layout, 0, values.data(), 2, 10),
                    "numeric health check failed: clients is -1.000000 in replicate 11 (year=2025, district=A); "
                    "nothing was written");
  CHECK_NOTHROW(check_numeric_health(layout, 1, values.data(), 2, 0));
  values[1] = std::nan("");
  CHECK_THROWS_AS(check_numeric_health(layout, 1, values.data(), 2, 0), InternalError);
}
