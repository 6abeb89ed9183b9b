#include "runload/signal/stance_valley.h"

#include <algorithm>
#include <cmath>

namespace runload::signal {

std::optional<StanceValley> find_stance_valley(std::span<const float> statistic, const StanceValleySettings& settings) noexcept {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < statistic.size(); ++i)
    if (std::isfinite(statistic[i]) && (!best || statistic[i] < statistic[*best])) best = i;
  if (!best || !(statistic[*best] <= settings.max_statistic)) return std::nullopt;
  StanceValley v;
  v.min_position = *best;
  v.min_statistic = statistic[*best];
  const float limit = std::max(settings.relative_threshold, 1.0f) * v.min_statistic;
  const auto still = [&](std::size_t i) { return std::isfinite(statistic[i]) && statistic[i] <= limit; };
  v.begin = *best;
  while (v.begin > 0 && still(v.begin - 1)) --v.begin;
  v.end = *best + 1;
  while (v.end < statistic.size() && still(v.end)) ++v.end;
  return v;
}

}  // namespace runload::signal
