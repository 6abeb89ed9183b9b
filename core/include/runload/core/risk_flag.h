#pragma once
/// One overuse-risk flag: what was measured, against which threshold, how strong the evidence is, and
/// what the physiotherapy article advises. Flags state values; they never name a condition (EVIDENCE §5.10).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runload/core/date.h"

namespace runload::core {

/// The physiotherapy article's factors (EVIDENCE §6). The declaration order is the sort order.
enum class Factor : std::uint8_t { kOveruse = 0, kTechnique = 1, kFootwear = 2, kSurface = 3, kWeight = 4, kSymptoms = 5 };
enum class Severity : std::uint8_t { kInfo = 0, kCaution = 1, kHigh = 2 };
/// EVIDENCE.md grades; kClinical = the article's seek-help criteria (clinical red flags, not graded).
enum class EvidenceGrade : std::uint8_t { kA = 0, kB = 1, kC = 2, kV = 3, kClinical = 4 };

std::string_view to_string(Factor factor) noexcept;      ///< "overuse", "technique", …
std::string_view to_string(Severity severity) noexcept;  ///< "info", "caution", "high"
std::string_view to_string(EvidenceGrade grade) noexcept;  ///< "A", "B", "C", "V", "clinical"
std::optional<Severity> severity_from_string(std::string_view text) noexcept;

struct RiskFlag {
  std::string id;  ///< rule id, e.g. "overuse.spike_gt30"
  Factor factor = Factor::kOveruse;
  Severity severity = Severity::kInfo;
  EvidenceGrade grade = EvidenceGrade::kC;
  Date date{};                     ///< the day the measured event happened (session or log date)
  std::optional<double> value;     ///< measured value in `unit`; nullopt for yes/no symptoms
  std::optional<double> threshold; ///< threshold in `unit`
  std::string unit;                ///< e.g. "ratio", "pct", "pain_0_10", "days", "km"
  std::string window;              ///< the window the value was measured over
  std::string message;             ///< plain language, with the numbers
  std::string advice;              ///< the article's prevention lever
  std::string evidence;            ///< EVIDENCE.md row and source
};

/// Deterministic order: severity (high first), then factor (declaration order), then id, then date.
bool flag_before(const RiskFlag& a, const RiskFlag& b) noexcept;
void sort_flags(std::vector<RiskFlag>& flags);

}  // namespace runload::core
