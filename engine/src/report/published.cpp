#include "carecast/report/published.h"

#include <algorithm>

#include "carecast/loading/yaml_document.h"

namespace carecast::report {
namespace {

// Whether the query's braces select `selection` and a year, nothing else.
bool selects_exactly(const std::string& query, const std::vector<std::pair<std::string, std::string>>& selection) {
  const auto open = query.find('{');
  if (open == std::string::npos) return false;
  const ConfigNode parsed = parse_yaml_text("where: " + query.substr(open), "/published/query");
  const ConfigNode* where = parsed.find("where");
  if (!where || where->entries.size() != selection.size() + 1) return false;
  return std::all_of(selection.begin(), selection.end(), [&](const auto& chosen) {
    const ConfigNode* value = where->find(chosen.first);
    return value && value->kind == ConfigNode::Kind::scalar && value->scalar == chosen.second;
  });
}

}  // namespace

std::vector<PublishedPoint> published_points(const RunReader& run, QuantityId quantity,
                                             const std::vector<std::pair<std::string, std::string>>& selection) {
  std::vector<PublishedPoint> points;
  if (!run.exists("/published")) return points;
  const std::vector<std::string> quantities = run.strings("/published/quantity");
  const std::vector<std::string> queries = run.strings("/published/query");
  const std::vector<std::string> names = run.strings("/published/name");
  const std::vector<std::string> sources = run.strings("/published/source");
  const LabelledArray years = run.read("/published/year");
  const LabelledArray values = run.read("/published/value");
  for (std::size_t k = 0; k < quantities.size(); ++k) {
    if (quantities[k] != quantity_name(quantity) || !selects_exactly(queries[k], selection)) continue;
    points.push_back({static_cast<std::int64_t>(years.values()[k]), values.values()[k], names[k], sources[k]});
  }
  std::stable_sort(points.begin(), points.end(), [](const auto& x, const auto& y) { return x.year < y.year; });
  return points;
}

}  // namespace carecast::report
