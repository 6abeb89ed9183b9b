#pragma once
/// Plain-text renderers (pure string building; JSON lives in apps/).
#include <string>

#include "runload/core/load_status.h"
#include "runload/core/return_to_run.h"
#include "runload/core/risk_report.h"

namespace runload::core {

std::string render_risk_report_text(const RiskReport& report);
std::string render_load_status_text(const LoadStatus& status);
std::string render_return_to_run_text(const ReturnToRunPlan& plan);

}  // namespace runload::core
