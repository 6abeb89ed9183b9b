#include "store_options.h"

#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.h"
#include "recorded_session.h"

namespace runload::apps {

void add_store_option(CLI::App* cmd, std::string& path) {
  path = store::default_store_path().string();
  cmd->add_option("--store", path, "Session store (SQLite file)")->capture_default_str();
}

std::string check_session_id(const std::string& text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec == std::errc() && end == text.data() + text.size() && id > 0) return {};
  return "a session id is a positive whole number (see runload sessions), not '" + text + "'";
}

store::Store open_store(const std::string& path) {
  auto s = store::Store::open(path);
  if (!s) throw RuntimeError(s.error());
  for (const auto& line : finalise_interrupted_sessions(*s)) std::cerr << line << "\n";
  return std::move(*s);
}

store::Store open_store_read_only(const std::string& path) {
  auto s = store::Store::open_read_only(path);
  if (!s) throw RuntimeError(s.error());
  return std::move(*s);
}

core::RiskConfig read_risk_config(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  if (!in) throw RuntimeError("cannot read config " + path);
  std::stringstream text;
  text << in.rdbuf();
  const auto parsed = core::parse_risk_config(text.str());
  if (!parsed.config) throw RuntimeError(path + ": " + parsed.error->to_string());
  return *parsed.config;
}

core::Athlete require_athlete(const store::Store& s, const std::string& name) {
  auto a = s.find_athlete(name);
  if (!a) throw RuntimeError("no athlete named '" + name + "' (add one with: runload athlete add --name \"" + name + "\")");
  return *a;
}

}  // namespace runload::apps
