#pragma once
/// The runload CLI on a fresh session store, as the store-command tests run it.
#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "testing/child_process.h"
#include "testing/paths.h"

namespace runload::testing {

/// The last line of `text` without its newline (a command's last word, e.g. the token `user add` prints).
inline std::string last_line(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  const auto start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

#ifdef RUNLOAD_BINARY
/// `runload ARGS --store STORE` (DIR/store.db unless set) with a temporary directory DIR that lives as
/// long as the object.
class StoreCli {
 public:
  RunResult rl(std::vector<std::string> args, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    std::vector<std::string> argv{runload_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--store");
    argv.push_back(store_.empty() ? dir_.file("store.db") : store_);
    return run(argv, timeout);
  }
  /// Runs the next commands on `store` (a path or a postgresql:// URI).
  void use_store(std::string store) { store_ = std::move(store); }
  /// Writes `text` to DIR/name and returns its path.
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.file(name)) << text;
    return dir_.file(name);
  }
  TempDir dir_;
  std::string store_;
};
#endif

}  // namespace runload::testing
