#pragma once
/// A DecoderSink that keeps everything it is given, for assertions.
#include <map>
#include <vector>

#include "runload/bridge/decoder.h"

namespace runload::testing {

class CollectingSink final : public bridge::DecoderSink {
 public:
  struct Batch {
    std::uint8_t stream_id;
    std::uint32_t nominal_period_ns;
    std::uint8_t flags;
    std::size_t size;
  };
  void on_samples(const bridge::SampleBatch& batch) override {
    batches.push_back({batch.stream_id, batch.nominal_period_ns, batch.flags, batch.samples.size()});
    samples.insert(samples.end(), batch.samples.begin(), batch.samples.end());
  }
  void on_sensor_info(std::uint8_t stream_id, const signal::SensorInfo& info) override { infos[stream_id] = info; }

  std::vector<Batch> batches;
  std::vector<signal::ImuSample> samples;
  std::map<std::uint8_t, signal::SensorInfo> infos;
};

}  // namespace runload::testing
