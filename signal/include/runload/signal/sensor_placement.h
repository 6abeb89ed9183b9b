#pragma once
/// Where a sensor sits on the body and how it is mounted: the domain view of DEVICE_INFO.
#include <Eigen/Geometry>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runload::signal {

enum class Placement : std::uint8_t { kUnknown = 0, kFoot = 1, kShank = 2 };
enum class BodySide : std::uint8_t { kUnknown = 0, kLeft = 1, kRight = 2 };

std::string_view to_string(Placement p) noexcept;
std::string_view to_string(BodySide s) noexcept;
/// Parses "foot"/"shoe", "shank"/"knee"; nullopt for anything else.
std::optional<Placement> placement_from_string(std::string_view s) noexcept;
/// Parses "left"/"l", "right"/"r"; nullopt for anything else.
std::optional<BodySide> side_from_string(std::string_view s) noexcept;

/// What a sensor says about itself (decoded from the wire's DEVICE_INFO).
struct SensorInfo {
  std::string serial;
  std::string model;
  Placement placement = Placement::kUnknown;
  BodySide side = BodySide::kUnknown;
  /// Full-scale ranges; 0 when unknown.
  float accel_range_g = 0.0f;
  float gyro_range_dps = 0.0f;
  float high_g_range_g = 0.0f;
  /// Configured output data rate, Hz; 0 when unknown.
  float sample_rate_hz = 0.0f;
  /// Rotation taking sensor-frame vectors into the body frame (anterior, medial... docs/frames.md).
  Eigen::Quaternionf q_body_from_sensor = Eigen::Quaternionf::Identity();
};

}  // namespace runload::signal
