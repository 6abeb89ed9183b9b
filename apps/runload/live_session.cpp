#include "live_session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

namespace runload::apps {

struct LiveSession::LinkState final : bridge::LinkObserver {
  LiveSession& session;
  std::uint32_t id;
  bridge::StreamMonitor monitor;
  std::unique_ptr<bridge::Decoder> decoder;
  std::unique_ptr<bridge::Link> link;
  bool ever_up = false;
  bool write_failed = false;
  std::uint64_t downs = 0;

  LinkState(LiveSession& s, std::uint32_t link_id) : session(s), id(link_id), monitor(&s.pipeline_) {
    decoder = bridge::make_decoder(s.settings_.protocol, monitor);
  }
  void on_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx) override {
    if (session.writer_ != nullptr && !session.writer_->write_bytes(bytes, host_rx, id)) write_failed = true;
    if (!session.first_bytes_at_) session.first_bytes_at_ = host_rx;
    monitor.set_arrival_time(host_rx);
    decoder->push(bytes);
  }
  void on_link_up(std::string_view description) override {
    if (ever_up && session.writer_ != nullptr) session.writer_->write_event(pb::Record::LINK_RESTORED, bridge::host_now(), id);
    if (session.settings_.log_links) spdlog::info("{} {}", ever_up ? "link restored:" : "link up:", description);
    ever_up = true;
  }
  void on_link_down(bridge::LinkDownReason reason, std::string_view detail) override {
    if (!ever_up && reason == bridge::LinkDownReason::kOpenFailed && session.on_first_open_failed_) {
      session.on_first_open_failed_(std::string(detail));
      return;
    }
    decoder->on_link_break();
    ++downs;
    if (session.writer_ != nullptr) session.writer_->write_event(pb::Record::LINK_LOST, bridge::host_now(), id);
    if (session.settings_.log_links) spdlog::warn("link down ({}): {}; reconnecting", bridge::to_string(reason), detail);
  }
};

LiveSession::LiveSession(boost::asio::io_context& io, const Settings& settings, bridge::RecordingWriter* writer)
    : settings_(settings), io_(io), writer_(writer), pipeline_(replay_options_) {
  replay_options_.placement = settings.placement_fallback;
  pipeline_.on_other_device([log = settings.log_links](std::uint8_t stream, const std::string& ours, const std::string& other) {
    if (log) {
      spdlog::warn("stream {}: another sensor (serial {}) is on the link, not this session's {}; its samples are kept in "
                   "the recording but left out of the metrics until {} is back",
                   stream, other, ours, ours);
    }
  });
}

LiveSession::~LiveSession() = default;

void LiveSession::add_link(const bridge::LinkEndpoint& endpoint, const bridge::LinkOptions& options) {
  auto state = std::make_unique<LinkState>(*this, static_cast<std::uint32_t>(links_.size()));
  state->link = std::make_unique<bridge::Link>(io_, endpoint, options, *state);
  state->link->start();
  links_.push_back(std::move(state));
}

void LiveSession::on_first_open_failed(std::function<void(std::string)> handler) { on_first_open_failed_ = std::move(handler); }

void LiveSession::stop() {
  for (auto& l : links_) l->link->stop();
}

void LiveSession::watch(boost::asio::steady_timer& timer, LiveView* view, std::function<void()> on_end) {
  started_ = std::chrono::steady_clock::now();
  auto ticks = std::make_shared<int>(0);
  tick_ = [this, &timer, view, on_end = std::move(on_end), ticks] {
    timer.expires_after(std::chrono::milliseconds(50));
    timer.async_wait([this, view, on_end, ticks](const boost::system::error_code& ec) {
      if (ec) return;
      if (all_ended()) return on_end();
      if (view != nullptr && ++*ticks % 5 == 0) {
        view->draw(*this, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
      }
      tick_();
    });
  };
  tick_();
}

bool LiveSession::all_ended() const {
  if (links_.empty()) return false;
  for (const auto& l : links_) {
    if (!l->monitor.all_ended()) return false;
  }
  return true;
}

bridge::DecoderStats LiveSession::stats() const {
  bridge::DecoderStats total;
  for (const auto& l : links_) total += l->decoder->stats();
  return total;
}

std::uint64_t LiveSession::reconnects() const {
  std::uint64_t n = 0;
  for (const auto& l : links_) n += l->link->reconnects();
  return n;
}

std::uint64_t LiveSession::link_downs() const {
  std::uint64_t n = 0;
  for (const auto& l : links_) n += l->downs;
  return n;
}

ReplayResult LiveSession::snapshot() const {
  ReplayResult r;
  r.format = std::string(bridge::to_string(settings_.protocol));
  r.sensors = pipeline_.snapshot();
  r.decoder = stats();
  summarise_replay(r, replay_options_);
  return r;
}

std::uint64_t LiveSession::other_device_samples() const { return pipeline_.other_device_samples(); }

bool LiveSession::write_failed() const {
  for (const auto& l : links_) {
    if (l->write_failed) return true;
  }
  return false;
}

const bridge::StreamMonitor& LiveSession::monitor(std::size_t link) const { return links_.at(link)->monitor; }
std::size_t LiveSession::links() const { return links_.size(); }

void LiveView::draw(const LiveSession& session, double elapsed_s) {
  std::string frame;
  if (lines_ > 0) frame += fmt::format("\x1b[{}F", lines_);  // back to the top of the block
  int lines = 0;
  const auto line = [&](const std::string& text) {
    frame += text + "\x1b[K\n";
    ++lines;
  };
  const auto stats = session.stats();
  const double received = static_cast<double>(stats.samples);
  const double link_quality_pct =
      received + static_cast<double>(stats.lost_samples) > 0
          ? 100.0 * received / (received + static_cast<double>(stats.lost_samples))
          : 100.0;
  const auto minutes = static_cast<int>(elapsed_s / 60.0);
  line(fmt::format("runload live  {:02d}:{:04.1f}  samples {}  lost {}  link quality {:.1f} %  reconnects {}", minutes,
                   elapsed_s - 60.0 * minutes, stats.samples, stats.lost_samples, link_quality_pct, session.reconnects()));
  const auto streams = session.live();
  if (streams.empty()) line("  warming up: waiting for the sensor's first samples...");
  for (const auto& s : streams) {
    const auto& last = s.last_step;
    const auto num = [](const std::optional<float>& v, const char* format) {
      return v ? fmt::format(fmt::runtime(format), *v) : std::string("  --");
    };
    // A shank measures no distance: say so, never "0 m".
    const bool shank = s.placement == signal::Placement::kShank && !s.totals.distance_m;
    const std::string distance =
        shank ? std::string("  n/a (shank)") : fmt::format("{:6.0f} m", s.totals.distance_m.value_or(last ? last->distance_m : 0.0));
    if (!last || !last->cadence_steps_per_min) {
      line(fmt::format("  {:>5} {:<5}  warming up: metrics after the first strides ({} so far)", signal::to_string(s.side),
                       signal::to_string(s.placement), s.strides));
      continue;
    }
    std::string pace = "  --";
    if (last && last->speed_mps && *last->speed_mps > 0.5f) {
      const double s_per_km = 1000.0 / static_cast<double>(*last->speed_mps);
      pace = fmt::format("{}:{:02d}/km", static_cast<int>(s_per_km / 60), static_cast<int>(std::fmod(s_per_km, 60.0)));
    }
    line(fmt::format("  {:>5} {:<5}  cadence {} spm  contact {} ms  PTA {} g  distance {}  pace {}  strides {}",
                     signal::to_string(s.side), signal::to_string(s.placement),
                     num(last ? last->cadence_steps_per_min : std::nullopt, "{:5.1f}"),
                     num(last ? last->contact_time_ms : std::nullopt, "{:4.0f}"),
                     num(last ? last->pta_g : std::nullopt, "{:5.1f}"), distance, pace, s.strides));
  }
  // Blank out lines left from a taller previous frame.
  while (lines < lines_) line("");
  lines_ = lines;
  std::fputs(frame.c_str(), out_);
  std::fflush(out_);
}

void LiveView::close() {
  lines_ = 0;
  std::fflush(out_);
}

}  // namespace runload::apps
