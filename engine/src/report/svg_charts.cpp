#include "carecast/report/svg_charts.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "carecast/report/html.h"
#include "svg_plot.h"

namespace carecast::report {
namespace {

using svg::at;

// The inner band is drawn over the outer; its legend swatch shows the two composed.
constexpr double outer_band_opacity = 0.18;
constexpr double inner_band_opacity = 0.30;

std::string polyline(const svg::Plot& plot, const std::vector<double>& values, const std::string& colour, double width,
                     bool dashed) {
  std::string points;
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (k > 0) points += ' ';
    points.append(at(plot.x(k))).append(",").append(at(plot.y(values[k])));
  }
  return fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{}/>\n", points, colour,
                     at(width), dashed ? " stroke-dasharray=\"6 4\"" : "");
}

// The area between two lines, upper left to right then lower back.
std::string band(const svg::Plot& plot, const std::vector<double>& lower, const std::vector<double>& upper,
                 const std::string& colour, double opacity) {
  std::string points;
  for (std::size_t k = 0; k < upper.size(); ++k) points += at(plot.x(k)) + "," + at(plot.y(upper[k])) + " ";
  for (std::size_t k = lower.size(); k-- > 0;) points += at(plot.x(k)) + "," + at(plot.y(lower[k])) + " ";
  points.pop_back();
  return fmt::format("<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"{:.2f}\" stroke=\"none\"/>\n", points, colour,
                     opacity);
}

std::string label_text(const ChartSpec& spec, double value, int decimals) {
  return spec.value_prefix + svg::number(value, decimals) + spec.value_suffix;
}

}  // namespace

std::string fan_chart(const ChartSpec& spec, const std::vector<Fan>& fans, const std::vector<Series>& references) {
  std::vector<std::vector<double>> all;
  std::vector<svg::LegendEntry> legend;
  for (std::size_t f = 0; f < fans.size(); ++f) {
    all.push_back(fans[f].p5);
    all.push_back(fans[f].p95);
    const std::string& colour = svg::colour(f);
    const std::string prefix = fans.size() > 1 ? fans[f].name + ": " : "";
    legend.push_back({prefix + "median", colour, "line"});
    legend.push_back(
        {prefix + "middle 50% (p25-p75)", colour, "swatch", 1 - (1 - inner_band_opacity) * (1 - outer_band_opacity)});
    legend.push_back({prefix + "90% range (p5-p95)", colour, "swatch", outer_band_opacity});
  }
  for (std::size_t r = 0; r < references.size(); ++r) {
    all.push_back(references[r].values);
    legend.push_back({references[r].name, "#000000", "dashed"});
  }
  auto [low, high] = svg::range_with_zero(all);
  const svg::Plot plot(spec, spec.categories.size(), low, high, svg::longest_label(legend));
  std::string out = plot.open(spec) + plot.value_axis(spec);
  for (std::size_t f = 0; f < fans.size(); ++f) {
    const std::string& colour = svg::colour(f);
    out += band(plot, fans[f].p5, fans[f].p95, colour, outer_band_opacity);
    out += band(plot, fans[f].p25, fans[f].p75, colour, inner_band_opacity);
    out += polyline(plot, fans[f].p50, colour, 2.0, false);
  }
  for (const Series& reference : references) out += polyline(plot, reference.values, "#000000", 1.5, true);
  return out + plot.category_axis(spec.categories) + plot.legend(legend) + plot.close();
}

std::string line_chart(const ChartSpec& spec, const std::vector<Series>& lines) {
  std::vector<std::vector<double>> all;
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    all.push_back(lines[k].values);
    legend.push_back({lines[k].name, svg::colour(k), "line"});
  }
  auto [low, high] = svg::range_with_zero(all);
  const svg::Plot plot(spec, spec.categories.size(), low, high, svg::longest_label(legend));
  std::string out = plot.open(spec) + plot.value_axis(spec);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out += polyline(plot, lines[k].values, svg::colour(k), 2.0, false);
    for (std::size_t c = 0; c < lines[k].values.size(); ++c) {
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>\n", at(plot.x(c)),
                         at(plot.y(lines[k].values[c])), svg::colour(k));
    }
  }
  return out + plot.category_axis(spec.categories) + plot.legend(legend) + plot.close();
}

std::string stacked_columns(const ChartSpec& spec, const std::vector<Series>& parts) {
  const std::size_t categories = spec.categories.size();
  std::vector<double> up(categories, 0.0), down(categories, 0.0);
  for (const Series& part : parts) {
    for (std::size_t c = 0; c < categories; ++c) (part.values[c] >= 0 ? up[c] : down[c]) += part.values[c];
  }
  std::vector<svg::LegendEntry> legend;
  for (std::size_t k = 0; k < parts.size(); ++k) legend.push_back({parts[k].name, svg::colour(k), "swatch"});
  auto [low, high] = svg::range_with_zero({up, down});
  const svg::Plot plot(spec, categories, low, high, svg::longest_label(legend));
  std::string out = plot.open(spec) + plot.value_axis(spec);
  std::vector<double> top(categories, 0.0), bottom(categories, 0.0);
  const double width = plot.slot() * 0.7;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    for (std::size_t c = 0; c < categories; ++c) {
      const double value = parts[k].values[c];
      double& base = value >= 0 ? top[c] : bottom[c];
      const double y1 = plot.y(base);
      const double y2 = plot.y(base + value);
      base += value;
      out +=
          fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", at(plot.x(c) - width / 2),
                      at(std::min(y1, y2)), at(width), at(std::abs(y2 - y1)), svg::colour(k));
    }
  }
  return out + plot.category_axis(spec.categories) + plot.legend(legend) + plot.close();
}

std::string waterfall_chart(const ChartSpec& spec, const std::vector<WaterfallStep>& steps) {
  // The running total before and after each step.
  std::vector<double> starts, ends;
  double running = 0.0;
  for (const WaterfallStep& step : steps) {
    starts.push_back(step.total ? step.value : running);
    running = step.total ? step.value : running + step.value;
    ends.push_back(running);
  }
  auto [low, high] = svg::range_with_zero({starts, ends});
  const double lowest =
      std::min(*std::min_element(starts.begin(), starts.end()), *std::min_element(ends.begin(), ends.end()));
  if (lowest > 0.0) low = std::max(0.0, lowest - 0.25 * (high - lowest));
  ChartSpec framed = spec;
  framed.label_room = 100;  // slanted labels
  framed.height = spec.height + framed.label_room - spec.label_room;
  const std::vector<svg::LegendEntry> legend = {
      {"total", "#4d4d4d", "swatch"}, {"increase", svg::colour(5), "swatch"}, {"decrease", svg::colour(2), "swatch"}};
  const svg::Plot plot(framed, steps.size(), low, high, svg::longest_label(legend));
  std::string out = plot.open(framed) + plot.value_axis(framed);
  const double width = plot.slot() * 0.7;
  // Changes are labelled only when their bars leave room for the text.
  const bool label_changes = plot.slot() >= 44.0;
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const WaterfallStep& step = steps[k];
    const std::string fill = step.total ? "#4d4d4d" : step.value >= 0 ? svg::colour(5) : svg::colour(2);
    const double y1 = plot.y(step.total ? plot.axis_floor() : starts[k]);
    const double y2 = plot.y(ends[k]);
    const std::string value = label_text(spec, step.value, 1);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                       at(plot.x(k) - width / 2), at(std::min(y1, y2)), at(width), at(std::max(std::abs(y2 - y1), 0.5)),
                       fill, escape_html(step.label), escape_html(value));
    if (k + 1 < steps.size()) {  // a connector from this bar's end to the next bar
      out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#888888\" stroke-width=\"0.8\"/>\n",
                         at(plot.x(k) + width / 2), at(plot.x(k + 1) - width / 2), at(y2), at(y2));
    }
    if (step.total || label_changes) {
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"9\">{}</text>\n", at(plot.x(k)),
                         at(std::min(y1, y2) - 3), escape_html(value));
    }
    labels.push_back(step.label);
  }
  return out + plot.category_axis(labels, true) + plot.legend(legend) + plot.close();
}

std::string tornado_chart(const ChartSpec& spec, const std::vector<TornadoBar>& bars) {
  constexpr double row_height = 22.0;
  constexpr double label_width = 250.0;
  constexpr double value_room = 110.0;
  ChartSpec framed = spec;
  framed.height = static_cast<int>(60.0 + row_height * static_cast<double>(bars.size()));
  double largest = 0.0;
  for (const TornadoBar& bar : bars) largest = std::max(largest, bar.share);
  if (largest <= 0.0) largest = 1.0;
  const double centre = label_width + (spec.width - label_width) / 2.0;
  const double half = (spec.width - label_width) / 2.0 - value_room;
  const svg::Plot plot(framed, 0, 0.0, 1.0, 0);
  std::string out = plot.open(framed);
  out += fmt::format("<text x=\"{}\" y=\"16\" text-anchor=\"end\">lowers spend</text>\n", at(centre - 6));
  out += fmt::format("<text x=\"{}\" y=\"16\">raises spend</text>\n", at(centre + 6));
  for (std::size_t k = 0; k < bars.size(); ++k) {
    const TornadoBar& bar = bars[k];
    const double row = 30.0 + row_height * static_cast<double>(k);
    const double length = std::max(half * bar.share / largest, 1.0);
    const bool raises = bar.coefficient >= 0;
    const double x = raises ? centre : centre - length;
    std::string label = bar.label;
    if (label.size() > 40) label = label.substr(0, 39) + "…";
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n",
                       at(label_width - 8), at(row + row_height / 2 - 2), escape_html(label));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", at(x), at(row), at(length),
                       at(row_height - 6), raises ? svg::colour(5) : svg::colour(0));
    const std::string value = fmt::format("{:.0f}% ({:+.2f})", bar.share * 100.0, bar.coefficient);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" dominant-baseline=\"middle\">{}</text>\n",
                       at(raises ? x + length + 4 : x - 4), at(row + row_height / 2 - 2), raises ? "start" : "end",
                       escape_html(value));
  }
  const double axis_bottom = 30.0 + row_height * static_cast<double>(bars.size());
  out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"24\" y2=\"{1}\" stroke=\"#555555\"/>\n", at(centre),
                     at(axis_bottom));
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">share of the variance (rank-regression coefficient)</text>\n",
      at(centre), at(axis_bottom + 18));
  return out + plot.close();
}

}  // namespace carecast::report
