// Scenario files: extends resolution, cycles, missing parents, model lookup
// and the checks against the model, on small files written for each case.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "carecast/loading/scenario.h"

using namespace carecast;
namespace fs = std::filesystem;

namespace {

// A scratch folder whose `models` is the repository's, so scenarios written
// here find the real Worcestershire model.
struct ScenarioFolder {
  fs::path root;
  ScenarioFolder() {
    root = fs::temp_directory_path() / ("carecast-scenario-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter()++));
    fs::create_directories(root);
  }
  ~ScenarioFolder() { fs::remove_all(root); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(root / name) << text;
    return root / name;
  }
  static int& counter() {
    static int value = 0;
    return value;
  }
  ScenarioOptions options() const { return {fs::path(CARECAST_SOURCE_DIR) / "models"}; }
};

const std::string valid =
    "title: test\nmodel: worcestershire\nstart_year: 2024\nhorizon: 3\nreplicates: 4\nseed: 7\n";

std::string error_of(const fs::path& file, const ScenarioOptions& options) {
  try {
    load_scenario(file, options);
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a valid scenario loads with its model") {
  ScenarioFolder folder;
  const LoadedScenario loaded = load_scenario(folder.write("a.yaml", valid), folder.options());
  CHECK(loaded.scenario.start_year == 2024);
  CHECK(loaded.scenario.end_year() == 2026);
  CHECK(loaded.scenario.replicates == 4);
  CHECK(loaded.model->districts.size() == 6);
  CHECK(loaded.sha256.size() == 64);
}

TEST_CASE("extends: the child overrides only what it states, recursively") {
  ScenarioFolder folder;
  folder.write("base.yaml", valid);
  folder.write("middle.yaml", "extends: base.yaml\nhorizon: 5\n");
  const fs::path child = folder.write("child.yaml", "extends: middle.yaml\nseed: 99\n");
  const LoadedScenario loaded = load_scenario(child, folder.options());
  CHECK(loaded.scenario.horizon == 5);
  CHECK(loaded.scenario.seed == 99);
  CHECK(loaded.scenario.replicates == 4);
  CHECK(loaded.chain.size() == 3);
  CHECK(loaded.resolved.find("extends") == nullptr);
  CHECK(loaded.resolved_yaml.find("extends") == std::string::npos);
}

TEST_CASE("extends: cycles and missing parents are errors at the extends line") {
  ScenarioFolder folder;
  const fs::path self = folder.write("self.yaml", "extends: self.yaml\n" + valid);
  CHECK(error_of(self, folder.options()) ==
        self.string() + ":1:10: extends: scenarios extend each other in a cycle: " + self.string() + " -> " +
            self.string());
  folder.write("a.yaml", "extends: b.yaml\n");
  const fs::path b = folder.write("b.yaml", "title: b\nextends: a.yaml\n");
  const std::string a_name = (folder.root / "a.yaml").string();
  CHECK(error_of(folder.root / "a.yaml", folder.options()) ==
        b.string() + ":2:10: extends: scenarios extend each other in a cycle: " + a_name + " -> " + b.string() +
            " -> " + a_name);
  const fs::path orphan = folder.write("orphan.yaml", "extends: nowhere.yaml\n");
  CHECK(error_of(orphan, folder.options()) ==
        orphan.string() + ":1:10: extends: no such scenario file \"" + (folder.root / "nowhere.yaml").string() + "\"");
}

TEST_CASE("scenario settings are checked against the model") {
  ScenarioFolder folder;
  const fs::path early = folder.write("early.yaml", "title: t\nmodel: worcestershire\nstart_year: 2022\nhorizon: 3\nreplicates: 1\nseed: 1\n");
  CHECK(error_of(early, folder.options()) ==
        early.string() + ":3:13: start_year: must not be before the model's caseload year 2024 (the caseload is as at April 2024), got 2022");
  const fs::path long_run = folder.write("long.yaml", "title: t\nmodel: worcestershire\nstart_year: 2040\nhorizon: 10\nreplicates: 1\nseed: 1\n");
  CHECK(error_of(long_run, folder.options()) ==
        long_run.string() + ":4:10: horizon: runs to 2049; the population projection in model \"worcestershire\" supports years up to 2046");
  const fs::path unknown = folder.write("m.yaml", "title: t\nmodel: worcestershir\nstart_year: 2024\nhorizon: 1\nreplicates: 1\nseed: 1\n");
  CHECK(error_of(unknown, folder.options()) ==
        unknown.string() + ":2:8: model: no model \"worcestershir\" found (a folder models/worcestershir with a model.yaml); did you mean \"worcestershire\"?");
  const fs::path zero = folder.write("z.yaml", "title: t\nmodel: worcestershire\nstart_year: 2024\nhorizon: 1\nreplicates: 0\nseed: 1\n");
  CHECK(error_of(zero, folder.options()) ==
        zero.string() + ":5:13: replicates: expected a whole number between 1 and 1000000, got 0");
}

TEST_CASE("command-line overrides are written into the resolved scenario text") {
  ScenarioFolder folder;
  LoadedScenario loaded = load_scenario(folder.write("a.yaml", valid), folder.options());
  const std::string before = loaded.sha256;
  loaded.override_replicates(12);
  loaded.override_seed("5");
  CHECK(loaded.scenario.replicates == 12);
  CHECK(loaded.resolved_yaml.find("replicates: 12") != std::string::npos);
  CHECK(loaded.resolved_yaml.find("seed: 5") != std::string::npos);
  CHECK(loaded.sha256 != before);
}

TEST_CASE("the command line's seed follows the scenario's rule for seeds") {
  ScenarioFolder folder;
  LoadedScenario loaded = load_scenario(folder.write("a.yaml", valid), folder.options());
  loaded.override_seed("+9223372036854775807");
  CHECK(loaded.scenario.seed == 9223372036854775807ULL);
  for (const char* refused : {"-1", "18446744073709551615", "18446744073709551616", "1e3", "0x10", "", " 5"}) {
    CAPTURE(refused);
    CHECK_THROWS_AS(loaded.override_seed(refused), InputError);
  }
  CHECK_THROWS_WITH(loaded.override_seed("-1"), "--seed: expected a whole number between 0 and 9223372036854775807, got -1");
  CHECK(loaded.scenario.seed == 9223372036854775807ULL);
}
