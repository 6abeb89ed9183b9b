#pragma once
/// What a FIT activity file says about the activity (fit_decoder.h does the bytes): file_id, one summary
/// per session message (values in profile units: scale and offset applied), the local offset from the
/// activity message, and record counts. Developer fields of records (Stryd's "Leg Spring Stiffness", …)
/// are summarised by name; per session and lap, the record means of the running dynamics. If decoding stopped at a fault, `error` says where; everything before it
/// is here.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runload/store/fit_decoder.h"

namespace runload::store {

/// FIT sport numbers the importer distinguishes (profile type `sport`).
inline constexpr std::uint8_t kFitSportRunning = 1;
inline constexpr std::uint8_t kFitSportTransition = 3;
inline constexpr std::uint8_t kFitSportWalking = 11;
/// FIT manufacturer numbers the importer distinguishes (profile type `manufacturer`).
inline constexpr std::uint16_t kFitManufacturerGarmin = 1, kFitManufacturerStryd = 95, kFitManufacturerCoros = 294;

struct FitFileId {
  std::optional<std::uint16_t> manufacturer;
  std::optional<std::uint16_t> product;
  std::optional<std::uint32_t> serial_number;
  std::optional<std::uint32_t> time_created;  ///< FIT seconds
};

/// Means over the record messages inside a session's or lap's time span [start_time, span_end]: the
/// native running-dynamics fields and Stryd's developer fields (by name), each over the records that
/// carry a valid value. nullopt = no record in the span has it.
struct FitRecordMeans {
  std::optional<double> power_w;                    ///< record field 7
  std::optional<double> vertical_oscillation_mm;    ///< 39
  std::optional<double> stance_time_ms;             ///< 41
  std::optional<double> vertical_ratio_pct;         ///< 83
  std::optional<double> stance_time_balance_pct;    ///< 84
  std::optional<double> step_length_mm;             ///< 85
  std::optional<double> dev_power_w;                ///< developer field "Power"
  std::optional<double> dev_ground_time_ms;         ///< "Ground Time"
  std::optional<double> dev_vertical_oscillation;   ///< "Vertical Oscillation", in its own units (Stryd: cm)
  std::optional<double> dev_leg_spring_stiffness;   ///< "Leg Spring Stiffness" (kN/m)
};

/// One session or lap message (a lap has the same summary fields under other numbers).
struct FitSession {
  std::optional<std::uint32_t> start_time;  ///< FIT seconds
  std::optional<std::uint32_t> timestamp;   ///< FIT seconds: the end of the session or lap
  std::optional<std::uint8_t> sport;
  std::optional<std::uint8_t> sub_sport;
  std::optional<double> total_elapsed_time_s;
  std::optional<double> total_timer_time_s;
  std::optional<double> total_distance_m;
  std::optional<double> total_cycles;          ///< strides when running
  std::optional<double> avg_cadence_rpm;       ///< strides/min when running (one foot)
  std::optional<double> avg_fractional_cadence_rpm;
  std::optional<double> avg_speed_mps;         ///< enhanced_avg_speed, else avg_speed
  std::optional<double> avg_power_w;
  std::optional<double> avg_vertical_oscillation_mm;
  std::optional<double> avg_stance_time_ms;
  std::optional<double> avg_stance_time_balance_pct;  ///< left foot's share of ground contact time
  std::optional<double> avg_vertical_ratio_pct;
  std::optional<double> avg_step_length_mm;
  FitRecordMeans record_means;  ///< over the records in [start_time, span_end()]
};
using FitLap = FitSession;

/// The end of a session's or lap's span, FIT seconds: its timestamp, or start + elapsed time when the
/// timestamp is missing or not after the start.
double span_end(const FitSession& s);

/// What the device_info messages say about the sensors that took part.
struct FitSensors {
  bool running_dynamics_pod = false;  ///< an ANT+ running-dynamics sensor (device type 30: HRM-Run/Tri/Pro, RD Pod)
  bool external_heart_rate = false;   ///< an ANT+ or Bluetooth heart-rate strap (TICKR X also sends dynamics)
  bool stryd = false;                 ///< a Stryd pod (manufacturer 95) in file_id or device_info
  std::string developer_vo_units;     ///< units of the "Vertical Oscillation" developer field
};

/// Records kept for the span means, at most this many (about 55 h at 1 Hz); the rest are counted only.
inline constexpr std::size_t kMaxDynamicsRecords = 200000;

/// A developer field over the record messages (by its field_description name).
struct FitDeveloperSeries {
  std::string units;
  std::size_t count = 0;  ///< records with a valid value
  double sum = 0.0;
};

struct FitActivity {
  FitFileId file_id;
  std::vector<FitSession> sessions;
  std::optional<std::int32_t> utc_offset_s;  ///< activity local_timestamp − timestamp
  std::size_t records = 0;
  std::vector<FitLap> laps;
  FitSensors sensors;
  bool dynamics_records_capped = false;  ///< more than kMaxDynamicsRecords records carried dynamics
  std::map<std::string, FitDeveloperSeries> record_developer_fields;
  fit::DecoderStats stats;
  std::optional<std::string> error;  ///< the decoder's fault, nullopt for a clean file
  std::uint64_t error_offset = 0;
};

/// Decodes a whole FIT byte stream (one or more chained files).
FitActivity decode_fit_activity(std::span<const std::uint8_t> bytes);
/// Reads and decodes a file of at most kMaxHistoryFileBytes; an error only when it cannot be read.
tl::expected<FitActivity, std::string> read_fit_activity(const std::filesystem::path& path);

}  // namespace runload::store
