// Inputs that would exhaust memory or time are refused cheaply: YAML alias
// expansion, nesting and value sizes, messages that quote only a prefix of
// what was written, "did you mean" on very long words, and the memory a run
// is estimated to need before it allocates.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "carecast/loading/config_reader.h"
#include "carecast/loading/scenario.h"
#include "carecast/loading/yaml_document.h"
#include "carecast/run/memory_estimate.h"
#include "test_support.h"

using namespace carecast;
using testing::error_of;

TEST_CASE("an input value is quoted whole when short, and as its start and length when long") {
  CHECK(quote_input("homecare") == "\"homecare\"");
  CHECK(shortened_input("1e12") == "1e12");
  const std::string long_name(10'000'000, 'x');
  CHECK(quote_input(long_name) == "\"" + std::string(60, 'x') + "\u2026\" (10000000 characters)");
  CHECK(shortened_input(long_name) == std::string(60, 'x') + "\u2026 (10000000 characters)");
  // 59 letters and a two-byte character across the cut: the character is left whole or out, never halved.
  const std::string accented = std::string(59, 'a') + "\u00e9" + std::string(10, 'b');
  CHECK(quote_input(accented) == "\"" + std::string(59, 'a') + "\u2026\" (71 characters)");
}

TEST_CASE("did you mean: typos are found, and very long words get no hint without being compared") {
  const std::vector<std::string> settings = {"homecare", "residential", "nursing", "supported_living"};
  CHECK(closest_match("resdential", settings) == "residential");
  CHECK(closest_match("nusring", settings) == "nursing");
  CHECK(closest_match("hospital", settings).empty());
  const std::string long_candidate(200, 'a');
  CHECK(closest_match(std::string(199, 'a') + "b", {long_candidate}) == long_candidate);
  // The word is far longer than any candidate; before the bound this took
  // seconds and gigabytes (10 MB x the candidates' lengths).
  CHECK(closest_match(std::string(10'000'000, 'r') + "esidential", settings).empty());
  CHECK(closest_match(std::string(201, 'a'), {std::string(201, 'a') + "b"}).empty());
}

TEST_CASE("YAML that expands beyond the limits is refused at its line before it is built") {
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    const std::string alias = "*a" + std::to_string(level - 1);
    bomb += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", " : "") + alias;
    bomb += "]\n";
  }
  CHECK_THAT(error_of([&] { parse_yaml_text(bomb, "bomb.yaml"); }),
             Catch::Matchers::Matches("bomb\\.yaml:6:[0-9]+: a5\\[[0-9]\\]: the document expands to more than 1000000 "
                                      "values \\(aliases that repeat values\\?\\)"));

  std::string copies = "long: &long " + std::string(60'000, 'v') + "\ncopies: [";
  for (int k = 0; k < 1200; ++k) copies += std::string(k ? ", " : "") + "*long";
  CHECK_THAT(error_of([&] { parse_yaml_text(copies + "]\n", "copies.yaml"); }),
             Catch::Matchers::Matches("copies\\.yaml:2:[0-9]+: copies\\[[0-9]+\\]: the document expands to more than 64 MB "
                                      "of text \\(aliases that repeat long values\\?\\)"));

  CHECK(error_of([&] { parse_yaml_text("title: " + std::string(70'000, 'v') + "\n", "long.yaml"); }) ==
        "long.yaml:1:8: title: a value of 70000 characters, more than the 65536 allowed");
  CHECK(error_of([&] { parse_yaml_text("a: {b: " + std::string(100, '[') + std::string(100, ']') + "}\n", "deep.yaml"); }) ==
        "deep.yaml:1:" + std::to_string(8 + 62) + ": a.b" + [] {
          std::string path;
          for (int k = 0; k < 62; ++k) path += "[0]";
          return path;
        }() + ": maps and lists nested more than 64 deep");
  // Aliases within the limits still work, expanded as before.
  const ConfigNode tree = parse_yaml_text("base: &base {cost: 5}\ncopy: *base\n", "ok.yaml");
  CHECK(tree.find("copy")->find("cost")->scalar == "5");
}

TEST_CASE("a run's memory estimate counts every person a replicate can create, per worker") {
  const LoadedScenario loaded = load_scenario(std::filesystem::path(CARECAST_TEST_DATA) / "scenarios" / "tiny.yaml");
  double caseload = 0.0;
  for (const CaseloadRow& row : loaded.model->care.caseload) caseload += row.count;
  const double people = most_people_per_replicate(loaded);
  CHECK(people >= caseload + (loaded.scenario.horizon + 1) * loaded.model->care.transitions_per_year);

  LoadedScenario longer = loaded;
  longer.scenario.horizon += 10;
  CHECK(most_people_per_replicate(longer) > people);

  // The program's fixed part, plus one share of people per worker.
  const auto one = static_cast<double>(simulation_memory_bytes(loaded, 1));
  const auto two = static_cast<double>(simulation_memory_bytes(loaded, 2));
  const auto three = static_cast<double>(simulation_memory_bytes(loaded, 3));
  CHECK(two > one);
  CHECK(three - two == Approx(two - one));
  CHECK(one - (two - one) >= 64.0 * (1 << 20));

  CHECK(default_memory_budget() <= standard_memory_budget);
  CHECK(default_memory_budget() > 0);
}
