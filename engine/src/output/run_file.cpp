#include "carecast/output/run_file.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <map>

#include "carecast/core/version.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/statistics.h"

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
  file.close();
}

}  // namespace carecast
