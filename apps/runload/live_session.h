#pragma once
/// A live session: one or more sensor links, each decoded on its own, every byte kept in one
/// recording file (one link id per link), and the signal pipeline running as samples arrive so a
/// terminal view can show cadence, contact time, impact and distance while the runner runs.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pipeline_sink.h"
#include "runload/bridge/link.h"
#include "runload/bridge/recording_file.h"
#include "runload/bridge/stream_monitor.h"

namespace runload::apps {

class LiveSession {
 public:
  struct Settings {
    bridge::Protocol protocol = bridge::Protocol::kRunload;
    std::string placement_fallback = "foot";
    bool log_links = true;  ///< link up/down lines on stderr
  };

  /// `writer` (optional) receives every link's bytes; it must outlive the session.
  LiveSession(boost::asio::io_context& io, const Settings& settings, bridge::RecordingWriter* writer);
  ~LiveSession();

  /// Adds and starts a link (call before io.run()).
  void add_link(const bridge::LinkEndpoint& endpoint, const bridge::LinkOptions& options);
  /// Called once instead of retrying when a link's very first open fails.
  void on_first_open_failed(std::function<void(std::string)> handler);
  /// Stops every link.
  void stop();
  /// The periodic work while the io_context runs: every 50 ms, `on_end` once every stream flagged its
  /// last frame; every 250 ms, `view` (if any) is redrawn. `timer` must outlive the run.
  void watch(boost::asio::steady_timer& timer, class LiveView* view, std::function<void()> on_end);

  /// True once every stream seen on every link flagged its last frame.
  bool all_ended() const;
  /// The decoder counters of all links together.
  bridge::DecoderStats stats() const;
  std::uint64_t reconnects() const;
  std::uint64_t link_downs() const;
  /// Samples left out of the metrics because another device was on a stream (PipelineSink).
  std::uint64_t other_device_samples() const;
  bool write_failed() const;
  const bridge::StreamMonitor& monitor(std::size_t link) const;
  std::size_t links() const;
  /// The session so far, summarised as if the links ended now (the pipelines keep running).
  ReplayResult snapshot() const;
  /// When the first bytes arrived on any link (host clock); nullopt before.
  std::optional<signal::HostTime> first_bytes_at() const { return first_bytes_at_; }
  /// The live pipeline's view of each stream.
  std::vector<PipelineSink::LiveStream> live() const { return pipeline_.live(); }

 private:
  struct LinkState;
  Settings settings_;
  boost::asio::io_context& io_;
  bridge::RecordingWriter* writer_;
  ReplayOptions replay_options_;
  PipelineSink pipeline_;
  std::vector<std::unique_ptr<LinkState>> links_;
  std::function<void(std::string)> on_first_open_failed_;
  std::function<void()> tick_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::optional<signal::HostTime> first_bytes_at_;
};

/// The live terminal view: a fixed block of lines redrawn in place (cursor up + clear-to-end-of-line,
/// one write per frame, so it does not flicker). Only used when stderr is a terminal.
class LiveView {
 public:
  explicit LiveView(std::FILE* out) : out_(out) {}
  void draw(const LiveSession& session, double elapsed_s);
  /// Leaves the cursor below the block.
  void close();

 private:
  std::FILE* out_;
  int lines_ = 0;
};

}  // namespace runload::apps
