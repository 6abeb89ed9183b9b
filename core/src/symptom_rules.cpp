// Symptom rules: the article's seek-help criteria (EVIDENCE §6). They override every load-based
// message: a report with one of these says "stop running and see a professional". The red flags come
// from the whole log (SeekHelpLog): one stays until it is seen to, never cleared by the next entry.
#include <algorithm>

#include "rule_context.h"
#include "runload/core/seek_help.h"

namespace runload::core::detail {

void evaluate_symptom_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  const SeekHelpStatus help = SeekHelpLog(ctx.history, c.seek_help).status(ctx.as_of);
  for (const SeekHelpReason& r : help.reasons) {
    std::string message = r.message;
    if (r.date < ctx.as_of) {
      message += " This stays until you record that a health professional has seen the knee, or " +
                 fixed(c.seek_help.clear_after_symptom_free_days, 0) + " days pass with symptom-free entries.";
    }
    sink.add(r.rule_id, r.date, r.value, r.threshold, r.unit, std::move(message));
  }

  // The latest day with entries, all of that day's entries as one (its worst pain).
  const auto days = symptoms_by_day(ctx.history.symptoms, ctx.as_of);
  const SymptomEntry* latest = days.empty() ? nullptr : &days.rbegin()->second;
  if (latest == nullptr || latest->date < ctx.lookback_start()) return;
  const std::string on = " reported on " + to_iso_string(latest->date);

  // Clicking alone: not a stop flag (the article: not always serious; restricted motion is the criterion).
  if (latest->locking_or_clicking && !latest->restricted_motion) {
    sink.add("symptoms.clicking", latest->date, std::nullopt, std::nullopt, "",
             "Clicking of the knee" + on + ", without a restricted range of motion.");
  }
  // Pain above the return-to-run gate, when no red flag already says stop.
  if (!sink.has_severity(Factor::kSymptoms, Severity::kHigh)) {
    const auto pain = max_pain_0_10(*latest);
    if (pain && *pain > c.pain_caution_above_0_10) {
      sink.add("symptoms.pain", latest->date, *pain, c.pain_caution_above_0_10, "pain_0_10",
               "Knee pain of " + fixed(*pain, 0) + "/10" + on + ", above the " + fixed(c.pain_caution_above_0_10, 0) +
                   "/10 that training can tolerate.");
    }
  }
}

}  // namespace runload::core::detail
