#include "carecast/report/run_reader.h"

#include "carecast/core/error.h"
#include "carecast/core/version.h"
#include "carecast/loading/backtest_record_loader.h"

namespace carecast::report {

template <typename Action>
auto RunReader::reading(const std::string& what, Action&& action) const {
  try {
    return action();
  } catch (const InternalError& error) {
    throw InputError(info_.path.string() + ": cannot read " + what + " (" + error.what() + ")");
  } catch (const InputError& error) {
    throw InputError(info_.path.string() + ": " + what + ": " + error.what());
  }
}

RunReader::RunReader(const std::filesystem::path& path) : file_(hdf5::File::open_read_only(path)) {
  info_.path = path;
  const std::string shown = path.string();
  if (!file_.has_attribute("/", "file_type") ||
      reading("file_type", [&] { return file_.read_string_attribute("/", "file_type"); }) != run_file_type) {
    throw InputError(shown + ": not a carecast run file (its file_type is not " + std::string(run_file_type) + ")");
  }
  info_.format_version = reading("format_version", [&] { return file_.read_integer_attribute("/", "format_version"); });
  if (info_.format_version.size() != 2) throw InputError(shown + ": format_version is not [major, minor]");
  if (info_.format_version[0] != run_file_version[0]) {
    throw InputError(shown + ": run file format version " + std::to_string(info_.format_version[0]) + "." +
                     std::to_string(info_.format_version[1]) + " is not readable by this carecast, which reads " +
                     std::to_string(run_file_version[0]) + ".x");
  }
  const auto text = [&](const char* name) {
    return reading(std::string("attribute ") + name, [&] { return file_.read_string_attribute("/", name); });
  };
  const auto integer = [&](const char* name) {
    return reading(std::string("attribute ") + name, [&] {
      const auto values = file_.read_integer_attribute("/", name);
      if (values.size() != 1) throw InputError("expected one number");
      return values.front();
    });
  };
  info_.carecast_version = text("carecast_version");
  info_.git_revision = text("git_revision");
  info_.created_utc = text("created_utc");
  info_.title = text("title");
  info_.scenario_file = text("scenario_file");
  info_.scenario_yaml = text("scenario_yaml");
  info_.scenario_sha256 = text("scenario_sha256");
  if (file_.has_attribute("/", "mode")) info_.mode = text("mode");
  if (file_.has_attribute("/", "budget_path")) info_.budget_path = text("budget_path");
  if (file_.has_attribute("/", "budget_path_after")) info_.budget_path_after = integer("budget_path_after");
  if (file_.has_attribute("/", "unreconciled_mode")) info_.unreconciled_mode = text("unreconciled_mode");
  info_.model_name = text("model_name");
  info_.model_version = text("model_version");
  info_.seed = reading("attribute seed", [&] { return file_.read_unsigned_attribute("/", "seed"); });
  info_.replicates = integer("replicates");
  info_.first_year = integer("first_year");
  info_.last_year = integer("last_year");
  if (file_.has_attribute("/", "backtest_record")) {
    info_.backtest = reading("attribute backtest_record",
                             [&] { return parse_backtest_record(text("backtest_record"), path.string() + ": backtest_record"); });
  }
}

Axis RunReader::read_dimension(const std::string& name) const {
  const std::string path = "/" + name;
  if (!file_.exists(path)) throw InputError("no dimension " + name + " in the root group");
  if (file_.element_type(path) == hdf5::ElementType::text) return Axis::of_labels(name, file_.read_strings(path));
  return Axis::of_numbers(name, file_.read_integers(path));
}

Axis RunReader::dimension(const std::string& name) const {
  return reading("dimension " + name, [&] { return read_dimension(name); });
}

LabelledArray RunReader::read(const std::string& path) const {
  return reading(path, [&] {
    if (!file_.exists(path)) throw InputError("no such dataset");
    std::vector<std::size_t> shape;
    std::vector<double> values = file_.read_doubles(path, &shape);
    const std::vector<std::string> names = file_.dimension_names(path);
    std::vector<Axis> axes;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (names[k].empty()) throw InputError("dimension " + std::to_string(k) + " has no dimension scale");
      Axis axis = read_dimension(names[k]);
      if (axis.size() != shape[k]) {
        throw InputError("dimension " + names[k] + " has " + std::to_string(axis.size()) + " labels for " +
                         std::to_string(shape[k]) + " values");
      }
      axes.push_back(std::move(axis));
    }
    const std::string units = file_.has_attribute(path, "units") ? file_.read_string_attribute(path, "units") : "";
    const std::string name = path.substr(path.find_last_of('/') + 1);
    return LabelledArray(name, units, std::move(axes), std::move(values));
  });
}

std::vector<std::string> RunReader::quantities(const std::string& group) const {
  return reading(group, [&] {
    std::vector<std::string> quantities;
    for (const std::string& name : file_.dataset_names(group)) {
      // A coordinate copy is one-dimensional, along the dimension it is named after.
      const std::vector<std::string> dimensions = file_.dimension_names(group + "/" + name);
      if (!(dimensions.size() == 1 && dimensions.front() == name)) quantities.push_back(name);
    }
    return quantities;
  });
}

std::vector<std::string> RunReader::strings(const std::string& path) const {
  return reading(path, [&] { return file_.read_strings(path); });
}

std::vector<std::int64_t> years(const RunReader& run) { return run.dimension("year").numbers; }

}  // namespace carecast::report
