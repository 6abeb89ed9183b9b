#include "runload/core/risk_config.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <sstream>

#include "runload/core/rule_table.h"

namespace runload::core {
namespace {

constexpr auto kKeys = std::to_array<ConfigKey>({
    {"spike.caution_ratio", false, 1.0, 10.0, "Frandsen et al. 2025 (BJSM) (A): > 10 %",
     [](const RiskConfig& c) { return c.spike_caution_ratio; },
     [](RiskConfig& c, double v) { c.spike_caution_ratio = v; }},
    {"spike.elevated_ratio", false, 1.0, 10.0, "Frandsen et al. 2025 (BJSM) (A): > 30 %",
     [](const RiskConfig& c) { return c.spike_elevated_ratio; },
     [](RiskConfig& c, double v) { c.spike_elevated_ratio = v; }},
    {"spike.high_ratio", false, 1.0, 10.0, "Frandsen et al. 2025 (BJSM) (A): > 100 %",
     [](const RiskConfig& c) { return c.spike_high_ratio; },
     [](RiskConfig& c, double v) { c.spike_high_ratio = v; }},
    {"progression.two_week_pct", false, 0.0, 1000.0, "Nielsen et al. 2014 (JOSPT) (B)",
     [](const RiskConfig& c) { return c.progression_two_week_pct; },
     [](RiskConfig& c, double v) { c.progression_two_week_pct = v; }},
    {"progression.weekly_pct", false, 0.0, 1000.0, "Damsted et al. 2019 (JOSPT) (B)",
     [](const RiskConfig& c) { return c.progression_weekly_pct; },
     [](RiskConfig& c, double v) { c.progression_weekly_pct = v; }},
    {"monotony.max", false, 0.0, 100.0, "Foster 1998 (C)",
     [](const RiskConfig& c) { return c.monotony_max; },
     [](RiskConfig& c, double v) { c.monotony_max = v; }},
    {"drift.min_robust_z", false, 0.0, 100.0, "personal baseline, robust median/MAD (a convention, V)",
     [](const RiskConfig& c) { return c.drift_min_robust_z; },
     [](RiskConfig& c, double v) { c.drift_min_robust_z = v; }},
    {"drift.cadence_drop_pct", false, 0.0, 100.0, "Heiderscheit et al. 2011 (B)",
     [](const RiskConfig& c) { return c.cadence_drop_pct; },
     [](RiskConfig& c, double v) { c.cadence_drop_pct = v; }},
    {"drift.pta_rise_pct", false, 0.0, 1000.0, "Crowell & Davis 2011 (B); change vs your personal baseline",
     [](const RiskConfig& c) { return c.pta_rise_pct; },
     [](RiskConfig& c, double v) { c.pta_rise_pct = v; }},
    {"drift.gct_rise_pct", false, 0.0, 1000.0, "change vs your personal baseline (a convention, V)",
     [](const RiskConfig& c) { return c.gct_rise_pct; },
     [](RiskConfig& c, double v) { c.gct_rise_pct = v; }},
    {"drift.braking_rise_pct", false, 0.0, 1000.0, "Bramah et al. 2018 (C); change vs your personal baseline",
     [](const RiskConfig& c) { return c.braking_rise_pct; },
     [](RiskConfig& c, double v) { c.braking_rise_pct = v; }},
    {"drift.pronation_rise_pct", false, 0.0, 1000.0, "Pohl et al. 2008 (C)",
     [](const RiskConfig& c) { return c.pronation_rise_pct; },
     [](RiskConfig& c, double v) { c.pronation_rise_pct = v; }},
    {"drift.tibial_angle_change_deg", false, 0.0, 90.0, "Willy et al. 2012 (C)",
     [](const RiskConfig& c) { return c.tibial_angle_change_deg; },
     [](RiskConfig& c, double v) { c.tibial_angle_change_deg = v; }},
    {"drift.asymmetry_change_pct_points", false, 0.0, 100.0, "Malisoux et al. 2024 (A)",
     [](const RiskConfig& c) { return c.asymmetry_change_pct_points; },
     [](RiskConfig& c, double v) { c.asymmetry_change_pct_points = v; }},
    {"technique.pta_screen_g", false, 0.0, 200.0, "Crowell & Davis 2011 (B)",
     [](const RiskConfig& c) { return c.pta_screen_g; },
     [](RiskConfig& c, double v) { c.pta_screen_g = v; }},
    {"footwear.budget_fraction", false, 0.0, 10.0, "Cook et al. 1985 (C); the replacement mileage is a convention (V)",
     [](const RiskConfig& c) { return c.shoe_budget_fraction; },
     [](RiskConfig& c, double v) { c.shoe_budget_fraction = v; }},
    {"footwear.impact_rise_pct", false, 0.0, 1000.0, "per-shoe impact trend (a convention, V)",
     [](const RiskConfig& c) { return c.shoe_impact_rise_pct; },
     [](RiskConfig& c, double v) { c.shoe_impact_rise_pct = v; }},
    {"footwear.rotation_max_share", false, 0.0, 1.0, "Malisoux et al. 2015 (B)",
     [](const RiskConfig& c) { return c.rotation_max_share; },
     [](RiskConfig& c, double v) { c.rotation_max_share = v; }},
    {"surface.uneven_recent_share", false, 0.0, 1.0, "Voloshina & Ferris 2015 (C)",
     [](const RiskConfig& c) { return c.uneven_recent_share; },
     [](RiskConfig& c, double v) { c.uneven_recent_share = v; }},
    {"surface.uneven_chronic_max_share", false, 0.0, 1.0, "Voloshina & Ferris 2015 (C)",
     [](const RiskConfig& c) { return c.uneven_chronic_max_share; },
     [](RiskConfig& c, double v) { c.uneven_chronic_max_share = v; }},
    {"weight.novice_bmi", false, 10.0, 80.0, "Nielsen et al. 2014 (IJSPT) (B)",
     [](const RiskConfig& c) { return c.novice_bmi; },
     [](RiskConfig& c, double v) { c.novice_bmi = v; }},
    {"weight.novice_first_week_km", false, 0.0, 1000.0, "Nielsen et al. 2014 (IJSPT) (B)",
     [](const RiskConfig& c) { return c.novice_first_week_km; },
     [](RiskConfig& c, double v) { c.novice_first_week_km = v; }},
    {"symptoms.pain_caution_above", false, 0.0, 10.0, "physiotherapy article: graded return (pain <= 2/10)",
     [](const RiskConfig& c) { return c.pain_caution_above_0_10; },
     [](RiskConfig& c, double v) { c.pain_caution_above_0_10 = v; }},
    {"symptoms.severe_pain_min", false, 0.0, 10.0, "physiotherapy article, seek help: severe pain",
     [](const RiskConfig& c) { return c.seek_help.severe_pain_min_0_10; },
     [](RiskConfig& c, double v) { c.seek_help.severe_pain_min_0_10 = v; }},
    {"symptoms.persistent_pain_days", false, 1.0, 365.0, "physiotherapy article, seek help: > 1 week despite rest",
     [](const RiskConfig& c) { return c.seek_help.persistent_pain_days; },
     [](RiskConfig& c, double v) { c.seek_help.persistent_pain_days = v; }},
    {"symptoms.persistent_min_rest_days", false, 0.0, 365.0, "physiotherapy article, seek help: despite rest",
     [](const RiskConfig& c) { return c.seek_help.persistent_min_rest_days; },
     [](RiskConfig& c, double v) { c.seek_help.persistent_min_rest_days = v; }},
    {"symptoms.recurrent_pain_days", false, 1.0, 365.0, "physiotherapy article, seek help: pain > 1 week (7 of 10 days running)",
     [](const RiskConfig& c) { return c.seek_help.recurrent_pain_days; },
     [](RiskConfig& c, double v) { c.seek_help.recurrent_pain_days = v; }},
    {"symptoms.recurrent_pain_window_days", false, 1.0, 365.0, "physiotherapy article, seek help: pain > 1 week (7 of 10 days running)",
     [](const RiskConfig& c) { return c.seek_help.recurrent_pain_window_days; },
     [](RiskConfig& c, double v) { c.seek_help.recurrent_pain_window_days = v; }},
    {"symptoms.seek_help_clear_days", false, 1.0, 365.0, "physiotherapy article, seek help: > 1 week (a symptom-free week clears)",
     [](const RiskConfig& c) { return c.seek_help.clear_after_symptom_free_days; },
     [](RiskConfig& c, double v) { c.seek_help.clear_after_symptom_free_days = v; }},
    {"report.lookback_days", true, 1.0, 365.0, "event flags stay visible this many days",
     [](const RiskConfig& c) { return static_cast<double>(c.lookback_days); },
     [](RiskConfig& c, double v) { c.lookback_days = static_cast<int>(v); }},
    {"load.min_covered_days_per_week", true, 1.0, 7.0, "coverage floor (a convention, V)",
     [](const RiskConfig& c) { return static_cast<double>(c.load.min_covered_days_per_week); },
     [](RiskConfig& c, double v) { c.load.min_covered_days_per_week = static_cast<int>(v); }},
    {"load.min_covered_days_chronic", true, 1.0, 21.0, "coverage floor: 14 worn days (a convention, V)",
     [](const RiskConfig& c) { return static_cast<double>(c.load.min_covered_days_chronic); },
     [](RiskConfig& c, double v) { c.load.min_covered_days_chronic = static_cast<int>(v); }},
    {"load.spike_window_days", true, 1.0, 365.0, "Frandsen et al. 2025 (BJSM): 30 days",
     [](const RiskConfig& c) { return static_cast<double>(c.load.spike_window_days); },
     [](RiskConfig& c, double v) { c.load.spike_window_days = static_cast<int>(v); }},
    {"load.min_spike_run_m", false, 0.0, 100000.0, "Frandsen et al. 2025 compares runs; the 1 km floor is a convention (V)",
     [](const RiskConfig& c) { return c.load.min_spike_run_m; },
     [](RiskConfig& c, double v) { c.load.min_spike_run_m = v; }},
    {"load.ewma_acute_days", true, 1.0, 365.0, "Williams et al. 2017 (BJSM): EWMA N = 7",
     [](const RiskConfig& c) { return static_cast<double>(c.load.ewma_acute_days); },
     [](RiskConfig& c, double v) { c.load.ewma_acute_days = static_cast<int>(v); }},
    {"load.ewma_chronic_days", true, 1.0, 365.0, "Williams et al. 2017 (BJSM): EWMA N = 28",
     [](const RiskConfig& c) { return static_cast<double>(c.load.ewma_chronic_days); },
     [](RiskConfig& c, double v) { c.load.ewma_chronic_days = static_cast<int>(v); }},
    {"load.ctl_time_constant_days", false, 1.0, 365.0, "Banister 1975; Coggan: CTL tau = 42 d",
     [](const RiskConfig& c) { return c.load.ctl_time_constant_days; },
     [](RiskConfig& c, double v) { c.load.ctl_time_constant_days = v; }},
    {"load.atl_time_constant_days", false, 1.0, 365.0, "Banister 1975; Coggan: ATL tau = 7 d",
     [](const RiskConfig& c) { return c.load.atl_time_constant_days; },
     [](RiskConfig& c, double v) { c.load.atl_time_constant_days = v; }},
    {"load.baseline_window_days", true, 7.0, 365.0, "personal ~6-week baseline (a convention, V)",
     [](const RiskConfig& c) { return static_cast<double>(c.load.baseline_window_days); },
     [](RiskConfig& c, double v) { c.load.baseline_window_days = static_cast<int>(v); }},
    {"load.baseline_min_sessions", true, 1.0, 100.0, "change vs your personal baseline (a convention, V)",
     [](const RiskConfig& c) { return static_cast<double>(c.load.baseline_min_sessions); },
     [](RiskConfig& c, double v) { c.load.baseline_min_sessions = static_cast<int>(v); }},
    {"load.speed_match_tolerance_mps", false, 0.0, 10.0, "personal baseline at matched speed (a convention, V)",
     [](const RiskConfig& c) { return c.load.speed_match_tolerance_mps; },
     [](RiskConfig& c, double v) { c.load.speed_match_tolerance_mps = v; }},
    {"load.impact_exponent", false, 0.0, 20.0, "cumulative shock: the sum of per-step peaks (1 = linear)",
     [](const RiskConfig& c) { return c.load.impact_exponent; },
     [](RiskConfig& c, double v) { c.load.impact_exponent = v; }},
    {"load.rotation_window_days", true, 7.0, 365.0, "Malisoux et al. 2015 (B): shoe rotation",
     [](const RiskConfig& c) { return static_cast<double>(c.load.rotation_window_days); },
     [](RiskConfig& c, double v) { c.load.rotation_window_days = static_cast<int>(v); }},
    {"load.shoe_trend_sessions", true, 1.0, 100.0, "per-shoe impact trend (a convention, V)",
     [](const RiskConfig& c) { return static_cast<double>(c.load.shoe_trend_sessions); },
     [](RiskConfig& c, double v) { c.load.shoe_trend_sessions = static_cast<int>(v); }},
});

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_number(std::string_view text) noexcept {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// The parts of a message, appended in order. (Not `"literal" + std::string`: GCC 12 at -O3 raises a false
/// -Wrestrict inside that operator+.)
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::span<const ConfigKey> config_keys() noexcept { return kKeys; }

std::string ConfigError::to_string() const { return "line " + std::to_string(line) + ": " + message; }

RiskConfigResult parse_risk_config(std::string_view text, const RiskConfig& base) {
  RiskConfig config = base;
  RiskConfigResult result;
  auto fail = [&](int line, std::string message) {
    result.error = ConfigError{line, std::move(message)};
    return result;
  };
  int spike_line = 0;  // the last line that set a spike ratio, for the ordering check
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return fail(line_no, join({"expected 'key = value', got '", line, "'"}));
    const std::string_view key = trim(line.substr(0, eq));
    const std::string_view value = trim(line.substr(eq + 1));
    if (key.empty()) return fail(line_no, "missing key before '='");
    if (value.empty()) return fail(line_no, join({"missing value for '", key, "'"}));

    if (key.starts_with("rule.")) {
      const std::size_t dot = key.rfind('.');
      const std::string_view id = key.substr(5, dot > 5 ? dot - 5 : 0);
      const std::string_view field = key.substr(dot + 1);
      if (dot <= 5 || find_rule(id) == nullptr) return fail(line_no, join({"unknown rule '", id, "' in '", key, "'"}));
      RuleOverride& over = config.rules[std::string(id)];
      if (field == "enabled") {
        if (value == "true") over.enabled = true;
        else if (value == "false") over.enabled = false;
        else return fail(line_no, join({"'", key, "' must be true or false, got '", value, "'"}));
      } else if (field == "severity") {
        const auto severity = severity_from_string(value);
        if (!severity) return fail(line_no, join({"'", key, "' must be info, caution or high, got '", value, "'"}));
        over.severity = severity;
      } else {
        return fail(line_no, join({"unknown rule setting '", field, "' (use enabled or severity)"}));
      }
      continue;
    }

    const ConfigKey* spec = nullptr;
    for (const ConfigKey& k : kKeys) {
      if (k.key == key) spec = &k;
    }
    if (spec == nullptr) return fail(line_no, join({"unknown key '", key, "'"}));
    const auto number = parse_number(value);
    if (!number) return fail(line_no, join({"'", key, "' needs a number, got '", value, "'"}));
    if (spec->integer && std::floor(*number) != *number) {
      return fail(line_no, join({"'", key, "' needs a whole number, got '", value, "'"}));
    }
    if (*number < spec->min || *number > spec->max) {
      return fail(line_no, join({"'", key, "' = ", value, " is outside [", format_number(spec->min), ", ",
                                      format_number(spec->max), "]"}));
    }
    spec->set(config, *number);
    if (key.starts_with("spike.")) spike_line = line_no;
  }
  if (!(config.spike_caution_ratio < config.spike_elevated_ratio && config.spike_elevated_ratio < config.spike_high_ratio)) {
    return fail(spike_line, "spike ratios must satisfy spike.caution_ratio < spike.elevated_ratio < spike.high_ratio");
  }
  result.config = std::move(config);
  return result;
}

std::string to_config_text(const RiskConfig& config) {
  std::ostringstream out;
  for (const ConfigKey& k : kKeys) {
    out << k.key << " = " << format_number(k.get(config)) << "  # " << k.evidence << '\n';
  }
  for (const auto& [id, over] : config.rules) {
    out << "rule." << id << ".enabled = " << (over.enabled ? "true" : "false") << '\n';
    if (over.severity) out << "rule." << id << ".severity = " << to_string(*over.severity) << '\n';
  }
  return out.str();
}

}  // namespace runload::core
