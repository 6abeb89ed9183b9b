#pragma once
// Internal to runload::core: what every rule evaluator reads, and the sink that turns a rule hit into a
// RiskFlag from the rule table (applying the config's enable/severity overrides).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runload/core/distance_unit.h"
#include "runload/core/risk_config.h"
#include "runload/core/risk_flag.h"
#include "runload/core/training_history.h"

namespace runload::core::detail {

struct RuleContext {
  const TrainingHistory& history;
  Date as_of;
  const RiskConfig& config;
  SessionsUpTo sessions;  ///< up to as_of, chronological

  /// First day of the event look-back window.
  Date lookback_start() const noexcept { return as_of - std::chrono::days{config.lookback_days - 1}; }
  bool rule_enabled(std::string_view id) const;
};

class FlagSink {
 public:
  explicit FlagSink(const RiskConfig& config) : config_(config) {}
  /// Adds a flag for rule `id` (must be in the rule table) unless the config disabled it.
  void add(std::string_view id, Date date, std::optional<double> value, std::optional<double> threshold,
           std::string_view unit, std::string message);
  bool has(std::string_view id) const;
  bool has_severity(Factor factor, Severity severity) const;
  std::vector<RiskFlag> take() { return std::move(flags_); }

 private:
  const RiskConfig& config_;
  std::vector<RiskFlag> flags_;
};

/// "12.3" with `decimals` digits.
std::string fixed(double value, int decimals);

void evaluate_overuse_rules(const RuleContext& ctx, FlagSink& sink);
void evaluate_technique_rules(const RuleContext& ctx, FlagSink& sink);
void evaluate_footwear_rules(const RuleContext& ctx, FlagSink& sink);
void evaluate_surface_and_weight_rules(const RuleContext& ctx, FlagSink& sink);
void evaluate_symptom_rules(const RuleContext& ctx, FlagSink& sink);

}  // namespace runload::core::detail
