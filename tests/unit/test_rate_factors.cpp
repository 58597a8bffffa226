// A scenario's multipliers of the model's rates (`demand.rate_factors`): a
// run with one is the run of the model with its rates so multiplied (the
// fit's calibrated model), effect by effect, in the expected mode exactly;
// a factor drawn per replicate is recorded with the assumptions and reaches
// the Monte Carlo, whichever replicate a worker ran before; a factor of 1
// changes nothing; and a bad entry is refused at its key.

#include <catch2/catch.hpp>

#include <memory>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/calibration/query.h"
#include "carecast/run/run_service.h"
#include "carecast/run/simulation.h"
#include "carecast/loading/model_loader.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string tiny_head = "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 4\nreplicates: 4\nseed: 7\n";

LoadedScenario tiny_with(const std::string& demand) {
  return testing::load_scenario_text(tiny_head + demand, "rates.yaml", testing::test_models());
}

struct Case {
  const char* entry;
  RateEffect effect;
  std::vector<int> groups;
  int setting;
};

}  // namespace

TEST_CASE("a scenario's rate factor runs as the model with its rates so multiplied, effect by effect") {
  const LoadedScenario plain = tiny_with("");
  const Case cases[] = {
      {"{name: n, multiplies: request_rate, client_group: older_people, value: 1.3, assumption: t}", RateEffect::request_rate, {0}, -1},
      {"{name: n, multiplies: death_rate, setting: residential, value: 0.7, assumption: t}", RateEffect::death_rate, {}, 2},
      {"{name: n, multiplies: move_rate, client_group: [younger_adults], value: 1.5, assumption: t}", RateEffect::move_rate, {1}, -1},
      {"{name: n, multiplies: entry_share, client_group: older_people, setting: residential, value: 1.4, assumption: t}",
       RateEffect::entry_share, {0}, 2},
      {"{name: n, multiplies: homecare_hours, value: 1.2, assumption: t}", RateEffect::homecare_hours, {}, -1},
      {"{name: n, multiplies: transitions, value: 1.6, assumption: t}", RateEffect::transitions, {}, -1},
  };
  for (const Case& each : cases) {
    INFO(each.entry);
    const LoadedScenario factored = tiny_with(std::string("demand:\n  rate_factors:\n    - ") + each.entry + "\n");
    REQUIRE(factored.inputs.rate_factors.size() == 1);
    FreeParameter parameter;
    parameter.effect = each.effect;
    parameter.client_groups = each.groups;
    parameter.setting = each.setting;
    LoadedScenario calibrated = plain;
    calibrated.model = std::make_shared<const Model>(
        adjusted_model(*plain.model, {parameter}, {factored.inputs.rate_factors[0].factor}));
    const ReplicateValues by_factor = run_expected_in_memory(factored);
    const ReplicateValues by_model = run_expected_in_memory(calibrated);
    const ReplicateValues unchanged = run_expected_in_memory(plain);
    CHECK(by_factor.arrays == by_model.arrays);
    CHECK(by_factor.arrays != unchanged.arrays);
  }
}

TEST_CASE("a rate factor of 1 changes nothing, and a drawn one is recorded and reaches each replicate") {
  const LoadedScenario plain = tiny_with("");
  const LoadedScenario unit = tiny_with("demand:\n  rate_factors:\n    - {name: n, multiplies: request_rate, value: 1, assumption: t}\n");
  const LoadedScenario drawn = tiny_with(
      "demand:\n  rate_factors:\n"
      "    - {name: need, multiplies: request_rate, value: {distribution: normal, mean: 1, sd: 0.2, min: 0.5, max: 1.5}, "
      "assumption: t}\n");
  const Simulation without(plain);
  const Simulation at_one(unit);
  const Simulation with(drawn);
  REQUIRE(with.layout().dimension("assumption").labels == std::vector<std::string>{"demand.rate_factors[0].value"});
  const std::size_t recorded = with.layout().quantity_index("assumptions");
  const auto requests = resolve_query(parse_query("requests{year: 2027}", "test"), with.layout(), "test");
  std::unique_ptr<WorkerState> shared_worker;
  for (std::int64_t replicate = 0; replicate < 4; ++replicate) {
    ReplicateValues none, one, factored, again;
    without.run_replicate(replicate, none);
    at_one.run_replicate(replicate, one);
    CHECK(one.arrays == none.arrays);
    with.run_replicate(replicate, factored);
    const double factor = factored.arrays[recorded][0];
    CHECK(factor != 1.0);
    // More need, more requests: the draw moves the run its way.
    const double ratio = evaluate_query(requests, factored) / evaluate_query(requests, none);
    CHECK((ratio - 1.0) * (factor - 1.0) > 0.0);
    // A worker that ran other replicates (other factors) first gives the same.
    with.run_replicate(replicate, again, shared_worker);
    CHECK(again.arrays == factored.arrays);
  }
}

TEST_CASE("a bad rate factor is refused at its key") {
  auto error_for = [](const std::string& entry) {
    return testing::error_of([&] { tiny_with("demand:\n  rate_factors:\n    - " + entry + "\n"); });
  };
  CHECK(error_for("{name: n, multiplies: entry_share, value: 1.1, assumption: t}").ends_with(
      "rates.yaml:9:7: demand.rate_factors[0].setting: an entry_share factor names the setting whose share it multiplies"));
  CHECK(error_for("{name: n, multiplies: transitions, client_group: older_people, value: 1.1, assumption: t}")
            .ends_with("demand.rate_factors[0].client_group: a transitions factor acts on the whole model; it takes no client_group"));
  CHECK(error_for("{name: n, multiplies: speed, value: 1.1, assumption: t}").find("demand.rate_factors[0].multiplies") !=
        std::string::npos);
  CHECK(error_for("{name: n, multiplies: death_rate, value: 0, assumption: t}").find("demand.rate_factors[0].value") !=
        std::string::npos);
  CHECK(error_for("{name: n, multiplies: death_rate, client_group: nobody, value: 1, assumption: t}")
            .find("demand.rate_factors[0].client_group") != std::string::npos);
}

TEST_CASE("calibrate's lines for carrying a fit's uncertainty paste into a scenario, correlations and all") {
  const auto model = load_model(testing::test_models() / "tiny", "tiny");
  std::vector<FreeParameter> parameters(2);
  parameters[0].name = "need";
  parameters[0].effect = RateEffect::request_rate;
  parameters[0].min = 0.5;
  parameters[0].max = 2.0;
  parameters[1].name = "deaths";
  parameters[1].effect = RateEffect::death_rate;
  parameters[1].setting = model->care.setting_index("residential");
  parameters[1].min = 0.5;
  parameters[1].max = 2.0;
  ParameterUncertainty uncertainty;
  uncertainty.standard_errors = {0.05, 0.08};
  uncertainty.correlation = {1.0, -0.6, -0.6, 1.0};
  const std::string section = fit_uncertainty_section(*model, parameters, {1.25, 0.8}, uncertainty, {"targets.yaml", "t"});
  const std::size_t open = section.find("```yaml\n");
  const std::size_t close = section.find("```", open + 7);
  REQUIRE(open != std::string::npos);
  REQUIRE(close != std::string::npos);
  const LoadedScenario pasted = tiny_with(section.substr(open + 8, close - open - 8));
  REQUIRE(pasted.inputs.rate_factors.size() == 2);
  REQUIRE(pasted.uncertain.size() == 2);
  CHECK(pasted.uncertain[0].distribution.second == Approx(0.05 / 1.25).epsilon(1e-3));
  CHECK(pasted.uncertain[1].distribution.second == Approx(0.08 / 0.8).epsilon(1e-3));
  REQUIRE(pasted.correlation.size() == 4);
  CHECK(pasted.correlation[1] == Approx(-0.6));
}
