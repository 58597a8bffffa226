#pragma once
// Drawing primitives the charts share: a plot area with a value axis of
// round ticks, categories along x, and a legend. Private to the report code.

#include <string>
#include <vector>

#include "carecast/report/svg_charts.h"

namespace carecast::report::svg {

// Colour-blind-safe colours (Okabe and Ito), then further distinct ones.
const std::string& colour(std::size_t index);

// "1,234.5" with the decimals the tick step needs.
std::string number(double value, int decimals);
// A coordinate written compactly.
std::string at(double coordinate);

// Round tick values covering [low, high], about `target` of them.
std::vector<double> nice_ticks(double low, double high, int target = 5);
int decimals_for_step(double step);

struct LegendEntry {
  std::string label;
  std::string colour;
  std::string style;  // "swatch", "line", "dashed"
  double opacity = 1.0;
};

class Plot {
 public:
  // A plot of `spec`'s size, categories evenly spread, values in [low, high]
  // widened to round ticks; room on the right for a legend whose longest
  // label has `legend_characters` characters (0: no legend).
  Plot(const ChartSpec& spec, std::size_t categories, double low, double high, std::size_t legend_characters);

  double x(std::size_t category) const;  // centre of a category
  double slot() const { return slot_; }  // width per category
  double y(double value) const;
  double axis_floor() const { return ticks_.front(); }  // the lowest value drawn

  std::string open(const ChartSpec& spec) const;  // <svg>, title, desc, background
  std::string value_axis(const ChartSpec& spec) const;
  std::string category_axis(const std::vector<std::string>& labels, bool slanted = false) const;
  std::string legend(const std::vector<LegendEntry>& entries) const;
  static std::string close() { return "</svg>\n"; }

 private:
  double left_, right_, top_, bottom_;
  double slot_ = 0.0;
  bool shows_legend_ = false;
  std::vector<double> ticks_;
};

std::size_t longest_label(const std::vector<LegendEntry>& entries);

// The lowest and highest of all values, with zero included.
std::pair<double, double> range_with_zero(const std::vector<std::vector<double>>& groups);

}  // namespace carecast::report::svg
