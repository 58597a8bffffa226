// The front page's figures and words: the key figures, why spending grows
// (population, clients, prices against volume, policy) in sentences made
// from the run file, and what the model leaves out.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/model_notes.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/run_labels.h"

namespace carecast::report::briefing {
namespace {

// The ages whose growth the front page states, when the model's age bands
// start at them: older people, and the oldest, who need care most.
constexpr int older_age = 65;
constexpr int oldest_age = 85;

// "+26%" or "-3%": the change from `from` to `to`.
std::string change(double from, double to) {
  const double share = from == 0.0 ? 0.0 : to / from - 1.0;
  const std::string text = percent(share);
  return text.front() == '-' || text == "0%" ? text : "+" + text;
}

std::string count(double value) { return with_thousands(value); }

// The sum over `ids` of a year × setting array in year y.
double over_settings(const LabelledArray& by_setting, std::size_t y, const std::vector<std::string>& ids) {
  const Axis& settings = by_setting.axis("setting");
  double total = 0.0;
  for (const std::string& id : ids) total += by_setting.at({y, settings.index_of(id)});
  return total;
}

// The first age of a band labelled "65-74" or "90+"; -1 for another label.
int first_age_of(const std::string& band) {
  if (band.empty() || !std::isdigit(static_cast<unsigned char>(band.front()))) return -1;
  return std::atoi(band.c_str());
}

// People aged `age` and over in year y, when a band starts at that age.
std::optional<double> aged_at_least(const LabelledArray& by_band, std::size_t y, int age) {
  const Axis& bands = by_band.axis("age_band");
  bool starts = false;
  double total = 0.0;
  for (std::size_t b = 0; b < bands.size(); ++b) {
    const int first = first_age_of(bands.labels[b]);
    starts = starts || first == age;
    if (first >= age) total += by_band.at({y, b});
  }
  return starts ? std::optional<double>(total) : std::nullopt;
}

// How much more of the caseload the older ages are than of the county: why
// an older population raises demand more than its numbers alone.
std::string older_clients_sentence(const Context& context, const LabelledArray& population_by_band) {
  const RunReader& run = context.run;
  const auto long_term = long_term_settings(run);
  if (!long_term || !run.has_summary(QuantityId::clients_by_age_band)) return "";
  const LabelledArray by_setting = mean_of(run, QuantityId::clients_by_age_band, {"year", "setting", "age_band"});
  const Axis& settings = by_setting.axis("setting");
  const Axis& bands = by_setting.axis("age_band");
  double older = 0.0, all = 0.0;
  bool starts = false;
  for (const std::string& id : *long_term) {
    for (std::size_t b = 0; b < bands.size(); ++b) {
      const double people = by_setting.at({0, settings.index_of(id), b});
      all += people;
      if (first_age_of(bands.labels[b]) >= older_age) older += people;
      starts = starts || first_age_of(bands.labels[b]) == older_age;
    }
  }
  const auto older_people = aged_at_least(population_by_band, 0, older_age);
  if (!starts || !older_people || all == 0.0) return "";
  const double adults = population_by_band.sum_all_but({"year"}).at({0});
  return " In " + context.year_labels[0] + " people aged " + std::to_string(older_age) + " and over are " +
         percent(older / all) + " of long-term clients but " + percent(*older_people / adults) + " of adults.";
}

std::string population_sentence(const Context& context) {
  const LabelledArray by_band = mean_of(context.run, QuantityId::population, {"year", "age_band"});
  const std::size_t last = context.years.size() - 1;
  const LabelledArray adults = by_band.sum_all_but({"year"});
  std::string sentence = "The county's adults number " + count(adults.at({0})) + " in " + context.year_labels[0] +
                         " and " + count(adults.at({last})) + " in " + context.year_labels[last] + " (" +
                         change(adults.at({0}), adults.at({last})) + ")";
  std::vector<std::string> parts;
  for (int age : {older_age, oldest_age}) {
    const auto first = aged_at_least(by_band, 0, age);
    const auto final = aged_at_least(by_band, last, age);
    if (!first) continue;
    parts.push_back((parts.empty() ? "people aged " : "those aged ") + std::to_string(age) + " and over from " +
                    count(*first) + " to " + count(*final) + " (" + change(*first, *final) + ")");
  }
  if (!parts.empty()) {
    sentence += "; ";
    for (std::size_t k = 0; k < parts.size(); ++k) sentence += (k == 0 ? "" : " and ") + parts[k];
  }
  return sentence + "." + older_clients_sentence(context, by_band);
}

std::string clients_sentence(const Context& context) {
  const RunReader& run = context.run;
  const std::size_t last = context.years.size() - 1;
  const LabelledArray clients = mean_of(run, QuantityId::clients, {"year", "setting"});
  const auto long_term = long_term_settings(run);
  const auto in_year = [&](std::size_t y) {
    return long_term ? over_settings(clients, y, *long_term) : clients.sum_all_but({"year"}).at({y});
  };
  std::string sentence =
      std::string(long_term ? "Council-funded people with a long-term service" : "Council-funded clients") +
      " at year end go from " + count(in_year(0)) + " in " + context.year_labels[0] + " to " + count(in_year(last)) +
      " in " + context.year_labels[last] + " (" + change(in_year(0), in_year(last)) + ")";
  const LabelledArray requests = mean_of(run, QuantityId::requests, {"year"});
  sentence += ", and requests for support from " + count(requests.at({0})) + " to " + count(requests.at({last})) +
              " a year (" + change(requests.at({0}), requests.at({last})) + ").";
  return sentence;
}

// "add £2.6m", "take £2.6m off" or "change nothing": a signed amount in
// words, since "change it by -£2.6m" reads badly aloud.
std::string effect_on_spend(double pounds) {
  if (std::abs(pounds) < 0.05e6) return "change it by less than £0.1m";
  return pounds > 0 ? "add " + pounds_millions(pounds) : "take " + pounds_millions(-pounds) + " off";
}

// Of the rise in mean net spend from the first year to the last, the parts
// the bridge puts it down to, summed over the years after the first (each
// year's parts add up to its change from the year before).
std::string price_and_volume_sentence(const Context& context) {
  const RunReader& run = context.run;
  const LabelledArray bridge = mean_of(run, QuantityId::mtfp_bridge, {"year", "bridge_component"});
  const LabelledArray net = mean_of(run, QuantityId::net_spend, {"year"});
  const Axis& components = bridge.axis("bridge_component");
  const std::size_t last = context.years.size() - 1;
  const auto summed = [&](const std::string& component) {
    if (!components.contains(component)) return 0.0;
    double total = 0.0;
    for (std::size_t y = 1; y <= last; ++y) total += bridge.at({y, components.index_of(component)});
    return total;
  };
  const double rise = net.at({last}) - net.at({0});
  const double pay = summed("pay_inflation"), contract = summed("contract_inflation");
  const double volume = summed("demand_growth"), policy = summed("policy_and_savings");
  const double other = rise - pay - contract - volume - policy;
  const auto share = [&](double part) { return rise == 0.0 ? std::string() : " (" + percent(part / rise) + ")"; };
  std::string sentence = "Mean net spend goes from " + pounds_millions(net.at({0})) + " in " + context.year_labels[0] +
                         " to " + pounds_millions(net.at({last})) + " in " + context.year_labels[last] +
                         ", a rise of " + pounds_millions(rise) + ". Of that rise, " + pounds_millions(pay + contract) +
                         share(pay + contract) + " is prices: " + pounds_millions(pay) + " pay inflation and " +
                         pounds_millions(contract) + " contract inflation; " + pounds_millions(volume) + share(volume) +
                         " is volume, the growth in demand at last year's prices; policy and savings " + effect_on_spend(policy);
  if (std::abs(other) >= 0.05e6) sentence += "; other changes add " + pounds_millions(other);
  return sentence + ".";
}

// What policy and savings do in the first year (the bridge's part for
// them), and the levers the scenario pulls, by name and start.
std::string policy_sentence(const Context& context) {
  std::string sentence;
  if (context.run.has_summary(QuantityId::mtfp_bridge)) {
    const LabelledArray bridge = mean_of(context.run, QuantityId::mtfp_bridge, {"year", "bridge_component"});
    const Axis& components = bridge.axis("bridge_component");
    if (components.contains("policy_and_savings")) {
      sentence = "In " + context.year_labels[0] + " policy and savings " +
                 effect_on_spend(bridge.at({0, components.index_of("policy_and_savings")})) + ". ";
    }
  }
  std::vector<std::string> levers;
  try {
    const YAML::Node scenario = YAML::Load(context.run.info().scenario_yaml);
    for (const auto& lever : scenario["levers"]) {
      if (!lever["name"]) continue;
      std::string text = lever["name"].as<std::string>();
      if (lever["start_year"]) text += " (from " + financial_year(lever["start_year"].as<std::int64_t>()) + ")";
      levers.push_back(text);
    }
  } catch (const YAML::Exception&) {
    // A scenario text that does not parse names no levers; the figure above still stands.
  }
  if (levers.empty()) return sentence + "The scenario pulls no policy levers.";
  sentence += "Policy levers in the scenario: ";
  for (std::size_t k = 0; k < levers.size(); ++k) sentence += (k == 0 ? "" : "; ") + levers[k];
  return sentence + ".";
}

// What the key figures count, in the model's names for the settings.
std::string key_figure_definitions(const Context& context) {
  const RunReader& run = context.run;
  const auto homes = long_term_care_homes(run);
  const auto long_term = long_term_settings(run);
  if (!homes || !long_term) {
    return "Bed nights are those of council-funded people in every setting with beds or places, and clients count "
           "every council-funded person at 31 March, short-term support included (this run file does not say which "
           "settings are care homes or long-term).";
  }
  const auto in = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  const auto all_homes = settings_where(run, "setting_kind", "care_home").value_or(std::vector<std::string>{});
  const auto places = settings_where(run, "setting_kind", "accommodation").value_or(std::vector<std::string>{});
  std::vector<std::string> other_places, short_term;
  for (const std::string& id : run.dimension("setting").labels) {
    if (!in(*long_term, id)) short_term.push_back(id);
    if (!in(*homes, id) && (in(places, id) || in(all_homes, id))) other_places.push_back(id);
  }
  const RunLabels& labels = context.labels;
  std::string text = "Care home bed nights are the nights council-funded people spent in long-term care home beds (" +
                     labels.names(*homes) + ")";
  if (!other_places.empty()) text += "; nights in " + labels.names(other_places) + " are not counted";
  text +=
      ". Long-term clients are council-funded people with a long-term service at 31 March, as the council counts "
      "them";
  if (!short_term.empty()) text += "; people in " + labels.names(short_term) + " are left out";
  return text + ".";
}

}  // namespace

std::string why_it_grows(const Context& context) {
  std::string html = "<h2>Why it grows</h2>\n<ul class=\"why\">\n";
  html += "<li><strong>Population.</strong> " + escape_html(population_sentence(context)) + "</li>\n";
  html += "<li><strong>Clients.</strong> " + escape_html(clients_sentence(context)) + "</li>\n";
  if (context.run.has_money() && context.run.has_summary(QuantityId::mtfp_bridge)) {
    html += "<li><strong>Prices against volume.</strong> " +
            escape_html(price_and_volume_sentence(context)) + "</li>\n";
  }
  html += "<li><strong>Policy and savings.</strong> " + escape_html(policy_sentence(context)) + "</li>\n";
  return html + "</ul>\n";
}

std::string not_covered(const Context& context) {
  const std::vector<ModelOmission> omissions = read_not_covered(context.run);
  if (omissions.empty()) return "";
  std::string html = "<h2>What the model does not cover</h2>\n<ul class=\"not-covered\">\n";
  for (const ModelOmission& omission : omissions) {
    html += "<li><strong>" + escape_html(omission.what) + ".</strong> " +
            escape_html(with_document_titles(omission.why, context.sources)) + "</li>\n";
  }
  return html + "</ul>\n";
}

std::string key_figures(const Context& context) {
  const RunReader& run = context.run;
  const std::vector<std::size_t> picked = headline_years(context.years.size());
  HtmlTable table;
  table.css_class = "key-figures";
  table.header = {""};
  for (std::size_t y : picked) table.header.push_back(context.year_labels[y]);
  const auto row = [&](const std::string& label, auto cell) {
    std::vector<std::string> cells{label};
    for (std::size_t y : picked) cells.push_back(cell(y));
    table.rows.push_back(cells);
  };
  if (run.has_money()) {
    const LabelledArray net = bands(run, QuantityId::net_spend, {"year"});
    const LabelledArray budget = mean_of(run, QuantityId::budget, {"year"});
    const std::vector<double> overspend = total_overspend_probability(run);
    const auto at = [&](const char* statistic, std::size_t y) {
      return net.at({net.axes()[0].index_of(statistic), y});
    };
    row(run.info().expected() ? "Net spend (expected)" : "Net spend (mean)",
        [&](std::size_t y) { return pounds_millions(at("mean", y)); });
    if (!run.info().expected()) {
      row("90% range",
          [&](std::size_t y) { return pounds_millions(at("p5", y)) + " to " + pounds_millions(at("p95", y)); });
    }
    row("Budget", [&](std::size_t y) { return pounds_millions(budget.at({y})); });
    if (!run.info().expected()) row("Chance of an overspend", [&](std::size_t y) { return percent(overspend[y]); });
  }
  const LabelledArray beds = mean_of(run, QuantityId::bed_nights, {"year", "setting"});
  const LabelledArray clients = mean_of(run, QuantityId::clients, {"year", "setting"});
  const auto homes = long_term_care_homes(run);
  const auto long_term = long_term_settings(run);
  row(homes ? "Care home bed nights (mean)" : "Bed nights, all beds and places (mean)", [&](std::size_t y) {
    return count(homes ? over_settings(beds, y, *homes) : beds.sum_all_but({"year"}).at({y}));
  });
  row(long_term ? "Long-term clients at year end (mean)" : "Clients at year end (mean)", [&](std::size_t y) {
    return count(long_term ? over_settings(clients, y, *long_term) : clients.sum_all_but({"year"}).at({y}));
  });
  return table.render() + paragraph(key_figure_definitions(context), "note");
}

}  // namespace carecast::report::briefing
