#pragma once
/// A sensor emulator: turns a synthetic (or recorded) sample stream into the byte stream a real
/// device would send — runload frames, x-IMU3 binary messages or Xsens MTData2 — with injected
/// faults that it accounts for exactly, so a receiver's counters can be checked against it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "runload/bridge/decoder.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::bridge {

struct EmulatorSettings {
  Protocol protocol = Protocol::kRunload;
  std::uint8_t stream_id = 0;
  signal::SensorInfo info;            ///< announced in DEVICE_INFO frames (runload protocol)
  std::uint32_t samples_per_frame = 0;  ///< runload only; 0 = one frame per 10 ms (1..64)
  double corrupt_rate = 0.0;          ///< probability that a data frame gets one bit flipped
  double drop_rate = 0.0;             ///< probability that a data frame is not sent
  std::uint32_t seed = 1;
};

/// What the emulator did, for exact comparison with a receiver's counters.
struct EmulatorReport {
  std::uint64_t frames_sent = 0;        ///< data frames written (including corrupted ones)
  std::uint64_t samples_sent = 0;       ///< samples in intact frames written
  std::uint64_t frames_dropped = 0;     ///< data frames withheld by --drop
  std::uint64_t samples_dropped = 0;
  std::uint64_t frames_corrupted = 0;   ///< data frames written with one flipped bit
  std::uint64_t samples_corrupted = 0;
  std::uint64_t bytes_corrupted = 0;    ///< bytes altered (one per corrupted frame)
  std::uint64_t frames_lost_in_outage = 0;  ///< frames produced while the link was down
  std::uint64_t samples_lost_in_outage = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t disconnects = 0;
  std::uint64_t restarts = 0;           ///< times the device rebooted (counters and clock from 0)
  /// What an exact receiver must count as lost: dropped + corrupted + outage.
  std::uint64_t expected_lost_samples() const noexcept {
    return samples_dropped + samples_corrupted + samples_lost_in_outage;
  }
};

/// One unit the device emits: wire bytes plus what they carry.
struct EmulatedFrame {
  std::vector<std::uint8_t> bytes;
  std::uint32_t samples = 0;           ///< IMU samples carried (0 for control frames)
  signal::DeviceTime t_last_sample{};  ///< when the device could send it at the earliest
  bool faultable = true;               ///< false for control frames and the first/last data frame
};

/// Produces frames from a sample source. Faults are decided here (seeded, reproducible) but
/// applied by apply_faults() so the caller controls the first/last-frame exemption.
class SensorEmulator {
 public:
  using SampleSource = std::function<std::optional<signal::ImuSample>()>;

  /// `source` yields samples until exhausted (nullopt). Throws std::invalid_argument on settings
  /// that cannot be encoded (e.g. samples_per_frame > 64).
  SensorEmulator(EmulatorSettings settings, SampleSource source, float sample_rate_hz);

  /// The next frame to send, or nullopt at the end of the source. The frame after the last data
  /// frame is never produced: the last data frame carries the runload "last frame" flag.
  std::optional<EmulatedFrame> next();
  /// What the device sends before its first frame (and after a reconnect) so a receiver that joined
  /// mid-stream syncs at once: the protocol's delimiter (runload 0x00, x-IMU3 0x0A; none for Xbus).
  std::span<const std::uint8_t> sync_bytes() const noexcept;
  /// Applies drop/corrupt decisions to a data frame; returns false when the frame must not be sent.
  bool apply_faults(EmulatedFrame& frame);
  /// Records a frame as sent or as lost while the link was down.
  void count_sent(const EmulatedFrame& frame);
  void count_lost_in_outage(const EmulatedFrame& frame);
  void count_disconnect() { ++report_.disconnects; }
  /// The device reboots before its next frame: frame counters, sample index and clock start again
  /// at 0 and it announces itself again (DEVICE_INFO); the gait goes on without a lost sample.
  void restart();
  const EmulatorReport& report() const noexcept { return report_; }

 private:
  std::optional<EmulatedFrame> next_data_frame();
  EmulatedFrame device_info_frame();
  void encode_runload(const std::vector<signal::ImuSample>& samples, bool last, EmulatedFrame& frame);

  EmulatorSettings settings_;
  SampleSource source_;
  float sample_rate_hz_;
  std::optional<signal::ImuSample> lookahead_;
  std::uint32_t control_seq_ = 0;
  std::uint32_t imu_seq_ = 0;
  std::int64_t next_info_us_ = 0;
  /// Subtracted from source samples since the last restart (the device's own index and clock).
  std::uint64_t index_base_ = 0;
  signal::DeviceClock::duration time_base_{};
  bool pending_corrupt_ = false;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  EmulatorReport report_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace runload::bridge
