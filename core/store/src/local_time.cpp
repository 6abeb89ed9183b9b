#include "runload/store/local_time.h"

#include <ctime>

namespace runload::store {

LocalStart local_start(std::int64_t utc_s, std::optional<std::int32_t> utc_offset_s) {
  LocalStart out;
  out.utc_s = utc_s;
  if (utc_offset_s) {
    out.utc_offset_s = *utc_offset_s;
  } else {
    const auto t = static_cast<std::time_t>(utc_s);
    std::tm local{};
    localtime_r(&t, &local);
    out.utc_offset_s = static_cast<std::int32_t>(local.tm_gmtoff);
  }
  const std::int64_t local_s = utc_s + out.utc_offset_s;
  const std::int64_t days = local_s >= 0 ? local_s / 86400 : (local_s - 86399) / 86400;  // floor
  out.date = core::Date{std::chrono::days{days}};
  out.time_of_day_s = static_cast<std::int32_t>(local_s - days * 86400);
  return out;
}

}  // namespace runload::store
