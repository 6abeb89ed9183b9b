// FIT decode throughput over the real activity files of ../shared/datasets/fit (23 files, 3.5 MB), as the
// importer runs it: each whole file through decode_fit_activity (decoder + the session/record summary).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "runload/store/fit_activity.h"

namespace {

const std::vector<std::vector<std::uint8_t>>& files() {
  static const std::vector<std::vector<std::uint8_t>> all = [] {
    std::vector<std::vector<std::uint8_t>> out;
    const auto dir = std::filesystem::path(RUNLOAD_SHARED_DATASETS) / "fit";
    if (!std::filesystem::exists(dir)) return out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      const auto ext = e.path().extension().string();
      if (!e.is_regular_file() || (ext != ".fit" && ext != ".FIT")) continue;
      std::ifstream in(e.path(), std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return out;
  }();
  return all;
}

void BM_FitDecodeActivity(benchmark::State& state) {
  if (files().empty()) {
    state.SkipWithError("no FIT files in the shared datasets");
    return;
  }
  std::size_t bytes = 0, records = 0;
  for (auto _ : state) {
    for (const auto& f : files()) {
      const auto activity = runload::store::decode_fit_activity(f);
      records += activity.records;
      bytes += f.size();
    }
  }
  benchmark::DoNotOptimize(records);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["records"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FitDecodeActivity)->Unit(benchmark::kMillisecond);

}  // namespace
