#pragma once
// A targets file: published figures, each with a query over the run's output
// dimensions, and the model's free parameters a fit may move. The fit and
// the backtest (`carecast calibrate MODEL --targets FILE`, `carecast
// backtest`) and the base-year reproduction (a model's calibration.yaml)
// read the same language (docs/fitting.md).

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "carecast/core/error.h"
#include "carecast/model/model.h"
#include "carecast/model/rate_factor.h"

namespace carecast {

// QUANTITY{dimension: value, dimension: [value, value]}: the sum of the
// quantity over the named values; dimensions not named are summed over.
// Terms joined by " + " are added: deaths{...} + care_ended{...}.
struct TargetQuery {
  struct Selection {
    std::string dimension;
    std::vector<std::string> values;
  };
  struct Term {
    std::string quantity;
    std::vector<Selection> where;
  };
  std::string text;
  std::vector<Term> terms;
};

struct PublishedTarget {
  std::string name;
  TargetQuery query;
  std::optional<TargetQuery> per;  // the model's figure: scale x query, or scale x query / per
  double scale = 1.0;
  double published = 0.0;  // as printed (the file's `value`)
  double value_scale = 1.0;  // brings the printed figure to the year the query names
  double value = 0.0;  // what the model is set against: published x value_scale
  double tolerance = 0.1;  // relative
  double weight = 1.0;
  std::string source;
  std::string note;
  std::string derived;
  SourceLocation where;
};

// What a free parameter multiplies in the model, or, for need_growth, the
// scenario's yearly trend in need beyond demography (`demand.need_growth`)
// that it sets.

struct FreeParameter {
  std::string name;
  RateEffect effect = RateEffect::request_rate;  // what a multiplier multiplies
  bool trend = false;  // a yearly growth of need (`trend: need_growth`) instead of a multiplier
  std::vector<int> client_groups;  // empty: every group
  int setting = -1;  // the setting moved or died from, or entered; -1: every one
  double initial = 1.0;
  double min = 0.5;
  double max = 2.0;
  std::string reason;
  SourceLocation where;

  bool is_trend() const { return trend; }
  bool applies_to_group(int group) const {
    return client_groups.empty() || std::find(client_groups.begin(), client_groups.end(), group) != client_groups.end();
  }
  // The model's rates this parameter multiplies, at `value` (not for a trend).
  RateFactor rate_factor(double value) const;
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

// Parses "bed_nights{setting: nursing, year: 2019}" (or terms joined by
// " + "); `context` names where it was written for messages.
TargetQuery parse_query(const std::string& text, const std::string& context);

// The latest year the query names; 0 when it names none.
int latest_year(const TargetQuery& query);

}  // namespace carecast
