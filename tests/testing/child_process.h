#pragma once
/// Runs a program as a child process with its stdout and stderr captured — how the end-to-end
/// tests meet `runload` the way a user's shell does.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace runload::testing {

class ChildProcess {
 public:
  /// Starts `argv[0]` with the arguments; throws std::runtime_error if it cannot be spawned.
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // kills the child if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next line of stdout (without '\n'), or nullopt on timeout / end of output.
  std::optional<std::string> read_stdout_line(std::chrono::milliseconds timeout);
  /// Waits until stderr contains `text`; false on timeout or end of output.
  bool wait_for_stderr(const std::string& text, std::chrono::milliseconds timeout);
  /// Waits for exit; nullopt on timeout. Collects the remaining output.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  void send_signal(int signal);
  pid_t pid() const noexcept { return pid_; }
  /// Everything read so far (after wait(): everything).
  const std::string& out() const noexcept { return out_; }
  const std::string& err() const noexcept { return err_; }
  /// User + system CPU seconds the child used (valid after wait() returned an exit code).
  double cpu_seconds() const noexcept { return cpu_seconds_; }

 private:
  /// Reads what is available from both pipes for up to `timeout`; false when both are closed.
  bool pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_, err_;
  std::size_t out_consumed_ = 0;
  std::optional<int> exit_code_;
  double cpu_seconds_ = 0;
};

/// Runs to completion (timeout 120 s) and returns {exit code, stdout, stderr}.
struct RunResult {
  int exit_code;
  std::string out;
  std::string err;
};
RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = std::chrono::seconds(120));

/// A CLI error message as the conventions want it: exactly one line on stderr.
inline bool one_line(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }

/// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace runload::testing
