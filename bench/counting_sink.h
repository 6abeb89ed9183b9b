#pragma once
// The decoder benchmarks' sink: counts samples so the decode work cannot be optimised away.
#include <cstdint>

#include "runload/bridge/decoder.h"

namespace runload::bench {

struct CountingSink final : bridge::DecoderSink {
  std::uint64_t samples = 0;
  void on_samples(const bridge::SampleBatch& batch) override { samples += batch.samples.size(); }
};

}  // namespace runload::bench
