#include <charconv>
#include <cmath>
#include <fstream>
#include <map>

#include "runload/store/history_import.h"

namespace runload::store {

namespace {

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines). nullopt on a broken quote.
std::optional<std::vector<std::string>> split_csv(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (auto& f : fields) {
    const auto first = f.find_first_not_of(" \t");
    const auto last = f.find_last_not_of(" \t");
    f = first == std::string::npos ? std::string() : f.substr(first, last - first + 1);
  }
  return fields;
}

std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

enum class Column { kDate, kDistanceKm, kDurationMin, kRpe, kPain, kShoe, kSurface };
const std::map<std::string, Column> kColumns = {
    {"date", Column::kDate},   {"distance_km", Column::kDistanceKm}, {"duration_min", Column::kDurationMin},
    {"rpe", Column::kRpe},     {"pain", Column::kPain},              {"shoe", Column::kShoe},
    {"surface", Column::kSurface}};

}  // namespace

tl::expected<HistoryFile, std::string> read_history_csv(const std::filesystem::path& path) {
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
  std::vector<Column> header;
  HistoryFile out;
  out.source = "import:" + name;
  while (std::getline(in, text)) {
    ++line;
    if (line == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 BOM from spreadsheets
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto fields = split_csv(text);
    if (!fields) return fail(line, "unterminated quote");
    if (header.empty()) {
      bool seen[7] = {};
      for (const auto& f : *fields) {
        const auto it = kColumns.find(f);
        if (it == kColumns.end()) {
          return fail(line, "unknown column '" + f + "' (expected date, distance_km, duration_min, rpe, pain, shoe, surface)");
        }
        if (seen[static_cast<int>(it->second)]) return fail(line, "column '" + f + "' appears twice");
        seen[static_cast<int>(it->second)] = true;
        header.push_back(it->second);
      }
      for (const char* required : {"date", "distance_km", "duration_min"}) {
        if (!seen[static_cast<int>(kColumns.at(required))]) return fail(line, std::string("missing column '") + required + "'");
      }
      continue;
    }
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
          const auto km = parse_number(v);
          if (!km || *km < 0 || *km > kMaxHistoryDistance_km) return fail(line, "distance_km '" + v + "' must be a number from 0 to 1000");
          row.session.distance_m = *km * 1000.0;
          break;
        }
        case Column::kDurationMin: {
          const auto min = parse_number(v);
          if (!min || *min < 0 || *min > kMaxHistoryDuration_min) return fail(line, "duration_min '" + v + "' must be a number from 0 to 10080");
          row.session.duration_s = *min * 60.0;
          break;
        }
        case Column::kRpe:
          if (v.empty()) break;
          if (const auto rpe = parse_number(v); rpe && *rpe >= 0 && *rpe <= 10) {
            row.session.rpe = *rpe;
          } else {
            return fail(line, "rpe '" + v + "' must be from 0 to 10");
          }
          break;
        case Column::kPain:
          if (v.empty()) break;
          if (const auto pain = parse_number(v); pain && *pain >= 0 && *pain <= 10) {
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
    out.sessions.push_back(std::move(row));
  }
  if (header.empty()) return tl::unexpected(name + ": empty file (expected a header row)");
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

tl::expected<HistoryFile, std::string> read_history_file(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext == ".csv") return read_history_csv(path);
  if (ext == ".gpx") return read_gpx(path);
  if (ext == ".tcx") return read_tcx(path);
  if (ext == ".fit") return read_fit(path);
  return tl::unexpected(path.string() + ": unknown history format (expected .csv, .gpx, .tcx or .fit)");
}

}  // namespace runload::store
