#include "carecast/output/run_file.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>
#include <tuple>

#include "carecast/core/version.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/statistics.h"
#include "carecast/uncertainty/sensitivity.h"

namespace carecast {
namespace {

// Replicate arrays are chunked by this many replicates and compressed, so a
// reader can pull one replicate without reading them all.
constexpr std::size_t replicate_chunk = 64;

hdf5::Dataset write_scale(hdf5::File& file, const Dimension& dimension) {
  const std::string path = "/" + dimension.name;
  hdf5::Dataset scale = dimension.numeric() ? file.write(path, dimension.numbers) : file.write(path, dimension.labels);
  scale.make_scale(dimension.name);
  scale.set_attribute("long_name", dimension.description);
  return scale;
}

// Every figure of the scenario with its justification, so a reader can
// trace each number to its source without the YAML.
void write_scenario_table(hdf5::File& file, const LoadedScenario& loaded) {
  std::vector<ModelCitation> citations;
  if (loaded.inputs.money) citations = loaded.inputs.money->citations;
  citations.insert(citations.end(), loaded.inputs.policy_citations.begin(), loaded.inputs.policy_citations.end());
  citations.insert(citations.end(), loaded.correlation_citations.begin(), loaded.correlation_citations.end());
  if (citations.empty()) return;
  Dimension entry{"scenario_entry", "a figure of the scenario", {}, {}};
  std::vector<std::string> key, value, basis, source, location;
  for (const auto& citation : citations) {
    entry.numbers.push_back(static_cast<std::int64_t>(key.size()));
    key.push_back(citation.what);
    value.push_back(citation.value);
    basis.push_back(citation.basis);
    source.push_back(citation.text);
    location.push_back(citation.where.line > 0 ? citation.where.file + ":" + std::to_string(citation.where.line) : "");
  }
  hdf5::Dataset scale = write_scale(file, entry);
  file.create_group("/scenario");
  for (const auto& [name, column, meaning] :
       {std::tuple{"key", &key, "key path of the figure in the scenario"},
        std::tuple{"value", &value, "the figure as written, or the distribution it is drawn from"},
        std::tuple{"basis", &basis, "source (a document and line), derived (arithmetic on sources) or assumption (reasoning)"},
        std::tuple{"source", &source, "the citation, derivation or reasoning given for it"},
        std::tuple{"location", &location, "file and line where the scenario gives it"}}) {
    hdf5::Dataset dataset = file.write(std::string("/scenario/") + name, *column);
    dataset.set_attribute("long_name", std::string(meaning));
    dataset.attach_scale(scale, 0);
  }
}

// The sensitivity ranking of the uncertain assumptions for net spending in
// the third and the final year, per budget line and in total.
void write_sensitivity(hdf5::File& file, const LoadedScenario& loaded, const OutputLayout& layout,
                       const ReplicateStore& store, const std::map<std::string, hdf5::Dataset>& scales) {
  if (!layout.has_quantity("assumptions") || !layout.has_quantity("net_spend")) return;
  const std::size_t assumptions_index = layout.quantity_index("assumptions");
  const std::size_t net_index = layout.quantity_index("net_spend");
  const std::size_t columns = layout.size(assumptions_index);
  const auto replicates = static_cast<std::size_t>(store.count);
  // Fewer replicates than this leave the regression nothing to estimate with.
  if (replicates < columns + 3) return;

  const Dimension& lines = layout.dimension("budget_line");
  Dimension scope{"spend_scope", "a budget line's net spending, or all of them (total)", lines.labels, {}};
  scope.labels.push_back("total");
  Dimension year{"sensitivity_year", "financial year the sensitivity is measured in: the third and the final", {}, {}};
  const std::vector<int> years = loaded.scenario.years();
  if (years.size() >= 3) year.numbers.push_back(years[2]);
  if (year.numbers.empty() || year.numbers.back() != years.back()) year.numbers.push_back(years.back());

  const std::size_t line_count = lines.labels.size();
  std::vector<double> coefficients, shares, fits;
  for (const std::int64_t measured : year.numbers) {
    const auto y = static_cast<std::size_t>(measured - loaded.scenario.start_year);
    for (std::size_t s = 0; s < scope.labels.size(); ++s) {
      std::vector<double> output(replicates, 0.0);
      for (std::size_t r = 0; r < replicates; ++r) {
        const double* net = store.arrays[net_index].data() + r * layout.size(net_index) + y * line_count;
        for (std::size_t l = 0; l < line_count; ++l) {
          if (s == line_count || s == l) output[r] += net[l];
        }
      }
      const RankRegression fit = rank_regression(store.arrays[assumptions_index], columns, output);
      for (const double coefficient : fit.coefficients) {
        coefficients.push_back(coefficient);
        shares.push_back(coefficient * coefficient);
      }
      fits.push_back(fit.r_squared);
    }
  }
  const hdf5::Dataset year_scale = write_scale(file, year);
  const hdf5::Dataset scope_scale = write_scale(file, scope);
  const hdf5::Dataset& assumption_scale = scales.at("assumption");
  file.create_group("/analysis");
  for (const auto& [dimension, root] :
       {std::pair<const Dimension*, const hdf5::Dataset*>{&year, &year_scale}, {&scope, &scope_scale},
        {&layout.dimension("assumption"), &assumption_scale}}) {
    const std::string path = "/analysis/" + dimension->name;
    hdf5::Dataset coordinate = dimension->numeric() ? file.write(path, dimension->numbers) : file.write(path, dimension->labels);
    coordinate.set_attribute("long_name", dimension->description);
    coordinate.attach_scale(*root, 0);
  }
  const std::vector<std::size_t> shape{year.size(), scope.size(), columns};
  const std::string method =
      "standardised rank regression of net spending on the replicates' assumption values (docs/model.md, "
      "\"Sensitivity\")";
  for (const auto& [name, values, units, meaning] :
       {std::tuple{"rank_regression_coefficient", &coefficients, "1",
                   "standardised rank regression coefficient of net spending on each assumption; the sign says which way "
                   "it moves spending"},
        std::tuple{"variance_share", &shares, "1",
                   "share of the variance of net spending's rank explained by each assumption (the coefficient squared)"}}) {
    hdf5::Dataset dataset = file.write(std::string("/analysis/") + name, shape, values->data());
    dataset.set_attribute("units", std::string(units));
    dataset.set_attribute("long_name", std::string(meaning));
    dataset.set_attribute("method", method);
    dataset.attach_scale(year_scale, 0);
    dataset.attach_scale(scope_scale, 1);
    dataset.attach_scale(assumption_scale, 2);
  }
  hdf5::Dataset fit = file.write("/analysis/rank_regression_r2", {year.size(), scope.size()}, fits.data());
  fit.set_attribute("units", std::string("1"));
  fit.set_attribute("long_name",
                    std::string("share of the variance of net spending's rank the assumptions explain together; the rest "
                                "is the care system's own randomness"));
  fit.set_attribute("method", method);
  fit.attach_scale(year_scale, 0);
  fit.attach_scale(scope_scale, 1);
}

}  // namespace

std::string utc_timestamp() {
  // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the stamp, so two runs
  // can be compared byte for byte.
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (const char* pinned = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    const long long seconds = std::strtoll(pinned, &end, 10);
    if (end != pinned && *end == '\0' && seconds >= 0) now = static_cast<std::time_t>(seconds);
  }
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

void write_run_file(const std::filesystem::path& path, const LoadedScenario& loaded,
                    const OutputLayout& layout, const ReplicateStore& store) {
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
    check_numeric_health(layout, q, store.arrays[q].data(), static_cast<std::size_t>(store.count), store.first);
  }
  hdf5::File file = hdf5::File::create(path);
  file.set_attribute("file_type", std::string(run_file_type));
  file.set_attribute("format_version", std::vector<std::int64_t>{run_file_version[0], run_file_version[1]});
  file.set_attribute("carecast_version", std::string(program_version));
  file.set_attribute("git_revision", std::string(git_revision));
  file.set_attribute("created_utc", utc_timestamp());
  file.set_attribute("title", loaded.scenario.title);
  file.set_attribute("scenario_file", loaded.file);
  file.set_attribute("scenario_yaml", loaded.resolved_yaml);
  file.set_attribute("scenario_sha256", loaded.sha256);
  file.set_attribute("model_name", loaded.model->name);
  file.set_attribute("model_version", loaded.model->version);
  file.set_attribute("seed", loaded.scenario.seed);
  file.set_attribute("replicates", static_cast<std::int64_t>(store.count));
  file.set_attribute("first_year", static_cast<std::int64_t>(loaded.scenario.start_year));
  file.set_attribute("last_year", static_cast<std::int64_t>(loaded.scenario.end_year()));

  Dimension replicate{"replicate", "Monte Carlo replicate index", {}, {}};
  for (std::int64_t r = 0; r < store.count; ++r) replicate.numbers.push_back(store.first + r);
  Dimension statistic{"statistic", "summary across replicates: mean, then type-7 percentiles", {}, {}};
  for (auto label : statistic_labels) statistic.labels.emplace_back(label);

  std::map<std::string, hdf5::Dataset> scales;
  scales.emplace(replicate.name, write_scale(file, replicate));
  scales.emplace(statistic.name, write_scale(file, statistic));
  for (const auto& dimension : layout.dimensions()) scales.emplace(dimension.name, write_scale(file, dimension));
  for (const auto& notes : layout.label_notes()) {
    hdf5::Dataset dataset = file.write("/" + notes.name, notes.notes);
    dataset.set_attribute("long_name", notes.description);
    dataset.attach_scale(scales.at(notes.dimension), 0);
  }
  write_scenario_table(file, loaded);

  // Each group also holds its coordinate labels, attached to the root
  // scales: xarray opening one group (group="summary") then shows labelled
  // coordinates, not bare dimensions.
  for (const auto& [group, leading] : {std::pair{"/replicates", &replicate}, std::pair{"/summary", &statistic}}) {
    file.create_group(group);
    std::vector<const Dimension*> used{leading};
    for (const auto& dimension : layout.dimensions()) used.push_back(&dimension);
    for (const Dimension* dimension : used) {
      const std::string path = std::string(group) + "/" + dimension->name;
      hdf5::Dataset coordinate =
          dimension->numeric() ? file.write(path, dimension->numbers) : file.write(path, dimension->labels);
      coordinate.set_attribute("long_name", dimension->description);
      coordinate.attach_scale(scales.at(dimension->name), 0);
    }
  }
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
    const Quantity& quantity = layout.quantities()[q];
    const std::vector<std::size_t> shape = layout.shape(q);
    const std::size_t cells = layout.size(q);

    auto describe = [&](hdf5::Dataset& dataset, const std::string& leading) {
      dataset.set_attribute("units", quantity.units);
      dataset.set_attribute("long_name", quantity.description);
      dataset.attach_scale(scales.at(leading), 0);
      for (std::size_t k = 0; k < quantity.dimensions.size(); ++k) {
        dataset.attach_scale(scales.at(quantity.dimensions[k]), static_cast<unsigned>(k + 1));
      }
    };

    std::vector<std::size_t> replicate_shape{static_cast<std::size_t>(store.count)};
    replicate_shape.insert(replicate_shape.end(), shape.begin(), shape.end());
    hdf5::Dataset per_replicate =
        file.write("/replicates/" + quantity.name, replicate_shape, store.arrays[q].data(), replicate_chunk);
    describe(per_replicate, "replicate");

    const std::vector<double> summary = summarise(store.arrays[q].data(), static_cast<std::size_t>(store.count), cells);
    std::vector<std::size_t> summary_shape{statistic_labels.size()};
    summary_shape.insert(summary_shape.end(), shape.begin(), shape.end());
    hdf5::Dataset summarised = file.write("/summary/" + quantity.name, summary_shape, summary.data());
    describe(summarised, "statistic");
  }
  write_sensitivity(file, loaded, layout, store, scales);
  file.close();
}

}  // namespace carecast
