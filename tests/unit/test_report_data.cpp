// The reading side: labelled arrays, percentiles across replicates, and a
// run file read back with its labels; reference values worked by hand.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "carecast/core/error.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/report/labelled_array.h"
#include "carecast/report/replicate_statistics.h"
#include "carecast/report/run_reader.h"

using namespace carecast;
using namespace carecast::report;

namespace {

// replicate(3) × year(2) × line(2): value = 100 r + 10 y + l.
LabelledArray three_replicates() {
  std::vector<double> values;
  for (int r = 0; r < 3; ++r)
    for (int y = 0; y < 2; ++y)
      for (int l = 0; l < 2; ++l) values.push_back(100.0 * r + 10.0 * y + l);
  return LabelledArray("spend", "GBP",
                       {Axis::of_numbers("replicate", {0, 1, 2}), Axis::of_numbers("year", {2024, 2025}),
                        Axis::of_labels("line", {"a", "b"})},
                       values);
}

std::filesystem::path temporary_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("carecast-report-" + std::to_string(::getpid()) + "-" + name);
}

}  // namespace

TEST_CASE("labelled arrays sum over and select along named dimensions") {
  const LabelledArray spend = three_replicates();
  CHECK(spend.at_labels({{"replicate", "2"}, {"year", "2025"}, {"line", "b"}}) == 211.0);

  const LabelledArray lines_summed = spend.sum_over("line");
  REQUIRE(lines_summed.shape() == std::vector<std::size_t>{3, 2});
  CHECK(lines_summed.at({1, 1}) == (110.0 + 111.0));

  const LabelledArray year_2025 = spend.select("year", "2025");
  REQUIRE(year_2025.shape() == std::vector<std::size_t>{3, 2});
  CHECK(year_2025.at({0, 1}) == 11.0);
  CHECK(year_2025.axes()[1].name == "line");

  const LabelledArray by_year = spend.sum_all_but({"year"});
  // Year 2024: replicates 0, 1, 2 and lines 0, 1: 6 values 0,1,100,101,200,201 -> 603.
  CHECK(by_year.values() == std::vector<double>{603.0, 663.0});

  CHECK_THROWS_AS(spend.select("district", "x"), InputError);
  CHECK_THROWS_WITH(spend.select("line", "c"), "dimension line has no label c");
  CHECK_THROWS_AS(LabelledArray("bad", "", {Axis::of_labels("line", {"a"})}, {1.0, 2.0}), InputError);
}

TEST_CASE("percentiles across replicates are type 7, and totals are summed within each replicate first") {
  // Type 7 on 1..5: h = 4p. p25 -> 2, p75 -> 4, p5 -> 1.2, p95 -> 4.8.
  CHECK(quantile({5, 3, 1, 4, 2}, 0.25) == 2.0);
  CHECK(quantile({5, 3, 1, 4, 2}, 0.05) == Approx(1.2).epsilon(1e-15));
  CHECK(quantile({5, 3, 1, 4, 2}, 0.95) == Approx(4.8).epsilon(1e-15));
  CHECK(mean({1, 2, 6}) == 3.0);

  // Two lines that move against each other: the total is steady although each line spreads.
  const LabelledArray per_replicate(
      "net", "GBP", {Axis::of_numbers("replicate", {0, 1, 2, 3, 4}), Axis::of_labels("line", {"a", "b"})},
      {10, 0, 0, 10, 5, 5, 8, 2, 2, 8});
  const LabelledArray lines = summarise_replicates(per_replicate);
  REQUIRE(lines.axes()[0].labels == std::vector<std::string>{"mean", "p5", "p25", "p50", "p75", "p95"});
  // Line a: 0, 2, 5, 8, 10 -> p5: h = 0.2 -> 0.4; p25 = 2; p95: h = 3.8 -> 9.6.
  CHECK(lines.at_labels({{"statistic", "p5"}, {"line", "a"}}) == Approx(0.4));
  CHECK(lines.at_labels({{"statistic", "p25"}, {"line", "a"}}) == 2.0);
  CHECK(lines.at_labels({{"statistic", "p95"}, {"line", "a"}}) == Approx(9.6));
  const LabelledArray total = summarise_replicates(per_replicate.sum_over("line"));
  CHECK(total.at_labels({{"statistic", "p5"}}) == 10.0);
  CHECK(total.at_labels({{"statistic", "p95"}}) == 10.0);
  CHECK_THROWS_AS(summarise_replicates(lines), InputError);
}

TEST_CASE("a run file is read as labelled arrays, and files of another type or major version are refused") {
  const auto path = temporary_file("run.h5");
  {
    hdf5::File file = hdf5::File::create(path);
    file.set_attribute("file_type", std::string("carecast-run"));
    file.set_attribute("format_version", std::vector<std::int64_t>{1, 7});
    for (const char* name : {"carecast_version", "git_revision", "created_utc", "title", "scenario_file",
                             "scenario_yaml", "scenario_sha256", "model_name", "model_version"}) {
      file.set_attribute(name, std::string("x"));
    }
    file.set_attribute("seed", std::uint64_t{18446744073709551615u});
    file.set_attribute("replicates", std::int64_t{2});
    file.set_attribute("first_year", std::int64_t{2024});
    file.set_attribute("last_year", std::int64_t{2025});
    hdf5::Dataset year = file.write("/year", std::vector<std::int64_t>{2024, 2025});
    year.make_scale("year");
    hdf5::Dataset line = file.write("/line", std::vector<std::string>{"a", "b"});
    line.make_scale("line");
    file.create_group("/summary");
    const std::vector<double> values = {1, 2, 3, 4};
    hdf5::Dataset spend = file.write("/summary/spend", {2, 2}, values.data());
    spend.set_attribute("units", std::string("GBP"));
    spend.attach_scale(year, 0);
    spend.attach_scale(line, 1);
    hdf5::Dataset copy = file.write("/summary/year", std::vector<std::int64_t>{2024, 2025});
    copy.attach_scale(year, 0);
    file.write("/summary/unlabelled", {2}, values.data());
    file.close();
  }
  {
    const RunReader run(path);
    CHECK(run.info().format_version == std::vector<std::int64_t>{1, 7});
    CHECK(run.info().seed == 18446744073709551615u);
    CHECK(run.info().replicates == 2);
    const LabelledArray spend = run.summary("spend");
    CHECK(spend.units() == "GBP");
    CHECK(spend.axes()[0].numbers == std::vector<std::int64_t>{2024, 2025});
    CHECK(spend.at_labels({{"year", "2025"}, {"line", "a"}}) == 3.0);
    CHECK(years(run) == std::vector<std::int64_t>{2024, 2025});
    CHECK(run.quantities("/summary") == std::vector<std::string>{"spend", "unlabelled"});
    CHECK_THROWS_WITH(run.summary("unlabelled"),
                      path.string() + ": /summary/unlabelled: dimension 0 has no dimension scale");
    CHECK_THROWS_WITH(run.summary("missing"), path.string() + ": /summary/missing: no such dataset");
  }  // closes the file before it is rewritten

  {
    hdf5::File file = hdf5::File::create(path);
    file.set_attribute("file_type", std::string("carecast-run"));
    file.set_attribute("format_version", std::vector<std::int64_t>{2, 0});
    file.close();
  }
  CHECK_THROWS_WITH(RunReader(path), path.string() +
                                         ": run file format version 2.0 is not readable by this carecast, which "
                                         "reads 1.x");
  {
    hdf5::File file = hdf5::File::create(path);
    file.set_attribute("file_type", std::string("statepoint"));
    file.close();
  }
  CHECK_THROWS_WITH(RunReader(path), path.string() + ": not a carecast run file (its file_type is not carecast-run)");
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(RunReader(path), path.string() + ": no such file");
}

#include "carecast/report/assumptions.h"

TEST_CASE("a scenario's text is listed value by value with the citation beside it") {
  const std::vector<AssumptionRow> rows = list_scenario_yaml(
      "title: T\n"
      "money:\n"
      "  pay_inflation: {2024: 0.04, later: 0.025, assumption: \"pay awards\"}\n"
      "  income_share:\n"
      "    older: {value: 0.3, derived: \"102,455 and 66,429\"}\n"
      "  unit_costs:\n"
      "    - {setting: homecare, hourly: 20.96, source: \"line 503\"}\n");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].key == "title");
  CHECK(rows[0].citation().empty());
  CHECK(rows[1].key == "money.pay_inflation.2024");
  CHECK(rows[1].value == "0.04");
  CHECK(rows[1].citation() == "Assumption: pay awards");
  CHECK(rows[2].key == "money.pay_inflation.later");
  CHECK(rows[3].key == "money.income_share.older");  // {value: X, ...} is listed under its own key
  CHECK(rows[3].value == "0.3");
  CHECK(rows[3].basis == "derived");
  CHECK(rows[3].source == "102,455 and 66,429");
  CHECK(rows[4].key == "money.unit_costs[0]");
  CHECK(rows[4].value == "setting: homecare, hourly: 20.96");
  CHECK(rows[4].citation() == "Source: line 503");
  CHECK_THROWS_WITH(list_scenario_yaml("a: [1, 2"), Catch::Contains("scenario_yaml: not readable YAML"));
}
