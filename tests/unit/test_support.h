#pragma once
// Shared helpers for the unit tests: small scenarios on the real model.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "carecast/loading/scenario.h"

namespace carecast::testing {

// The message of the InputError `action` throws, or "(no error)".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

// This test process's folder for the files its tests write, removed with
// everything in it when the process ends. ctest runs every test case as a
// process of its own, so a folder left behind would be one per test case.
inline const std::filesystem::path& scratch_folder() {
  struct Folder {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("carecast-test-" + std::to_string(::getpid()));
    Folder() { std::filesystem::create_directories(path); }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    ~Folder() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Folder folder;
  return folder.path;
}

// Loads a scenario written from `text` into a temporary file; the model is
// looked up in the repository's models folder.
inline LoadedScenario load_scenario_text(const std::string& text, const std::string& name = "scenario.yaml",
                                         const std::filesystem::path& models = std::filesystem::path(CARECAST_SOURCE_DIR) / "models") {
  const auto file = scratch_folder() / name;
  std::ofstream(file) << text;
  LoadedScenario loaded = load_scenario(file, {models});
  std::filesystem::remove(file);
  return loaded;
}

// The whole of a file, as text.
inline std::string text_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::filesystem::path test_models() { return std::filesystem::path(CARECAST_TEST_DATA) / "models"; }

inline std::string small_scenario(int horizon, int replicates, int seed = 11) {
  return "title: small\nmodel: worcestershire\nstart_year: 2024\nhorizon: " + std::to_string(horizon) +
         "\nreplicates: " + std::to_string(replicates) + "\nseed: " + std::to_string(seed) + "\n";
}

}  // namespace carecast::testing
