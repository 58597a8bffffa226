#include "svg_plot.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"

namespace carecast::report::svg {
namespace {

constexpr double font_size = 11.0;
// Average advance of a character at that size in a sans-serif face: enough
// to keep labels from colliding without measuring text.
constexpr double character_width = 6.2;
constexpr double widest_legend = 240.0;

}  // namespace

const std::string& colour(std::size_t index) {
  static const std::array<std::string, 12> palette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                                                      "#F0E442", "#332288", "#999999", "#882255", "#44AA99", "#000000"};
  return palette[index % palette.size()];
}

std::string number(double value, int decimals) { return with_thousands(value, decimals); }

std::string at(double coordinate) {
  std::string text = fmt::format("{:.1f}", coordinate);
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text == "-0" ? "0" : text;
}

std::vector<double> nice_ticks(double low, double high, int target) {
  if (!(high > low)) {
    const double pad = low == 0.0 ? 1.0 : std::abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  const double raw = (high - low) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalised = raw / magnitude;
  const double step = magnitude * (normalised < 1.5 ? 1.0 : normalised < 3.0 ? 2.0 : normalised < 7.0 ? 5.0 : 10.0);
  const double first = std::floor(low / step + 1e-9) * step;
  const double last = std::ceil(high / step - 1e-9) * step;
  std::vector<double> ticks;
  const auto count = static_cast<int>(std::round((last - first) / step));
  for (int k = 0; k <= count; ++k) {
    const double tick = first + k * step;  // not summed, so no drift
    ticks.push_back(std::abs(tick) < step / 1e6 ? 0.0 : tick);
  }
  return ticks;
}

int decimals_for_step(double step) {
  int decimals = 0;
  while (decimals < 4 &&
         std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6) {
    ++decimals;
  }
  return decimals;
}

std::pair<double, double> range_with_zero(const std::vector<std::vector<double>>& groups) {
  double low = 0.0;
  double high = 0.0;
  for (const auto& group : groups) {
    for (double value : group) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  return {low, high};
}

std::size_t longest_label(const std::vector<LegendEntry>& entries) {
  std::size_t longest = 0;
  for (const auto& entry : entries) longest = std::max(longest, entry.label.size());
  return longest;
}

Plot::Plot(const ChartSpec& spec, std::size_t categories, double low, double high, std::size_t legend_characters)
    : ticks_(nice_ticks(low, high)) {
  std::size_t widest = 0;
  for (double tick : ticks_) {
    widest = std::max(widest, (spec.value_prefix + number(tick, 3) + spec.value_suffix).size());
  }
  left_ = 14.0 + character_width * static_cast<double>(std::min<std::size_t>(widest, 12));
  const double legend = legend_characters == 0 || !spec.legend
                            ? 16.0
                            : std::min(widest_legend, 40.0 + character_width * static_cast<double>(legend_characters));
  right_ = spec.width - legend;
  shows_legend_ = legend_characters > 0 && spec.legend;
  top_ = 26.0;
  bottom_ = spec.height - spec.label_room;
  slot_ = categories == 0 ? 0.0 : (right_ - left_) / static_cast<double>(categories);
}

double Plot::x(std::size_t category) const { return left_ + slot_ * (static_cast<double>(category) + 0.5); }

double Plot::y(double value) const {
  const double low = ticks_.front();
  const double high = ticks_.back();
  return bottom_ - (value - low) / (high - low) * (bottom_ - top_);
}

std::string Plot::open(const ChartSpec& spec) const {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "role=\"img\" font-family=\"sans-serif\" font-size=\"{2}\">\n<title>{3}</title>\n<desc>{4}</desc>\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      spec.width, spec.height, at(font_size), escape_html(spec.title), escape_html(spec.description));
}

std::string Plot::value_axis(const ChartSpec& spec) const {
  const int decimals = ticks_.size() > 1 ? decimals_for_step(ticks_[1] - ticks_[0]) : 0;
  std::string svg = "<g class=\"value-axis\">\n";
  for (double tick : ticks_) {
    const std::string level = at(y(tick));
    svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n", at(left_),
                       at(right_), level, level, tick == 0.0 ? "#555555" : "#dddddd");
    svg +=
        fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n",
                    at(left_ - 6), level, escape_html(spec.value_prefix + number(tick, decimals) + spec.value_suffix));
  }
  if (!spec.value_axis_label.empty()) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n", at(left_ - 6), at(top_ - 12),
                       escape_html(spec.value_axis_label));
  }
  return svg + "</g>\n";
}

std::string Plot::category_axis(const std::vector<std::string>& labels, bool slanted) const {
  std::size_t longest = 1;
  for (const auto& label : labels) longest = std::max(longest, label.size());
  // Label every category when they fit side by side, else every k-th.
  const double needed = slanted ? font_size * 1.4 : character_width * static_cast<double>(longest) + 8.0;
  const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil(needed / std::max(slot_, 1.0))));
  std::string svg = "<g class=\"category-axis\">\n";
  for (std::size_t k = 0; k < labels.size(); k += every) {
    if (slanted) {
      svg += fmt::format("<text transform=\"translate({},{}) rotate(-40)\" text-anchor=\"end\">{}</text>\n",
                         at(x(k) + 3), at(bottom_ + 12), escape_html(labels[k]));
    } else {
      svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", at(x(k)), at(bottom_ + 16),
                         escape_html(labels[k]));
    }
  }
  return svg + "</g>\n";
}

std::string Plot::legend(const std::vector<LegendEntry>& entries) const {
  if (!shows_legend_) return "";
  std::string svg = "<g class=\"legend\">\n";
  const double x0 = right_ + 14.0;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const double row = top_ + 4.0 + 18.0 * static_cast<double>(k);
    const LegendEntry& entry = entries[k];
    if (entry.style == "swatch") {
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" fill=\"{}\" fill-opacity=\"{:.2f}\"/>\n",
                         at(x0), at(row - 5), entry.colour, entry.opacity);
    } else {
      svg += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n", at(x0),
                         at(x0 + 14), at(row), at(row), entry.colour,
                         entry.style == "dashed" ? " stroke-dasharray=\"5 3\"" : "");
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" dominant-baseline=\"middle\">{}</text>\n", at(x0 + 20), at(row),
                       escape_html(entry.label));
  }
  return svg + "</g>\n";
}

}  // namespace carecast::report::svg
