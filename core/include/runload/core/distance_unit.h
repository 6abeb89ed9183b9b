#pragma once
/// The unit distances are shown in (text output and flag messages). Stored values and JSON fields stay
/// SI / km with the unit in the name; only what a person reads changes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runload::core {

enum class DistanceUnit : std::uint8_t { kKm = 0, kMi = 1 };

inline constexpr double kMetresPerMile = 1609.344;  // international mile

std::string_view to_string(DistanceUnit unit) noexcept;  ///< "km", "mi"
/// Parses "km" or "mi"; nullopt for anything else.
std::optional<DistanceUnit> distance_unit_from_string(std::string_view text) noexcept;
/// `distance_m` in `unit` (km or mi).
double distance_in(double distance_m, DistanceUnit unit) noexcept;
/// "12.3 km" / "7.6 mi" with `decimals` digits.
std::string format_distance(double distance_m, DistanceUnit unit, int decimals);
/// Pace as minutes:seconds per unit, "5:07 /km" / "8:14 /mi"; "-" when distance or duration is not above 0.
std::string format_pace(double duration_s, double distance_m, DistanceUnit unit);

}  // namespace runload::core
