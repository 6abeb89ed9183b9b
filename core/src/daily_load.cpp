#include "runload/core/daily_load.h"

#include <algorithm>

#include "runload/core/mechanical_exposure.h"

namespace runload::core {

std::string_view to_string(LoadMeasure measure) noexcept {
  switch (measure) {
    case LoadMeasure::kDistance: return "distance_m";
    case LoadMeasure::kSrpe: return "srpe_load_au";
    case LoadMeasure::kMechanicalExposure: return "mechanical_exposure_g_steps";
  }
  return "distance_m";
}

std::string_view to_string(DayCoverage coverage) noexcept {
  switch (coverage) {
    case DayCoverage::kMissing: return "missing";
    case DayCoverage::kRest: return "rest";
    case DayCoverage::kTrained: return "trained";
  }
  return "missing";
}

std::optional<double> DayLoad::load(LoadMeasure measure) const noexcept {
  switch (measure) {
    case LoadMeasure::kDistance: return distance_m;
    case LoadMeasure::kSrpe: return srpe_load_au;
    case LoadMeasure::kMechanicalExposure: return mechanical_exposure_g_steps;
  }
  return std::nullopt;
}

bool DayLoad::measured(LoadMeasure measure) const noexcept {
  switch (measure) {
    case LoadMeasure::kDistance: return distance_measured && distance_m.has_value();
    case LoadMeasure::kSrpe: return srpe_measured && srpe_load_au.has_value();
    case LoadMeasure::kMechanicalExposure: return mechanical_exposure_measured && mechanical_exposure_g_steps.has_value();
  }
  return false;
}

bool has_measured_day(std::span<const DayLoad> days, LoadMeasure measure) noexcept {
  return std::any_of(days.begin(), days.end(), [&](const DayLoad& d) { return d.measured(measure); });
}

std::vector<DayLoad> daily_loads(const TrainingHistory& history, Date as_of, int days, double impact_exponent) {
  const Date first = as_of - std::chrono::days{days - 1};
  std::vector<DayLoad> out(static_cast<std::size_t>(days));
  for (int i = 0; i < days; ++i) out[static_cast<std::size_t>(i)].date = first + std::chrono::days{i};
  auto slot = [&](Date d) -> DayLoad* {
    if (d < first || d > as_of) return nullptr;
    return &out[static_cast<std::size_t>(days_between(first, d))];
  };

  // Rest marks and declared recorded periods turn days into zero-load days.
  auto mark_rest = [](DayLoad& day) {
    if (day.coverage != DayCoverage::kMissing) return;
    day.coverage = DayCoverage::kRest;
    day.distance_m = 0.0;
    day.duration_s = 0.0;
    day.srpe_load_au = 0.0;
    day.mechanical_exposure_g_steps = 0.0;
  };
  for (const RestDay& rest : history.rest_days) {
    if (DayLoad* day = slot(rest.date)) mark_rest(*day);
  }
  for (const RecordedPeriod& period : history.recorded_periods) {
    for (Date d = std::max(period.first, first); d <= std::min(period.last, as_of); d += std::chrono::days{1}) {
      mark_rest(*slot(d));
    }
  }

  for (const Session& s : history.sessions) {
    DayLoad* day = slot(s.date);
    if (day == nullptr) continue;
    if (day->coverage != DayCoverage::kTrained) {
      // A session overrides a rest mark: the day is trained, and the loads start from zero.
      day->coverage = DayCoverage::kTrained;
      day->distance_m = 0.0;
      day->duration_s = 0.0;
      day->srpe_load_au = 0.0;
      day->mechanical_exposure_g_steps = 0.0;
    }
    ++day->session_count;
    *day->duration_s += s.duration_s;
    if (counts_as_running(s.activity) && day->distance_m) {
      if (s.distance_known) {
        *day->distance_m += s.distance_m;
        day->distance_measured = true;
      } else {
        day->distance_m.reset();  // a run of unknown distance makes the day's distance unknown, not smaller
      }
    }
    const auto srpe = srpe_load_au(s);
    if (srpe && day->srpe_load_au) {
      *day->srpe_load_au += *srpe;
      day->srpe_measured = true;
    } else {
      day->srpe_load_au.reset();  // one session without RPE makes the day's sRPE unknown, not smaller
    }
    if (counts_as_running(s.activity)) {
      const auto exposure = session_mechanical_exposure_g_steps(s, impact_exponent);
      if (exposure && day->mechanical_exposure_g_steps) {
        *day->mechanical_exposure_g_steps += *exposure;
        day->mechanical_exposure_measured = true;
      } else {
        day->mechanical_exposure_g_steps.reset();
      }
    }
  }
  return out;
}

std::optional<double> mean_over_covered(const std::vector<DayLoad>& days, LoadMeasure measure, int min_days) noexcept {
  double sum = 0.0;
  int n = 0;
  for (const DayLoad& day : days) {
    if (const auto v = day.load(measure)) {
      sum += *v;
      ++n;
    }
  }
  if (n < min_days || n == 0) return std::nullopt;
  return sum / n;
}

WeeklyLoad summarise_week(const std::vector<DayLoad>& days, const LoadSettings& settings) {
  WeeklyLoad week;
  if (days.empty()) return week;
  week.first = days.front().date;
  week.last = days.back().date;
  double duration_sum = 0.0;
  double srpe_sum = 0.0;
  int srpe_days = 0;
  for (const DayLoad& day : days) {
    if (!day.covered()) continue;
    ++week.covered_days;
    if (day.distance_m) {
      ++week.distance_known_days;
      week.recorded_distance_m += *day.distance_m;
    } else {
      ++week.unknown_distance_days;
    }
    duration_sum += day.duration_s.value_or(0.0);
    if (day.srpe_load_au) {
      srpe_sum += *day.srpe_load_au;
      ++srpe_days;
    }
  }
  // Real sums over the known days, never scaled up to 7: the coverage stays beside them (covered_days).
  const int floor = settings.min_covered_days_per_week;
  if (week.covered_days >= floor && week.covered_days > 0) week.duration_s = duration_sum;
  if (week.distance_known_days >= floor && week.distance_known_days > 0) week.distance_m = week.recorded_distance_m;
  if (srpe_days >= floor && srpe_days > 0) week.srpe_load_au = srpe_sum;
  return week;
}

std::vector<WeeklyLoad> weekly_loads(const TrainingHistory& history, Date as_of, int weeks, const LoadSettings& settings) {
  const auto days = daily_loads(history, as_of, weeks * 7, settings.impact_exponent);
  std::vector<WeeklyLoad> out;
  out.reserve(static_cast<std::size_t>(weeks));
  for (int w = 0; w < weeks; ++w) {
    const auto begin = days.begin() + w * 7;
    out.push_back(summarise_week(std::vector<DayLoad>(begin, begin + 7), settings));
  }
  return out;
}

}  // namespace runload::core
