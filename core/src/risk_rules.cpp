#include "runload/core/risk_rules.h"

#include <cstdio>

#include "rule_context.h"
#include "runload/core/rule_table.h"

namespace runload::core {
namespace detail {

bool RuleContext::rule_enabled(std::string_view id) const {
  const auto it = config.rules.find(id);
  return it == config.rules.end() || it->second.enabled;
}

void FlagSink::add(std::string_view id, Date date, std::optional<double> value, std::optional<double> threshold,
                   std::string_view unit, std::string message) {
  const RuleDefinition* rule = find_rule(id);
  if (rule == nullptr) return;
  RiskFlag flag;
  flag.severity = rule->severity;
  if (const auto it = config_.rules.find(id); it != config_.rules.end()) {
    if (!it->second.enabled) return;
    if (it->second.severity) flag.severity = *it->second.severity;
  }
  flag.id = std::string(id);
  flag.factor = rule->factor;
  flag.grade = rule->grade;
  flag.date = date;
  flag.value = value;
  flag.threshold = threshold;
  flag.unit = std::string(unit);
  flag.window = std::string(rule->window);
  flag.message = std::move(message);
  flag.advice = std::string(rule->advice);
  flag.evidence = std::string(rule->evidence);
  flags_.push_back(std::move(flag));
}

bool FlagSink::has(std::string_view id) const {
  for (const RiskFlag& f : flags_) {
    if (f.id == id) return true;
  }
  return false;
}

bool FlagSink::has_severity(Factor factor, Severity severity) const {
  for (const RiskFlag& f : flags_) {
    if (f.factor == factor && f.severity == severity) return true;
  }
  return false;
}

std::string fixed(double value, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

}  // namespace detail

std::vector<RiskFlag> evaluate_risk(const TrainingHistory& history, Date as_of, const RiskConfig& config) {
  const detail::RuleContext ctx{history, as_of, config, sessions_up_to(history, as_of)};
  detail::FlagSink sink(config);
  detail::evaluate_symptom_rules(ctx, sink);
  detail::evaluate_overuse_rules(ctx, sink);
  detail::evaluate_footwear_rules(ctx, sink);
  detail::evaluate_technique_rules(ctx, sink);
  detail::evaluate_surface_and_weight_rules(ctx, sink);
  auto flags = sink.take();
  sort_flags(flags);
  return flags;
}

}  // namespace runload::core
