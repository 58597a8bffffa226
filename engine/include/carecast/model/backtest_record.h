#pragma once
// How forecasts made with a model fared against what was later published:
// the summary `carecast backtest --record` writes beside its report and a
// model may name (`backtest: {file: ...}` in model.yaml), so that a
// briefing can say how far to trust the forecast from the backtest's own
// figures rather than from typed words (docs/fitting.md, "Backtest").

#include <string>

namespace carecast {

struct BacktestRecord {
  std::string report;  // the backtest's report, as its command named it
  std::string command;  // the command that made it
  int origin_year = 0;  // the last year the first fit saw; the forecast starts after it
  int last_origin_year = 0;  // the last origin of a rolling backtest; origin_year when it has one
  int first_year = 0;  // the first and last years whose published figures were scored (COVID years apart)
  int last_year = 0;
  int figures = 0;  // published figures scored, once for each origin that forecast them
  double median_absolute_error = 0.0;  // of the forecast mean against them, relative
  double bias = 0.0;  // their mean relative error; negative when the forecast was low
  int held_half = 0;  // inside the forecast's middle 50%
  int held_ninety = 0;  // inside its 5th-95th percentiles
  int one_year_ahead_figures = 0;  // of `figures`, those one year after their origin
  double one_year_ahead_median_absolute_error = 0.0;  // theirs; 0 when there are none
};

}  // namespace carecast
