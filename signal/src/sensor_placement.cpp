#include "runload/signal/sensor_placement.h"

#include <algorithm>
#include <cctype>

namespace runload::signal {
namespace {
bool iequals(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}
}  // namespace

std::string_view to_string(Placement p) noexcept {
  switch (p) {
    case Placement::kFoot: return "foot";
    case Placement::kShank: return "shank";
    case Placement::kUnknown: break;
  }
  return "unknown";
}

std::string_view to_string(BodySide s) noexcept {
  switch (s) {
    case BodySide::kLeft: return "left";
    case BodySide::kRight: return "right";
    case BodySide::kUnknown: break;
  }
  return "unknown";
}

std::optional<Placement> placement_from_string(std::string_view s) noexcept {
  if (iequals(s, "foot") || iequals(s, "shoe")) return Placement::kFoot;
  if (iequals(s, "shank") || iequals(s, "knee") || iequals(s, "tibia")) return Placement::kShank;
  return std::nullopt;
}

std::optional<BodySide> side_from_string(std::string_view s) noexcept {
  if (iequals(s, "left") || iequals(s, "l")) return BodySide::kLeft;
  if (iequals(s, "right") || iequals(s, "r")) return BodySide::kRight;
  return std::nullopt;
}

}  // namespace runload::signal
