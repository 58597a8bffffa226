#include "carecast/report/assumptions.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "carecast/core/error.h"

namespace carecast::report {
namespace {

constexpr std::array<const char*, 3> citation_keys = {"source", "derived", "assumption"};

bool is_citation(const std::string& key) {
  return std::find(citation_keys.begin(), citation_keys.end(), key) != citation_keys.end();
}

// The basis and text of a map that cites, or empty ones.
struct Citation {
  std::string basis, text;
};

Citation citation_of(const YAML::Node& map) {
  for (const char* key : citation_keys) {
    if (map[key] && map[key].IsScalar()) return {key, map[key].Scalar()};
  }
  return {};
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

bool is_flat_map(const YAML::Node& node) {
  if (!node.IsMap()) return false;
  return std::all_of(node.begin(), node.end(), [](const auto& entry) { return entry.second.IsScalar(); });
}

void list_node(const YAML::Node& node, const std::string& path, const Citation& citation,
               std::vector<AssumptionRow>& rows) {
  if (node.IsScalar() || node.IsNull()) {
    rows.push_back({path, node.IsNull() ? "" : node.Scalar(), citation.basis, citation.text, ""});
  } else if (node.IsMap()) {
    const Citation cited = citation_of(node);
    for (const auto& entry : node) {
      const std::string key = entry.first.as<std::string>();
      if (is_citation(key)) continue;
      // {value: X, source: ...} is one cited number: listed under the map's own path.
      list_node(entry.second, key == "value" ? path : join(path, key), cited, rows);
    }
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      // Numbered from 0, as the run file numbers them (levers[0].size).
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!is_flat_map(item)) {
        list_node(item, item_path, citation, rows);
        continue;
      }
      std::string fields;
      for (const auto& entry : item) {
        const std::string key = entry.first.as<std::string>();
        if (is_citation(key)) continue;
        fields += (fields.empty() ? "" : ", ") + key + ": " + entry.second.Scalar();
      }
      const Citation cited = citation_of(item);
      rows.push_back({item_path, fields, cited.basis, cited.text, ""});
    }
  }
}

}  // namespace

std::string AssumptionRow::citation() const {
  if (basis.empty()) return source;
  std::string cited = basis;
  cited[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cited[0])));
  return cited + ": " + source;
}

std::vector<AssumptionRow> list_scenario_yaml(const std::string& yaml) {
  std::vector<AssumptionRow> rows;
  try {
    list_node(YAML::Load(yaml), "", {}, rows);
  } catch (const YAML::Exception& error) {
    throw InputError("scenario_yaml: not readable YAML: " + error.msg);
  }
  return rows;
}

ScenarioAssumptions read_assumptions(const RunReader& run) {
  ScenarioAssumptions assumptions;
  if (!run.exists("/scenario/key")) {
    assumptions.rows = list_scenario_yaml(run.info().scenario_yaml);
    return assumptions;
  }
  const auto column = [&](const char* name) {
    const std::string path = std::string("/scenario/") + name;
    return run.exists(path) ? run.strings(path) : std::vector<std::string>{};
  };
  const std::vector<std::string> keys = column("key");
  const std::vector<std::string> values = column("value");
  const std::vector<std::string> bases = column("basis");
  const std::vector<std::string> sources = column("source");
  const std::vector<std::string> locations = column("location");
  for (const auto* other : {&values, &bases, &sources, &locations}) {
    if (!other->empty() && other->size() != keys.size()) {
      throw InputError(run.info().path.string() + ": /scenario: its columns differ in length");
    }
  }
  assumptions.recorded = true;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto cell = [&](const std::vector<std::string>& cells) { return cells.empty() ? "" : cells[i]; };
    assumptions.rows.push_back({keys[i], cell(values), cell(bases), cell(sources), cell(locations)});
  }
  return assumptions;
}

std::vector<DrawnAssumption> read_drawn_assumptions(const RunReader& run) {
  std::vector<DrawnAssumption> drawn;
  if (!run.has_summary(QuantityId::assumptions)) return drawn;
  const LabelledArray summary = run.summary(QuantityId::assumptions);
  const Axis& keys = summary.axis("assumption");
  const auto notes = [&](const char* name) {
    const std::string path = std::string("/") + name;
    return run.exists(path) ? run.strings(path) : std::vector<std::string>(keys.size());
  };
  const std::vector<std::string> distributions = notes("assumption_distribution");
  const std::vector<std::string> locations = notes("assumption_location");
  for (std::size_t a = 0; a < keys.size(); ++a) {
    const auto value = [&](const char* statistic) {
      return summary.at_labels({{"statistic", statistic}, {"assumption", keys.labels[a]}});
    };
    drawn.push_back(
        {keys.labels[a], distributions.at(a), locations.at(a), value("mean"), value("p5"), value("p50"), value("p95")});
  }
  return drawn;
}

std::vector<SensitivityRanking> read_sensitivity(const RunReader& run, const std::string& scope) {
  std::vector<SensitivityRanking> rankings;
  if (!run.has_analysis(QuantityId::variance_share)) return rankings;
  const LabelledArray shares = run.analysis(QuantityId::variance_share).select("spend_scope", scope);
  const LabelledArray coefficients = run.analysis(QuantityId::rank_regression_coefficient).select("spend_scope", scope);
  const LabelledArray r_squared = run.has_analysis(QuantityId::rank_regression_r2)
                                      ? run.analysis(QuantityId::rank_regression_r2).select("spend_scope", scope)
                                      : LabelledArray();
  const Axis& years = shares.axis("sensitivity_year");
  const Axis& assumptions = shares.axis("assumption");
  // Root notes on the assumption dimension: what each is drawn from.
  const std::vector<std::string> distributions =
      run.exists("/assumption_distribution") ? run.strings("/assumption_distribution") : std::vector<std::string>{};
  for (std::size_t y = 0; y < years.size(); ++y) {
    SensitivityRanking ranking;
    ranking.year = years.numeric() ? years.numbers[y] : 0;
    ranking.scope = scope;
    ranking.r_squared = r_squared.values().empty() ? 0.0 : r_squared.at({y});
    for (std::size_t a = 0; a < assumptions.size(); ++a) {
      const std::vector<std::pair<std::string_view, std::string_view>> where = {{"sensitivity_year", years.labels[y]},
                                                                                {"assumption", assumptions.labels[a]}};
      const std::string distribution = a < distributions.size() ? distributions[a] : "";
      ranking.entries.push_back(
          {assumptions.labels[a], distribution, shares.at_labels(where), coefficients.at_labels(where)});
    }
    std::stable_sort(ranking.entries.begin(), ranking.entries.end(),
                     [](const auto& a, const auto& b) { return a.variance_share > b.variance_share; });
    rankings.push_back(std::move(ranking));
  }
  return rankings;
}

}  // namespace carecast::report
