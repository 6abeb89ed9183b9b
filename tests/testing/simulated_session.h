#pragma once
/// A whole simulator schedule run into memory, with its truth (the signal tests' input).
#include <cstddef>
#include <vector>

#include "runload/signal/gait_simulator.h"

namespace runload::testing {

struct SimulatedSession {
  std::vector<signal::ImuSample> samples;
  std::vector<signal::GaitStrideTruth> truth;
  double duration_s = 0.0;
};

/// Every sample of the schedule (device indices 0 … duration × rate − 1; drops leave gaps).
inline SimulatedSession simulate_schedule(const signal::GaitSimulatorSettings& settings) {
  signal::GaitSimulator sim(settings);
  SimulatedSession r;
  r.duration_s = sim.schedule_duration_s();
  const auto n = static_cast<std::size_t>(r.duration_s * static_cast<double>(settings.sample_rate_hz));
  r.samples.reserve(n);
  while (r.samples.empty() || r.samples.back().index_samples + 1 < n) r.samples.push_back(sim.next());
  r.truth.assign(sim.truth().begin(), sim.truth().end());
  return r;
}

}  // namespace runload::testing
