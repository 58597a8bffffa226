#include "carecast/calibration/model_adjustment.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "carecast/core/csv_text.h"
#include "carecast/core/error.h"
#include "carecast/core/number_text.h"
#include "carecast/loading/csv.h"
#include "carecast/loading/yaml_document.h"

namespace carecast {
namespace {

const ConfigNode& node_at(const ConfigNode& tree, const std::vector<std::string>& path, const std::string& file) {
  const ConfigNode* node = &tree;
  for (const std::string& key : path) {
    node = node->find(key);
    if (!node) throw InternalError(file + ": no key " + key + " where the model loader found one");
  }
  return *node;
}

// A change to the text of model.yaml: the scalar written at `where` becomes `text`.
struct Edit {
  SourceLocation where;
  std::string old_text;
  std::string text;
};

void collect_external_files(const ConfigNode& node, const std::filesystem::path& directory, std::vector<Edit>& edits) {
  for (const ConfigNode& entry : node.entries) {
    if (entry.key == "file" && entry.kind == ConfigNode::Kind::scalar) {
      const auto inside = std::filesystem::path(entry.scalar).lexically_normal();
      if (!inside.empty() && *inside.begin() == "..") {
        edits.push_back({entry.where, entry.scalar, std::filesystem::weakly_canonical(directory / entry.scalar).string()});
      }
    }
    collect_external_files(entry, directory, edits);
  }
  for (const ConfigNode& item : node.items) collect_external_files(item, directory, edits);
}

std::string apply_edits(std::string yaml, std::vector<Edit> edits, const std::string& file) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return a.where.line != b.where.line ? a.where.line > b.where.line : a.where.column > b.where.column;
  });
  for (const Edit& edit : edits) {
    std::size_t offset = 0;
    for (int line = 1; line < edit.where.line; ++line) offset = yaml.find('\n', offset) + 1;
    offset += static_cast<std::size_t>(edit.where.column - 1);
    if (yaml.compare(offset, edit.old_text.size(), edit.old_text) != 0) {
      throw InternalError(file + ":" + std::to_string(edit.where.line) + ": \"" + edit.old_text + "\" is not where the parser put it");
    }
    yaml.replace(offset, edit.old_text.size(), edit.text);
  }
  return yaml;
}

std::string text_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw WriteError::from_errno(path, "write");
}

// Rewrites a model table: `change(row)` returns whether it changed the row's fields.
template <typename Change>
void rewrite_table(const std::filesystem::path& path, Change change) {
  const CsvTable table = CsvTable::read(path, path.string());
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : table.rows()) rows.push_back(row.fields);
  change(table, rows);
  std::string text;
  auto add_line = [&text](const std::vector<std::string>& fields) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
      if (k > 0) text += ',';
      text += csv_field(fields[k]);
    }
    text += '\n';
  };
  add_line(table.header());
  for (const auto& row : rows) add_line(row);
  write_text(path, text);
}

// In the rows of an entry_settings table: scales each age band's share of
// the parameter's setting by `factor`, the band's other shares rescaled to
// keep their total, and adds `note` to the changed rows' sources.
void rescale_entry_shares(const CsvTable& table, std::vector<std::vector<std::string>>& rows, const CareModel& care,
                          const FreeParameter& parameter, double factor, const std::string& note) {
  const std::size_t group = table.column("client_group"), low = table.column("min_age"), high = table.column("max_age"),
                    setting = table.column("setting"), share = table.column("share"), source = table.column("source");
  // Each age band of a client group is one row of shares.
  std::vector<bool> done(rows.size(), false);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (done[r] || !parameter.applies_to_group(care.client_group_index(rows[r][group]))) continue;
    std::vector<std::size_t> band;
    for (std::size_t q = r; q < rows.size(); ++q) {
      if (rows[q][group] == rows[r][group] && rows[q][low] == rows[r][low] && rows[q][high] == rows[r][high]) band.push_back(q);
    }
    std::vector<double> values_in_band;
    for (const std::size_t q : band) values_in_band.push_back(table.number(table.rows()[q], share));
    std::vector<double*> pointers;
    std::size_t chosen = band.size();
    for (std::size_t i = 0; i < band.size(); ++i) {
      pointers.push_back(&values_in_band[i]);
      if (care.setting_index(rows[band[i]][setting]) == parameter.setting) chosen = i;
    }
    for (std::size_t i = 0; i < band.size(); ++i) done[band[i]] = true;
    if (chosen == band.size()) continue;
    rescale_shares(pointers, chosen, factor);
    for (std::size_t i = 0; i < band.size(); ++i) {
      rows[band[i]][share] = shortest_text(values_in_band[i]);
      rows[band[i]][source] += note;
    }
  }
}

}  // namespace

Model adjusted_model(const Model& base, const std::vector<FreeParameter>& parameters, const std::vector<double>& values) {
  Model model = base;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    // A need trend is a scenario's figure, not the model's.
    if (!parameters[k].is_trend()) apply_rate_factor(model.care, parameters[k].rate_factor(values[k]));
  }
  return model;
}

void write_calibrated_model(const Model& base, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                            const std::filesystem::path& folder, const std::string& mark) {
  std::error_code status;
  std::filesystem::copy(base.directory, folder, std::filesystem::copy_options::recursive, status);
  if (status) throw WriteError(folder, "copy the model's folder", status.message());
  const std::string model_file = (folder / "model.yaml").string();
  const ConfigNode tree = read_yaml_file(folder / "model.yaml", model_file);
  const CareModel& care = base.care;
  // Tables outside the model's folder (shared data) are named by their full
  // path in the copy, so that it finds them wherever it is.
  std::vector<Edit> edits;
  collect_external_files(tree, base.directory, edits);
  // A table a parameter rewrites is first copied into the copy's
  // calibrated/ folder when it lies outside the model's folder, so that the
  // shared original is never touched.
  auto table_path = [&](const std::vector<std::string>& path) {
    const ConfigNode& file = *node_at(tree, path, model_file).find("file");
    const auto named = std::filesystem::path(file.scalar).lexically_normal();
    if (!named.is_absolute() && (named.empty() || *named.begin() != "..")) return folder / file.scalar;
    const auto local = std::filesystem::path("calibrated") / named.filename();
    if (!std::filesystem::exists(folder / local)) {
      std::error_code status;
      std::filesystem::create_directories(folder / local.parent_path(), status);
      if (!status) std::filesystem::copy_file(named.is_absolute() ? named : base.directory / named, folder / local, status);
      if (status) throw WriteError(folder / local, "copy the shared table into the calibrated model", status.message());
    }
    const auto edit = std::find_if(edits.begin(), edits.end(), [&](const Edit& e) {
      return e.where.line == file.where.line && e.where.column == file.where.column;
    });
    if (edit != edits.end()) {
      edit->text = local.string();
    } else {
      edits.push_back({file.where, file.scalar, local.string()});
    }
    return folder / local;
  };
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FreeParameter& parameter = parameters[k];
    const double factor = values[k];
    const std::string note = "; " + mark + " (x" + shortest_text(factor) + ", " + parameter.name + ")";
    auto group_matches = [&](const std::string& id) {
      return parameter.applies_to_group(care.client_group_index(id));
    };
    auto setting_matches = [&](const std::string& id) {
      return parameter.setting < 0 || care.setting_index(id) == parameter.setting;
    };
    if (parameter.is_trend()) continue;  // written in the report, for the scenario
    switch (parameter.effect) {
      case RateEffect::request_rate:
        rewrite_table(table_path({"care", "front_door", "requests"}), [&](const CsvTable& table, auto& rows) {
          const std::size_t group = table.column("client_group"), rate = table.column("requests_per_1000"), source = table.column("source");
          for (std::size_t r = 0; r < rows.size(); ++r) {
            if (!group_matches(rows[r][group])) continue;
            rows[r][rate] = shortest_text(table.number(table.rows()[r], rate) * factor);
            rows[r][source] += note;
          }
        });
        break;
      case RateEffect::move_rate:
      case RateEffect::death_rate:
        rewrite_table(table_path({"care", "moves"}), [&](const CsvTable& table, auto& rows) {
          const std::size_t from = table.column("from_setting"), group = table.column("client_group"), to = table.column("to"),
                            rate = table.column("annual_rate"), source = table.column("source");
          for (std::size_t r = 0; r < rows.size(); ++r) {
            const int destination = rows[r][to] == "death" ? move_death : rows[r][to] == "end" ? move_end : 0;
            if (!group_matches(rows[r][group]) || !setting_matches(rows[r][from]) || !parameter.rate_factor(1.0).applies_to_move(destination)) continue;
            rows[r][rate] = shortest_text(table.number(table.rows()[r], rate) * factor);
            rows[r][source] += note;
          }
        });
        break;
      case RateEffect::entry_share:
        rewrite_table(table_path({"care", "front_door", "entry_settings"}), [&](const CsvTable& table, auto& rows) {
          rescale_entry_shares(table, rows, care, parameter, factor, note);
        });
        break;
      case RateEffect::homecare_hours: {
        const ConfigNode& value = node_at(tree, {"care", "homecare_hours", "mean_per_week", "value"}, model_file);
        edits.push_back({value.where, value.scalar, shortest_text(std::stod(value.scalar) * factor)});
        break;
      }
      case RateEffect::transitions: {
        const ConfigNode& value = node_at(tree, {"care", "transitions_at_18", "per_year", "value"}, model_file);
        edits.push_back({value.where, value.scalar, shortest_text(std::stod(value.scalar) * factor)});
        break;
      }
    }
  }
  write_text(folder / "model.yaml", apply_edits(text_of(folder / "model.yaml"), std::move(edits), model_file));
}

}  // namespace carecast
