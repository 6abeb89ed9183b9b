#include "store_options.h"

#include "cli.h"

namespace runload::apps {

void add_store_option(CLI::App* cmd, std::string& path) {
  path = store::default_store_path().string();
  cmd->add_option("--store", path, "Session store (SQLite file)")->capture_default_str();
}

store::Store open_store(const std::string& path) {
  auto s = store::Store::open(path);
  if (!s) throw RuntimeError(s.error());
  return std::move(*s);
}

core::Athlete require_athlete(const store::Store& s, const std::string& name) {
  auto a = s.find_athlete(name);
  if (!a) throw RuntimeError("no athlete named '" + name + "' (add one with: runload athlete add --name \"" + name + "\")");
  return *a;
}

}  // namespace runload::apps
