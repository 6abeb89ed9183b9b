#include "runload/core/athlete.h"

namespace runload::core {

std::string_view to_string(ExperienceLevel level) noexcept {
  switch (level) {
    case ExperienceLevel::kNovice: return "novice";
    case ExperienceLevel::kRecreational: return "recreational";
    case ExperienceLevel::kExperienced: return "experienced";
  }
  return "recreational";
}

std::optional<ExperienceLevel> experience_level_from_string(std::string_view text) noexcept {
  if (text == "novice") return ExperienceLevel::kNovice;
  if (text == "recreational") return ExperienceLevel::kRecreational;
  if (text == "experienced") return ExperienceLevel::kExperienced;
  return std::nullopt;
}

std::optional<double> body_mass_index(const Athlete& athlete) noexcept {
  if (!athlete.body_mass_kg || !athlete.height_m || *athlete.body_mass_kg <= 0.0 || *athlete.height_m <= 0.0) {
    return std::nullopt;
  }
  return *athlete.body_mass_kg / (*athlete.height_m * *athlete.height_m);
}

}  // namespace runload::core
