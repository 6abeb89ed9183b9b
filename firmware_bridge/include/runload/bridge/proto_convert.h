#pragma once
/// Protobuf messages <-> domain types: the only file where proto/ meets signal/ (STYLE §2).
#include "runload.pb.h"
#include "runload/signal/sensor_placement.h"

namespace runload::bridge {

signal::SensorInfo sensor_info_from_proto(const pb::DeviceInfo& message);
pb::DeviceInfo sensor_info_to_proto(const signal::SensorInfo& info, std::uint32_t stream_id);

}  // namespace runload::bridge
