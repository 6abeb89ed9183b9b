#pragma once
/// Per-athlete and per-session risk reports: the structs behind `runload risk --json`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runload/core/check_coverage.h"
#include "runload/core/return_to_run.h"
#include "runload/core/risk_config.h"
#include "runload/core/risk_flag.h"
#include "runload/core/training_history.h"

namespace runload::core {

inline constexpr std::string_view kDisclaimer =
    "runload is not a diagnosis and not medical advice. Flags show measured values against published or "
    "conventional thresholds with their evidence grade; they cannot tell whether you are injured. If knee "
    "pain persists for more than a week despite rest, or with severe pain, swelling, redness or warmth, "
    "instability, difficulty bearing weight or a knee you cannot fully bend or straighten, stop running and "
    "see a health professional.";

struct RiskReport {
  std::int64_t athlete_id = 0;
  std::string athlete;
  Date as_of{};
  std::vector<RiskFlag> flags;  ///< sorted: severity, factor, id
  /// True when a seek-help symptom flag is present: it overrides every load-based message.
  bool stop_and_seek_help = false;
  std::string headline;               ///< one line summarising the report
  std::vector<std::string> context;   ///< non-alarm context (ACWR with its grade, previous injury)
  /// Checks that could not run for lack of data: "no flags" never reads as "all clear" when these exist.
  std::vector<CheckWithoutData> checks_without_data;
  ReturnToRunPlan return_to_run;
  std::string disclaimer{kDisclaimer};
};

RiskReport build_risk_report(const TrainingHistory& history, Date as_of, const RiskConfig& config);

/// The return-to-run settings of `config`: its pain gate and seek-help thresholds.
ReturnToRunSettings return_to_run_settings(const RiskConfig& config) noexcept;

/// Flags about one session: the report as of the session's date, keeping flags dated that day.
/// nullopt when no session has this id.
std::optional<RiskReport> build_session_risk_report(const TrainingHistory& history, std::int64_t session_id,
                                                    const RiskConfig& config);

}  // namespace runload::core
