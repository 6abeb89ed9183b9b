// runload inspect FILE — decode a recording or a raw capture and print its stream statistics; a
// dataset file (PyShoe MAT-file, Voisard text file) gets its clock statistics and reference instead.
// Reads what `runload replay` reads, recognised by the same code (input_kind).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <vector>

#include "cli.h"
#include "replay_session.h"
#include "runload/bridge/datasets/reference_dsp.h"
#include "runload/bridge/protocol_detect.h"
#include "runload/bridge/recording_file.h"

namespace runload::apps {

namespace {

struct InspectOptions {
  std::string file;
  std::string protocol = "auto";
  bool json = false;
};

bridge::Protocol choose_protocol(const InspectOptions& o, const std::optional<std::string>& recorded) {
  if (o.protocol != "auto") {
    const auto p = bridge::protocol_from_string(o.protocol);
    if (!p) throw RuntimeError("unknown protocol '" + o.protocol + "'");
    return *p;
  }
  if (recorded) {
    const auto p = bridge::protocol_from_string(*recorded);
    if (!p) throw RuntimeError(o.file + ": recording names an unknown protocol '" + *recorded + "'");
    return *p;
  }
  const auto p = bridge::detect_file_protocol(o.file);
  if (!p) throw RuntimeError(o.file + ": no known protocol decodes this file (try --protocol)");
  return *p;
}

/// A public-dataset file (PyShoe MAT-file, Voisard text file): its own clock instead of a decoder's
/// frame statistics — samples, duration, rate, how irregular the steps are and any gaps — and the
/// reference it holds.
nlohmann::json dataset_stats_json(const std::string& file, InputKind kind) {
  const auto rec = load_dataset_file(file, kind);
  if (rec.samples.size() < 2) throw RuntimeError(file + ": fewer than two samples");
  std::vector<double> periods_us;
  for (std::size_t i = 1; i < rec.samples.size(); ++i)
    periods_us.push_back(static_cast<double>(signal::to_us(rec.samples[i].t_device) - signal::to_us(rec.samples[i - 1].t_device)));
  const double median_us = bridge::datasets::median(periods_us).value_or(0.0);
  double sum = 0.0, sum_sq = 0.0;
  for (double p : periods_us) {
    sum += p;
    sum_sq += p * p;
  }
  const double n = static_cast<double>(periods_us.size());
  const double mean_us = sum / n;
  // A gap: a step longer than 1.5 median periods (at least one sample missing).
  std::size_t gaps = 0;
  for (double p : periods_us) gaps += p > 1.5 * median_us ? 1 : 0;
  const auto [min_it, max_it] = std::minmax_element(periods_us.begin(), periods_us.end());
  const auto& ref = rec.reference;
  const auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"file", file},
          {"protocol", kind == InputKind::kPyShoe ? "pyshoe-mat" : "voisard"},
          {"samples", rec.samples.size()},
          {"duration_s", (sum + median_us) / 1e6},
          {"rate_hz", n * 1e6 / sum},  // (N − 1) / (t[N−1] − t[0])
          {"period_us", median_us},
          {"period_min_us", *min_it},
          {"period_max_us", *max_it},
          {"period_sd_us", std::sqrt(std::max(0.0, sum_sq / n - mean_us * mean_us))},
          {"gaps", gaps},
          {"placement", signal::to_string(rec.sensor.placement)},
          {"side", signal::to_string(rec.sensor.side)},
          {"reference",
           {{"kind", bridge::datasets::to_string(ref.kind)},
            {"strides", ref.ic_index_samples.size()},
            {"stride_gaps", ref.stride_gap_samples.size()},
            {"cadence_steps_per_min", opt(ref.cadence_steps_per_min)},
            {"distance_m", opt(ref.distance_m)},
            {"contact_window_ms", opt(ref.contact_window_ms)}}}};
}

std::string dataset_stats_text(const nlohmann::json& j) {
  const auto& r = j["reference"];
  const auto num = [](const nlohmann::json& v, const char* format) {
    return v.is_null() ? std::string("n/a") : fmt::format(fmt::runtime(format), v.get<double>());
  };
  std::string out = fmt::format("file             {}\n", j["file"].get<std::string>());
  const bool mat = j["protocol"] == "pyshoe-mat";
  out += fmt::format("format           {} ({})\n", j["protocol"].get<std::string>(),
                     mat ? "MAT v5: ts, imu, gt" : "Xsens MTw text export, events from S-T.json");
  out += fmt::format("samples          {}   duration {:.1f} s   {} {}\n", j["samples"].get<std::size_t>(),
                     j["duration_s"].get<double>(), j["placement"].get<std::string>(), j["side"].get<std::string>());
  out += fmt::format("rate             {:.3f} Hz (median period {:.0f} us)\n", j["rate_hz"].get<double>(), j["period_us"].get<double>());
  out += fmt::format("irregularity     period {:.0f}..{:.0f} us, SD {:.0f} us   gaps (> 1.5 periods) {}\n",
                     j["period_min_us"].get<double>(), j["period_max_us"].get<double>(), j["period_sd_us"].get<double>(),
                     j["gaps"].get<std::size_t>());
  out += fmt::format("reference        {} strides ({} gaps), cadence {} steps/min, distance {} m, contact window {} ms\n",
                     r["strides"].get<std::size_t>(), r["stride_gaps"].get<std::size_t>(), num(r["cadence_steps_per_min"], "{:.1f}"),
                     num(r["distance_m"], "{:.1f}"), num(r["contact_window_ms"], "{:.0f}"));
  return out;
}

void run_inspect(const InspectOptions& o) {
  std::ifstream probe(o.file, std::ios::binary);
  if (!probe) throw RuntimeError("cannot open " + o.file);
  const InputKind kind = input_kind(o.file);
  if (o.protocol == "auto" && (kind == InputKind::kPyShoe || kind == InputKind::kVoisard)) {
    const nlohmann::json j = dataset_stats_json(o.file, kind);
    std::cout << (o.json ? j.dump(2) + "\n" : dataset_stats_text(j));
    return;
  }
  bridge::StreamMonitor monitor;
  nlohmann::json extra = nlohmann::json::object();
  std::unique_ptr<bridge::Decoder> decoder;
  if (kind == InputKind::kRecording) {
    auto reader = bridge::RecordingReader::open(o.file);
    if (!reader) throw RuntimeError(reader.error());
    decoder = bridge::make_decoder(choose_protocol(o, reader->header().protocol()), monitor);
    pb::Record record;
    while (reader->next(record)) {
      monitor.set_arrival_time(signal::HostTime{signal::HostClock::duration{static_cast<std::int64_t>(record.host_rx_ns())}});
      if (record.event() == pb::Record::LINK_LOST) decoder->on_link_break();
      const auto& raw = record.raw_bytes();
      decoder->push(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
    }
    extra["source"] = reader->header().source();
    extra["truncated"] = reader->truncated();
  } else {
    decoder = bridge::make_decoder(choose_protocol(o, std::nullopt), monitor);
    std::vector<char> block(64 * 1024);
    while (probe) {
      probe.read(block.data(), static_cast<std::streamsize>(block.size()));
      const auto n = static_cast<std::size_t>(probe.gcount());
      decoder->push(std::span(reinterpret_cast<const std::uint8_t*>(block.data()), n));
    }
  }
  if (!decoder) throw RuntimeError("this protocol has no decoder in this build");
  nlohmann::json j = stream_stats_json(decoder->protocol(), decoder->stats(), monitor);
  j["file"] = o.file;
  j.update(extra);
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "file             " << o.file << "\n" << stream_stats_text(j);
  }
}

}  // namespace

void add_inspect_command(CLI::App& app) {
  auto o = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand("inspect", "Decode a recording or raw capture and print stream statistics");
  cmd->footer(
      "Example: runload inspect ../shared/datasets/captures/xsens-mti/1/output.bin --json\n"
      "  FILE: whatever runload replay reads. A PyShoe .mat trial (recognised by content) or a Voisard\n"
      "  S-T_lf.txt file shows its samples, rate, timestamp irregularity, gaps and its reference figures.");
  cmd->add_option("file", o->file, "Recording (.rlrec), raw byte stream, x-IMU3 CSV log, Voisard S-T_lf.txt or PyShoe .mat trial")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--protocol", o->protocol, "Protocol of a raw file")
      ->check(CLI::IsMember({"auto", "runload", "ximu3", "ximu3-csv", "xsens"}));
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { run_inspect(*o); });
}

}  // namespace runload::apps
