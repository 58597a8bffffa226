#pragma once
// Charts as inline SVG: no scripts, no fonts fetched, nothing outside the
// element itself, so a briefing is one file that prints as it shows. Values
// arrive in the units the reader sees (e.g. £m) with a prefix and suffix for
// the axis; every chart has a <title> and <desc> for screen readers.

#include <string>
#include <vector>

namespace carecast::report {

// The frame shared by the charts: size, categories along x (usually
// financial years), and how values are written on the y axis.
struct ChartSpec {
  std::string title;
  std::string description;
  std::vector<std::string> categories;
  std::string value_prefix;  // "£"
  std::string value_suffix;  // "m", "%"
  std::string value_axis_label;
  int width = 680;
  int height = 300;
  bool legend = true;   // small multiples leave it to the first, full-size chart
  int label_room = 34;  // below the plot, for category labels
};

struct Series {
  std::string name;
  std::vector<double> values;  // one per category
};

// A central line (the median) with the p25-p75 and p5-p95 bands around it.
struct Fan {
  std::string name;
  std::vector<double> p5, p25, p50, p75, p95;
};

// Fans drawn over one another (each in its own colour), and dashed
// reference lines such as the budget.
std::string fan_chart(const ChartSpec& spec, const std::vector<Fan>& fans, const std::vector<Series>& references);

// Lines with point markers, one colour each.
std::string line_chart(const ChartSpec& spec, const std::vector<Series>& lines);

// Columns per category stacked from zero, positive parts up and negative down.
std::string stacked_columns(const ChartSpec& spec, const std::vector<Series>& parts);

// A bridge: totals as bars, changes floating from the running total. The
// changes are small beside the totals, so the axis starts near the lowest
// level rather than at zero (say so in the caption). `spec.categories` is
// unused; each step names its own bar.
struct WaterfallStep {
  std::string label;
  double value;
  bool total;  // a subtotal bar (e.g. a year's net budget), not a change
};
std::string waterfall_chart(const ChartSpec& spec, const std::vector<WaterfallStep>& steps);

// Bars of an assumption's share of the variance, to the right when raising
// the assumption raises spend (positive coefficient) and to the left when it
// lowers it, largest first as given.
struct TornadoBar {
  std::string label;
  double share;        // of the variance, 0-1
  double coefficient;  // signed standardised rank-regression coefficient
};
std::string tornado_chart(const ChartSpec& spec, const std::vector<TornadoBar>& bars);

}  // namespace carecast::report
