#include "csv_exports.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "csv_fields.h"
#include "history_checks.h"
#include "import_identity.h"

namespace runload::store::csv {

namespace {

constexpr double kMile_m = 1609.344;

/// Column positions by lower-case name; a name that appears twice (Strava's "Distance") keeps both.
class Columns {
 public:
  explicit Columns(const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) index_[names[i]].push_back(i);
  }
  bool has(const std::string& name) const { return index_.contains(name); }
  /// The field of `name` (its `nth` occurrence) in `fields`; empty when absent.
  std::string get(const std::vector<std::string>& fields, const std::string& name, std::size_t nth = 0) const {
    const auto it = index_.find(name);
    if (it == index_.end() || nth >= it->second.size() || it->second[nth] >= fields.size()) return {};
    return fields[it->second[nth]];
  }
  std::size_t count(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? 0 : it->second.size();
  }

 private:
  std::map<std::string, std::vector<std::size_t>> index_;
};

struct Kind {
  core::ActivityKind activity;
  core::Surface surface;
};

/// Garmin's and Strava's activity types, lower case.
Kind kind_of(const std::string& type) {
  using core::ActivityKind;
  using core::Surface;
  if (type == "treadmill running" || type == "indoor running" || type == "virtual run" || type == "virtual running") {
    return {ActivityKind::kRun, Surface::kTreadmill};
  }
  if (type == "trail running" || type == "trail run" || type == "ultra run") return {ActivityKind::kRun, Surface::kTrail};
  if (type == "track running") return {ActivityKind::kRun, Surface::kTrack};
  if (type == "running" || type == "run" || type == "street running") return {ActivityKind::kRun, Surface::kUnknown};
  if (type == "walking" || type == "walk" || type == "hiking" || type == "hike") return {ActivityKind::kWalk, Surface::kUnknown};
  return {ActivityKind::kCrossTraining, Surface::kUnknown};
}

/// Garmin Connect's activity dates: "YYYY-MM-DD HH:MM[:SS]" today, "M/D/YYYY[ H:MM[:SS]]" in older
/// exports (local wall time). A slash date's first two numbers are month/day (Garmin's order) unless
/// the file shows day/month (a first number over 12); a file that mixes the forms is refused.
enum class DateOrder : std::uint8_t { kIso, kMonthDay, kDayMonth };

struct DateParts {
  int a = 0, b = 0, y = 0, h = 0, mi = 0, s = 0;  ///< ISO: a = month, b = day
  bool slash = false;
};

std::optional<DateParts> date_parts(const std::string& text) {
  DateParts p;
  char tail = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d", &p.y, &p.a, &p.b, &p.h, &p.mi, &p.s);
  if (n >= 5) return p;
  n = std::sscanf(text.c_str(), "%2d/%2d/%4d %2d:%2d:%2d", &p.a, &p.b, &p.y, &p.h, &p.mi, &p.s);
  if (n == 3 && std::sscanf(text.c_str(), "%*d/%*d/%*d %c", &tail) == 1) return std::nullopt;  // a time that is not H:MM
  if ((n != 3 && n < 5) || p.y < 1000) return std::nullopt;
  const std::string l = lower(text);
  const bool pm = l.ends_with(" pm"), am = l.ends_with(" am");
  if (pm || am) {  // "3/2/2021 6:33 PM"
    if (n < 5 || p.h < 1 || p.h > 12) return std::nullopt;
    p.h = p.h % 12 + (pm ? 12 : 0);
  }
  p.slash = true;
  return p;
}

std::optional<std::pair<core::Date, std::int32_t>> garmin_date(const DateParts& p, DateOrder order) {
  const int month = order == DateOrder::kDayMonth ? p.b : p.a;
  const int day = order == DateOrder::kDayMonth ? p.a : p.b;
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{p.y}, std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || p.h < 0 || p.h > 23 || p.mi < 0 || p.mi > 59 || p.s < 0 || p.s > 59) return std::nullopt;
  return std::pair{core::Date{ymd}, static_cast<std::int32_t>(p.h * 3600 + p.mi * 60 + p.s)};
}

/// The file's date order from every row's Date; an error naming two lines that disagree.
tl::expected<DateOrder, std::string> garmin_date_order(const std::string& name, const Columns& c,
                                                       const std::vector<Record>& records) {
  std::optional<int> iso_line, slash_line, month_day_line, day_month_line;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto p = date_parts(c.get(records[r].fields, "date"));
    if (!p) continue;  // reported with its line when the row is read
    const int line = records[r].line;
    if (!p->slash) {
      iso_line = iso_line.value_or(line);
    } else {
      slash_line = slash_line.value_or(line);
      if (p->a > 12) day_month_line = day_month_line.value_or(line);
      if (p->b > 12) month_day_line = month_day_line.value_or(line);
    }
  }
  const auto mixed = [&](int l1, const char* f1, int l2, const char* f2) {
    return tl::unexpected<std::string>(name + ": dates in two formats (line " + std::to_string(l1) + " " + f1 + ", line " +
                                       std::to_string(l2) + " " + f2 + "), so no date can be read for certain; export the "
                                       "activities again, or make the Date column one format");
  };
  if (iso_line && slash_line) return mixed(*iso_line, "YYYY-MM-DD", *slash_line, "M/D/YYYY");
  if (month_day_line && day_month_line) return mixed(*month_day_line, "M/D/YYYY", *day_month_line, "D/M/YYYY");
  if (day_month_line) return DateOrder::kDayMonth;
  return slash_line ? DateOrder::kMonthDay : DateOrder::kIso;
}

/// "Mar 2, 2021, 6:33:48 PM" (Strava, UTC) → seconds since the Unix epoch.
std::optional<std::int64_t> strava_date(const std::string& text) {
  static constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
  char month[4] = {}, ampm[3] = {};
  int d = 0, y = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(text.c_str(), "%3s %d, %d, %d:%d:%d %2s", month, &d, &y, &h, &mi, &s, ampm) != 7) return std::nullopt;
  const std::string m = lower(month), half = lower(ampm);
  const auto it = std::find(kMonths.begin(), kMonths.end(), m);
  if (it == kMonths.end() || h < 1 || h > 12 || mi > 59 || s > 59 || (half != "am" && half != "pm")) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(it - kMonths.begin() + 1)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const int hour = h % 12 + (half == "pm" ? 12 : 0);
  return std::chrono::sys_days{ymd}.time_since_epoch().count() * 86400LL + hour * 3600 + mi * 60 + s;
}

/// "49.8% L / 50.2% R" → 49.8.
std::optional<double> left_balance(const std::string& text) {
  double left = 0;
  if (std::sscanf(text.c_str(), "%lf%% L", &left) != 1 || !(left > 0 && left < 100)) return std::nullopt;
  return left;
}

using Fail = tl::unexpected<std::string>;

tl::expected<HistoryFile, std::string> read_garmin(const std::string& name, const Columns& c,
                                                   const std::vector<Record>& records, const HistoryReadOptions& options) {
  HistoryFile out{"import:" + name, {}, {}};
  std::map<std::string, int> same;
  const double unit_m = options.export_distance_in_miles ? kMile_m : 1000.0;
  const auto order = garmin_date_order(name, c, records);
  if (!order) return Fail(order.error());
  static constexpr std::array<const char*, 3> kForm = {"YYYY-MM-DD HH:MM:SS", "M/D/YYYY H:MM", "D/M/YYYY H:MM"};
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r].fields;
    const std::string where = name + ":" + std::to_string(records[r].line) + ": ";
    ImportedSession row;
    row.line = records[r].line;
    const auto parts = date_parts(c.get(f, "date"));
    const auto when = parts ? garmin_date(*parts, *order) : std::nullopt;
    if (!when) return Fail(where + "Date '" + c.get(f, "date") + "' is not " + kForm[static_cast<std::size_t>(*order)]);
    row.session.date = when->first;
    row.session.start_time_of_day_s = when->second;
    const std::string time_text = c.has("time") ? c.get(f, "time") : c.get(f, "elapsed time");
    const auto duration = clock_s(time_text);
    if (!duration) return Fail(where + "Time '" + time_text + "' is not h:mm:ss or mm:ss");
    row.session.duration_s = *duration;
    const std::string distance_text = c.get(f, "distance");
    const auto distance = distance_text.empty() || distance_text == "--" ? std::optional<double>(0.0) : export_number(distance_text);
    if (!distance) return Fail(where + "Distance '" + distance_text + "' is not a number");
    row.session.distance_m = *distance * unit_m;
    if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) return Fail(where + *wrong);
    const Kind kind = kind_of(lower(c.get(f, "activity type")));
    row.session.activity = kind.activity;
    row.session.surface = kind.surface;
    if (kind.activity == core::ActivityKind::kRun) {
      using core::Dynamic;
      auto& m = row.session.metrics;
      const auto put = [&](std::optional<double> core::SessionMetrics::*field, Dynamic d, const char* column, double scale) {
        const auto v = export_number(c.get(f, column));
        if (!v || !(*v > 0)) return;
        m.*field = *v * scale;
        m.sources.set(d, core::MetricSource::kWatch);
      };
      put(&core::SessionMetrics::cadence_steps_per_min, Dynamic::kCadence, "avg run cadence", 1.0);  // already steps/min
      put(&core::SessionMetrics::gct_ms, Dynamic::kGct, "avg ground contact time", 1.0);
      put(&core::SessionMetrics::vertical_oscillation_mm, Dynamic::kVerticalOscillation, "avg vertical oscillation", 10.0);
      put(&core::SessionMetrics::vertical_ratio_pct, Dynamic::kVerticalRatio, "avg vertical ratio", 1.0);
      put(&core::SessionMetrics::step_length_mm, Dynamic::kStepLength, "avg stride length", 1000.0);
      put(&core::SessionMetrics::power_w, Dynamic::kPower, "avg power", 1.0);
      if (const auto left = left_balance(c.get(f, "avg gct balance"))) {
        m.gct_balance_left_pct = left;
        m.asymmetry_pct = std::abs(2.0 * *left - 100.0) * 2.0;  // symmetry index (EVIDENCE §1.7)
        m.sources.set(Dynamic::kGctBalance, core::MetricSource::kWatch);
      }
      if (row.session.duration_s > 0 && row.session.distance_m > 0) m.speed_mps = row.session.distance_m / row.session.duration_s;
    }
    const std::string key = c.get(f, "date") + "|" + c.get(f, "activity type") + "|" + distance_text + "|" + time_text;
    const std::string id = "garmin-csv:" + content_hash(key);
    row.import_id = id + ":" + std::to_string(++same[id]);
    out.sessions.push_back(std::move(row));
  }
  return out;
}

tl::expected<HistoryFile, std::string> read_strava(const std::string& name, const Columns& c,
                                                   const std::vector<Record>& records, const HistoryReadOptions& options) {
  HistoryFile out{"import:" + name, {}, {}};
  const double unit_m = options.export_distance_in_miles ? kMile_m : 1000.0;
  const bool metres_column = c.count("distance") >= 2;  // the bulk export's second Distance is in metres
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r].fields;
    const std::string where = name + ":" + std::to_string(records[r].line) + ": ";
    ImportedSession row;
    row.line = records[r].line;
    const auto start = strava_date(c.get(f, "activity date"));
    if (!start) return Fail(where + "Activity Date '" + c.get(f, "activity date") + "' is not like \"Mar 2, 2021, 6:33:48 PM\"");
    set_start(row.session, *start, std::nullopt);
    std::string time_text = c.get(f, "moving time");
    if (!export_number(time_text)) time_text = c.get(f, "elapsed time");
    const auto duration = export_number(time_text);
    if (!duration || *duration < 0) return Fail(where + "Elapsed Time '" + time_text + "' is not seconds");
    row.session.duration_s = *duration;
    const std::string distance_text = c.get(f, "distance", metres_column ? 1 : 0);
    const auto distance = distance_text.empty() ? std::optional<double>(0.0) : export_number(distance_text);
    if (!distance || *distance < 0) return Fail(where + "Distance '" + distance_text + "' is not a number");
    row.session.distance_m = *distance * (metres_column ? 1.0 : unit_m);
    if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) return Fail(where + *wrong);
    const Kind kind = kind_of(lower(c.get(f, "activity type")));
    row.session.activity = kind.activity;
    row.session.surface = kind.surface;
    if (const std::string gear = c.get(f, "activity gear"); !gear.empty()) row.shoe_name = gear;
    if (const auto rpe = export_number(c.get(f, "perceived exertion")); rpe && *rpe >= 0 && *rpe <= 10) row.session.rpe = rpe;
    const std::string activity_id = c.get(f, "activity id");
    if (!activity_id.empty() && activity_id.find(' ') == std::string::npos) row.import_id = "strava:" + activity_id;
    if (std::string file = std::filesystem::path(c.get(f, "filename")).filename().string(); !file.empty()) {
      if (lower(file).ends_with(".gz")) file.resize(file.size() - 3);
      row.activity_file = file;
    }
    out.sessions.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::optional<tl::expected<HistoryFile, std::string>> read_watch_export(const std::string& name,
                                                                       const std::vector<std::string>& names,
                                                                       const std::vector<Record>& records,
                                                                       const HistoryReadOptions& options) {
  const Columns c(names);
  if (c.has("activity id") && c.has("activity date") && c.has("activity type") && c.has("distance") &&
      (c.has("elapsed time") || c.has("moving time"))) {
    return read_strava(name, c, records, options);
  }
  if (c.has("activity type") && c.has("date") && c.has("distance") && (c.has("time") || c.has("elapsed time"))) {
    return read_garmin(name, c, records, options);
  }
  return std::nullopt;
}

}  // namespace runload::store::csv

namespace runload::store {

bool is_activity_list_id(const std::string& import_id) {
  return import_id.starts_with("strava:") || import_id.starts_with("garmin-csv:");
}

}  // namespace runload::store
