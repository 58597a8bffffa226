#include "carecast/loading/scenario_uncertainty.h"

#include <algorithm>
#include <cmath>

#include "carecast/core/number_text.h"

#include "carecast/loading/model_tables.h"
#include "carecast/uncertainty/assumption_sampler.h"

namespace carecast {
namespace {

double positive(ConfigReader& reader, std::string_view key, std::string_view what) {
  const double value = reader.number(key);
  if (!(value > 0.0)) throw reader.error(key, "expected " + std::string(what) + " above 0, got " + shortest_text(value));
  return value;
}

// Outside this range a beta is no longer an uncertain assumption: below it
// nearly all the draws sit at min or max, above it the spread is under a
// thousandth of the range, a fixed value in effect. Boost's quantile also
// stops converging for shapes far outside it. The message below spells the
// bounds out for readers.
constexpr double smallest_beta_shape = 0.01;
constexpr double largest_beta_shape = 1e6;

double beta_shape(ConfigReader& reader, std::string_view key) {
  const double value = positive(reader, key, "a shape parameter");
  if (value < smallest_beta_shape || value > largest_beta_shape) {
    throw reader.error(key, "expected a shape parameter from 0.01 to 1,000,000, got " + shortest_text(value));
  }
  return value;
}

void require_order(ConfigReader& reader, std::string_view key, double low, double high, std::string_view relation) {
  if (!(low < high)) throw reader.error(key, std::string(relation) + "; got " + shortest_text(low) + " and " + shortest_text(high));
}

void collect(ConfigNode& node, const std::string& path, std::vector<UncertainAssumption>& found) {
  if (node.is_map() && node.find("distribution")) {
    UncertainAssumption assumption{path, read_distribution(node, path), node.where};
    ConfigNode varying;
    varying.kind = ConfigNode::Kind::scalar;
    varying.scalar = shortest_text(assumption.distribution.median());
    varying.key = node.key;
    varying.where = node.where;
    varying.key_where = node.key_where;
    varying.varying = std::make_shared<VaryingRange>(VaryingRange{assumption.distribution.describe(),
                                                                  assumption.distribution.lowest,
                                                                  assumption.distribution.highest, found.size()});
    node = std::move(varying);
    found.push_back(std::move(assumption));
    return;
  }
  for (auto& entry : node.entries) collect(entry, path.empty() ? entry.key : path + "." + entry.key, found);
  for (std::size_t i = 0; i < node.items.size(); ++i) collect(node.items[i], path + "[" + std::to_string(i) + "]", found);
}

}  // namespace

Distribution read_distribution(const ConfigNode& node, const std::string& key_path) {
  ConfigReader reader(node, key_path);
  const std::string family = reader.choice("distribution", {"normal", "lognormal", "triangular", "uniform", "beta"});
  Distribution distribution;
  if (family == "normal") {
    distribution.family = DistributionFamily::normal;
    distribution.first = reader.number("mean");
    distribution.second = positive(reader, "sd", "a standard deviation");
    distribution.lowest = reader.number_or("min", distribution.lowest);
    distribution.highest = reader.number_or("max", distribution.highest);
    require_order(reader, "max", distribution.lowest, distribution.highest, "min must be below max");
    const double lower = (distribution.lowest - distribution.first) / distribution.second;
    const double upper = (distribution.highest - distribution.first) / distribution.second;
    if (standard_normal_cdf(upper) - standard_normal_cdf(lower) < 1e-6) {
      throw reader.error("", "min and max leave almost none of the normal distribution: put the mean between them");
    }
  } else if (family == "lognormal") {
    distribution.family = DistributionFamily::lognormal;
    distribution.first = positive(reader, "mean", "a mean");
    distribution.second = positive(reader, "sd", "a standard deviation");
    distribution.lowest = 0.0;
    for (const char* bound : {"min", "max"}) {
      if (node.find(bound)) throw reader.error(bound, "a lognormal distribution has no min or max: its values are above 0");
    }
  } else if (family == "triangular") {
    distribution.family = DistributionFamily::triangular;
    distribution.first = reader.number("min");
    distribution.second = reader.number("mode");
    distribution.third = reader.number("max");
    require_order(reader, "max", distribution.first, distribution.third, "min must be below max");
    if (distribution.second < distribution.first || distribution.second > distribution.third) {
      throw reader.error("mode", "the mode must lie between min and max, got " + shortest_text(distribution.second));
    }
    distribution.lowest = distribution.first;
    distribution.highest = distribution.third;
  } else if (family == "uniform") {
    distribution.family = DistributionFamily::uniform;
    distribution.first = reader.number("min");
    distribution.second = reader.number("max");
    require_order(reader, "max", distribution.first, distribution.second, "min must be below max");
    distribution.lowest = distribution.first;
    distribution.highest = distribution.second;
  } else {
    distribution.family = DistributionFamily::beta;
    distribution.first = beta_shape(reader, "alpha");
    distribution.second = beta_shape(reader, "beta");
    distribution.lowest = reader.number_or("min", 0.0);
    distribution.highest = reader.number_or("max", 1.0);
    require_order(reader, "max", distribution.lowest, distribution.highest, "min must be below max");
  }
  reader.finish();
  return distribution;
}

std::vector<UncertainAssumption> take_distributions(ConfigNode& tree) {
  std::vector<UncertainAssumption> found;
  collect(tree, "", found);
  return found;
}

std::vector<double> read_correlations(ConfigReader& top, const std::vector<UncertainAssumption>& assumptions,
                                      std::vector<ModelCitation>& citations) {
  const std::size_t n = assumptions.size();
  std::vector<double> matrix(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) matrix[i * n + i] = 1.0;
  std::vector<std::string> labels;
  for (const auto& assumption : assumptions) labels.push_back(assumption.label);

  for (auto& entry : top.map_list("correlations")) {
    const auto between = entry.scalar_list("between");
    if (between.size() != 2) throw entry.error("between", "name exactly two uncertain assumptions by their key paths");
    std::size_t index[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      const std::string label = to_text(*between[static_cast<std::size_t>(k)], entry.path_of("between"));
      const auto found = std::find(labels.begin(), labels.end(), label);
      if (found == labels.end()) {
        std::string message = quote_input(label) + " is not a number given as a distribution in this scenario";
        if (const std::string hint = closest_match(label, labels); !hint.empty()) message += "; did you mean " + quote_input(hint) + "?";
        throw InputError::at(between[static_cast<std::size_t>(k)]->where, entry.path_of("between"), message);
      }
      index[k] = static_cast<std::size_t>(found - labels.begin());
    }
    if (index[0] == index[1]) throw entry.error("between", "an assumption cannot be correlated with itself");
    if (matrix[index[0] * n + index[1]] != 0.0) throw entry.error("between", "this pair is already correlated above");
    const double coefficient = entry.number("coefficient", Bounds::between(-1.0, 1.0, "a correlation coefficient"));
    if (std::abs(coefficient) >= 1.0 || coefficient == 0.0) {
      throw entry.error("coefficient", "a correlation must be strictly between -1 and 1 and not 0");
    }
    if (entry.node().find("coefficient")->varying) throw entry.error("coefficient", "a correlation cannot itself be uncertain");
    read_justification(entry, entry.path(), labels[index[0]] + " with " + labels[index[1]] + ": " + shortest_text(coefficient),
                       citations);
    entry.finish();
    matrix[index[0] * n + index[1]] = coefficient;
    matrix[index[1] * n + index[0]] = coefficient;
  }
  if (n > 0 && !AssumptionSampler::positive_definite(matrix, n)) {
    throw top.error("correlations", "these correlations cannot all hold at once (the correlation matrix is not "
                                    "positive definite); weaken some of them");
  }
  return matrix;
}

}  // namespace carecast
