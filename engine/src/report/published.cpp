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

std::vector<PublishedPoint> read_published(const RunReader& run) {
  std::vector<PublishedPoint> published;
  if (!run.exists("/published")) return published;
  const std::vector<std::string> quantities = run.strings("/published/quantity");
  const std::vector<std::string> queries = run.strings("/published/query");
  const std::vector<std::string> names = run.strings("/published/name");
  const std::vector<std::string> sources = run.strings("/published/source");
  const LabelledArray years = run.read("/published/year");
  const LabelledArray values = run.read("/published/value");
  for (std::size_t k = 0; k < quantities.size(); ++k) {
    published.push_back({static_cast<std::int64_t>(years.values()[k]), values.values()[k], names[k], sources[k],
                         quantities[k], queries[k]});
  }
  return published;
}

std::vector<PublishedPoint> published_points(const std::vector<PublishedPoint>& published, QuantityId quantity,
                                             const std::vector<std::pair<std::string, std::string>>& selection) {
  std::vector<PublishedPoint> points;
  for (const PublishedPoint& point : published) {
    if (point.quantity == quantity_name(quantity) && selects_exactly(point.query, selection)) points.push_back(point);
  }
  std::stable_sort(points.begin(), points.end(), [](const auto& x, const auto& y) { return x.year < y.year; });
  return points;
}

}  // namespace carecast::report
