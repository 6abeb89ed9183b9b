#pragma once
/// The runner whose history the load maths and risk rules read. Plain fields so a store can persist it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runload::core {

/// Running experience; the BMI-aware novice rule (EVIDENCE §3.1, Nielsen IJSPT 2014) applies to kNovice.
enum class ExperienceLevel : std::uint8_t { kNovice = 0, kRecreational = 1, kExperienced = 2 };

std::string_view to_string(ExperienceLevel level) noexcept;
/// Parses "novice", "recreational", "experienced"; nullopt for anything else.
std::optional<ExperienceLevel> experience_level_from_string(std::string_view text) noexcept;

struct Athlete {
  std::int64_t id = 0;  ///< store row id; 0 = not yet stored
  std::string name;
  std::optional<double> body_mass_kg;  ///< nullopt = unknown (mass-normalised values become nullopt)
  std::optional<double> height_m;      ///< only for the BMI-aware novice rule
  ExperienceLevel experience = ExperienceLevel::kRecreational;
  bool previous_injury = false;  ///< running injury in the past (Malisoux 2015: HR 1.72), shown as context
};

/// Body-mass index, kg/m²; nullopt when mass or height is unknown or not positive.
std::optional<double> body_mass_index(const Athlete& athlete) noexcept;

}  // namespace runload::core
