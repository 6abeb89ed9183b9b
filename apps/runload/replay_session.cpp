#include "replay_session.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <thread>

#include "cli.h"
#include "pipeline_sink.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/bridge/decoder.h"
#include "runload/bridge/protocol_detect.h"
#include "runload/bridge/recording_file.h"

namespace runload::apps {

namespace {

namespace fs = std::filesystem;

/// Sleeps so that device time advances no faster than wall time (--speed realtime).
class Pacer {
 public:
  explicit Pacer(bool on) : on_(on) {}
  void pace(std::optional<double> device_s) {
    if (!on_ || !device_s) return;
    if (!started_) {
      started_ = true;
      first_device_s_ = *device_s;
      first_wall_ = std::chrono::steady_clock::now();
    }
    const auto ahead = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(*device_s - first_device_s_));
    std::this_thread::sleep_until(first_wall_ + ahead);
  }

 private:
  bool on_;
  bool started_ = false;
  double first_device_s_ = 0.0;
  std::chrono::steady_clock::time_point first_wall_{};
};

/// A public-dataset recording already in memory, through one pipeline.
ReplayResult replay_recording(const bridge::datasets::Recording& rec, std::string format, const ReplayOptions& o) {
  signal::SessionPipelineSettings p = dataset_pipeline_settings(rec);
  p.ignore_gyroscope = o.accel_only;
  ReplayResult r;
  r.format = std::move(format);
  SensorReplay s;
  s.stream_id = 0;
  s.placement = p.placement;
  s.side = p.side;
  s.sample_rate_hz = p.sample_rate_hz;
  s.steps = signal::SessionPipeline::run(rec.samples, p, &s.totals);
  r.sensors.push_back(std::move(s));
  summarise_replay(r, o);
  return r;
}

}  // namespace

void summarise_replay(ReplayResult& r, const ReplayOptions& o) {
  signal::SessionSummarySettings settings;
  settings.user_distance_m = o.distance_m;
  for (auto& s : r.sensors) s.summary = signal::summarise_session(s.steps, s.totals, settings);
  const SensorReplay* left = nullptr;
  const SensorReplay* right = nullptr;
  for (const auto& s : r.sensors) {
    if (s.side == signal::BodySide::kLeft && !left) left = &s;
    if (s.side == signal::BodySide::kRight && !right) right = &s;
  }
  if (left && right) {
    r.summary = signal::summarise_bilateral(left->steps, left->totals, right->steps, right->totals, settings);
  } else if (!r.sensors.empty()) {
    // The sensor with the most samples is the session.
    const auto main = std::max_element(r.sensors.begin(), r.sensors.end(), [](const auto& a, const auto& b) {
      return a.totals.quality.samples < b.totals.quality.samples;
    });
    r.summary = main->summary;
  }
}

signal::SessionPipelineSettings dataset_pipeline_settings(const bridge::datasets::Recording& rec) {
  signal::SessionPipelineSettings p;
  p.sample_rate_hz = rec.sensor.sample_rate_hz;
  p.placement = signal::Placement::kFoot;
  p.side = rec.sensor.side;
  p.accel_range_g = rec.sensor.accel_range_g;
  p.gyro_range_dps = rec.sensor.gyro_range_dps;
  return p;
}

namespace {

bool is_voisard_file(const fs::path& path) {
  static const std::regex kName(R"(\d+-\d+_(lf|rf)\.txt)");
  return std::regex_match(path.filename().string(), kName);
}

bridge::datasets::Recording load_voisard(const fs::path& path) {
  const bridge::datasets::VoisardAdapter adapter;
  const auto list = adapter.list(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  if (!list) throw RuntimeError(list.error());
  const auto it = std::find_if(list->begin(), list->end(), [&](const auto& info) {
    return !info.files.empty() && fs::equivalent(info.files.front(), path);
  });
  if (it == list->end()) throw RuntimeError(path.string() + ": not listed as a Voisard foot file (S-T_lf.txt or S-T_rf.txt)");
  auto rec = adapter.load(*it);
  if (!rec) throw RuntimeError(rec.error());
  return std::move(*rec);
}

}  // namespace

InputKind input_kind(const fs::path& path) {
  if (is_voisard_file(path)) return InputKind::kVoisard;
  if (bridge::datasets::has_mat_header(path)) return InputKind::kPyShoe;
  if (bridge::is_recording_file(path)) return InputKind::kRecording;
  return InputKind::kCapture;
}

bridge::datasets::Recording load_dataset_file(const fs::path& path, InputKind kind) {
  if (kind == InputKind::kVoisard) return load_voisard(path);
  auto rec = bridge::datasets::PyShoeAdapter().load_file(path);
  if (!rec) throw RuntimeError(rec.error());
  return std::move(*rec);
}

bool is_replayable_file(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".rlrec" || ext == ".bin" || ext == ".raw" || is_voisard_file(path) ||
         bridge::is_ximu3_inertial_csv(path) || bridge::datasets::has_mat_header(path);
}

std::vector<fs::path> replayable_files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= 2) it.disable_recursion_pending();
    if (!it->is_regular_file(ec)) continue;
    // Below DIR only x-IMU3 GUI logs (`<recording>/<device>/Inertial.csv`); DIR itself: every kind.
    if (it.depth() == 0 ? is_replayable_file(it->path()) : bridge::is_ximu3_inertial_csv(it->path())) files.push_back(it->path());
  }
  if (ec) throw RuntimeError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    throw RuntimeError(dir.string() + ": no recordings (.rlrec, .bin, .raw, x-IMU3 Inertial.csv, S-T_lf.txt, PyShoe .mat) in this directory");
  }
  return files;
}

ReplayResult replay_file(const fs::path& path, const ReplayOptions& o) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw RuntimeError("cannot open " + path.string());
  const InputKind kind = input_kind(path);
  if (kind == InputKind::kVoisard) return replay_recording(load_dataset_file(path, kind), "voisard", o);
  if (kind == InputKind::kPyShoe) return replay_recording(load_dataset_file(path, kind), "pyshoe", o);

  PipelineSink sink(o);
  Pacer pacer(o.realtime);
  std::unique_ptr<bridge::Decoder> decoder;
  ReplayResult r;
  const auto total_bytes = static_cast<double>(std::max<std::uintmax_t>(1, fs::file_size(path, ec)));
  double done_bytes = 0.0;
  int last_tenth = -1;
  const auto report = [&](double bytes) {
    if (!o.progress) return;
    const int tenth = static_cast<int>(std::min(1.0, bytes / total_bytes) * 10.0);
    if (tenth != last_tenth) o.progress(tenth / 10.0), last_tenth = tenth;
  };
  if (kind == InputKind::kRecording) {
    auto reader = bridge::RecordingReader::open(path);
    if (!reader) throw RuntimeError(reader.error());
    const auto protocol = bridge::protocol_from_string(reader->header().protocol());
    if (!protocol) throw RuntimeError(path.string() + ": recording names an unknown protocol '" + reader->header().protocol() + "'");
    // One decoder per link: a session recorded from two sensors interleaves their byte streams.
    std::map<std::uint32_t, std::unique_ptr<bridge::Decoder>> links;
    pb::Record record;
    while (reader->next(record)) {
      auto& link = links[record.link_id()];
      if (!link) link = bridge::make_decoder(*protocol, sink);
      if (record.event() == pb::Record::LINK_LOST) link->on_link_break();
      const auto& raw = record.raw_bytes();
      link->push(std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()));
      done_bytes += static_cast<double>(raw.size());
      report(done_bytes);
      pacer.pace(sink.newest_time_s());
    }
    r.truncated = reader->truncated();
    if (links.empty()) throw RuntimeError(path.string() + ": the recording holds no data");
    bridge::DecoderStats total;
    for (const auto& [id, link] : links) total += link->stats();
    r.decoder = total;
    r.format = std::string(links.begin()->second->protocol());
  } else {
    const auto protocol = bridge::detect_file_protocol(path);
    if (!protocol) throw RuntimeError(path.string() + ": not a recording, capture or dataset file runload can decode");
    decoder = bridge::make_decoder(*protocol, sink);
    std::ifstream in(path, std::ios::binary);
    std::vector<char> block(64 * 1024);
    while (in) {
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      decoder->push(std::span(reinterpret_cast<const std::uint8_t*>(block.data()), n));
      done_bytes += static_cast<double>(n);
      report(done_bytes);
      pacer.pace(sink.newest_time_s());
    }
  }
  sink.finish();
  if (decoder) {
    r.format = std::string(decoder->protocol());
    r.decoder = decoder->stats();
  }
  r.sensors = sink.results();
  if (r.sensors.empty()) throw RuntimeError(path.string() + ": no IMU samples decoded (corrupt or empty recording)");
  summarise_replay(r, o);
  return r;
}

}  // namespace runload::apps
