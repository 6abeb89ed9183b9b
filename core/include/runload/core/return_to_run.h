#pragma once
/// Return-to-run plan (EVIDENCE §6 "Gradual return to running", gated by pain): low-impact
/// cross-training → walk → walk-run → continuous running. A stage's session passes its gate when pain
/// during it is ≤ 2/10 and pain the next morning is no worse than the morning before; enough passes
/// advance a stage, a flare steps back one. Seek-help red flags (SeekHelpLog, persistent pain included)
/// hold the plan until they are seen to or a symptom-free week passes; then it restarts at its first stage.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runload/core/seek_help.h"
#include "runload/core/training_history.h"

namespace runload::core {

enum class ReturnStage : std::uint8_t {
  kNotNeeded = 0,        ///< no pain episode: train normally
  kSeekProfessional = 1, ///< red-flag symptoms: stop and see a professional first
  kCrossTraining = 2,
  kWalk = 3,
  kWalkRun = 4,
  kContinuous = 5,
};

std::string_view to_string(ReturnStage stage) noexcept;  ///< "not_needed", "seek_professional", …

struct ReturnToRunSettings {
  double max_pain_during_0_10 = 2.0;  ///< the gate, and the pain that starts an episode when exceeded
  int passes_to_advance = 3;          ///< gated sessions in a row at a stage before moving on
  SeekHelpSettings seek_help;         ///< the red flags that hold the plan (EVIDENCE §6)
};

struct StageChange {
  Date date{};
  ReturnStage from = ReturnStage::kNotNeeded;
  ReturnStage to = ReturnStage::kNotNeeded;
  std::string reason;
};

struct ReturnToRunPlan {
  Date as_of{};
  ReturnStage stage = ReturnStage::kNotNeeded;
  std::optional<Date> episode_start;  ///< first day of the current pain episode
  int passes_at_stage = 0;
  int passes_needed = 3;
  double gate_pain_0_10 = 2.0;  ///< the pain a gated session must stay at or below
  std::optional<Date> last_gated_session;
  std::vector<StageChange> changes;  ///< chronological
  std::string next_step;             ///< plain-language instruction for today
};

/// Replays the symptom log and the sessions up to `as_of`. A session is gated at the current stage when
/// its activity is at least that stage's (cross-training ≤ walk ≤ walk-run ≤ run). Pain during it is
/// read from that day's entry (pain_during, else pain_after); next-morning pain from that entry's
/// pain_next_morning, compared with the previous day's pain_next_morning (or the gate when unknown).
/// A gated session whose next-morning pain is not logged yet is pending, neither pass nor flare.
ReturnToRunPlan plan_return_to_run(const TrainingHistory& history, Date as_of,
                                   const ReturnToRunSettings& settings = ReturnToRunSettings{});

/// Puts the plan at kSeekProfessional (a seek-help flag overrides the stage), recording why; no-op when it is.
void hold_for_professional(ReturnToRunPlan& plan, std::string reason);

/// What moves the runner up from the plan's stage, in plain words (the gate and how many passes remain).
std::string what_moves_up(const ReturnToRunPlan& plan);

/// The stage in plain words: "see a professional", "cross-training", "walk", "walk-run", "continuous running".
std::string_view stage_label(ReturnStage stage) noexcept;

}  // namespace runload::core
