#include "runload/core/risk_flag.h"

#include <algorithm>
#include <tuple>

namespace runload::core {

std::string_view to_string(Factor factor) noexcept {
  switch (factor) {
    case Factor::kOveruse: return "overuse";
    case Factor::kTechnique: return "technique";
    case Factor::kFootwear: return "footwear";
    case Factor::kSurface: return "surface";
    case Factor::kWeight: return "weight";
    case Factor::kSymptoms: return "symptoms";
  }
  return "overuse";
}

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kCaution: return "caution";
    case Severity::kHigh: return "high";
  }
  return "info";
}

std::string_view to_string(EvidenceGrade grade) noexcept {
  switch (grade) {
    case EvidenceGrade::kA: return "A";
    case EvidenceGrade::kB: return "B";
    case EvidenceGrade::kC: return "C";
    case EvidenceGrade::kV: return "V";
    case EvidenceGrade::kClinical: return "clinical";
  }
  return "C";
}

std::optional<Severity> severity_from_string(std::string_view text) noexcept {
  if (text == "info") return Severity::kInfo;
  if (text == "caution") return Severity::kCaution;
  if (text == "high") return Severity::kHigh;
  return std::nullopt;
}

bool flag_before(const RiskFlag& a, const RiskFlag& b) noexcept {
  // Higher severity first; the rest ascending.
  return std::tuple(static_cast<int>(b.severity), static_cast<int>(a.factor), std::string_view(a.id), a.date) <
         std::tuple(static_cast<int>(a.severity), static_cast<int>(b.factor), std::string_view(b.id), b.date);
}

void sort_flags(std::vector<RiskFlag>& flags) { std::stable_sort(flags.begin(), flags.end(), flag_before); }

}  // namespace runload::core
