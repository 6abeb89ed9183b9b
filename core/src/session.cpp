#include "runload/core/session.h"

#include <array>
#include <utility>

namespace runload::core {
namespace {
constexpr std::array<std::pair<ActivityKind, std::string_view>, 4> kActivityNames = {{
    {ActivityKind::kRun, "run"},
    {ActivityKind::kWalkRun, "walk_run"},
    {ActivityKind::kWalk, "walk"},
    {ActivityKind::kCrossTraining, "cross_training"},
}};
constexpr std::array<std::pair<Surface, std::string_view>, 7> kSurfaceNames = {{
    {Surface::kUnknown, "unknown"}, {Surface::kRoad, "road"},   {Surface::kTrack, "track"},
    {Surface::kTreadmill, "treadmill"}, {Surface::kTrail, "trail"}, {Surface::kGrass, "grass"},
    {Surface::kMixed, "mixed"},
}};
constexpr std::array<std::pair<MetricSource, std::string_view>, 4> kSourceNames = {{
    {MetricSource::kRunload, "runload"}, {MetricSource::kWatch, "watch"}, {MetricSource::kPod, "pod"},
    {MetricSource::kStryd, "stryd"},
}};
constexpr std::array<std::string_view, kDynamicCount> kDynamicNames = {
    "cadence", "gct", "gct_balance", "vertical_oscillation", "vertical_ratio", "step_length", "power",
    "leg_spring_stiffness"};
}  // namespace

std::string_view to_string(MetricSource source) noexcept {
  for (const auto& [s, name] : kSourceNames) {
    if (s == source) return name;
  }
  return "runload";
}

std::optional<MetricSource> metric_source_from_string(std::string_view text) noexcept {
  for (const auto& [s, name] : kSourceNames) {
    if (name == text) return s;
  }
  return std::nullopt;
}

std::string_view to_string(Dynamic dynamic) noexcept { return kDynamicNames[static_cast<std::size_t>(dynamic)]; }

bool MetricSources::empty() const noexcept {
  for (const auto& s : by_dynamic) {
    if (s) return false;
  }
  return true;
}

std::string to_text(const MetricSources& sources) {
  std::string out;
  for (std::size_t i = 0; i < kDynamicCount; ++i) {
    if (!sources.by_dynamic[i]) continue;
    if (!out.empty()) out += ',';
    out += kDynamicNames[i];
    out += ':';
    out += to_string(*sources.by_dynamic[i]);
  }
  return out;
}

MetricSources metric_sources_from_text(std::string_view text) {
  MetricSources out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const auto colon = item.find(':');
    if (colon == std::string_view::npos) continue;
    const auto source = metric_source_from_string(item.substr(colon + 1));
    for (std::size_t i = 0; i < kDynamicCount; ++i) {
      if (source && kDynamicNames[i] == item.substr(0, colon)) out.by_dynamic[i] = source;
    }
  }
  return out;
}

std::string_view to_string(ActivityKind kind) noexcept {
  for (const auto& [k, name] : kActivityNames) {
    if (k == kind) return name;
  }
  return "run";
}

std::optional<ActivityKind> activity_kind_from_string(std::string_view text) noexcept {
  for (const auto& [k, name] : kActivityNames) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string_view to_string(Surface surface) noexcept {
  for (const auto& [s, name] : kSurfaceNames) {
    if (s == surface) return name;
  }
  return "unknown";
}

std::optional<Surface> surface_from_string(std::string_view text) noexcept {
  for (const auto& [s, name] : kSurfaceNames) {
    if (name == text) return s;
  }
  return std::nullopt;
}

bool is_uneven(Surface surface) noexcept { return surface == Surface::kTrail || surface == Surface::kGrass; }

bool counts_as_running(ActivityKind kind) noexcept {
  return kind == ActivityKind::kRun || kind == ActivityKind::kWalkRun;
}

bool is_run(const Session& session) noexcept {
  return counts_as_running(session.activity) && (!session.distance_known || session.distance_m > 0.0);
}

std::optional<double> known_distance_m(const Session& session) noexcept {
  return session.distance_known ? std::optional<double>(session.distance_m) : std::nullopt;
}

bool is_run_of_unknown_distance(const Session& session) noexcept { return is_run(session) && !session.distance_known; }

std::optional<double> srpe_load_au(const Session& session) noexcept {
  if (!session.rpe) return std::nullopt;
  return *session.rpe * session.duration_s / 60.0;
}

bool session_before(const Session& a, const Session& b) noexcept {
  if (a.date != b.date) return a.date < b.date;
  const std::int32_t ta = a.start_time_of_day_s.value_or(-1);
  const std::int32_t tb = b.start_time_of_day_s.value_or(-1);
  if (ta != tb) return ta < tb;
  return a.id < b.id;
}

}  // namespace runload::core
