#pragma once
// What every accepted history session must hold, for the importer fuzz targets: a finite distance of
// 0..kMaxHistoryDistance_km and a finite duration of 0..kMaxHistoryDuration_min. Traps otherwise.
#include <cmath>
#include <string>

#include "runload/store/history_import.h"

inline void trap_unless_sessions_in_bounds(const tl::expected<runload::store::HistoryFile, std::string>& file) {
  if (!file) return;
  for (const auto& row : file->sessions) {
    const auto& s = row.session;
    if (!(std::isfinite(s.distance_m) && s.distance_m >= 0 && s.distance_m <= runload::store::kMaxHistoryDistance_km * 1000)) {
      __builtin_trap();
    }
    if (!(std::isfinite(s.duration_s) && s.duration_s >= 0 && s.duration_s <= runload::store::kMaxHistoryDuration_min * 60)) {
      __builtin_trap();
    }
  }
}
