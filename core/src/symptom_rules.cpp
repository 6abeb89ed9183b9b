// Symptom rules: the article's seek-help criteria (EVIDENCE §6). They override every load-based
// message: a report with one of these says "stop running and see a professional".
#include <algorithm>

#include "rule_context.h"

namespace runload::core::detail {

void evaluate_symptom_rules(const RuleContext& ctx, FlagSink& sink) {
  const RiskConfig& c = ctx.config;
  std::vector<const SymptomEntry*> entries;
  for (const SymptomEntry& e : ctx.history.symptoms) {
    if (e.date <= ctx.as_of) entries.push_back(&e);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->date < b->date; });
  if (entries.empty()) return;
  const SymptomEntry& latest = *entries.back();
  const bool recent = latest.date >= ctx.lookback_start();
  const std::string on = " reported on " + to_iso_string(latest.date);

  if (recent) {
    if (latest.swelling) sink.add("symptoms.swelling", latest.date, std::nullopt, std::nullopt, "", "Knee swelling or a changed appearance" + on + ".");
    if (latest.instability) sink.add("symptoms.instability", latest.date, std::nullopt, std::nullopt, "", "The knee giving way (instability)" + on + ".");
    if (latest.difficulty_bearing_weight) sink.add("symptoms.weight_bearing", latest.date, std::nullopt, std::nullopt, "", "Difficulty bearing weight" + on + ".");
    if (latest.locking_or_clicking) sink.add("symptoms.locking", latest.date, std::nullopt, std::nullopt, "", "Locking or clicking of the knee" + on + ".");
    const auto pain = max_pain_0_10(latest);
    if (pain && *pain >= c.severe_pain_min_0_10) {
      sink.add("symptoms.severe_pain", latest.date, *pain, c.severe_pain_min_0_10, "pain_0_10",
               "Severe knee pain (" + fixed(*pain, 0) + "/10)" + on + ".");
    }
  }

  // Persistent pain: the current run of painful entries spans more than a week and included rest.
  const auto painful = [](const SymptomEntry* e) {
    const auto p = max_pain_0_10(*e);
    return p && *p > 0.0;
  };
  if (recent && painful(entries.back())) {
    std::size_t start = entries.size() - 1;
    while (start > 0) {
      const SymptomEntry* prev = entries[start - 1];
      if (!max_pain_0_10(*prev)) {  // no rating that day: neither ends nor extends the episode
        --start;
        continue;
      }
      if (!painful(prev)) break;
      --start;
    }
    while (!painful(entries[start])) ++start;
    const Date first = entries[start]->date;
    const int pain_days = days_between(first, latest.date) + 1;
    int rest_days = 0;
    for (Date d = first; d <= latest.date; d += std::chrono::days{1}) {
      const bool ran = std::any_of(ctx.sessions.begin(), ctx.sessions.end(),
                                   [&](const Session& s) { return s.date == d && counts_as_running(s.activity); });
      rest_days += ran ? 0 : 1;
    }
    if (pain_days > c.persistent_pain_days && rest_days >= c.persistent_min_rest_days) {
      sink.add("symptoms.persistent_pain", latest.date, pain_days, c.persistent_pain_days, "days",
               "Knee pain has persisted for " + std::to_string(pain_days) + " days (since " + to_iso_string(first) +
                   ") despite " + std::to_string(rest_days) + " days without running.");
    }
  }

  // Pain above the return-to-run gate, when no red flag already says stop.
  if (recent && !sink.has_severity(Factor::kSymptoms, Severity::kHigh)) {
    const auto pain = max_pain_0_10(latest);
    if (pain && *pain > c.pain_caution_above_0_10) {
      sink.add("symptoms.pain", latest.date, *pain, c.pain_caution_above_0_10, "pain_0_10",
               "Knee pain of " + fixed(*pain, 0) + "/10" + on + ", above the " + fixed(c.pain_caution_above_0_10, 0) +
                   "/10 that training can tolerate.");
    }
  }
}

}  // namespace runload::core::detail
