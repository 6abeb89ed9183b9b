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

enum class Column { kDate, kDistanceKm, kDurationMin, kRpe, kPain, kShoe, kSurface };
const std::map<std::string, Column> kColumns = {
    {"date", Column::kDate},   {"distance_km", Column::kDistanceKm}, {"duration_min", Column::kDurationMin},
    {"rpe", Column::kRpe},     {"pain", Column::kPain},              {"shoe", Column::kShoe},
    {"surface", Column::kSurface}};

/// Minutes ("48.5") or a clock duration ("h:mm:ss", "mm:ss"), in seconds.
std::optional<double> duration_s(const std::string& text) {
  if (const auto min = csv::number(text)) return *min * 60.0;
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
    bool seen[7] = {};
    for (const auto& f : names) {
      const auto it = kColumns.find(f);
      if (it == kColumns.end()) {
        return fail(header_line, "unknown column '" + f + "' (expected date, distance_km, duration_min, rpe, pain, shoe, "
                                 "surface; or a Garmin Connect or Strava activities export)");
      }
      if (seen[static_cast<int>(it->second)]) return fail(header_line, "column '" + f + "' appears twice");
      seen[static_cast<int>(it->second)] = true;
      header.push_back(it->second);
    }
    for (const char* required : {"date", "distance_km", "duration_min"}) {
      if (!seen[static_cast<int>(kColumns.at(required))]) return fail(header_line, std::string("missing column '") + required + "'");
    }
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
        case Column::kDistanceKm: {
          const auto km = csv::number(v);
          if (!km || *km < 0 || *km > kMaxHistoryDistance_km) return fail(line, "distance_km '" + v + "' must be a number from 0 to 1000");
          row.session.distance_m = *km * 1000.0;
          break;
        }
        case Column::kDurationMin: {
          const auto seconds = duration_s(v);
          if (!seconds || *seconds < 0 || *seconds > kMaxHistoryDuration_min * 60.0) {
            return fail(line, "duration_min '" + v + "' must be minutes from 0 to 10080, or h:mm:ss or mm:ss");
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
