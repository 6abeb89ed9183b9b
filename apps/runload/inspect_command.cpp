// runload inspect FILE — decode a recording or a raw capture and print its stream statistics.
#include <fstream>
#include <iostream>
#include <vector>

#include "cli.h"
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

void run_inspect(const InspectOptions& o) {
  std::ifstream probe(o.file, std::ios::binary);
  if (!probe) throw RuntimeError("cannot open " + o.file);
  bridge::StreamMonitor monitor;
  nlohmann::json extra = nlohmann::json::object();
  std::unique_ptr<bridge::Decoder> decoder;
  if (bridge::is_recording_file(o.file)) {
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
  cmd->footer("Example: runload inspect ../shared/datasets/captures/xsens-mti/1/output.bin --json");
  cmd->add_option("file", o->file, "Recording (.rlrec), raw byte stream or x-IMU3 CSV log")->required()->check(CLI::ExistingFile);
  cmd->add_option("--protocol", o->protocol, "Protocol of a raw file")
      ->check(CLI::IsMember({"auto", "runload", "ximu3", "ximu3-csv", "xsens"}));
  cmd->add_flag("--json", o->json, "Print one JSON object");
  cmd->callback([o] { run_inspect(*o); });
}

}  // namespace runload::apps
