#pragma once
/// Plain-text renderers (pure string building; JSON lives in apps/).
#include <string>

#include "runload/core/distance_unit.h"
#include "runload/core/load_status.h"
#include "runload/core/return_to_run.h"
#include "runload/core/risk_report.h"

namespace runload::core {

std::string render_risk_report_text(const RiskReport& report);
/// Distances in `unit`; the weekly line carries its coverage ("(6 of 7 days known)"): a real sum over
/// the known days, never scaled up.
std::string render_load_status_text(const LoadStatus& status, DistanceUnit unit = DistanceUnit::kKm);
/// The plan with its whole ladder and what moves the runner up; `with_next_step` false leaves the next step
/// out (the risk report's headline already says it).
std::string render_return_to_run_text(const ReturnToRunPlan& plan, bool with_next_step = true);

}  // namespace runload::core
