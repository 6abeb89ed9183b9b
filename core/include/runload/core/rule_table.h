#pragma once
/// The declarative rule table: every risk rule with its factor, default severity, evidence grade, the
/// EVIDENCE.md row it comes from, the config key of its threshold, its window and its advice.
/// Thresholds live in RiskConfig (risk_config.h); a config can disable a rule or change its severity.
/// A rule whose input is not validated yet is off by default (`off_by_default` says why); the
/// default RiskConfig carries that switch, so a config can turn it on.
#include <span>
#include <string_view>

#include "runload/core/risk_flag.h"

namespace runload::core {

struct RuleDefinition {
  std::string_view id;
  Factor factor;
  Severity severity;
  EvidenceGrade grade;
  /// The source as a citation (author, journal, year), from EVIDENCE.md; the seek-help symptom rules name
  /// the physiotherapy article they come from (EVIDENCE §6), whose author and year are not on record.
  std::string_view evidence;
  std::string_view threshold_key;  ///< RiskConfig key ("" for yes/no symptom rules)
  std::string_view window;
  std::string_view advice;
  /// Why the rule is off unless a config enables it (`rule.<id>.enabled = true`); "" = on by default.
  std::string_view off_by_default = {};
};

/// All rules, in id order.
std::span<const RuleDefinition> rule_table() noexcept;
/// nullptr for an unknown id.
const RuleDefinition* find_rule(std::string_view id) noexcept;
/// The rule in plain words for people ("single-run spike over 10 %"); the id itself when unknown.
std::string_view rule_title(std::string_view id) noexcept;

}  // namespace runload::core
