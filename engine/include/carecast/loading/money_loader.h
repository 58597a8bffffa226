#pragma once
// Reads a scenario's `money:` section (docs/scenario-format.md).

#include <optional>

#include "carecast/loading/assumption_bindings.h"
#include "carecast/loading/config_reader.h"
#include "carecast/model/model.h"
#include "carecast/money/assumptions.h"

namespace carecast {

// Reads `money:` (the reader is the scenario's top level) and checks it
// against the model and the scenario's years; each number drawn from a
// distribution is bound to its field of ScenarioInputs::money.
std::optional<MoneyAssumptions> read_money_assumptions(ConfigReader& top, const Model& model, int first_year,
                                                       int last_year, AssumptionBindings& bindings);

}  // namespace carecast
