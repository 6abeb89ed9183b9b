#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <system_error>

#include "datasets_mat_file.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"

namespace runload::bridge::datasets {
namespace {

namespace fs = std::filesystem;

constexpr const char* kExpected = "a PyShoe trial holds ts 1×N, imu N×6 and gt N×3";

std::string shape(const MatDoubleMatrix& m) { return std::to_string(m.rows) + "×" + std::to_string(m.cols); }

tl::expected<MatDoubleMatrix, std::string> read_variable(const MatFile& file, const std::string& name) {
  if (!file.has(name)) return tl::make_unexpected(file.path().string() + ": no variable '" + name + "' (" + kExpected + ")");
  return file.read_double_matrix(name);
}

bool all_finite(const std::vector<double>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

std::string seconds_text(double s) {
  std::ostringstream out;
  out << s;  // 6 significant digits: "4.9e+232", not 233 of them
  return out.str();
}

/// ts (finite, s) as device times in µs since ts[0]. The device clock counts whole µs in 64 bits, so a
/// span it cannot hold, or two samples less than 1 µs apart, is an error rather than times made up to
/// fit: either would also leave the sample rate (N−1)/span 0 or infinite as a float.
tl::expected<std::vector<std::int64_t>, std::string> device_times_us(const std::vector<double>& t_s) {
  for (std::size_t i = 1; i < t_s.size(); ++i)
    if (!(t_s[i] > t_s[i - 1])) return tl::make_unexpected("ts is not increasing at sample " + std::to_string(i));
  // Increasing, so no time lies further from ts[0] than the last one.
  constexpr double kMaxSpan_s = static_cast<double>(std::numeric_limits<std::int64_t>::max() / 1'000'000);
  const double span_s = t_s.back() - t_s.front();
  if (!(span_s <= kMaxSpan_s))
    return tl::make_unexpected("ts spans " + seconds_text(span_s) + " s, more than the device clock holds (" +
                               seconds_text(kMaxSpan_s) + " s: µs in 64 bits)");
  std::vector<std::int64_t> out(t_s.size());
  for (std::size_t i = 0; i < t_s.size(); ++i) {
    out[i] = std::llround((t_s[i] - t_s.front()) * 1e6);
    if (i > 0 && out[i] <= out[i - 1])
      return tl::make_unexpected("ts steps less than 1 µs (the device clock's resolution) at sample " + std::to_string(i));
  }
  return out;
}

tl::expected<Recording, std::string> load_trial(const fs::path& path, RecordingInfo info, const PyShoeTruthSettings& settings) {
  const std::string name = path.string();
  const auto file = MatFile::open(path);
  if (!file) return tl::make_unexpected(file.error());
  const auto ts = read_variable(*file, "ts");
  if (!ts) return tl::make_unexpected(ts.error());
  const auto imu = read_variable(*file, "imu");
  if (!imu) return tl::make_unexpected(imu.error());
  const auto gt = read_variable(*file, "gt");
  if (!gt) return tl::make_unexpected(gt.error());

  // --- Shapes: N from ts (a row, or a column), the others N rows.
  if (ts->rows != 1 && ts->cols != 1) return tl::make_unexpected(name + ": variable 'ts' is " + shape(*ts) + ", expected 1×N");
  const std::size_t n = ts->values.size();
  if (n < 2) return tl::make_unexpected(name + ": variable 'ts' holds " + std::to_string(n) + " samples, expected at least 2");
  const std::string expected_n = ", expected " + std::to_string(n) + "×";
  if (imu->rows != n || imu->cols != 6) return tl::make_unexpected(name + ": variable 'imu' is " + shape(*imu) + expected_n + "6 (N from ts)");
  if (gt->rows != n || gt->cols != 3) return tl::make_unexpected(name + ": variable 'gt' is " + shape(*gt) + expected_n + "3 (N from ts)");
  if (!all_finite(ts->values)) return tl::make_unexpected(name + ": variable 'ts' holds a non-finite time");
  if (!all_finite(gt->values)) return tl::make_unexpected(name + ": variable 'gt' holds a non-finite position (no VICON reference there)");
  const std::vector<double>& t_s = ts->values;
  const auto t_us = device_times_us(t_s);
  if (!t_us) return tl::make_unexpected(name + ": " + t_us.error());

  Recording rec;
  rec.info = std::move(info);
  rec.sensor.serial = rec.info.id;
  rec.sensor.model = "LORD MicroStrain 3DM-GX3-25 / GX5-25";
  rec.sensor.placement = signal::Placement::kFoot;
  rec.sensor.side = signal::BodySide::kRight;
  rec.sensor.sample_rate_hz = static_cast<float>(static_cast<double>(n - 1) / (t_s[n - 1] - t_s[0]));

  // --- Samples: time from ts (irregular steps), already SI in the sensor frame. The pipeline skips
  // (and counts) non-finite IMU values, so they are passed on as they are.
  rec.samples.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    signal::ImuSample s;
    s.index_samples = i;
    s.t_device = signal::device_time_from_us((*t_us)[i]);
    s.accel_sensor_mps2 = signal::Vec3f(static_cast<float>(imu->at(i, 0)), static_cast<float>(imu->at(i, 1)),
                                        static_cast<float>(imu->at(i, 2)));
    s.gyro_sensor_radps = signal::Vec3f(static_cast<float>(imu->at(i, 3)), static_cast<float>(imu->at(i, 4)),
                                        static_cast<float>(imu->at(i, 5)));
    s.channels = signal::kChannelAccel | signal::kChannelGyro;
    rec.samples.push_back(s);
  }

  // --- Reference from the VICON foot position alone.
  std::vector<Eigen::Vector3d> position_m(n);
  for (std::size_t i = 0; i < n; ++i) position_m[i] = Eigen::Vector3d(gt->at(i, 0), gt->at(i, 1), gt->at(i, 2));
  const auto truth = compute_pyshoe_truth(t_s, position_m, settings);
  if (!truth) return tl::make_unexpected(name + ": VICON reference: " + truth.error());
  ReferenceEvents& ref = rec.reference;
  ref.kind = GaitKind::kRunning;
  for (const auto& stride : truth->strides) {
    ref.ic_index_samples.push_back(stride.ic_index_samples);
    if (stride.contact_end_index_samples) ref.tc_index_samples.push_back(*stride.contact_end_index_samples);
  }
  ref.cadence_steps_per_min = truth->cadence_steps_per_min;
  ref.distance_m = truth->distance_m;
  ref.contact_window_ms = truth->contact_window_ms;
  ref.max_stride_s = settings.max_stride_s;
  for (const auto& [a, b] : truth->stride_gaps_samples) ref.stride_gap_samples.emplace_back(a, b);
  return rec;
}

}  // namespace

tl::expected<std::vector<RecordingInfo>, std::string> PyShoeAdapter::list(const fs::path& dir) const {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return tl::make_unexpected("cannot list " + dir.string() + ": " + ec.message());
  std::vector<fs::path> files;
  for (const auto& entry : it)
    if (entry.is_regular_file(ec) && has_mat_header(entry.path())) files.push_back(entry.path());
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  std::vector<RecordingInfo> out;
  for (const auto& f : files) {
    RecordingInfo info;
    info.id = f.stem().string();
    info.subject = 0;
    info.trial = static_cast<int>(out.size()) + 1;
    info.placement = signal::Placement::kFoot;
    info.side = signal::BodySide::kRight;
    info.files = {f};
    out.push_back(std::move(info));
  }
  return out;
}

tl::expected<Recording, std::string> PyShoeAdapter::load(const RecordingInfo& info) const {
  if (info.files.size() != 1) return tl::make_unexpected("recording " + info.id + " needs exactly one .mat file");
  return load_trial(info.files.front(), info, truth_settings);
}

tl::expected<Recording, std::string> PyShoeAdapter::load_file(const fs::path& path) const {
  RecordingInfo info;
  info.id = path.stem().string();
  info.placement = signal::Placement::kFoot;
  info.side = signal::BodySide::kRight;
  info.files = {path};
  return load_trial(path, std::move(info), truth_settings);
}

}  // namespace runload::bridge::datasets
