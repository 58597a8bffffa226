#include "carecast/loading/published_loader.h"

#include "carecast/loading/config_reader.h"
#include "carecast/loading/yaml_document.h"

namespace carecast {
namespace {

// The single year a query's braces name, or 0 (none, several, or a query of
// more than one term).
int single_year(const std::string& query, const std::string& context) {
  const auto open = query.find('{');
  if (open == std::string::npos || query.find('}') + 1 != query.size()) return 0;
  const ConfigNode selection = parse_yaml_text("where: " + query.substr(open), context);
  const ConfigNode* where = selection.find("where");
  const ConfigNode* year = where ? where->find("year") : nullptr;
  if (!year || year->kind != ConfigNode::Kind::scalar) return 0;
  try {
    return std::stoi(year->scalar);
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

std::vector<PublishedFigure> read_published_figures(const std::filesystem::path& file, const std::string& display_name) {
  const ConfigNode tree = read_yaml_file(file, display_name);
  ConfigReader top(tree, "");
  std::vector<PublishedFigure> figures;
  for (ConfigReader& target : top.map_list("targets")) {
    if (target.optional_node("per") || target.optional_node("scale")) continue;
    PublishedFigure figure;
    figure.query = target.text("query");
    try {
      figure.year = single_year(figure.query, target.path_of("query"));
    } catch (const InputError& error) {
      // At the query's own line, as the calibration's reader of the same file says it.
      throw target.error("query", error.what());
    }
    if (figure.year == 0) continue;
    figure.quantity = figure.query.substr(0, figure.query.find('{'));
    while (!figure.quantity.empty() && figure.quantity.back() == ' ') figure.quantity.pop_back();
    figure.name = target.text("name");
    figure.value = target.number("value");
    figure.source = target.text("source");
    figures.push_back(std::move(figure));
  }
  return figures;
}

}  // namespace carecast
