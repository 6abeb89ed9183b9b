#pragma once
/// Thresholds of the risk rules, each defaulting to an EVIDENCE.md number, and a parser for a
/// `key = value` text so a user can override them (e.g. `spike.caution_ratio = 1.3`).
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runload/core/distance_unit.h"
#include "runload/core/load_settings.h"
#include "runload/core/risk_flag.h"
#include "runload/core/seek_help.h"

namespace runload::core {

struct RuleOverride {
  bool enabled = true;
  std::optional<Severity> severity;  ///< nullopt = the table's default
};

/// The rule switches a default RiskConfig starts with: every rule of the table that is off by
/// default (RuleDefinition::off_by_default), disabled.
std::map<std::string, RuleOverride, std::less<>> default_rule_overrides();

struct RiskConfig {
  LoadSettings load;
  /// Event flags (spikes, drift, symptom entries) stay visible this many days after the event.
  int lookback_days = 7;

  // Overuse (EVIDENCE §3.1). Ratios are session distance / longest run in the previous 30 days.
  double spike_caution_ratio = 1.10;   ///< Frandsen 2025 (A): > 10 % → HRR 1.64
  double spike_elevated_ratio = 1.30;  ///< Frandsen 2025 (A): > 30 % → HRR 1.52
  double spike_high_ratio = 2.00;      ///< Frandsen 2025 (A): > 100 % → HRR 2.28
  double progression_two_week_pct = 30.0;  ///< Nielsen JOSPT 2014 (B): > 30 % over 2 weeks
  double progression_weekly_pct = 20.0;    ///< Damsted JOSPT 2019 (B): +20–60 % vs < 20 %
  double monotony_max = 2.0;               ///< Foster 1998 (C): common heuristic

  // Technique: change from the runner's own speed-matched baseline (EVIDENCE §3.2, §5.5).
  double drift_min_robust_z = 2.0;  ///< the change must also stand out from the runner's own spread
  double cadence_drop_pct = 5.0;    ///< Heiderscheit 2011 (B): ±5 % step rate changes knee absorption
  double pta_rise_pct = 15.0;       ///< EVIDENCE §5.5 example; Crowell & Davis 2011 (B)
  double gct_rise_pct = 10.0;
  double braking_rise_pct = 15.0;
  double pronation_rise_pct = 20.0;
  double tibial_angle_change_deg = 2.0;        ///< Willy 2012 (C), frontal-plane proxy (rule off by default)
  double asymmetry_change_pct_points = 3.0;    ///< Malisoux 2024 (A): only change from baseline
  double pta_screen_g = 8.0;                   ///< Crowell & Davis 2011 (B): screen at > 8 g (tibial)

  // Footwear (EVIDENCE §3.3).
  double shoe_budget_fraction = 1.0;  ///< km / budget (convention, V)
  double shoe_impact_rise_pct = 10.0; ///< per-shoe PTA rise at matched speed
  double rotation_max_share = 0.9;    ///< Malisoux 2015 (B): one shoe carrying more than this share

  // Surface (EVIDENCE §3.3, Voloshina & Ferris 2015).
  double uneven_recent_share = 0.5;   ///< uneven share of the last 7 days' running distance
  double uneven_chronic_max_share = 0.2;  ///< … while the preceding 28 days stayed below this

  // Weight (EVIDENCE §3.1, Nielsen IJSPT 2014).
  double novice_bmi = 30.0;
  double novice_first_week_km = 3.0;

  // Symptoms (EVIDENCE §6, the article's seek-help criteria).
  double pain_caution_above_0_10 = 2.0;  ///< the return-to-run gate: pain ≤ 2/10 is acceptable
  SeekHelpSettings seek_help;  ///< severe pain, persistence, clearing (seek_help.h)

  std::map<std::string, RuleOverride, std::less<>> rules = default_rule_overrides();  ///< by rule id
  /// The unit flag messages show distances in (CLI --units); values and thresholds keep their `unit`.
  DistanceUnit distance_unit = DistanceUnit::kKm;
};

/// One parameter key of the config text.
struct ConfigKey {
  std::string_view key;
  bool integer;
  double min;
  double max;
  std::string_view evidence;
  double (*get)(const RiskConfig&);
  void (*set)(RiskConfig&, double);
};

/// Every parameter key, in documentation order.
std::span<const ConfigKey> config_keys() noexcept;

struct ConfigError {
  int line = 0;  ///< 1-based line of the config text
  std::string message;
  std::string to_string() const;  ///< "line 3: unknown key 'spike.cauton_ratio'"
};

struct RiskConfigResult {
  std::optional<RiskConfig> config;  ///< set on success
  std::optional<ConfigError> error;  ///< the first error; nothing is half-applied
};

/// Parses `key = value` lines over `base`. `#` starts a comment; blank lines are skipped. Besides the
/// keys of config_keys(): `rule.<id>.enabled = true|false` and `rule.<id>.severity = info|caution|high`.
RiskConfigResult parse_risk_config(std::string_view text, const RiskConfig& base = RiskConfig{});

/// The config as `key = value` text (all parameter keys, then rule overrides), parseable again.
std::string to_config_text(const RiskConfig& config);

}  // namespace runload::core
