#pragma once
/// A one-line progress bar on stderr for long imports, drawn only when stderr is a terminal (never into a
/// pipe or a log file), at most ten times a second:  "[#########...........]  412/1000 files".
#include <chrono>
#include <cstddef>
#include <string>

namespace runload::apps {

class ProgressBar {
 public:
  ProgressBar(std::size_t total, std::string unit);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// `done` of the total are done; redraws when due.
  void update(std::size_t done);
  /// Erases the bar so a line can be printed; the next update draws it again.
  void clear();
  bool enabled() const noexcept { return enabled_; }

 private:
  void draw(std::size_t done);

  std::size_t total_;
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace runload::apps
