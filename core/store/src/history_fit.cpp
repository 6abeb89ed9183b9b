// FIT activity files → FitActivity (the profile's messages runload uses) → imported sessions.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "history_checks.h"
#include "runload/store/fit_activity.h"
#include "runload/store/history_import.h"

namespace runload::store {

namespace {

// Global message numbers and their fields (FIT profile).
constexpr std::uint16_t kFileIdMessage = 0, kSessionMessage = 18, kLapMessage = 19, kRecordMessage = 20,
                        kActivityMessage = 34;

class ActivitySink final : public fit::MessageSink {
 public:
  explicit ActivitySink(FitActivity& out) : out_(out) {}

  void on_message(const fit::Message& m) override {
    switch (m.global) {
      case kFileIdMessage:
        if (file_id_seen_) return;  // a chained file's file_id: the first one names the device
        file_id_seen_ = true;
        out_.file_id.manufacturer = fit::to_unsigned<std::uint16_t>(m.number(1));
        out_.file_id.product = fit::to_unsigned<std::uint16_t>(m.number(2));
        out_.file_id.serial_number = fit::to_unsigned<std::uint32_t>(m.number(3));
        out_.file_id.time_created = fit::to_unsigned<std::uint32_t>(m.number(4));
        break;
      case kSessionMessage: out_.sessions.push_back(session(m)); break;
      case kLapMessage: ++out_.laps; break;
      case kRecordMessage: record(m); break;
      case kActivityMessage: {
        const auto local = m.number(5), utc = m.number(fit::kTimestampField);
        if (local && utc) {
          // Real offsets are whole quarter hours within ±14 h.
          const double quarters = std::round((*local - *utc) / 900.0);
          if (std::abs(quarters) <= 14 * 4) out_.utc_offset_s = static_cast<std::int32_t>(quarters * 900);
        }
        break;
      }
      default: break;
    }
  }

 private:
  static FitSession session(const fit::Message& m) {
    FitSession s;
    s.start_time = fit::to_unsigned<std::uint32_t>(m.number(2));
    s.sport = fit::to_unsigned<std::uint8_t>(m.number(5));
    s.sub_sport = fit::to_unsigned<std::uint8_t>(m.number(6));
    s.total_elapsed_time_s = m.number(7, 1000);
    s.total_timer_time_s = m.number(8, 1000);
    s.total_distance_m = m.number(9, 100);
    s.total_cycles = m.number(10);
    s.avg_speed_mps = m.number(124, 1000);
    if (!s.avg_speed_mps) s.avg_speed_mps = m.number(14, 1000);
    s.avg_cadence_rpm = m.number(18);
    s.avg_power_w = m.number(20);
    s.avg_vertical_oscillation_mm = m.number(89, 10);
    s.avg_stance_time_ms = m.number(91, 10);
    s.avg_fractional_cadence_rpm = m.number(92, 128);
    s.avg_vertical_ratio_pct = m.number(132, 100);
    s.avg_stance_time_balance_pct = m.number(133, 100);
    s.avg_step_length_mm = m.number(134, 10);
    return s;
  }

  void record(const fit::Message& m) {
    ++out_.records;
    for (const fit::DeveloperField& f : m.developer_fields) {
      if (f.description == nullptr || f.description->name.empty()) continue;
      const auto v = m.developer_number(f);
      if (!v) continue;
      FitDeveloperSeries& series = out_.record_developer_fields[f.description->name];
      series.units = f.description->units;
      ++series.count;
      series.sum += *v;
    }
  }

  FitActivity& out_;
  bool file_id_seen_ = false;
};

bool positive(const std::optional<double>& v) { return v && *v > 0; }

/// The session's running metrics that the Session model holds; names of those it does not, into `unstored`.
void add_running_metrics(const FitSession& s, core::SessionMetrics& m, std::vector<std::string>& unstored) {
  if (positive(s.avg_cadence_rpm)) {
    m.cadence_steps_per_min = 2.0 * (*s.avg_cadence_rpm + s.avg_fractional_cadence_rpm.value_or(0.0));
  }
  if (positive(s.avg_stance_time_ms)) m.gct_ms = s.avg_stance_time_ms;
  if (positive(s.avg_stance_time_balance_pct) && *s.avg_stance_time_balance_pct < 100) {
    // Symmetry index of GCT: |L − R| / ((L + R) / 2) with L = b, R = 100 − b.
    m.asymmetry_pct = std::abs(2.0 * *s.avg_stance_time_balance_pct - 100.0) * 2.0;
  }
  if (positive(s.avg_speed_mps)) m.speed_mps = s.avg_speed_mps;
  if (positive(s.total_cycles)) m.step_count = 2.0 * *s.total_cycles;  // running cycles are strides
  const auto note = [&unstored](bool present, const char* name) {
    if (present && std::find(unstored.begin(), unstored.end(), name) == unstored.end()) unstored.emplace_back(name);
  };
  note(positive(s.avg_vertical_oscillation_mm), "vertical oscillation");
  note(positive(s.avg_vertical_ratio_pct), "vertical ratio");
  note(positive(s.avg_step_length_mm), "step length");
  note(positive(s.avg_power_w), "power");
}

std::string sport_label(const FitSession& s) {
  return s.sport ? "sport " + std::to_string(*s.sport) : std::string("no sport");
}

}  // namespace

FitActivity decode_fit_activity(std::span<const std::uint8_t> bytes) {
  FitActivity out;
  ActivitySink sink(out);
  fit::Decoder decoder(sink);
  decoder.push(bytes);
  decoder.finish();
  out.stats = decoder.stats();
  out.error = decoder.error();
  out.error_offset = decoder.error_offset();
  return out;
}

tl::expected<FitActivity, std::string> read_fit_activity(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return tl::unexpected("cannot read " + path.string() + ": " + ec.message());
  if (size > kMaxHistoryFileBytes) return tl::unexpected(path.string() + ": file is larger than 64 MiB");
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));  // bounded by the size check above
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    return tl::unexpected("cannot read " + path.string());
  }
  return decode_fit_activity(bytes);
}

tl::expected<HistoryFile, std::string> read_fit(const std::filesystem::path& path) {
  const auto activity = read_fit_activity(path);
  if (!activity) return tl::unexpected(activity.error());
  const std::string name = path.filename().string();
  const FitActivity& a = *activity;
  const std::string where = a.error ? " at byte " + std::to_string(a.error_offset) : std::string();
  if (a.error && a.error->starts_with("file CRC mismatch")) {
    return tl::unexpected(name + ": " + *a.error + ": the file is corrupt, nothing imported");
  }
  if (a.error && a.sessions.empty()) {
    return tl::unexpected(name + ": " + *a.error + where + ", before any session summary: nothing imported");
  }
  if (a.sessions.empty()) return tl::unexpected(name + ": no session message (not an activity file?)");

  HistoryFile out{"import:" + name, {}, {}};
  if (a.error) {
    const std::size_t n = a.sessions.size();
    out.notes.push_back(name + ": " + *a.error + where + "; kept the " + std::to_string(n) +
                        (n == 1 ? " session summary" : " session summaries") + " before it, dropped the rest of the file");
  }
  std::vector<std::string> unstored;
  std::size_t transitions = 0;
  std::vector<std::string> undated;
  for (std::size_t i = 0; i < a.sessions.size(); ++i) {
    const FitSession& s = a.sessions[i];
    const std::string label = "session " + std::to_string(i + 1) + " (" + sport_label(s) + ")";
    if (s.sport == kFitSportTransition) {
      ++transitions;
      continue;
    }
    if (!s.start_time || *s.start_time < fit::kMinAbsoluteTime) {
      undated.push_back(label);
      continue;
    }
    ImportedSession row;
    set_start(row.session, fit::kFitEpochUnix_s + *s.start_time, a.utc_offset_s);
    row.session.duration_s = s.total_timer_time_s.value_or(s.total_elapsed_time_s.value_or(0.0));
    row.session.distance_m = s.total_distance_m.value_or(0.0);
    if (const auto wrong = implausible_totals(row.session.distance_m, row.session.duration_s)) {
      return tl::unexpected(name + ": " + label + " " + *wrong);
    }
    if (s.sport == kFitSportRunning) {
      row.session.activity = core::ActivityKind::kRun;
      add_running_metrics(s, row.session.metrics, unstored);
    } else if (s.sport == kFitSportWalking) {
      row.session.activity = core::ActivityKind::kWalk;
    } else {
      row.session.activity = core::ActivityKind::kCrossTraining;
    }
    out.sessions.push_back(std::move(row));
  }
  if (out.sessions.empty()) {
    return tl::unexpected(name + ": no session with a date (the watch clock was not set: device-relative "
                                 "timestamps): nothing imported");
  }
  if (transitions > 0) out.notes.push_back(name + ": skipped " + std::to_string(transitions) + " transition(s)");
  if (!undated.empty()) {
    std::string list;
    for (const auto& u : undated) list += (list.empty() ? "" : ", ") + u;
    out.notes.push_back(name + ": skipped " + list + ": no date (device-relative timestamps)");
  }
  for (const auto& [field, series] : a.record_developer_fields) {
    if (field == "Leg Spring Stiffness" && series.count > 0) unstored.emplace_back("leg spring stiffness");
  }
  if (!unstored.empty()) {
    std::string list;
    for (const auto& u : unstored) list += (list.empty() ? "" : ", ") + u;
    out.notes.push_back(name + ": not stored yet (no place in the session model): " + list);
  }
  return out;
}

}  // namespace runload::store
