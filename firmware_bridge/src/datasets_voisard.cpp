#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>

#include "runload/bridge/datasets/voisard_adapter.h"

namespace runload::bridge::datasets {
namespace {

namespace fs = std::filesystem;

tl::expected<std::string, std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return tl::make_unexpected("cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// The integers inside the bracketed value of `"key":` (nested brackets flattened).
tl::expected<std::vector<long long>, std::string> json_ints(std::string_view text, const std::string& key) {
  const auto k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return tl::make_unexpected("missing key " + key);
  const auto open = text.find('[', k);
  if (open == std::string::npos) return tl::make_unexpected("key " + key + " is not a list");
  int depth = 0;
  std::size_t end = open;
  for (; end < text.size(); ++end) {
    if (text[end] == '[') ++depth;
    if (text[end] == ']' && --depth == 0) break;
  }
  if (depth != 0) return tl::make_unexpected("unterminated list for " + key);
  std::vector<long long> out;
  const char* p = text.data() + open;
  const char* e = text.data() + end;
  while (p < e) {
    if ((*p >= '0' && *p <= '9') || *p == '-') {
      long long v = 0;
      const auto r = std::from_chars(p, e, v);
      if (r.ec != std::errc{}) return tl::make_unexpected("bad integer in " + key);
      // Tolerate "12.0" written as a float.
      p = r.ptr;
      if (p < e && *p == '.') {
        ++p;
        while (p < e && *p >= '0' && *p <= '9') ++p;
      }
      out.push_back(v);
    } else {
      ++p;
    }
  }
  return out;
}

/// "3-2_lf.txt" → subject 3, trial 2, left.
bool parse_name(const std::string& stem, int& subject, int& trial, signal::BodySide& side) {
  const auto dash = stem.find('-');
  const auto under = stem.find('_');
  if (dash == std::string::npos || under == std::string::npos || under < dash) return false;
  const std::string foot = stem.substr(under + 1);
  if (foot != "lf" && foot != "rf") return false;
  const auto r1 = std::from_chars(stem.data(), stem.data() + dash, subject);
  const auto r2 = std::from_chars(stem.data() + dash + 1, stem.data() + under, trial);
  if (r1.ec != std::errc{} || r2.ec != std::errc{}) return false;
  side = foot == "lf" ? signal::BodySide::kLeft : signal::BodySide::kRight;
  return true;
}

}  // namespace

tl::expected<std::vector<RecordingInfo>, std::string> VoisardAdapter::list(const fs::path& dir) const {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return tl::make_unexpected("cannot list " + dir.string() + ": " + ec.message());
  std::vector<RecordingInfo> out;
  for (const auto& entry : it) {
    if (entry.path().extension() != ".txt") continue;
    const std::string stem = entry.path().stem().string();
    RecordingInfo info;
    if (!parse_name(stem, info.subject, info.trial, info.side)) continue;
    const fs::path json = dir / (stem.substr(0, stem.find('_')) + ".json");
    // Listed even when its events file is missing: load() then cannot open it, and an evaluation
    // of the folder fails rather than quietly scoring fewer recordings than the folder holds.
    info.id = stem;
    info.placement = signal::Placement::kFoot;
    info.files = {entry.path(), json};
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const RecordingInfo& a, const RecordingInfo& b) {
    return std::tie(a.subject, a.trial, a.side) < std::tie(b.subject, b.trial, b.side);
  });
  return out;
}

tl::expected<Recording, std::string> VoisardAdapter::load(const RecordingInfo& info) const {
  if (info.files.size() != 2) return tl::make_unexpected("recording " + info.id + " needs a .txt and a .json");
  const auto text = read_text(info.files[0]);
  if (!text) return tl::make_unexpected(text.error());
  const auto json = read_text(info.files[1]);
  if (!json) return tl::make_unexpected(json.error());
  return load_text(info, *text, *json);
}

tl::expected<Recording, std::string> VoisardAdapter::load_text(const RecordingInfo& info, std::string_view foot_text,
                                                               std::string_view events_json) const {
  if (info.files.size() != 2) return tl::make_unexpected("recording " + info.id + " needs a .txt and a .json");
  Recording rec;
  rec.info = info;
  rec.sensor.serial = info.id;
  rec.sensor.model = "Xsens MTw Awinda";
  rec.sensor.placement = signal::Placement::kFoot;
  rec.sensor.side = info.side;
  rec.sensor.accel_range_g = 16.0f;     // MTw: ±160 m/s²
  rec.sensor.gyro_range_dps = 2000.0f;  // MTw: ±2000 °/s

  // --- Samples. Line 1 "Acquisition frequency: 100 Hz", line 2 the header, then rows.
  std::istringstream lines{std::string(foot_text)};
  std::string line;
  std::getline(lines, line);
  float rate_hz = 100.0f;
  if (const auto colon = line.find(':'); colon != std::string::npos) {
    std::istringstream(line.substr(colon + 1)) >> rate_hz;
  }
  if (!(rate_hz > 0.0f)) return tl::make_unexpected(info.files[0].string() + ": bad sampling rate line");
  rec.sensor.sample_rate_hz = rate_hz;
  std::getline(lines, line);  // header
  const double period_us = 1e6 / static_cast<double>(rate_hz);
  int line_no = 2;
  while (std::getline(lines, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    double v[10];
    const char* p = line.data();
    const char* e = line.data() + line.size();
    int n = 0;
    while (n < 10 && p < e) {
      while (p < e && (*p == '\t' || *p == ' ' || *p == '\r')) ++p;
      if (p >= e) break;
      const auto r = std::from_chars(p, e, v[n]);
      if (r.ec != std::errc{}) break;
      p = r.ptr;
      ++n;
    }
    if (n < 7) return tl::make_unexpected(info.files[0].string() + ":" + std::to_string(line_no) + ": expected 7+ columns");
    signal::ImuSample s;
    s.index_samples = static_cast<std::uint64_t>(std::llround(v[0]));
    s.t_device = signal::device_time_from_us(static_cast<std::int64_t>(std::llround(v[0] * period_us)));
    // Already SI: m/s² (gravity included) and rad/s, sensor frame.
    s.accel_sensor_mps2 = signal::Vec3f(static_cast<float>(v[1]), static_cast<float>(v[2]), static_cast<float>(v[3]));
    s.gyro_sensor_radps = signal::Vec3f(static_cast<float>(v[4]), static_cast<float>(v[5]), static_cast<float>(v[6]));
    s.channels = signal::kChannelAccel | signal::kChannelGyro;
    rec.samples.push_back(s);
  }

  if (rec.samples.empty()) return tl::make_unexpected(info.files[0].string() + ": no samples after the header");

  // --- Reference events.
  rec.reference.kind = GaitKind::kWalking;
  const auto events = json_ints(events_json, info.side == signal::BodySide::kLeft ? "LeftFootEvents" : "RightFootEvents");
  if (!events) return tl::make_unexpected(info.files[1].string() + ": " + events.error());
  if (events->size() % 2 != 0) return tl::make_unexpected(info.files[1].string() + ": odd event list");
  for (std::size_t i = 0; i + 1 < events->size(); i += 2) {
    // Each pair is one swing: [toe-off, initial contact].
    rec.reference.tc_index_samples.push_back(static_cast<std::uint64_t>((*events)[i]));
    rec.reference.ic_index_samples.push_back(static_cast<std::uint64_t>((*events)[i + 1]));
  }
  if (const auto b = json_ints(events_json, "TrialBoundaries"); b && b->size() == 2)
    rec.reference.scored_samples = std::pair{static_cast<std::uint64_t>((*b)[0]), static_cast<std::uint64_t>((*b)[1])};
  if (const auto u = json_ints(events_json, "UTurnBoundaries"); u && u->size() == 2)
    rec.reference.turn_samples.emplace_back(static_cast<std::uint64_t>((*u)[0]), static_cast<std::uint64_t>((*u)[1]));
  return rec;
}

}  // namespace runload::bridge::datasets
