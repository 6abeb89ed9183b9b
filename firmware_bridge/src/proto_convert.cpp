#include "runload/bridge/proto_convert.h"
#include <cmath>

namespace runload::bridge {

namespace {
signal::Placement placement_from_proto(pb::Placement p) {
  switch (p) {
    case pb::PLACEMENT_FOOT: return signal::Placement::kFoot;
    case pb::PLACEMENT_SHANK: return signal::Placement::kShank;
    default: return signal::Placement::kUnknown;
  }
}
pb::Placement placement_to_proto(signal::Placement p) {
  switch (p) {
    case signal::Placement::kFoot: return pb::PLACEMENT_FOOT;
    case signal::Placement::kShank: return pb::PLACEMENT_SHANK;
    case signal::Placement::kUnknown: break;
  }
  return pb::PLACEMENT_UNKNOWN;
}
signal::BodySide side_from_proto(pb::BodySide s) {
  switch (s) {
    case pb::SIDE_LEFT: return signal::BodySide::kLeft;
    case pb::SIDE_RIGHT: return signal::BodySide::kRight;
    default: return signal::BodySide::kUnknown;
  }
}
pb::BodySide side_to_proto(signal::BodySide s) {
  switch (s) {
    case signal::BodySide::kLeft: return pb::SIDE_LEFT;
    case signal::BodySide::kRight: return pb::SIDE_RIGHT;
    case signal::BodySide::kUnknown: break;
  }
  return pb::SIDE_UNKNOWN;
}
}  // namespace

signal::SensorInfo sensor_info_from_proto(const pb::DeviceInfo& m) {
  signal::SensorInfo info;
  info.serial = m.serial();
  info.model = m.model();
  info.placement = placement_from_proto(m.placement());
  info.side = side_from_proto(m.side());
  info.accel_range_g = m.accel_range_g();
  info.gyro_range_dps = m.gyro_range_dps();
  info.high_g_range_g = m.high_g_range_g();
  info.sample_rate_hz = m.sample_rate_hz();
  if (m.has_q_body_from_sensor()) {
    const auto& q = m.q_body_from_sensor();
    Eigen::Quaternionf rotation(q.w(), q.x(), q.y(), q.z());
    // A zero or non-finite quaternion from the wire means "not given": keep identity.
    const float norm = rotation.norm();
    if (std::isfinite(norm) && norm > 1e-3f) info.q_body_from_sensor = rotation.normalized();
  }
  return info;
}

pb::DeviceInfo sensor_info_to_proto(const signal::SensorInfo& info, std::uint32_t stream_id) {
  pb::DeviceInfo m;
  m.set_serial(info.serial);
  m.set_model(info.model);
  m.set_stream_id(stream_id);
  m.set_placement(placement_to_proto(info.placement));
  m.set_side(side_to_proto(info.side));
  m.set_accel_range_g(info.accel_range_g);
  m.set_gyro_range_dps(info.gyro_range_dps);
  m.set_high_g_range_g(info.high_g_range_g);
  m.set_sample_rate_hz(info.sample_rate_hz);
  auto* q = m.mutable_q_body_from_sensor();
  q->set_w(info.q_body_from_sensor.w());
  q->set_x(info.q_body_from_sensor.x());
  q->set_y(info.q_body_from_sensor.y());
  q->set_z(info.q_body_from_sensor.z());
  return m;
}

}  // namespace runload::bridge
