#pragma once
/// JSON views of core's load status and risk reports (the `load --json` / `risk --json` contracts;
/// also served by the dashboard). Missing values are null, never 0.
#include <nlohmann/json.hpp>

#include "runload/core/load_status.h"
#include "runload/core/return_to_run.h"
#include "runload/core/risk_report.h"

namespace runload::apps {

nlohmann::json to_json(const core::LoadStatus& status);
nlohmann::json to_json(const core::RiskReport& report);
nlohmann::json to_json(const core::ReturnToRunPlan& plan);

}  // namespace runload::apps
