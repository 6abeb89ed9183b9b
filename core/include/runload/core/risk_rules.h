#pragma once
/// The overuse-risk module: evaluates every rule of rule_table() on the history up to `as_of`.
/// ACWR and fitness/fatigue are context only and never raise a flag (EVIDENCE §5.2).
#include <vector>

#include "runload/core/risk_config.h"
#include "runload/core/risk_flag.h"
#include "runload/core/training_history.h"

namespace runload::core {

/// Flags current on `as_of`, sorted with sort_flags(). Event rules (spike, drift, symptom entries)
/// report events of the last config.lookback_days days, dated on the event; state rules (ramp,
/// monotony, shoes, surface, weight) are dated `as_of`.
std::vector<RiskFlag> evaluate_risk(const TrainingHistory& history, Date as_of, const RiskConfig& config);

}  // namespace runload::core
