// FIT messages → FitActivity: file_id, session and lap summaries, the sensors device_info names, and the
// record means of the running dynamics per session and lap span.
#include "runload/store/fit_activity.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include "runload/store/history_import.h"

namespace runload::store {

namespace {

// Global message numbers and their fields (FIT profile).
constexpr std::uint16_t kFileIdMessage = 0, kSessionMessage = 18, kLapMessage = 19, kRecordMessage = 20,
                        kDeviceInfoMessage = 23, kActivityMessage = 34;
constexpr std::uint8_t kAntplusHeartRate = 120, kAntplusRunningDynamics = 30;
constexpr std::uint8_t kSourceAntplus = 1, kSourceBluetooth = 2, kSourceBluetoothLowEnergy = 3;

/// One record's running dynamics, kept until the session and lap spans are known.
struct RecordDynamics {
  std::uint32_t timestamp = 0;
  std::array<std::optional<double>, 10> values{};  ///< in FitRecordMeans order
};

constexpr std::array<std::optional<double> FitRecordMeans::*, 10> kMeanFields = {
    &FitRecordMeans::power_w,          &FitRecordMeans::vertical_oscillation_mm, &FitRecordMeans::stance_time_ms,
    &FitRecordMeans::vertical_ratio_pct, &FitRecordMeans::stance_time_balance_pct, &FitRecordMeans::step_length_mm,
    &FitRecordMeans::dev_power_w,      &FitRecordMeans::dev_ground_time_ms,      &FitRecordMeans::dev_vertical_oscillation,
    &FitRecordMeans::dev_leg_spring_stiffness};
constexpr std::array<const char*, 4> kDeveloperNames = {"Power", "Ground Time", "Vertical Oscillation",
                                                         "Leg Spring Stiffness"};

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
        if (out_.file_id.manufacturer == kFitManufacturerStryd) out_.sensors.stryd = true;
        break;
      case kSessionMessage: out_.sessions.push_back(summary(m, 5, 6, kSessionFields)); break;
      case kLapMessage: out_.laps.push_back(summary(m, 25, 39, kLapFields)); break;
      case kRecordMessage: record(m); break;
      case kDeviceInfoMessage: device_info(m); break;
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

  /// Fills each session's and lap's record means from the records kept.
  void finish() {
    for (FitSession& s : out_.sessions) s.record_means = means(s);
    for (FitLap& l : out_.laps) l.record_means = means(l);
  }

 private:
  /// Field numbers of the summary fields in a session (18) or lap (19) message.
  struct SummaryFields {
    std::uint8_t start_time, elapsed, timer, distance, cycles, avg_speed, enhanced_avg_speed, avg_cadence, avg_power,
        vertical_oscillation, stance_time, fractional_cadence, vertical_ratio, stance_time_balance, step_length;
  };
  static constexpr SummaryFields kSessionFields{2, 7, 8, 9, 10, 14, 124, 18, 20, 89, 91, 92, 132, 133, 134};
  static constexpr SummaryFields kLapFields{2, 7, 8, 9, 10, 13, 110, 17, 19, 77, 79, 80, 118, 119, 120};

  static FitSession summary(const fit::Message& m, std::uint8_t sport, std::uint8_t sub_sport, const SummaryFields& f) {
    FitSession s;
    s.start_time = fit::to_unsigned<std::uint32_t>(m.number(f.start_time));
    s.timestamp = m.timestamp;
    s.sport = fit::to_unsigned<std::uint8_t>(m.number(sport));
    s.sub_sport = fit::to_unsigned<std::uint8_t>(m.number(sub_sport));
    s.total_elapsed_time_s = m.number(f.elapsed, 1000);
    s.total_timer_time_s = m.number(f.timer, 1000);
    s.total_distance_m = m.number(f.distance, 100);
    s.total_cycles = m.number(f.cycles);
    s.avg_speed_mps = m.number(f.enhanced_avg_speed, 1000);
    if (!s.avg_speed_mps) s.avg_speed_mps = m.number(f.avg_speed, 1000);
    s.avg_cadence_rpm = m.number(f.avg_cadence);
    s.avg_power_w = m.number(f.avg_power);
    s.avg_vertical_oscillation_mm = m.number(f.vertical_oscillation, 10);
    s.avg_stance_time_ms = m.number(f.stance_time, 10);
    s.avg_fractional_cadence_rpm = m.number(f.fractional_cadence, 128);
    s.avg_vertical_ratio_pct = m.number(f.vertical_ratio, 100);
    s.avg_stance_time_balance_pct = m.number(f.stance_time_balance, 100);
    s.avg_step_length_mm = m.number(f.step_length, 10);
    return s;
  }

  void device_info(const fit::Message& m) {
    const auto manufacturer = fit::to_unsigned<std::uint16_t>(m.number(2));
    const auto type = fit::to_unsigned<std::uint8_t>(m.number(1));
    const auto source = fit::to_unsigned<std::uint8_t>(m.number(25));
    if (manufacturer == kFitManufacturerStryd) out_.sensors.stryd = true;
    const bool external = source == kSourceAntplus || source == kSourceBluetooth || source == kSourceBluetoothLowEnergy;
    if (external && type == kAntplusRunningDynamics) out_.sensors.running_dynamics_pod = true;
    if (external && type == kAntplusHeartRate) out_.sensors.external_heart_rate = true;
  }

  void record(const fit::Message& m) {
    ++out_.records;
    RecordDynamics r;
    r.values[0] = m.number(7);
    r.values[1] = m.number(39, 10);
    r.values[2] = m.number(41, 10);
    r.values[3] = m.number(83, 100);
    r.values[4] = m.number(84, 100);
    r.values[5] = m.number(85, 10);
    for (const fit::DeveloperField& f : m.developer_fields) {
      if (f.description == nullptr || f.description->name.empty()) continue;
      const auto v = m.developer_number(f);
      if (!v) continue;
      FitDeveloperSeries& series = out_.record_developer_fields[f.description->name];
      series.units = f.description->units;
      ++series.count;
      series.sum += *v;
      for (std::size_t k = 0; k < kDeveloperNames.size(); ++k) {
        if (f.description->name == kDeveloperNames[k]) r.values[6 + k] = v;
      }
      if (f.description->name == "Vertical Oscillation") out_.sensors.developer_vo_units = f.description->units;
    }
    if (!m.timestamp || std::none_of(r.values.begin(), r.values.end(), [](const auto& v) { return v.has_value(); })) {
      return;
    }
    if (records_.size() >= kMaxDynamicsRecords) {
      out_.dynamics_records_capped = true;
      return;
    }
    r.timestamp = *m.timestamp;
    records_.push_back(r);
  }

  FitRecordMeans means(const FitSession& s) const {
    FitRecordMeans out;
    if (!s.start_time) return out;
    const double end = span_end(s);
    std::array<double, 10> sum{};
    std::array<std::size_t, 10> n{};
    for (const RecordDynamics& r : records_) {
      if (r.timestamp < *s.start_time || r.timestamp > end) continue;
      for (std::size_t k = 0; k < r.values.size(); ++k) {
        if (!r.values[k]) continue;
        sum[k] += *r.values[k];
        ++n[k];
      }
    }
    for (std::size_t k = 0; k < kMeanFields.size(); ++k) {
      if (n[k] > 0) out.*kMeanFields[k] = sum[k] / static_cast<double>(n[k]);
    }
    return out;
  }

  FitActivity& out_;
  bool file_id_seen_ = false;
  std::vector<RecordDynamics> records_;  ///< at most kMaxDynamicsRecords
};

}  // namespace

double span_end(const FitSession& s) {
  const double start = s.start_time.value_or(0);
  // Some watches (FR965) write the start into the timestamp field too: then the elapsed time says.
  if (s.timestamp && *s.timestamp > start) return *s.timestamp;
  return start + s.total_elapsed_time_s.value_or(0.0);
}

FitActivity decode_fit_activity(std::span<const std::uint8_t> bytes) {
  FitActivity out;
  ActivitySink sink(out);
  fit::Decoder decoder(sink);
  decoder.push(bytes);
  decoder.finish();
  sink.finish();
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

}  // namespace runload::store
