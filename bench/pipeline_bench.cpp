// Samples/s of the whole per-sensor pipeline (SessionPipeline::update) on simulated running at
// 1 kHz: shank (events + metrics) and foot (bias + events + metrics + SHOE + ZUPT-INS), plus the
// ZUPT stage alone. Figures in docs/benchmarks.md ("Signal pipeline (issue #3)").
#include <benchmark/benchmark.h>

#include <vector>

#include "runload/signal/gait_simulator.h"
#include "runload/signal/session_pipeline.h"

namespace {
using namespace runload::signal;

const std::vector<ImuSample>& samples(Placement p) {
  static std::vector<ImuSample> foot, shank;
  auto& v = p == Placement::kFoot ? foot : shank;
  if (v.empty()) {
    GaitSimulatorSettings s;
    s.placement = p;
    s.schedule = {{5.0, GaitMode::kStand, 0.0f, {}}, {115.0, GaitMode::kRun, 3.5f, {}}};
    GaitSimulator sim(s);
    v.reserve(120'000);
    while (v.size() < 120'000) v.push_back(sim.next());
  }
  return v;
}

void run_pipeline(benchmark::State& state, Placement p) {
  const auto& in = samples(p);
  SessionPipelineSettings settings;
  settings.placement = p;
  std::size_t steps = 0;
  for (auto _ : state) {
    SessionPipeline pipeline(settings);
    for (const auto& s : in) steps += pipeline.update(s).size();
    steps += pipeline.finish().size();
  }
  benchmark::DoNotOptimize(steps);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}

void BM_ShankPipeline(benchmark::State& state) { run_pipeline(state, Placement::kShank); }
void BM_FootPipelineWithZupt(benchmark::State& state) { run_pipeline(state, Placement::kFoot); }

void BM_ZuptStageOnly(benchmark::State& state) {
  const auto& in = samples(Placement::kFoot);
  std::vector<bool> stance(in.size());
  ZeroVelocityDetector zv(pipeline_zero_velocity_settings(1000.0f));
  for (std::size_t i = 0; i < in.size(); ++i) stance[i] = zv.update(in[i]).stance;
  double d = 0.0;
  for (auto _ : state) {
    ZuptStrapdown ins(ZuptStrapdownSettings{});
    for (std::size_t i = 0; i < in.size(); ++i) d += ins.update(in[i], stance[i]).distance_m;
  }
  benchmark::DoNotOptimize(d);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(in.size()));
}

BENCHMARK(BM_ShankPipeline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FootPipelineWithZupt)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ZuptStageOnly)->Unit(benchmark::kMillisecond);

}  // namespace
