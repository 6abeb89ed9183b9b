#pragma once
/// JSON and CSV shapes of per-step records and session summaries (`runload replay`, `runload sim
/// --truth`, `runload eval`). Deterministic: every float is rounded to a fixed number of decimals
/// before it is printed, keys keep their insertion order, nothing depends on the clock.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "runload/signal/session_summary.h"

namespace runload::apps {

using ojson = nlohmann::ordered_json;

/// x rounded to `decimals` places (a JSON number), or null when absent / not finite.
ojson fixed(std::optional<double> x, int decimals);
ojson fixed(std::optional<float> x, int decimals);

/// The summary object (`summary` in `runload replay --json`).
ojson summary_json(const signal::SessionSummary& s);
/// One stance (`steps_detail[]`).
ojson step_json(const signal::StepRecord& r, int stream_id);

/// The per-step CSV: header line and one row per stance (fixed decimals, empty = missing).
std::string step_csv_header();
std::string step_csv_row(const std::string& file, int stream_id, const signal::StepRecord& r);

}  // namespace runload::apps
