#include "runload/bridge/stream_monitor.h"

#include "runload_wire.h"

namespace runload::bridge {

void StreamMonitor::on_samples(const SampleBatch& batch) {
  Stream& stream = streams_[batch.stream_id];
  if (!batch.samples.empty()) {
    const signal::ImuSample& first = batch.samples.front();
    stream.clock.add(first.index_samples, first.t_device, batch.nominal_period_ns, host_rx_);
    stream.samples += batch.samples.size();
    stream.last_sample = batch.samples.back();
  }
  if ((batch.flags & wire::kFlagLastFrame) != 0) stream.ended = true;
  if (downstream_ != nullptr) downstream_->on_samples(batch);
}

void StreamMonitor::on_sensor_info(std::uint8_t stream_id, const signal::SensorInfo& info) {
  streams_[stream_id].info = info;
  if (downstream_ != nullptr) downstream_->on_sensor_info(stream_id, info);
}

bool StreamMonitor::all_ended() const noexcept {
  if (streams_.empty()) return false;
  for (const auto& [id, stream] : streams_) {
    if (!stream.ended) return false;
  }
  return true;
}

StreamClockEstimate StreamMonitor::main_estimate() const noexcept {
  const Stream* best = nullptr;
  for (const auto& [id, stream] : streams_) {
    if (best == nullptr || stream.samples > best->samples) best = &stream;
  }
  return best != nullptr ? best->clock.estimate() : StreamClockEstimate{};
}

}  // namespace runload::bridge
