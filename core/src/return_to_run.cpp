#include "runload/core/return_to_run.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "runload/core/rule_table.h"

namespace runload::core {
namespace {

int activity_rank(ActivityKind kind) noexcept {
  switch (kind) {
    case ActivityKind::kCrossTraining: return 0;
    case ActivityKind::kWalk: return 1;
    case ActivityKind::kWalkRun: return 2;
    case ActivityKind::kRun: return 3;
  }
  return 3;
}

int stage_rank(ReturnStage stage) noexcept { return static_cast<int>(stage) - static_cast<int>(ReturnStage::kCrossTraining); }

std::string next_step_for(const ReturnToRunPlan& plan) {
  const std::string progress = " (" + std::to_string(plan.passes_at_stage) + " of " + std::to_string(plan.passes_needed) +
                               " sessions passed at this stage)";
  switch (plan.stage) {
    case ReturnStage::kNotNeeded: return "No pain episode in the log: train as planned and keep logging symptoms.";
    case ReturnStage::kSeekProfessional:
      return "Stop running and see a health professional (doctor or physiotherapist) before starting a return: "
             "they assess the causes of inner-knee pain the article lists (MCL injury, medial meniscus tear, "
             "arthritis, pes anserine bursitis, patellofemoral pain, medial plica, gout), which runload cannot "
             "tell apart. Record the visit with runload log --seen-professional.";
    case ReturnStage::kCrossTraining:
      return "Low-impact cross-training (cycling, swimming) for 20-30 min; ice 15-20 min if the knee aches; "
             "strengthening as advised by a physiotherapist; gentle stretching of the hamstrings, quadriceps, "
             "calves and hips" + progress + ".";
    case ReturnStage::kWalk:
      return "Brisk walking for 20-30 min; keep pain at or below 2/10 and no worse the next morning" + progress + ".";
    case ReturnStage::kWalkRun:
      return "Walk-run intervals (e.g. 1 min run / 2 min walk, 20-30 min); stop if pain exceeds 2/10" + progress + ".";
    case ReturnStage::kContinuous:
      return "Easy continuous running, short and flat at first, building gradually; keep each run within 10 % of "
             "your longest recent run" + progress + ".";
  }
  return {};
}

}  // namespace

void hold_for_professional(ReturnToRunPlan& plan, std::string reason) {
  if (plan.stage == ReturnStage::kSeekProfessional) return;
  if (!plan.episode_start) plan.episode_start = plan.as_of;
  plan.changes.push_back(StageChange{plan.as_of, plan.stage, ReturnStage::kSeekProfessional, std::move(reason)});
  plan.stage = ReturnStage::kSeekProfessional;
  plan.passes_at_stage = 0;
  plan.next_step = next_step_for(plan);
}

std::string_view stage_label(ReturnStage stage) noexcept {
  switch (stage) {
    case ReturnStage::kNotNeeded: return "no return plan needed";
    case ReturnStage::kSeekProfessional: return "see a professional";
    case ReturnStage::kCrossTraining: return "cross-training";
    case ReturnStage::kWalk: return "walk";
    case ReturnStage::kWalkRun: return "walk-run";
    case ReturnStage::kContinuous: return "continuous running";
  }
  return "no return plan needed";
}

std::string what_moves_up(const ReturnToRunPlan& plan) {
  char gate[16];
  std::snprintf(gate, sizeof gate, "%g", plan.gate_pain_0_10);
  const std::string remaining = std::to_string(std::max(0, plan.passes_needed - plan.passes_at_stage));
  const std::string gated = remaining + " more session(s) at this stage or above with pain at or below " + gate +
                            "/10 during, and no worse the next morning (log both: runload log SESSION --pain-during X "
                            "--pain-morning Y; walks and cross-training: runload log --athlete A --date D --activity "
                            "walk --duration-min M --pain-during X --pain-morning Y)";
  switch (plan.stage) {
    case ReturnStage::kNotNeeded: return "nothing to move up: no pain episode";
    case ReturnStage::kSeekProfessional:
      return "a health professional's visit (runload log --athlete A --date D --seen-professional), or a week of "
             "symptom-free entries after the last symptom; then the return restarts at cross-training";
    case ReturnStage::kContinuous: return gated + "; then the return is complete";
    default: return gated;
  }
}

std::string_view to_string(ReturnStage stage) noexcept {
  switch (stage) {
    case ReturnStage::kNotNeeded: return "not_needed";
    case ReturnStage::kSeekProfessional: return "seek_professional";
    case ReturnStage::kCrossTraining: return "cross_training";
    case ReturnStage::kWalk: return "walk";
    case ReturnStage::kWalkRun: return "walk_run";
    case ReturnStage::kContinuous: return "continuous";
  }
  return "not_needed";
}

ReturnToRunPlan plan_return_to_run(const TrainingHistory& history, Date as_of, const ReturnToRunSettings& settings) {
  ReturnToRunPlan plan;
  plan.as_of = as_of;
  plan.passes_needed = settings.passes_to_advance;
  plan.gate_pain_0_10 = settings.max_pain_during_0_10;

  // A day with several entries counts with its worst pain (symptoms_by_day).
  const std::map<Date, SymptomEntry> days = symptoms_by_day(history.symptoms, as_of);
  std::map<Date, const SymptomEntry*> by_day;
  for (const auto& [date, entry] : days) by_day[date] = &entry;
  if (by_day.empty()) {
    plan.next_step = next_step_for(plan);
    return plan;
  }
  const auto sessions = sessions_up_to(history, as_of);
  const SeekHelpLog seek_help(history, settings.seek_help);

  auto change = [&](Date d, ReturnStage to, std::string reason) {
    plan.changes.push_back(StageChange{d, plan.stage, to, std::move(reason)});
    plan.stage = to;
    plan.passes_at_stage = 0;
  };
  const double gate = settings.max_pain_during_0_10;
  const Date first_day = by_day.begin()->first;
  std::size_t next_session = 0;
  for (Date d = first_day; d <= as_of; d += std::chrono::days{1}) {
    const auto it = by_day.find(d);
    const SymptomEntry* entry = it == by_day.end() ? nullptr : it->second;
    const bool starts_today = entry && plan.stage == ReturnStage::kNotNeeded;

    // Symptoms first: red flags hold the plan until seen to; an episode starts with pain above the gate.
    const SeekHelpStatus help = seek_help.status(d);
    if (help.active()) {
      if (plan.stage == ReturnStage::kNotNeeded) plan.episode_start = d;
      if (plan.stage != ReturnStage::kSeekProfessional) {
        std::string ids;
        for (const SeekHelpReason& r : help.reasons) ids += (ids.empty() ? "" : ", ") + std::string(rule_title(r.rule_id));
        change(d, ReturnStage::kSeekProfessional, "seek-help symptoms: " + ids);
      }
    } else if (plan.stage == ReturnStage::kSeekProfessional) {
      change(d, ReturnStage::kCrossTraining,
             "red flags cleared (" + help.cleared_by + "); restart the graded return from its first stage");
    } else if (starts_today) {
      const auto pain = max_pain_0_10(*entry);
      if (pain && *pain > gate) {
        plan.episode_start = d;
        change(d, ReturnStage::kCrossTraining, "knee pain above 2/10 logged; start the graded return");
      }
    }

    // Then the day's sessions, gated at the current stage.
    for (; next_session < sessions.size() && sessions[next_session].date <= d; ++next_session) {
      const Session& s = sessions[next_session];
      if (s.date != d || plan.stage < ReturnStage::kCrossTraining || (starts_today && plan.changes.back().date == d)) continue;
      if (activity_rank(s.activity) < stage_rank(plan.stage)) continue;  // below the stage: not a gate test
      if (counts_as_running(s.activity) && !is_run(s)) continue;          // a 0 km history row is not a run
      if (entry == nullptr) continue;  // no symptom log for the day: cannot judge the gate
      const auto during = entry->pain_during_0_10 ? entry->pain_during_0_10 : entry->pain_after_0_10;
      const auto morning = entry->pain_next_morning_0_10;
      const auto prev = by_day.find(d - std::chrono::days{1});
      const double morning_before =
          prev != by_day.end() && prev->second->pain_next_morning_0_10 ? *prev->second->pain_next_morning_0_10 : gate;
      plan.last_gated_session = d;
      const bool flare = (during && *during > gate) || (morning && *morning > morning_before);
      if (flare) {
        const auto back = static_cast<ReturnStage>(std::max(static_cast<int>(ReturnStage::kCrossTraining), static_cast<int>(plan.stage) - 1));
        change(d, back, "flare: pain above 2/10 during, or worse the next morning; step back");
        break;  // one decision per day
      }
      if (!during || !morning) continue;  // pending: the gate needs both ratings
      if (++plan.passes_at_stage >= settings.passes_to_advance) {
        if (plan.stage == ReturnStage::kContinuous) {
          change(d, ReturnStage::kNotNeeded, "continuous running tolerated; return complete");
          plan.episode_start.reset();
        } else {
          change(d, static_cast<ReturnStage>(static_cast<int>(plan.stage) + 1), "gate passed: pain <= 2/10 and no worse next morning");
        }
      }
      break;
    }
  }
  plan.next_step = next_step_for(plan);
  return plan;
}

}  // namespace runload::core
