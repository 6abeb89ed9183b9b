#pragma once
/// Which risk checks could not run for lack of data, and why: a report without flags must never read as
/// "all clear" when a check had nothing to look at (#12 §3).
#include <string>
#include <vector>

#include "runload/core/risk_config.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct CheckWithoutData {
  std::string check;   ///< plain words: "single-run spike", "weekly progression", …
  std::string reason;  ///< what is missing and, where the runner can add it, how
};

/// The checks of build_risk_report that could not evaluate as of `as_of`, in a fixed order.
std::vector<CheckWithoutData> checks_without_data(const TrainingHistory& history, Date as_of, const RiskConfig& config);

}  // namespace runload::core
