#pragma once
// Where a scenario's uncertain assumptions go in its inputs. The readers of
// `money:`, `demand:`, `levers:` and `capacity:` read each distribution at
// its median and record, for every number drawn from one, the field of
// ScenarioInputs it was read into. A replicate copies the central inputs and
// writes its drawn values into those fields: no scenario tree, text or
// parsing in the hot path. Every check a reader makes on such a number holds
// for the distribution's whole range (to_number), so no draw needs checking.

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "carecast/loading/config_reader.h"
#include "carecast/loading/scenario_uncertainty.h"
#include "carecast/model/citation.h"

namespace carecast {

struct ScenarioInputs;

class AssumptionBindings {
 public:
  // Where one number lives in a scenario's inputs.
  using Field = std::function<double&(ScenarioInputs&)>;

  // Records that `node`, when it stands for an uncertain assumption, feeds
  // `field`; one assumption may feed several fields.
  void bind(const ConfigNode& node, Field field);
  // Records that assumption `assumption` (its index among the scenario's
  // uncertain assumptions) feeds `field`: for assumptions added after
  // loading, as a fit adds its parameters' uncertainty.
  void bind(std::size_t assumption, Field field);

  // Numbers read as to_number, ConfigReader::number, number_or and
  // read_sourced_number read them, each bound to `field`.
  double number(const ConfigNode& node, std::string_view key_path, const Bounds& bounds, Field field);
  double number(ConfigReader& reader, std::string_view key, const Bounds& bounds, Field field);
  double number_or(ConfigReader& reader, std::string_view key, double fallback, const Bounds& bounds, Field field);
  double sourced_number(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                        std::vector<ModelCitation>& citations, Field field);

  // Refuses, at the first of `assumptions` that feeds no field, a
  // distribution whose draws would change nothing in the run.
  void require_every_one_bound(const std::vector<UncertainAssumption>& assumptions) const;

  // Stops every assumption writing into `field` (found by where it lies in
  // `central`): replicates then keep the central value there, as a fit does
  // for a figure it sets itself. Other assumptions are drawn as before.
  void release(const ScenarioInputs& central, const Field& field);

  // How many fields assumption `assumption` (its index in file order) feeds.
  std::size_t fields_of(std::size_t assumption) const;

  // `central` with every bound field set to its assumption's value in
  // `values` (in file order).
  ScenarioInputs applied(const ScenarioInputs& central, const std::vector<double>& values) const;

 private:
  struct Binding {
    std::size_t assumption;
    Field field;
  };
  std::vector<Binding> bindings_;
};

}  // namespace carecast
