#pragma once
// The backtest's reading of how fast the care model's own error grows with
// the horizon: the size of `demand.need_drift` the published history
// supports (docs/model.md, "Model error").

#include <string>
#include <vector>

#include "backtest_report.h"

namespace carecast {

// Each figure's log error and years ahead, outside the COVID years, from the
// forecasts given what happened (ex ante where there are none), each
// distinct forecast once: an origin whose forecast reuses an earlier
// origin's fit is left out, since its figures are the earlier origin's at
// other horizons. The paragraph of docs/backtest.md that states the
// estimate and how far to trust it.
std::string drift_text(const std::vector<OriginForecast>& origins);

}  // namespace carecast
