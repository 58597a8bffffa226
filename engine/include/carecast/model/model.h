#pragma once
// A model: everything about one council that the engine must not know —
// its districts, age bands, population data and rates. Read from
// models/NAME/model.yaml and the data tables it names by
// loading/model_loader.h.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "carecast/model/backtest_record.h"
#include "carecast/model/published_figure.h"
#include "carecast/model/care_model.h"
#include "carecast/model/citation.h"
#include "carecast/model/model_notes.h"
#include "carecast/model/population_table.h"

namespace carecast {

struct District {
  std::string code;  // ONS area code
  std::string name;
};

struct AgeBand {
  std::string label;  // "65-74", "90+"
  int first_age = 0;
  int last_age = 0;  // inclusive; for the last band, the model's oldest age
};


// A line of the council's budget, holding the spending on some client groups.
struct BudgetLine {
  std::string id;
  std::string name;
  std::vector<int> client_groups;
};

struct PopulationData {
  int adult_age = 18;  // youngest age simulated
  int oldest_age = 100;  // simulated ages run adult_age..oldest_age, the last open
  std::vector<AgeBand> age_bands;
  int base_year = 0;  // the year of the base population (mid-year)
  PopulationTable base;  // one year
  PopulationTable projection;  // base_year..last projected year
  LifeTable mortality;
};

struct Model {
  std::filesystem::path directory;
  std::string name;
  std::string title;
  std::string version;
  std::vector<District> districts;
  PopulationData population;
  CareModel care;
  std::vector<BudgetLine> budget_lines;
  std::vector<int> budget_line_of_group;  // by client group
  std::vector<ModelCitation> citations;
  // How forecasts made with this model fared (`backtest: {file: ...}`).
  std::optional<BacktestRecord> backtest;
  std::vector<SourceDocument> sources;
  std::vector<ModelOmission> not_covered;
  // Published figures of past years (`published: {file: ...}`), for the
  // outputs to show beside the forecast.
  std::vector<PublishedFigure> published;

  std::vector<std::string> district_codes() const;
  std::vector<std::string> district_names() const;
  std::vector<std::string> age_band_labels() const;
  int district_index(const std::string& name) const;  // -1 when unknown
  int age_band_of(int age) const;
};


}  // namespace carecast
