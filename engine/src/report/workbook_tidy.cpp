#include "workbook_tidy.h"

#include <algorithm>

#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::sheets {

const std::string no_money = "This run's scenario has no money section: spending is not recorded in this run file.";
const std::vector<std::string> file_statistics = {"mean", "p5", "p50", "p95"};

std::vector<SheetColumn> year_columns() {
  return {{"Year", CellStyle::year, 7}, {"Financial year", CellStyle::text, 10}};
}

std::vector<SheetCell> year_cells(const Axis& years, std::size_t y) {
  return {static_cast<double>(years.numbers.at(y)), financial_year(years.numbers.at(y))};
}

std::vector<SheetColumn> dimension_columns(const LabelledArray& summary) {
  std::vector<SheetColumn> columns;
  for (std::size_t k = 1; k < summary.axes().size(); ++k) {
    const Axis& axis = summary.axes()[k];
    if (axis.name == "year") {
      for (SheetColumn& column : year_columns()) columns.push_back(column);
    } else {
      columns.push_back({display_name(axis.name), CellStyle::text, 22});
    }
  }
  return columns;
}

std::vector<SheetColumn> statistic_columns(const std::vector<std::string>& statistics, const std::string& what,
                                           CellStyle style) {
  std::vector<SheetColumn> columns;
  for (const std::string& statistic : statistics) {
    columns.push_back({what + ", " + statistic, style, 14});
  }
  return columns;
}

std::vector<std::vector<SheetCell>> tidy_rows(const LabelledArray& summary,
                                              const std::vector<std::string>& statistics) {
  const Axis& stats = summary.axes().front();
  const std::size_t cells = summary.values().size() / stats.size();
  std::vector<std::vector<SheetCell>> rows;
  std::vector<std::size_t> index(summary.axes().size() - 1, 0);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    std::vector<SheetCell> row;
    for (std::size_t k = 0; k < index.size(); ++k) {
      const Axis& axis = summary.axes()[k + 1];
      if (axis.name == "year") {
        for (SheetCell& year : year_cells(axis, index[k])) row.push_back(year);
      } else {
        row.emplace_back(display_name(axis.labels[index[k]]));
      }
    }
    for (const std::string& statistic : statistics) {
      row.emplace_back(summary.values()[stats.index_of(statistic) * cells + cell]);
    }
    rows.push_back(std::move(row));
    for (std::size_t k = index.size(); k-- > 0;) {
      if (++index[k] < summary.axes()[k + 1].size()) break;
      index[k] = 0;
    }
  }
  return rows;
}

void append_statistics(std::vector<std::vector<SheetCell>>& rows, const LabelledArray& summary,
                       const std::vector<std::string>& statistics) {
  const std::vector<std::vector<SheetCell>> more = tidy_rows(summary, statistics);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows[r].insert(rows[r].end(), more[r].end() - static_cast<std::ptrdiff_t>(statistics.size()), more[r].end());
  }
}

std::size_t column_of(const LabelledArray& summary, const std::string& axis) {
  const std::size_t position = summary.axis_position(axis);
  const bool year_before = summary.has_axis("year") && summary.axis_position("year") < position;
  return position - 1 + (year_before ? 1 : 0);  // the year takes two columns, the statistic none
}

void keep_settings(SheetTable& table, std::size_t column, const std::vector<std::string>& settings) {
  std::vector<std::string> shown;
  for (const std::string& setting : settings) shown.push_back(display_name(setting));
  std::erase_if(table.rows, [&](const std::vector<SheetCell>& row) {
    return std::find(shown.begin(), shown.end(), std::get<std::string>(row[column])) == shown.end();
  });
}

SheetTable absent_sheet(const std::string& name, const std::string& why) { return {name, {}, {}, why}; }

}  // namespace carecast::report::sheets
