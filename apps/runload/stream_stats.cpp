#include <fmt/format.h>

#include "cli.h"

namespace runload::apps {

namespace {
nlohmann::json optional_number(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json optional_number(const std::optional<std::uint64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json stream_stats_json(std::string_view protocol, const bridge::DecoderStats& s,
                                 const bridge::StreamMonitor& monitor) {
  const bridge::StreamClockEstimate e = monitor.main_estimate();
  nlohmann::json j = {
      {"protocol", protocol},
      {"bytes", s.bytes},
      {"frames", s.frames},
      {"samples", s.samples},
      {"checksum_errors", s.checksum_errors},
      {"malformed", s.malformed},
      {"oversize", s.oversize},
      {"unknown", s.unknown},
      {"duplicates", s.duplicates},
      {"restarts", s.restarts},
      {"resyncs", s.resyncs},
      {"dropped_bytes", s.dropped_bytes},
      {"frame_gaps", s.frame_gaps},
      {"lost_frames", s.lost_frames},
      {"lost_samples", s.lost_samples},
      {"rate_hz", optional_number(e.rate_hz)},
      {"period_us", optional_number(e.period_us)},
      {"nominal_rate_hz", optional_number(e.nominal_rate_hz)},
      {"drift_ppm", optional_number(e.drift_ppm)},
      {"host_skew_ppm", optional_number(e.host_skew_ppm)},
      {"seq_first", optional_number(s.seq_first)},
      {"seq_last", optional_number(s.seq_last)},
  };
  nlohmann::json streams = nlohmann::json::array();
  for (const auto& [id, stream] : monitor.streams()) {
    const auto se = stream.clock.estimate();
    nlohmann::json js = {{"stream_id", id},
                         {"samples", stream.samples},
                         {"rate_hz", optional_number(se.rate_hz)},
                         {"drift_ppm", optional_number(se.drift_ppm)},
                         {"ended", stream.ended}};
    if (stream.info) {
      js["placement"] = signal::to_string(stream.info->placement);
      js["side"] = signal::to_string(stream.info->side);
      js["serial"] = stream.info->serial;
    }
    streams.push_back(std::move(js));
  }
  j["streams"] = std::move(streams);
  return j;
}

std::string stream_stats_text(const nlohmann::json& j) {
  auto num = [&](const char* key, const char* unit, int decimals) -> std::string {
    const auto& v = j.at(key);
    if (v.is_null()) return "n/a";
    if (v.is_number_float()) return fmt::format("{:.{}f}{}", v.get<double>(), decimals, unit);
    return fmt::format("{}{}", v.dump(), unit);
  };
  std::string out;
  out += fmt::format("protocol         {}\n", j.at("protocol").get<std::string>());
  out += fmt::format("frames           {}   samples {}   bytes {}\n", num("frames", "", 0), num("samples", "", 0),
                     num("bytes", "", 0));
  out += fmt::format("errors           checksum {}   malformed {}   oversize {}   resyncs {}\n",
                     num("checksum_errors", "", 0), num("malformed", "", 0), num("oversize", "", 0),
                     num("resyncs", "", 0));
  out += fmt::format("loss             frame gaps {}   lost frames {}   lost samples {}\n", num("frame_gaps", "", 0),
                     num("lost_frames", "", 0), num("lost_samples", "", 0));
  out += fmt::format("rate             {} (period {}, nominal {})   drift {}\n", num("rate_hz", " Hz", 3),
                     num("period_us", " us", 1), num("nominal_rate_hz", " Hz", 1), num("drift_ppm", " ppm", 1));
  out += fmt::format("frame counter    {} .. {}\n", num("seq_first", "", 0), num("seq_last", "", 0));
  if (j.value("restarts", std::uint64_t{0}) > 0) {
    out += fmt::format("device restarts  {} (counters started over; the stream was carried on)\n", num("restarts", "", 0));
  }
  if (j.contains("reconnects")) out += fmt::format("reconnects       {}\n", num("reconnects", "", 0));
  for (const auto& s : j.at("streams")) {
    out += fmt::format("stream {}         {} samples{}{}\n", s.at("stream_id").get<int>(), s.at("samples").get<std::uint64_t>(),
                       s.contains("placement") ? fmt::format(", {} {}", s.at("side").get<std::string>(),
                                                             s.at("placement").get<std::string>())
                                               : std::string(),
                       s.at("ended").get<bool>() ? ", ended" : "");
  }
  return out;
}

}  // namespace runload::apps
