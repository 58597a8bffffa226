// Calibration measures on a hand-made store, checked against hand sums.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "carecast/core/error.h"
#include "carecast/calibration/base_year.h"

using namespace carecast;

namespace {

struct Fixture {
  OutputLayout layout;
  ReplicateStore store;
  Fixture() {
    layout.add_dimension({"year", "", {}, {2024, 2025}});
    layout.add_dimension({"district", "", {"A", "B"}, {}});
    layout.add_quantity({"people", "people", "", {"year", "district"}});
    layout.add_quantity({"deaths", "people", "", {"year", "district"}});
    store.first = 0;
    store.count = 3;
    // Replicate-major: [replicate][year][district].
    store.arrays = {{10, 20, 11, 21, /**/ 12, 22, 13, 23, /**/ 14, 24, 15, 25},
                    {1, 2, 1, 2, /**/ 1, 2, 1, 2, /**/ 1, 2, 1, 2}};
  }
};

CalibrationFile parse(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("carecast-calibration-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(path) << text;
  CalibrationFile file = read_calibration_file(path, "calibration.yaml");
  std::filesystem::remove(path);
  return file;
}

}  // namespace

TEST_CASE("measures sum the kept labels, per divides replicate by replicate, by splits rows") {
  Fixture fixture;
  const CalibrationFile file = parse(
      "title: t\n"
      "targets:\n"
      "  - {name: total 2024, published: 36, source: s, measure: {quantity: people, where: {year: \"2024\"}}}\n"
      "  - {name: share of A, published: 50, source: s, measure: {quantity: people, where: {year: \"2024\", district: A}, scale: 100},\n"
      "     per: {quantity: people, where: {year: \"2024\"}}}\n"
      "  - name: by district\n"
      "    by: district\n"
      "    published: {A: 12, B: 22}\n"
      "    published_scale: 1.1\n"
      "    source: s\n"
      "    measure: {quantity: people, where: {year: \"2024\"}}\n"
      "  - {name: people and deaths, published: 39, source: s, measure: {quantity: [people, deaths], where: {year: \"2024\"}}}\n");
  const auto rows = evaluate_calibration(file, fixture.layout, fixture.store);
  REQUIRE(rows.size() == 5);
  // Replicates give 30, 34, 38 for 2024: mean 34.
  CHECK(rows[0].mean == Approx(34.0));
  CHECK(rows[0].relative_error() == Approx(34.0 / 36.0 - 1.0));
  // Shares 10/30, 12/34, 14/38.
  CHECK(rows[1].mean == Approx(100.0 * (10.0 / 30 + 12.0 / 34 + 14.0 / 38) / 3));
  CHECK(rows[2].figure == "by district: A");
  CHECK(rows[2].mean == Approx(12.0));
  CHECK(rows[2].target == Approx(13.2));
  CHECK(rows[3].mean == Approx(22.0));
  CHECK(rows[4].mean == Approx(37.0));
  CHECK(rows[0].p5 == Approx(30.4));  // type 7: 30 + 0.1 * 4
}

TEST_CASE("calibration targets naming unknown quantities or labels are input errors") {
  Fixture fixture;
  auto error_of = [&](const std::string& text) {
    try {
      evaluate_calibration(parse(text), fixture.layout, fixture.store);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("(no error)");
  };
  CHECK(error_of("title: t\ntargets:\n  - {name: x, published: 1, source: s, measure: {quantity: nothing}}\n") ==
        "calibration target \"x\": no output quantity \"nothing\"");
  CHECK(error_of("title: t\ntargets:\n  - {name: x, published: 1, source: s, measure: {quantity: people, where: {district: C}}}\n") ==
        "calibration target \"x\": no district \"C\"");
}
