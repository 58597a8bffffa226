#pragma once
// `carecast backtest MODEL --targets FILE --fit-until YEAR -o REPORT.md`:
// for each origin YEAR, fits the free parameters to the published figures
// of the years up to YEAR only, projects the years after with Monte Carlo
// replicates (ex ante, and given what happened with --conditional), and
// reports each later published figure against the forecast: the error and
// whether it fell inside the forecast's 5th-95th percentile band
// (docs/fitting.md, "Backtest").

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace carecast {

struct BacktestRequest {
  std::filesystem::path model;  // a model's folder, started early enough to fit on years up to fit_until
  std::filesystem::path targets;
  std::optional<std::filesystem::path> scenario;  // money and policy; default the model alone
  // The ex-ante scenario from an origin on (what was expected then), where
  // it is not `scenario`: an origin without one keeps the last origin's.
  std::map<int, std::filesystem::path> origin_scenarios;
  // The origins: for each, the last year whose figures the fit may see
  // (COVID years apart); the forecast is of the years after it.
  std::vector<int> fit_until;
  // A scenario of what happened (the inflation, say) to rerun each origin's
  // forecast in with the same fitted parameters: the conditional backtest.
  std::optional<std::filesystem::path> conditional;
  std::vector<int> covid_years;  // years marked as disturbed by COVID-19 and summarised apart
  std::vector<std::string> leave_out;  // quantities whose figures are neither fitted nor scored
  std::filesystem::path output;  // the markdown report
  std::optional<std::filesystem::path> record;  // where to write the backtest record (model/backtest_record.h)
  std::string record_report;  // the report's path as the record names it
  std::int64_t replicates = 200;
  int threads = 0;
  bool force = false;
  std::string command;  // as typed, for the report
};

// Counted over every origin: a figure counts once for each origin.
struct BacktestSummary {
  int fitted = 0;   // figures of years up to the origin the fit saw
  int checked = 0;  // figures of later years in the run, ex ante
  int within_tolerance = 0;  // of those checked
  int inside_band = 0;       // of those checked: inside the 5th-95th percentiles, model error included
  double seconds = 0.0;
};

BacktestSummary backtest_model(const BacktestRequest& request);

}  // namespace carecast
