#include "carecast/loading/model_loader.h"

#include <algorithm>

#include "carecast/loading/backtest_record_loader.h"
#include "carecast/loading/published_loader.h"
#include "carecast/loading/care_model_loader.h"
#include "carecast/loading/config_reader.h"
#include "carecast/loading/input_limits.h"
#include "carecast/loading/population_reader.h"
#include "carecast/loading/yaml_document.h"

namespace carecast {
namespace {

std::string join_display(const std::string& directory, const std::string& file) {
  return (std::filesystem::path(directory) / file).lexically_normal().string();
}

std::vector<AgeBand> read_age_bands(ConfigReader& population, int adult_age, int oldest_age) {
  const auto bounds = population.scalar_list("age_bands");
  const std::string path = population.path_of("age_bands");
  if (bounds.empty()) throw population.error("age_bands", "expected a list of the first age of each band");
  std::vector<int> firsts;
  for (const ConfigNode* node : bounds) {
    const int first = static_cast<int>(to_integer(*node, path, adult_age, oldest_age));
    if (!firsts.empty() && first <= firsts.back()) {
      throw InputError::at(node->where, path, "band starts must increase, got " + node->scalar +
                                                  " after " + std::to_string(firsts.back()));
    }
    firsts.push_back(first);
  }
  if (firsts.front() != adult_age) {
    throw InputError::at(bounds.front()->where, path,
                         "the first band must start at adult_age " + std::to_string(adult_age));
  }
  std::vector<AgeBand> bands;
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    AgeBand band;
    band.first_age = firsts[i];
    if (i + 1 < firsts.size()) {
      band.last_age = firsts[i + 1] - 1;
      band.label = band.first_age == band.last_age
                       ? std::to_string(band.first_age)
                       : std::to_string(band.first_age) + "-" + std::to_string(band.last_age);
    } else {
      band.last_age = oldest_age;
      band.label = std::to_string(band.first_age) + "+";
    }
    bands.push_back(band);
  }
  return bands;
}

struct TableRef {
  std::filesystem::path file;
  std::string display;
  std::string source;
};

TableRef read_table_ref(ConfigReader& reader, const std::filesystem::path& directory,
                        const std::string& display_directory) {
  TableRef ref;
  const std::string file = reader.text("file");
  ref.file = directory / file;
  ref.display = join_display(display_directory, file);
  ref.source = reader.text("source");
  return ref;
}

// Every client group's spending belongs to exactly one budget line.
void read_budget_lines(ConfigReader& top, Model& model) {
  const CareModel& care = model.care;
  model.budget_line_of_group.assign(care.client_groups.size(), -1);
  for (auto& entry : top.map_list("budget_lines")) {
    BudgetLine line{entry.text("id"), entry.text("name"), {}};
    for (const ConfigNode* node : entry.scalar_list("client_groups")) {
      const int group = care.client_group_index(to_text(*node, entry.path_of("client_groups")));
      if (group < 0) throw InputError::at(node->where, entry.path_of("client_groups"), "no client group " + quote_input(node->scalar) + " in the model");
      if (model.budget_line_of_group[static_cast<std::size_t>(group)] >= 0) {
        throw InputError::at(node->where, entry.path_of("client_groups"), "client group " + quote_input(node->scalar) + " is already on another budget line");
      }
      model.budget_line_of_group[static_cast<std::size_t>(group)] = static_cast<int>(model.budget_lines.size());
      line.client_groups.push_back(group);
    }
    model.citations.push_back({entry.path(), line.name, "source", entry.text("source"), entry.node().where});
    entry.finish();
    model.budget_lines.push_back(line);
  }
  if (model.budget_lines.empty()) return;
  for (std::size_t g = 0; g < care.client_groups.size(); ++g) {
    if (model.budget_line_of_group[g] < 0) {
      throw top.error("budget_lines", "client group " + quote_input(care.client_groups[g].id) + " is on no budget line");
    }
  }
}

// The documents the citations name and what the model leaves out: words for
// the briefing, checked as strictly as the figures.
void read_model_notes(ConfigReader& top, Model& model) {
  if (top.node().find("sources")) {
    for (auto& entry : top.map_list("sources")) {
      SourceDocument document{entry.text("key"), entry.text("file"), entry.text("title"), entry.text("source")};
      for (const auto& other : model.sources) {
        if (other.key == document.key || other.file == document.file) {
          throw entry.error("", "document " + quote_input(document.file) + " [" + shortened_input(document.key) +
                                    "] is listed twice");
        }
      }
      entry.finish();
      model.sources.push_back(document);
    }
  }
  if (top.node().find("not_covered")) {
    for (auto& entry : top.map_list("not_covered")) {
      model.not_covered.push_back({entry.text("what"), entry.text("why")});
      entry.finish();
    }
  }
}

}  // namespace

std::shared_ptr<const Model> load_model(const std::filesystem::path& directory,
                                        const std::string& display_directory) {
  const std::string display_file = join_display(display_directory, "model.yaml");
  const ConfigNode tree = read_yaml_file(directory / "model.yaml", display_file);
  auto model = std::make_shared<Model>();
  model->directory = directory;

  ConfigReader top(tree, "");
  model->name = top.text("name");
  model->title = top.text("title");
  model->version = top.text("version");

  for (auto& entry : top.map_list("districts")) {
    District district{entry.text("code"), entry.text("name")};
    for (const auto& other : model->districts) {
      if (other.code == district.code || other.name == district.name) {
        throw entry.error("", "district " + quote_input(district.name) + " (" + shortened_input(district.code) +
                                  ") is listed twice");
      }
    }
    entry.finish();
    model->districts.push_back(district);
    if (model->districts.size() > input_limits::districts) {
      throw entry.error("", "more than " + std::to_string(input_limits::districts) + " districts");
    }
  }
  if (model->districts.empty()) throw top.error("districts", "a model needs at least one district");

  ConfigReader population = top.map("population");
  PopulationData& data = model->population;
  data.adult_age = static_cast<int>(population.integer("adult_age", 0, 120));
  data.oldest_age = static_cast<int>(population.integer("oldest_age", data.adult_age + 1, 130));
  data.age_bands = read_age_bands(population, data.adult_age, data.oldest_age);

  ConfigReader base = population.map("base");
  const TableRef base_ref = read_table_ref(base, directory, display_directory);
  data.base_year = static_cast<int>(base.integer("year", 1900, 2200));
  base.finish();

  ConfigReader projection = population.map("projection");
  const TableRef projection_ref = read_table_ref(projection, directory, display_directory);
  const int last_year = static_cast<int>(projection.integer("last_year", data.base_year + 1, 2200));
  projection.finish();

  ConfigReader mortality = population.map("mortality");
  const TableRef mortality_ref = read_table_ref(mortality, directory, display_directory);
  const std::string period = mortality.text("period");
  mortality.optional_node("reasoning");
  mortality.finish();
  population.finish();

  // The base population first: it bounds every count of people in the care model.
  const auto codes = model->district_codes();
  data.base = read_population_table(base_ref.file, base_ref.display, codes, data.base_year, data.base_year);
  ConfigReader care = top.map("care");
  model->care = read_care_model(care, {directory, display_directory, model->district_names(), data.adult_age,
                                       data.oldest_age, people_in(data.base)});
  read_budget_lines(top, *model);
  if (auto backtest = top.optional_map("backtest")) {
    const std::string file = backtest->text("file");
    model->backtest = read_backtest_record(directory / file, join_display(display_directory, file));
    backtest->finish();
  }
  read_model_notes(top, *model);
  if (auto published = top.optional_map("published")) {
    const std::string file = published->text("file");
    model->published = read_published_figures(directory / file, join_display(display_directory, file));
    published->finish();
  }
  top.optional_node("description");
  top.finish();

  data.projection =
      read_population_table(projection_ref.file, projection_ref.display, codes, data.base_year, last_year);
  data.mortality = read_life_table(mortality_ref.file, mortality_ref.display, period);
  if (data.base.top_age() != data.projection.top_age()) {
    throw InputError::at({projection_ref.display, 0, 0}, "",
                         "open age group " + std::to_string(data.projection.top_age()) +
                             "+ differs from the base table's " + std::to_string(data.base.top_age()) + "+");
  }
  if (data.projection.top_age() > data.oldest_age || data.adult_age > data.projection.top_age()) {
    throw population.error("oldest_age", "must be at least the data's open age group " +
                                             std::to_string(data.projection.top_age()) + "+");
  }
  if (data.mortality.top_age < data.oldest_age) {
    throw InputError::at({mortality_ref.display, 0, 0}, "",
                         "life table stops at age " + std::to_string(data.mortality.top_age) +
                             " but the model simulates to " + std::to_string(data.oldest_age));
  }
  model->citations.insert(model->citations.begin(),
                          {{"population.base", base_ref.display, "source", base_ref.source, {}},
                           {"population.projection", projection_ref.display, "source", projection_ref.source, {}},
                           {"population.mortality", mortality_ref.display + " " + period, "source", mortality_ref.source, {}}});
  model->citations.insert(model->citations.end(), model->care.citations.begin(), model->care.citations.end());
  return model;
}

}  // namespace carecast
