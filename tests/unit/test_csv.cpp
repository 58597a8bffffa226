// The strict CSV reader and the population and life tables built on it.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "carecast/loading/csv.h"
#include "carecast/loading/population_reader.h"
#include "carecast/model/population_table.h"
#include "test_support.h"

using namespace carecast;
using testing::error_of;

namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
  const auto path = testing::scratch_folder() / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("CSV: quoting, CRLF and field counts") {
  const CsvTable table = CsvTable::parse("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n", "t.csv");
  REQUIRE(table.rows().size() == 1);
  CHECK(table.rows()[0].fields[1] == "x, y");
  CHECK(table.rows()[0].fields[2] == "say \"hi\"");
  CHECK(error_of([] { CsvTable::parse("a,b\n1,2\n3\n", "t.csv"); }) ==
        "t.csv:3: expected 2 fields as in the header, found 1");
  CHECK(error_of([] { CsvTable::parse("a\n\"open\n", "t.csv"); }) == "t.csv:2: unterminated quoted field");
  const CsvTable numbers = CsvTable::parse("n\nabc\n", "t.csv");
  CHECK(error_of([&] { numbers.number(numbers.rows()[0], 0); }) ==
        "t.csv:2: column n: expected a finite number, got \"abc\"");
  CHECK(error_of([&] { numbers.column("m"); }) == "t.csv:1: missing column \"m\"");
}

TEST_CASE("population tables must be complete, unique and non-negative") {
  const std::string header = "year,area_code,sex,age,count\n";
  std::string rows;
  for (const char* sex : {"male", "female"}) {
    rows += std::string("2022,A,") + sex + ",0,10\n";
    rows += std::string("2022,A,") + sex + ",1+,5\n";
  }
  const auto good = write_temp("carecast-pop-good.csv", header + rows + "2022,OTHER,male,0,1\n");
  const PopulationTable table = read_population_table(good, "good.csv", {"A"}, 2022, 2022);
  CHECK(table.top_age() == 1);
  CHECK(table.at(2022, 0, 1, 1) == 5.0);

  const auto missing = write_temp("carecast-pop-missing.csv", header + "2022,A,male,0,10\n2022,A,male,1+,5\n");
  CHECK(error_of([&] { read_population_table(missing, "missing.csv", {"A"}, 2022, 2022); }) ==
        "missing.csv: no row for year 2022, area A, female, age 0");
  const auto duplicate = write_temp("carecast-pop-dup.csv", header + rows + "2022,A,male,0,11\n");
  CHECK(error_of([&] { read_population_table(duplicate, "dup.csv", {"A"}, 2022, 2022); }) ==
        "dup.csv:6: duplicate row for this year, area, sex and age (first at line 2)");
  const auto negative = write_temp("carecast-pop-neg.csv", header + "2022,A,male,0,-1\n2022,A,male,1+,5\n");
  CHECK(error_of([&] { read_population_table(negative, "neg.csv", {"A"}, 2022, 2022); }) ==
        "neg.csv:2: column count: expected a number of at least 0, got -1");
  CHECK(error_of([&] { read_population_table("/nonexistent/p.csv", "p.csv", {"A"}, 2022, 2022); }) ==
        "p.csv: no such file");
}
