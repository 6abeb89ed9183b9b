#include "runload/core/seek_help.h"

#include <algorithm>
#include <map>

namespace runload::core {
namespace {

std::string fixed0(double v) { return std::to_string(static_cast<long long>(v + 0.5)); }

}  // namespace

SeekHelpLog::SeekHelpLog(const TrainingHistory& history, const SeekHelpSettings& settings) : settings_(settings) {
  std::vector<Date> run_days;
  for (const Session& s : history.sessions) {
    if (is_run(s)) run_days.push_back(s.date);
  }
  std::sort(run_days.begin(), run_days.end());
  run_days.erase(std::unique(run_days.begin(), run_days.end()), run_days.end());
  const auto ran_on = [&](Date d) { return std::binary_search(run_days.begin(), run_days.end(), d); };
  // Days in [first, last] without a run: two searches, not one per day (a pain episode can span months).
  const auto days_without_run = [&](Date first, Date last) {
    const auto ran = std::upper_bound(run_days.begin(), run_days.end(), last) -
                     std::lower_bound(run_days.begin(), run_days.end(), first);
    return days_between(first, last) + 1 - static_cast<int>(ran);
  };

  std::map<Date, double> pain_by_day;  // rated days since the last professional visit
  // Each day's entries as one: its worst pain, every symptom any entry reported (as the plan and risk read them).
  for (const auto& [date, entry] : symptoms_by_day(history.symptoms, Date::max())) {
    Day day;
    day.date = date;
    const std::string on = " logged on " + to_iso_string(date);
    day.symptoms = has_symptoms(entry);
    day.seen_professional = entry.seen_professional;
    if (day.seen_professional) pain_by_day.clear();  // the professional saw what came before
    auto add = [&](const char* id, std::string message, std::optional<double> value = std::nullopt,
                   std::optional<double> threshold = std::nullopt, std::string unit = "") {
      day.reasons.push_back(SeekHelpReason{id, date, value, threshold, std::move(unit), std::move(message)});
    };
    const auto pain = max_pain_0_10(entry);
    if (pain && *pain >= settings.severe_pain_min_0_10) {
      add("symptoms.severe_pain", "Severe knee pain (" + fixed0(*pain) + "/10)" + on + ".", *pain,
          settings.severe_pain_min_0_10, "pain_0_10");
    }
    if (entry.swelling || entry.redness_or_warmth) {
      add("symptoms.swelling", std::string(entry.swelling ? "Knee swelling" : "Redness or warmth of the knee") +
                                   " (a changed appearance)" + on + ".");
    }
    if (entry.instability) add("symptoms.instability", "The knee giving way (instability)" + on + ".");
    if (entry.difficulty_bearing_weight) add("symptoms.weight_bearing", "Difficulty bearing weight" + on + ".");
    if (entry.restricted_motion) {
      add("symptoms.restricted_motion", "Restricted range of motion (cannot fully bend or straighten the knee)" + on + ".");
    }

    if (pain) pain_by_day[date] = *pain;
    if (pain && *pain > 0.0) {
      // Persistent pain: the current run of painful rated days spans more than a week and included rest.
      Date first = date;
      for (auto it = pain_by_day.find(date); it != pain_by_day.begin();) {
        --it;
        if (it->second <= 0.0) break;  // a pain-free rating ends the episode; unrated days neither end nor extend it
        first = it->first;
      }
      const int pain_days = days_between(first, date) + 1;
      const int rest_days = days_without_run(first, date);
      if (pain_days > settings.persistent_pain_days && rest_days >= settings.persistent_min_rest_days) {
        add("symptoms.persistent_pain",
            "Knee pain has persisted for " + std::to_string(pain_days) + " days (since " + to_iso_string(first) +
                ") despite " + std::to_string(rest_days) + " days without running.",
            pain_days, settings.persistent_pain_days, "days");
      }
    }
    // Pain while running on most days of the window (the persistent rule above needs rest days; this one
    // is the runner who keeps running through a week of pain).
    const Date window_start = date - std::chrono::days{static_cast<int>(settings.recurrent_pain_window_days) - 1};
    const auto painful_run_days = std::count_if(pain_by_day.lower_bound(window_start), pain_by_day.end(),
                                                [&](const auto& kv) { return kv.second > 0.0 && ran_on(kv.first); });
    if (pain && *pain > 0.0 && static_cast<double>(painful_run_days) >= settings.recurrent_pain_days) {
      add("symptoms.recurrent_pain",
          "Knee pain on " + std::to_string(painful_run_days) + " running days of the last " +
              fixed0(settings.recurrent_pain_window_days) + " (up to " + to_iso_string(date) + ").",
          static_cast<double>(painful_run_days), settings.recurrent_pain_days, "days");
    }
    days_.push_back(std::move(day));
  }
}

SeekHelpStatus SeekHelpLog::status(Date as_of) const {
  SeekHelpStatus out;
  std::map<std::string, SeekHelpReason> active;
  std::optional<Date> last_symptom;  // latest day with a symptom since the first active red flag
  const auto clear = [&](Date on, std::string by) {
    active.clear();
    out.since.reset();
    out.cleared_on = on;
    out.cleared_by = std::move(by);
    last_symptom.reset();
  };
  for (const Day& day : days_) {
    if (day.date > as_of) break;
    if (day.seen_professional) {
      clear(day.date, "seen by a professional");
      continue;
    }
    if (!active.empty() && !day.symptoms &&
        days_between(*last_symptom, day.date) >= settings_.clear_after_symptom_free_days) {
      clear(day.date, fixed0(settings_.clear_after_symptom_free_days) + " days with symptom-free entries");
    }
    if (!day.reasons.empty()) {
      if (active.empty()) out.since = day.date;
      for (const SeekHelpReason& r : day.reasons) active[r.rule_id] = r;
    }
    if (!active.empty() && day.symptoms) last_symptom = day.date;
  }
  for (auto& [id, reason] : active) out.reasons.push_back(std::move(reason));
  std::stable_sort(out.reasons.begin(), out.reasons.end(),
                   [](const SeekHelpReason& a, const SeekHelpReason& b) { return a.date < b.date; });
  return out;
}

}  // namespace runload::core
