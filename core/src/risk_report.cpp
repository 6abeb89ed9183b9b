#include "runload/core/risk_report.h"

#include <algorithm>
#include <cstdio>

#include "runload/core/acute_chronic.h"
#include "runload/core/risk_rules.h"

namespace runload::core {
namespace {

std::string two_decimals(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string headline_for(const RiskReport& r) {
  if (r.stop_and_seek_help) return "Stop running and see a health professional: seek-help symptoms are logged.";
  const auto count = [&](Severity s) {
    return std::count_if(r.flags.begin(), r.flags.end(), [&](const RiskFlag& f) { return f.severity == s; });
  };
  if (r.flags.empty() && !r.checks_without_data.empty()) {
    return "No flags from the checks that could run as of " + to_iso_string(r.as_of) + "; " +
           std::to_string(r.checks_without_data.size()) + " check(s) lacked data (listed below).";
  }
  if (r.flags.empty()) return "No risk flags as of " + to_iso_string(r.as_of) + " (every check had data).";
  return std::to_string(r.flags.size()) + " flag(s) as of " + to_iso_string(r.as_of) + ": " +
         std::to_string(count(Severity::kHigh)) + " high, " + std::to_string(count(Severity::kCaution)) + " caution, " +
         std::to_string(count(Severity::kInfo)) + " info.";
}

}  // namespace

ReturnToRunSettings return_to_run_settings(const RiskConfig& config) noexcept {
  ReturnToRunSettings s;
  s.max_pain_during_0_10 = config.pain_caution_above_0_10;
  s.seek_help = config.seek_help;
  return s;
}

RiskReport build_risk_report(const TrainingHistory& history, Date as_of, const RiskConfig& config) {
  RiskReport r;
  r.athlete_id = history.athlete.id;
  r.athlete = history.athlete.name;
  r.as_of = as_of;
  r.flags = evaluate_risk(history, as_of, config);
  r.stop_and_seek_help = std::any_of(r.flags.begin(), r.flags.end(), [](const RiskFlag& f) {
    return f.factor == Factor::kSymptoms && f.severity == Severity::kHigh;
  });
  // ACWR as context with its grade, never an alarm (EVIDENCE §5.2).
  const AcuteChronic ac = estimate_acute_chronic(history, as_of, LoadMeasure::kDistance, config.load);
  if (ac.ewma_ratio || ac.uncoupled_ratio) {
    r.context.push_back("Acute:chronic distance (context only, contested evidence: grade C/A-critique): EWMA " +
                        (ac.ewma_ratio ? two_decimals(*ac.ewma_ratio) : std::string("n/a")) + ", uncoupled " +
                        (ac.uncoupled_ratio ? two_decimals(*ac.uncoupled_ratio) : std::string("n/a")) + ".");
  }
  if (history.athlete.previous_injury) {
    r.context.push_back("Previous running injury: a known risk factor (Malisoux 2015, HR 1.72, grade B); progress conservatively.");
  }
  r.return_to_run = plan_return_to_run(history, as_of, return_to_run_settings(config));
  if (r.stop_and_seek_help) hold_for_professional(r.return_to_run, "a seek-help flag in the risk report");
  r.checks_without_data = checks_without_data(history, as_of, config);
  r.headline = headline_for(r);
  return r;
}

std::optional<RiskReport> build_session_risk_report(const TrainingHistory& history, std::int64_t session_id,
                                                    const RiskConfig& config) {
  const auto it = std::find_if(history.sessions.begin(), history.sessions.end(),
                               [&](const Session& s) { return s.id == session_id; });
  if (it == history.sessions.end()) return std::nullopt;
  RiskReport r = build_risk_report(history, it->date, config);
  std::erase_if(r.flags, [&](const RiskFlag& f) { return f.date != it->date; });
  r.headline = headline_for(r);
  return r;
}

}  // namespace runload::core
