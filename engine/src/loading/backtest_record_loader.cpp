#include "carecast/loading/backtest_record_loader.h"

#include <fmt/core.h>

#include "carecast/loading/config_reader.h"
#include "carecast/loading/yaml_document.h"

namespace carecast {

namespace {

BacktestRecord record_from(const ConfigNode& tree) {
  ConfigReader top(tree, "");
  BacktestRecord record;
  record.report = top.text("report");
  record.command = top.text("command");
  record.origin_year = static_cast<int>(top.integer("origin_year", 1900, 2200));
  record.last_origin_year = static_cast<int>(top.integer_or("last_origin_year", record.origin_year, record.origin_year, 2200));
  record.first_year = static_cast<int>(top.integer("first_year", record.origin_year + 1, 2200));
  record.last_year = static_cast<int>(top.integer("last_year", record.first_year, 2200));
  record.figures = static_cast<int>(top.integer("figures", 1, 1000000));
  record.median_absolute_error = top.number("median_absolute_error", Bounds::non_negative("a relative error"));
  record.bias = top.number("bias", Bounds::between(-1e6, 1e6, "a mean relative error"));
  record.held_half = static_cast<int>(top.integer("held_half", 0, record.figures));
  record.held_ninety = static_cast<int>(top.integer("held_ninety", 0, record.figures));
  record.one_year_ahead_figures = static_cast<int>(top.integer_or("one_year_ahead_figures", 0, 0, record.figures));
  record.one_year_ahead_median_absolute_error =
      top.number_or("one_year_ahead_median_absolute_error", 0.0, Bounds::non_negative("a relative error"));
  top.finish();
  return record;
}

}  // namespace

BacktestRecord read_backtest_record(const std::filesystem::path& file, const std::string& display_name) {
  return record_from(read_yaml_file(file, display_name));
}

BacktestRecord parse_backtest_record(const std::string& text, const std::string& display_name) {
  return record_from(parse_yaml_text(text, display_name));
}

std::string backtest_record_text(const BacktestRecord& record) {
  return fmt::format(
      "# How forecasts made this way fared against what was later published: written by carecast backtest --record\n"
      "# (docs/fitting.md, \"Backtest\"). Do not edit by hand: rerun the command.\n"
      "report: \"{}\"\ncommand: \"{}\"\norigin_year: {}\nlast_origin_year: {}\nfirst_year: {}\nlast_year: {}\nfigures: {}\n"
      "median_absolute_error: {:.4f}\nbias: {:.4f}\nheld_half: {}\nheld_ninety: {}\none_year_ahead_figures: {}\n"
      "one_year_ahead_median_absolute_error: {:.4f}\n",
      record.report, record.command, record.origin_year, record.last_origin_year, record.first_year, record.last_year,
      record.figures, record.median_absolute_error, record.bias, record.held_half, record.held_ninety,
      record.one_year_ahead_figures, record.one_year_ahead_median_absolute_error);
}

}  // namespace carecast
