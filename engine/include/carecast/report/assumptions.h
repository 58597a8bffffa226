#pragma once
// What a run assumed and which assumptions drive its uncertainty, as the
// run file records them (docs/output-format.md): /scenario lists every
// assumption with its value and cited source; /analysis ranks the uncertain
// ones by their share of the variance of spend. Files written before those
// existed still carry the resolved scenario text, which is listed instead.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carecast/report/run_reader.h"

namespace carecast::report {

struct AssumptionRow {
  std::string key;       // dotted path, e.g. money.pay_inflation.2025
  std::string value;     // as written, or a distribution
  std::string basis;     // source, derived or assumption; empty when not cited
  std::string source;    // the citation, arithmetic or reasoning, possibly empty
  std::string location;  // file:line, when recorded

  // "Derived: 72,513 and 60,336 (...)": the basis and its text, for people.
  std::string citation() const;
};

struct ScenarioAssumptions {
  bool recorded = false;  // true when read from /scenario, false when listed from scenario_yaml
  std::vector<AssumptionRow> rows;
};

ScenarioAssumptions read_assumptions(const RunReader& run);

// Every value of a scenario's YAML text as a row: nested keys joined with
// dots, a list of flat maps one row per item, and each value's citation the
// `source:`, `derived:` or `assumption:` of the map it sits in.
std::vector<AssumptionRow> list_scenario_yaml(const std::string& yaml);

// An assumption each replicate draws afresh (/summary/assumptions): what it
// is drawn from and where the scenario says so (the root notes on the
// assumption dimension, when present), and the summary of the draws.
struct DrawnAssumption {
  std::string key;  // e.g. money.pay_inflation.later
  std::string distribution;
  std::string location;
  double mean = 0.0, p5 = 0.0, p50 = 0.0, p95 = 0.0;
};

// Empty when the run drew none.
std::vector<DrawnAssumption> read_drawn_assumptions(const RunReader& run);

// One spend scope's ranking in one year, largest share of the variance first.
struct SensitivityRanking {
  std::int64_t year = 0;
  std::string scope;
  double r_squared = 0.0;
  struct Entry {
    std::string assumption;
    std::string distribution;  // what it is drawn from, when the file says
    double variance_share;
    double coefficient;
  };
  std::vector<Entry> entries;
};

// The rankings for `scope` in every sensitivity year, when /analysis is present.
std::vector<SensitivityRanking> read_sensitivity(const RunReader& run, const std::string& scope);

}  // namespace carecast::report
