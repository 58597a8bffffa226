#pragma once
// A targets file for `carecast calibrate MODEL --targets FILE`: published
// figures, each with a query over the run's output dimensions, and the
// model's free parameters the fit may move (docs/fitting.md).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "carecast/core/error.h"
#include "carecast/model/model.h"

namespace carecast {

// QUANTITY{dimension: value, dimension: [value, value]}: the sum of the
// quantity over the named values; dimensions not named are summed over.
struct TargetQuery {
  struct Selection {
    std::string dimension;
    std::vector<std::string> values;
  };
  std::string text;
  std::string quantity;
  std::vector<Selection> where;
};

struct PublishedTarget {
  std::string name;
  TargetQuery query;
  std::optional<TargetQuery> per;  // value = scale * query / per
  double scale = 1.0;
  double value = 0.0;
  double tolerance = 0.1;  // relative
  double weight = 1.0;
  std::string source;
  std::string note;
  std::string derived;
  SourceLocation where;
};

// What a free parameter multiplies in the model.
enum class ParameterEffect { request_rate, move_rate, death_rate, entry_share, homecare_hours };

struct FreeParameter {
  std::string name;
  ParameterEffect effect = ParameterEffect::request_rate;
  int client_group = -1;  // -1: every group
  int setting = -1;  // the setting moved or died from, or entered; -1: every one
  double initial = 1.0;
  double min = 0.5;
  double max = 2.0;
  std::string reason;
  SourceLocation where;
};

struct TargetsFile {
  std::string title;
  std::string display_name;
  std::vector<PublishedTarget> targets;
  std::vector<FreeParameter> parameters;
};

// Reads and checks a targets file against `model` (client groups and
// settings of the parameters); queries are checked against a run's layout
// when resolved.
TargetsFile read_targets(const std::filesystem::path& path, const std::string& display_name, const Model& model);

// Parses "bed_nights{setting: nursing, year: 2019}"; `context` names where it
// was written for messages.
TargetQuery parse_query(const std::string& text, const std::string& context);

std::string effect_name(ParameterEffect effect);

}  // namespace carecast
