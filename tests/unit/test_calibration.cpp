// The base-year reproduction: a targets file's figures measured on a
// hand-made store and checked against hand sums, its report, and its errors.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "carecast/calibration/base_year.h"
#include "carecast/core/error.h"

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

TargetsFile parse(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("carecast-calibration-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(path) << text;
  try {
    TargetsFile file = read_targets(path, "calibration.yaml", Model{});
    std::filesystem::remove(path);
    return file;
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
}

std::string error_of(const std::string& text) {
  const Fixture fixture;
  try {
    const TargetsFile file = parse(text);
    resolve_base_year(file, fixture.layout);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("base-year targets sum the selected labels, add terms, divide by per replicate by replicate and scale") {
  const Fixture fixture;
  const TargetsFile file = parse(
      "title: t\n"
      "targets:\n"
      "  - {name: total 2024, query: \"people{year: 2024}\", value: 36, tolerance: 0.1, source: s}\n"
      "  - {name: share of A, query: \"people{year: 2024, district: A}\", per: \"people{year: 2024}\", scale: 100,\n"
      "     value: 50, tolerance: 0.1, source: s}\n"
      "  - {name: \"by district: A\", query: \"people{year: 2024, district: A}\", value: 12, value_scale: 1.1,\n"
      "     tolerance: 0.1, source: s}\n"
      "  - {name: \"by district: B\", query: \"people{year: 2024, district: B}\", value: 22, value_scale: 1.1,\n"
      "     tolerance: 0.1, source: s}\n"
      "  - {name: people and deaths, query: \"people{year: 2024} + deaths{year: 2024, district: [A, B]}\", value: 39,\n"
      "     tolerance: 0.1, source: s}\n"
      "  - {name: half, query: \"people{year: 2025, district: B}\", scale: 0.5, value: 11, tolerance: 0.1, source: s}\n");
  const auto rows = evaluate_calibration(resolve_base_year(file, fixture.layout), fixture.store);
  REQUIRE(rows.size() == 6);
  // Replicates give 30, 34, 38 for 2024: mean 34.
  CHECK(rows[0].mean == Approx(34.0));
  CHECK(rows[0].relative_error() == Approx(34.0 / 36.0 - 1.0));
  CHECK(rows[0].p5 == Approx(30.4));  // type 7: 30 + 0.1 * 4
  CHECK(rows[0].p95 == Approx(37.6));
  // A share of the total: 10/30, 12/34, 14/38.
  CHECK(rows[1].mean == Approx(100.0 * (10.0 / 30 + 12.0 / 34 + 14.0 / 38) / 3));
  // value_scale brings the published figure to the target; the row keeps both.
  CHECK(rows[2].figure == "by district: A");
  CHECK(rows[2].published == 12.0);
  CHECK(rows[2].target == Approx(13.2));
  CHECK(rows[2].mean == Approx(12.0));
  CHECK(rows[3].mean == Approx(22.0));
  CHECK(rows[3].target == Approx(24.2));
  // 34 people and 3 deaths a replicate.
  CHECK(rows[4].mean == Approx(37.0));
  // A scale without per: half of 21, 23, 25.
  CHECK(rows[5].mean == Approx(11.5));
  CHECK(rows[5].target == 11.0);
}

TEST_CASE("the base-year report lists a figure's rows by label under one source") {
  auto row = [](std::string figure, std::string note) {
    CalibrationRow made;
    made.figure = std::move(figure);
    made.source = "Table 1.";
    made.note = std::move(note);
    made.published = made.target = made.mean = made.p5 = made.p95 = 1000.0;
    return made;
  };
  const std::string report = calibration_markdown(
      "Heading", "Made by a test.", {row("Beds: A", ""), row("Beds: B", ""), row("Beds: C", "Estimated."), row("People", "")});
  CHECK(report.find("| Beds: B | 1,000 | 1,000 | 1,000 (1,000-1,000) | +0.0% | yes (±10%) |\n") != std::string::npos);
  CHECK(report.find("4 of 4 figures within tolerance.") != std::string::npos);
  const std::string sources = report.substr(report.find("## Sources and notes"));
  CHECK(sources ==
        "## Sources and notes\n\n"
        "- **Beds**: Table 1.\n"
        "- **Beds**: Table 1. Estimated.\n"
        "- **People**: Table 1.\n");
}

TEST_CASE("base-year targets the run cannot give are input errors naming the file, line and key") {
  const std::string head = "title: t\ntargets:\n";
  CHECK(error_of(head + "  - {name: x, query: \"nothing{year: 2024}\", value: 1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:5: targets[0].query: quantity \"nothing\" is not in this model's runs; it has people, deaths");
  CHECK(error_of(head + "  - {name: x, query: \"people{district: Cheltenham}\", value: 1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:5: targets[0].query: district \"Cheltenham\" is not in this model's runs; it has A, B");
  CHECK(error_of(head + "  - {name: x, query: \"people{year: 2024}\", per: \"deaths{year: 2024} + death{year: 2024}\",\n"
                        "     value: 1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:5: targets[0].per: quantity \"death\" is not in this model's runs; did you mean \"deaths\"?");
  CHECK(error_of(head + "  - {name: x, query: \"people + deaths{year: 2024}\", value: 1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:22: targets[0].query: expected QUANTITY{dimension: value, ...}, got \"people\"");
  CHECK(error_of(head + "  - {name: x, query: \"people{year: 2030}\", value: 1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:5: targets[0]: year 2030 is not simulated (the run covers 2024 to 2025)");
}

TEST_CASE("a mistyped key, or the old measure form, is refused at the key") {
  CHECK(error_of("title: t\ntargets:\n  - {name: x, query: \"people{year: 2024}\", value: 1, value_scal: 1.1, tolerance: 0.1, source: s}\n") ==
        "calibration.yaml:3:54: targets[0].value_scal: unknown key; did you mean \"value_scale\"?");
  CHECK(error_of("title: t\ntargets:\n  - name: x\n    published: 1\n    measure: {quantity: people}\n") ==
        "calibration.yaml:3:5: targets[0].query: required setting is missing");
}
