#include <charconv>
#include <cmath>
#include <fstream>
#include <map>

#include "csv_exports.h"
#include "csv_fields.h"
#include "import_identity.h"
#include "runload/store/history_import.h"

namespace runload::store {

namespace {

/// Distance and duration come in runload's own names (`distance_m`, `duration_s`, as `export` writes them) or in
/// the units a runner logs by hand (`distance_km`, `duration_min`); one of each.
enum class Column { kDate, kDistanceKm, kDistanceM, kDurationMin, kDurationS, kRpe, kPain, kShoe, kSurface, kCount };
const std::map<std::string, Column> kColumns = {
    {"date", Column::kDate},           {"distance_km", Column::kDistanceKm}, {"distance_m", Column::kDistanceM},
    {"duration_min", Column::kDurationMin}, {"duration_s", Column::kDurationS},   {"rpe", Column::kRpe},
    {"pain", Column::kPain},           {"shoe", Column::kShoe},              {"surface", Column::kSurface}};

/// A number of `unit_s` ("48.5") or a clock duration ("h:mm:ss", "mm:ss"), in seconds.
std::optional<double> duration_s(const std::string& text, double unit_s) {
  if (const auto n = csv::number(text)) return *n * unit_s;
  return csv::clock_s(text);
}

}  // namespace

tl::expected<HistoryFile, std::string> read_history_csv(const std::filesystem::path& path, const HistoryReadOptions& options) {
  const std::string name = path.filename().string();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::unexpected("cannot read " + path.string() + ": " + ec.message());
  if (size > kMaxHistoryFileBytes) {
    return tl::unexpected(path.string() + ": file is " + std::to_string(size / (1024 * 1024)) +
                          " MiB, more than the 64 MiB a history may have");
  }
  std::ifstream in(path);
  if (!in) return tl::unexpected("cannot read " + path.string());
  auto fail = [&](int line, const std::string& what) { return tl::unexpected(name + ":" + std::to_string(line) + ": " + what); };

  std::string text;
  int line = 0;
  std::vector<csv::Record> records;
  while (std::getline(in, text)) {
    ++line;
    if (line == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 BOM from spreadsheets
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto fields = csv::split(text);
    if (!fields) return fail(line, "unterminated quote");
    records.push_back({line, std::move(*fields)});
  }
  if (records.empty()) return tl::unexpected(name + ": empty file (expected a header row)");
  std::vector<std::string> names;
  for (const auto& f : records.front().fields) names.push_back(csv::lower(f));
  if (auto exported = read_watch_export(name, names, records, options)) return std::move(*exported);

  std::vector<Column> header;
  HistoryFile out;
  out.source = "import:" + name;
  std::map<std::string, int> same_rows;  // identical activities in one file stay apart
  {
    const int header_line = records.front().line;
    bool seen[static_cast<int>(Column::kCount)] = {};
    for (const auto& f : names) {
      const auto it = kColumns.find(f);
      if (it == kColumns.end()) {
        return fail(header_line, "unknown column '" + f + "' (expected date, distance_m or distance_km, duration_s or "
                                 "duration_min, rpe, pain, shoe, surface; or a Garmin Connect or Strava activities export)");
      }
      if (seen[static_cast<int>(it->second)]) return fail(header_line, "column '" + f + "' appears twice");
      seen[static_cast<int>(it->second)] = true;
      header.push_back(it->second);
    }
    const auto has = [&](Column c) { return seen[static_cast<int>(c)]; };
    for (const auto& [a, b] : {std::pair{"distance_m", "distance_km"}, {"duration_s", "duration_min"}}) {
      if (has(kColumns.at(a)) && has(kColumns.at(b))) return fail(header_line, std::string("give '") + a + "' or '" + b + "', not both");
    }
    if (!has(Column::kDate)) return fail(header_line, "missing column 'date'");
    if (!has(Column::kDistanceM) && !has(Column::kDistanceKm)) return fail(header_line, "missing column 'distance_m' (or 'distance_km')");
    if (!has(Column::kDurationS) && !has(Column::kDurationMin)) return fail(header_line, "missing column 'duration_s' (or 'duration_min')");
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    line = records[r].line;
    const std::vector<std::string>* fields = &records[r].fields;
    if (fields->size() != header.size()) {
      return fail(line, std::to_string(fields->size()) + " fields, the header has " + std::to_string(header.size()));
    }
    ImportedSession row;
    row.line = line;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string& v = (*fields)[i];
      switch (header[i]) {
        case Column::kDate: {
          const auto d = core::parse_iso_date(v);
          if (!d) return fail(line, "'" + v + "' is not a date (YYYY-MM-DD)");
          row.session.date = *d;
          break;
        }
        case Column::kDistanceKm:
        case Column::kDistanceM: {
          const bool km = header[i] == Column::kDistanceKm;
          const auto n = csv::number(v);
          const double m = n ? *n * (km ? 1000.0 : 1.0) : -1.0;
          if (!(m >= 0 && m <= kMaxHistoryDistance_km * 1000.0)) {
            return fail(line, km ? "distance_km '" + v + "' must be a number from 0 to 1000"
                                 : "distance_m '" + v + "' must be a number from 0 to 1000000");
          }
          row.session.distance_m = m;
          break;
        }
        case Column::kDurationMin:
        case Column::kDurationS: {
          const bool min = header[i] == Column::kDurationMin;
          const auto seconds = duration_s(v, min ? 60.0 : 1.0);
          if (!seconds || *seconds < 0 || *seconds > kMaxHistoryDuration_min * 60.0) {
            return fail(line, min ? "duration_min '" + v + "' must be minutes from 0 to 10080, or h:mm:ss or mm:ss"
                                  : "duration_s '" + v + "' must be seconds from 0 to 604800, or h:mm:ss or mm:ss");
          }
          row.session.duration_s = *seconds;
          break;
        }
        case Column::kRpe:
          if (v.empty()) break;
          if (const auto rpe = csv::number(v); rpe && *rpe >= 0 && *rpe <= 10) {
            row.session.rpe = *rpe;
          } else {
            return fail(line, "rpe '" + v + "' must be from 0 to 10");
          }
          break;
        case Column::kPain:
          if (v.empty()) break;
          if (const auto pain = csv::number(v); pain && *pain >= 0 && *pain <= 10) {
            row.pain_0_10 = *pain;
          } else {
            return fail(line, "pain '" + v + "' must be from 0 to 10");
          }
          break;
        case Column::kShoe:
          if (!v.empty()) row.shoe_name = v;
          break;
        case Column::kSurface:
          if (v.empty()) break;
          if (const auto s = core::surface_from_string(v)) {
            row.session.surface = *s;
          } else {
            return fail(line, "unknown surface '" + v + "'");
          }
          break;
        case Column::kCount:
          break;
      }
    }
    // The activity, not the line: the same run in an edited or re-exported log is still the same run.
    const std::string key = core::to_iso_string(row.session.date) + "|" + std::to_string(row.session.distance_m) + "|" +
                            std::to_string(row.session.duration_s);
    const std::string id = "csv:" + content_hash(key);
    row.import_id = id + ":" + std::to_string(++same_rows[id]);
    out.sessions.push_back(std::move(row));
  }
  return out;
}

namespace {
std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}
}  // namespace

bool has_history_extension(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  return ext == ".csv" || ext == ".gpx" || ext == ".tcx" || ext == ".fit";
}

tl::expected<HistoryFile, std::string> read_history_file(const std::filesystem::path& path,
                                                         const HistoryReadOptions& options) {
  const std::string ext = lower_extension(path);
  tl::expected<HistoryFile, std::string> file;
  if (ext == ".csv") {
    file = read_history_csv(path, options);
  } else if (ext == ".gpx") {
    file = read_gpx(path);
  } else if (ext == ".tcx") {
    file = read_tcx(path);
  } else if (ext == ".fit") {
    file = read_fit(path);
  } else {
    return tl::unexpected(path.string() + ": unknown history format (expected .csv, .gpx, .tcx or .fit)");
  }
  if (!file) return file;
  if (auto identified = identify_by_content(*file, path, ext.substr(1)); !identified) {
    return tl::unexpected(identified.error());
  }
  return file;
}

}  // namespace runload::store
