#include <pugixml.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "runload/store/history_import.h"
#include "history_checks.h"

namespace runload::store {

namespace {

/// An ISO 8601 timestamp "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)": the instant, and the local offset when
/// the text states one ("Z" states UTC, not the runner's offset).
struct Timestamp {
  double utc_s = 0;
  std::optional<std::int32_t> offset_s;
};

std::optional<Timestamp> parse_timestamp(const char* text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double s = 0;
  if (std::sscanf(text, "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || !(s >= 0 && s < 61)) return std::nullopt;  // also NaN seconds
  Timestamp out;
  const char* zone = text + consumed;
  int oh = 0, om = 0;
  if ((*zone == '+' || *zone == '-') && std::sscanf(zone + 1, "%2d:%2d", &oh, &om) == 2) {
    out.offset_s = (*zone == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  const auto days = std::chrono::sys_days{ymd}.time_since_epoch().count();
  out.utc_s = static_cast<double>(days) * 86400.0 + h * 3600.0 + mi * 60.0 + s - out.offset_s.value_or(0);
  return out;
}

/// Great-circle distance on a spherical Earth (mean radius 6 371 km), m.
double haversine_m(double lat1_deg, double lon1_deg, double lat2_deg, double lon2_deg) {
  constexpr double kDegToRad = std::numbers::pi / 180.0;
  constexpr double kEarthRadius_m = 6'371'000.0;
  const double dlat = (lat2_deg - lat1_deg) * kDegToRad;
  const double dlon = (lon2_deg - lon1_deg) * kDegToRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1_deg * kDegToRad) * std::cos(lat2_deg * kDegToRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadius_m * std::asin(std::min(1.0, std::sqrt(a)));
}

tl::expected<pugi::xml_document, std::string> load_xml(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::unexpected("cannot read " + path.string() + ": " + ec.message());
  if (size > kMaxHistoryFileBytes) return tl::unexpected(path.string() + ": file is larger than 64 MiB");
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_file(path.c_str());
  if (!r) {
    return tl::unexpected(path.filename().string() + ": not valid XML at byte " + std::to_string(r.offset) + ": " +
                          r.description());
  }
  return doc;
}

}  // namespace

tl::expected<HistoryFile, std::string> read_gpx(const std::filesystem::path& path) {
  auto doc = load_xml(path);
  if (!doc) return tl::unexpected(doc.error());
  const std::string name = path.filename().string();
  double distance_m = 0;
  std::optional<Timestamp> first;
  std::optional<double> last_s;
  std::optional<std::pair<double, double>> previous;
  std::size_t points = 0;
  for (const pugi::xpath_node& node : doc->select_nodes("//*[local-name()='trkpt']")) {
    const pugi::xml_node pt = node.node();
    const double lat = pt.attribute("lat").as_double(1000), lon = pt.attribute("lon").as_double(1000);
    if (!(std::abs(lat) <= 90 && std::abs(lon) <= 180)) {  // NaN fails too
      return tl::unexpected(name + ": track point " + std::to_string(points + 1) + " has no valid lat/lon");
    }
    ++points;
    if (previous) distance_m += haversine_m(previous->first, previous->second, lat, lon);
    previous = {lat, lon};
    const char* time = pt.child_value("time");
    if (*time == '\0') continue;
    const auto t = parse_timestamp(time);
    if (!t) return tl::unexpected(name + ": track point " + std::to_string(points) + " has a bad time '" + time + "'");
    if (!first) first = t;
    last_s = t->utc_s;
  }
  if (points < 2) return tl::unexpected(name + ": a GPX track needs at least two <trkpt> points");
  if (!first) return tl::unexpected(name + ": the track has no <time> stamps");
  ImportedSession row;
  set_start(row.session, static_cast<std::int64_t>(std::floor(first->utc_s)), first->offset_s);
  row.session.distance_m = distance_m;
  row.session.duration_s = *last_s - first->utc_s;
  if (row.session.duration_s < 0) return tl::unexpected(name + ": track times run backwards");
  if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) {
    return tl::unexpected(name + ": the track " + *wrong);
  }
  return HistoryFile{"import:" + name, {row}, {}};
}

tl::expected<HistoryFile, std::string> read_tcx(const std::filesystem::path& path) {
  auto doc = load_xml(path);
  if (!doc) return tl::unexpected(doc.error());
  const std::string name = path.filename().string();
  HistoryFile out{"import:" + name, {}, {}};
  for (const pugi::xpath_node& node : doc->select_nodes("//*[local-name()='Activity']")) {
    const pugi::xml_node activity = node.node();
    const char* id = activity.child_value("Id");
    const auto start = parse_timestamp(id);
    if (!start) return tl::unexpected(name + ": <Activity> has a bad <Id> time '" + std::string(id) + "'");
    ImportedSession row;
    set_start(row.session, static_cast<std::int64_t>(std::floor(start->utc_s)), start->offset_s);
    const std::string activity_name = "<Activity> " + std::to_string(out.sessions.size() + 1);
    int lap_number = 0;
    for (const pugi::xml_node lap : activity.children("Lap")) {
      const std::string lap_name = "<Lap> " + std::to_string(++lap_number) + " of " + activity_name;
      const double lap_s = lap.child("TotalTimeSeconds").text().as_double(-1);
      const double lap_m = lap.child("DistanceMeters").text().as_double(-1);
      if (!(lap_s >= 0 && lap_m >= 0)) {  // NaN fails too
        return tl::unexpected(name + ": " + lap_name + " lacks a valid TotalTimeSeconds or DistanceMeters");
      }
      if (const auto wrong = implausible_totals(lap_m, lap_s)) return tl::unexpected(name + ": " + lap_name + " " + *wrong);
      row.session.duration_s += lap_s;
      row.session.distance_m += lap_m;
    }
    if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) {
      return tl::unexpected(name + ": " + activity_name + " " + *wrong);
    }
    out.sessions.push_back(std::move(row));
  }
  if (out.sessions.empty()) return tl::unexpected(name + ": no <Activity> found");
  return out;
}

}  // namespace runload::store
