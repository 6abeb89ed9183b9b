#include "runload/core/distance_unit.h"

#include <cmath>
#include <cstdio>

namespace runload::core {

std::string_view to_string(DistanceUnit unit) noexcept { return unit == DistanceUnit::kMi ? "mi" : "km"; }

std::optional<DistanceUnit> distance_unit_from_string(std::string_view text) noexcept {
  if (text == "km") return DistanceUnit::kKm;
  if (text == "mi") return DistanceUnit::kMi;
  return std::nullopt;
}

double distance_in(double distance_m, DistanceUnit unit) noexcept {
  return unit == DistanceUnit::kMi ? distance_m / kMetresPerMile : distance_m / 1000.0;
}

std::string format_distance(double distance_m, DistanceUnit unit, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f %s", decimals, distance_in(distance_m, unit), unit == DistanceUnit::kMi ? "mi" : "km");
  return buf;
}

std::string format_pace(double duration_s, double distance_m, DistanceUnit unit) {
  const double per_unit = distance_in(distance_m, unit);
  if (!(duration_s > 0.0) || !(per_unit > 0.0)) return "-";
  const long total_s = std::lround(duration_s / per_unit);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%ld:%02ld /%s", total_s / 60, total_s % 60, unit == DistanceUnit::kMi ? "mi" : "km");
  return buf;
}

}  // namespace runload::core
