#include "runload/core/rule_table.h"

#include <algorithm>
#include <array>

#include "runload/core/risk_config.h"

namespace runload::core {
namespace {

// Advice strings: the article's prevention levers (EVIDENCE §6; stretching is the article's advice, with
// no graded threshold). The seek-help advice names the conditions the article lists as causes of
// inner-knee pain only as what a professional assesses, never as a diagnosis (EVIDENCE §5.10).
constexpr std::string_view kAdviceGradedLoad =
    "Reduce volume or rest for a few days, then build back gradually: keep each run within 10 % of your "
    "longest run of the past 30 days. If the knee aches, ice it for 15-20 min. Stretch the hamstrings, "
    "quadriceps, calves and hips after running (the article's advice).";
constexpr std::string_view kAdviceWeeklyRamp =
    "Hold this week's distance rather than adding more; progress gradually, and reduce volume or rest if "
    "the knee aches (ice 15-20 min). Stretch the hamstrings, quadriceps, calves and hips after running.";
constexpr std::string_view kAdviceVariety =
    "Vary the load through the week: alternate easy and harder days and include full rest days.";
constexpr std::string_view kAdviceCadence =
    "Try a cadence 5-10 % above your own baseline (a metronome helps), not a fixed 180 steps/min. "
    "Strengthening of hip and thigh muscles, guided by a physiotherapist if needed, supports technique.";
constexpr std::string_view kAdviceTechnique =
    "Check running form: shorter steps (cadence +5-10 % relative to your baseline), landing closer under "
    "the body; consider strengthening or a physiotherapist's gait assessment, and stretch the hamstrings, "
    "quadriceps, calves and hips after running.";
constexpr std::string_view kAdviceReplaceShoe =
    "Inspect the shoe and consider replacing it, or rotate it with a second pair.";
constexpr std::string_view kAdviceRotate = "Rotate two or more pairs of running shoes.";
constexpr std::string_view kAdviceSurface =
    "Build up uneven-terrain running gradually, and keep part of the volume on flatter surfaces.";
constexpr std::string_view kAdviceWeight =
    "Start with less than 3 km in the first week and build gradually; weight management lowers the load "
    "on the knee.";
constexpr std::string_view kAdviceStopSeeHelp =
    "Stop running and see a health professional (doctor or physiotherapist). They can assess what lies behind "
    "inner-knee symptoms - the article lists an MCL injury, a medial meniscus tear, arthritis, pes anserine "
    "bursitis, patellofemoral pain, a medial plica and gout among the causes; runload cannot tell them apart "
    "and names none of them for you.";
constexpr std::string_view kAdviceClicking =
    "Clicking on its own is not always serious: keep logging it. If the knee locks, or you cannot fully bend or "
    "straighten it, stop running and see a health professional.";
constexpr std::string_view kHeldWindow = "symptom log; held until seen to or a symptom-free week";
constexpr std::string_view kAdvicePain =
    "Reduce volume or rest; ice for 15-20 min after activity. Return gradually and only while pain stays "
    "at or below 2/10 during running and is no worse the next morning. Gentle stretching of the hamstrings, "
    "quadriceps, calves and hips, within what the knee tolerates, is part of the article's advice.";

constexpr std::array kRules = std::to_array<RuleDefinition>({
    {"footwear.impact_rise", Factor::kFootwear, Severity::kCaution, EvidenceGrade::kC,
     "Cook et al. 1985 (EVA cushioning loss with mileage, C); the per-shoe impact trend at matched speed is runload's own proxy",
     "footwear.impact_rise_pct", "shoe's first vs last 5 sessions at matched speed", kAdviceReplaceShoe},
    {"footwear.rotation", Factor::kFootwear, Severity::kInfo, EvidenceGrade::kB,
     "Malisoux et al., Scand J Med Sci Sports 2015;25:110 (more than one pair in parallel: HR 0.614, B)", "footwear.rotation_max_share",
     "shoe-tagged running distance, last 42 days", kAdviceRotate},
    {"footwear.shoe_km", Factor::kFootwear, Severity::kInfo, EvidenceGrade::kV,
     "Cook et al. 1985 (cushioning loss); replacing at 480-800 km is a convention, not injury evidence (V)", "footwear.budget_fraction",
     "distance on the shoe vs its budget", kAdviceReplaceShoe},
    {"overuse.monotony", Factor::kOveruse, Severity::kInfo, EvidenceGrade::kC,
     "Foster, Med Sci Sports Exerc 1998;30:1164 (monotony and strain, C; > 2.0 is a common heuristic)", "monotony.max",
     "fixed 7 calendar days, rest days = 0", kAdviceVariety},
    {"overuse.ramp_two_week", Factor::kOveruse, Severity::kCaution, EvidenceGrade::kB,
     "Nielsen et al., J Orthop Sports Phys Ther 2014 (> 30 % over 2 weeks: HR 1.59, 0.96-2.66, B)",
     "progression.two_week_pct", "last 7 days vs the largest 7-day total ending 14-20 days ago", kAdviceWeeklyRamp},
    {"overuse.ramp_weekly", Factor::kOveruse, Severity::kInfo, EvidenceGrade::kB,
     "Damsted et al., J Orthop Sports Phys Ther 2019;49:230 (+20-60 % a week: risk difference 22.6 % at day 21, B)",
     "progression.weekly_pct", "last 7 days vs the largest 7-day total ending 7-13 days ago", kAdviceWeeklyRamp},
    {"overuse.spike_gt10", Factor::kOveruse, Severity::kCaution, EvidenceGrade::kA,
     "Frandsen et al., Br J Sports Med 2025;59:1203, doi:10.1136/bjsports-2024-109380 (+10-30 %: HRR 1.64, A)", "spike.caution_ratio",
     "session vs longest run in the previous 30 days", kAdviceGradedLoad},
    {"overuse.spike_gt100", Factor::kOveruse, Severity::kHigh, EvidenceGrade::kA,
     "Frandsen et al., Br J Sports Med 2025;59:1203, doi:10.1136/bjsports-2024-109380 (> 100 %: HRR 2.28, A)", "spike.high_ratio",
     "session vs longest run in the previous 30 days", kAdviceGradedLoad},
    {"overuse.spike_gt30", Factor::kOveruse, Severity::kCaution, EvidenceGrade::kA,
     "Frandsen et al., Br J Sports Med 2025;59:1203, doi:10.1136/bjsports-2024-109380 (+30-100 %: HRR 1.52, A)", "spike.elevated_ratio",
     "session vs longest run in the previous 30 days", kAdviceGradedLoad},
    {"surface.uneven_change", Factor::kSurface, Severity::kInfo, EvidenceGrade::kC,
     "Voloshina & Ferris, J Exp Biol 2015;218:711 (uneven terrain, C)", "surface.uneven_recent_share",
     "uneven share of running distance, last 7 vs preceding 28 days", kAdviceSurface},
    {"symptoms.clicking", Factor::kSymptoms, Severity::kInfo, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): clicking alone is not always serious; its criterion is restricted range of motion", "",
     "latest symptom log, last 7 days", kAdviceClicking},
    {"symptoms.instability", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help for functional limits (instability)", "", kHeldWindow,
     kAdviceStopSeeHelp},
    {"symptoms.pain", Factor::kSymptoms, Severity::kCaution, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): gradual return to running, gated by pain at or below 2/10", "symptoms.pain_caution_above",
     "latest symptom log, last 7 days", kAdvicePain},
    {"symptoms.persistent_pain", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help when knee pain persists more than a week despite rest", "symptoms.persistent_pain_days",
     "current pain episode in the symptom log (held until seen to)", kAdviceStopSeeHelp},
    {"symptoms.recurrent_pain", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help when knee pain persists more than a week (pain on 7 of the last 10 days while running)",
     "symptoms.recurrent_pain_days", "running days with pain in the last 10 days", kAdviceStopSeeHelp},
    {"symptoms.restricted_motion", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help for functional limits (restricted range of motion)", "", kHeldWindow,
     kAdviceStopSeeHelp},
    {"symptoms.severe_pain", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help for severe pain", "symptoms.severe_pain_min", kHeldWindow,
     kAdviceStopSeeHelp},
    {"symptoms.swelling", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help for swelling or a changed appearance", "", kHeldWindow,
     kAdviceStopSeeHelp},
    {"symptoms.weight_bearing", Factor::kSymptoms, Severity::kHigh, EvidenceGrade::kClinical,
     "Physiotherapy article on inner-knee pain in runners (clinical advice, not a study; its author and year are not on record): seek help for difficulty bearing weight", "", kHeldWindow,
     kAdviceStopSeeHelp},
    {"technique.asymmetry_change", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kA,
     "Malisoux et al., BMJ Open Sport Exerc Med 2024;10:e001787 (asymmetry itself is not predictive, A: change only)",
     "drift.asymmetry_change_pct_points", "latest session vs 6-week speed-matched baseline", kAdviceTechnique},
    {"technique.braking_rise", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kC,
     "Bramah et al., Am J Sports Med 2018;46:3023 (overstriding, C); compared with your own baseline", "drift.braking_rise_pct",
     "latest session vs 6-week speed-matched baseline", kAdviceTechnique},
    {"technique.cadence_drop", Factor::kTechnique, Severity::kCaution, EvidenceGrade::kB,
     "Heiderscheit et al., Med Sci Sports Exerc 2011;43:296 (a 5 % step-rate change alters knee energy absorption, B)",
     "drift.cadence_drop_pct", "latest session vs 6-week speed-matched baseline", kAdviceCadence},
    {"technique.gct_rise", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kC,
     "No graded source: contact time against your own 6-week baseline (median and MAD), never a population cut-off", "drift.gct_rise_pct",
     "latest session vs 6-week speed-matched baseline", kAdviceTechnique},
    {"technique.pronation_rise", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kC,
     "Pohl et al., J Biomech 2008;41:1160 (rearfoot eversion, C); compared with your own baseline", "drift.pronation_rise_pct",
     "latest session vs 6-week speed-matched baseline", kAdviceTechnique},
    {"technique.pta_high", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kB,
     "Crowell & Davis, Clin Biomech 2011 (PMC3014399): screen peak tibial acceleration above 8 g (B; shank sensor)",
     "technique.pta_screen_g", "latest session with a shank sensor", kAdviceCadence},
    {"technique.pta_rise", Factor::kTechnique, Severity::kCaution, EvidenceGrade::kB,
     "Crowell & Davis, Clin Biomech 2011 (PMC3014399, B); +15 % against your own 6-week baseline", "drift.pta_rise_pct",
     "latest session vs 6-week speed-matched baseline", kAdviceCadence},
    {"technique.tibial_angle_change", Factor::kTechnique, Severity::kInfo, EvidenceGrade::kC,
     "Willy et al., Med Sci Sports Exerc 2012;44:2165 (knee frontal plane, C; shank proxy)", "drift.tibial_angle_change_deg",
     "latest session vs 6-week speed-matched baseline", kAdviceTechnique,
     "Off by default: the shank frontal-plane tibial angle it reads is unvalidated (it measured -9.7 deg for a "
     "configured 4 deg tilt in simulation, and no real shank recording with a reference has checked it yet). "
     "Enable it for research with rule.technique.tibial_angle_change.enabled = true."},
    {"weight.novice_bmi_start", Factor::kWeight, Severity::kCaution, EvidenceGrade::kB,
     "Nielsen et al., Int J Sports Phys Ther 2014;9:338 (BMI > 30 and > 3 km in week 1, B)",
     "weight.novice_first_week_km", "first 7 days of running", kAdviceWeight},
});

}  // namespace

std::span<const RuleDefinition> rule_table() noexcept { return kRules; }

std::map<std::string, RuleOverride, std::less<>> default_rule_overrides() {
  std::map<std::string, RuleOverride, std::less<>> out;
  for (const RuleDefinition& r : kRules)
    if (!r.off_by_default.empty()) out[std::string(r.id)].enabled = false;
  return out;
}

std::string_view rule_title(std::string_view id) noexcept {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kTitles = {{
      {"footwear.impact_rise", "impact rising on this shoe"},
      {"footwear.rotation", "one pair of shoes for most running"},
      {"footwear.shoe_km", "shoe near its distance budget"},
      {"overuse.monotony", "monotonous training week"},
      {"overuse.ramp_two_week", "distance ramp over two weeks"},
      {"overuse.ramp_weekly", "distance ramp week over week"},
      {"overuse.spike_gt10", "single-run spike over 10 %"},
      {"overuse.spike_gt100", "single-run spike over 100 %"},
      {"overuse.spike_gt30", "single-run spike over 30 %"},
      {"surface.uneven_change", "sudden shift to uneven terrain"},
      {"symptoms.clicking", "clicking knee"},
      {"symptoms.instability", "knee gives way"},
      {"symptoms.pain", "knee pain above 2/10"},
      {"symptoms.persistent_pain", "knee pain for more than a week"},
      {"symptoms.recurrent_pain", "knee pain on most running days"},
      {"symptoms.restricted_motion", "knee cannot fully bend or straighten"},
      {"symptoms.severe_pain", "severe knee pain"},
      {"symptoms.swelling", "swollen, red or warm knee"},
      {"symptoms.weight_bearing", "difficulty bearing weight"},
      {"technique.asymmetry_change", "left/right asymmetry changed"},
      {"technique.braking_rise", "braking rising"},
      {"technique.cadence_drop", "cadence dropping"},
      {"technique.gct_rise", "contact time rising"},
      {"technique.pronation_rise", "pronation rising"},
      {"technique.pta_high", "high tibial impact"},
      {"technique.pta_rise", "tibial impact rising"},
  }};
  for (const auto& [rule, title] : kTitles) {
    if (rule == id) return title;
  }
  if (id == "technique.tibial_angle_change") return "tibial angle changed";
  if (id == "weight.novice_bmi_start") return "first running week too long for the body weight";
  return id;
}

const RuleDefinition* find_rule(std::string_view id) noexcept {
  const auto it = std::find_if(kRules.begin(), kRules.end(), [&](const RuleDefinition& r) { return r.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

}  // namespace runload::core
