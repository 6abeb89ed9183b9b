#include "store_options.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include "cli.h"
#include "recorded_session.h"
#include "terminal_text.h"

namespace runload::apps {

void add_store_option(CLI::App* cmd, std::string& path) {
  path = store::default_store_path().string();
  cmd->add_option("--store", path, "Session store: a SQLite file, or a club server's postgresql:// URI")
      ->capture_default_str();
}

std::filesystem::path recordings_dir(const std::string& store) {
  const std::filesystem::path beside =
      store::is_server_store(store) ? store::default_store_path() : std::filesystem::path(store);
  return beside.parent_path() / "recordings";
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

namespace {

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

/// Levenshtein distance between two short strings (names).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

core::Athlete require_athlete(const store::Store& s, const std::string& name) {
  if (auto a = s.find_athlete(name)) return *a;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec == std::errc() && end == name.data() + name.size() && !name.empty()) {
    if (auto a = s.athlete(id)) return *a;
  }
  const auto athletes = s.athletes();
  const std::string wanted = lower_ascii(name);
  std::vector<core::Athlete> same_letters;
  for (const auto& a : athletes) {
    if (lower_ascii(a.name) == wanted) same_letters.push_back(a);
  }
  if (same_letters.size() == 1) return same_letters.front();
  if (same_letters.size() > 1) {
    std::string names;
    for (const auto& a : same_letters) names += (names.empty() ? "'" : ", '") + terminal_safe(a.name) + "' (id " + std::to_string(a.id) + ")";
    throw RuntimeError("'" + terminal_safe(name) + "' matches " + names + ": give the exact name or the id");
  }
  // A typo: the closest name within a third of its length (at least one edit).
  const core::Athlete* closest = nullptr;
  std::size_t best = 0;
  for (const auto& a : athletes) {
    const std::size_t d = edit_distance(wanted, lower_ascii(a.name));
    if (d <= std::max<std::size_t>(1, a.name.size() / 3) && (closest == nullptr || d < best)) {
      closest = &a;
      best = d;
    }
  }
  // A first name or a surname alone ("ana" for "Ana Costa"): the athlete whose name holds it as a word.
  for (const auto& a : athletes) {
    if (closest != nullptr) break;
    std::istringstream words(lower_ascii(a.name));
    for (std::string word; words >> word;) {
      if (word == wanted) closest = &a;
    }
  }
  if (closest != nullptr) {
    throw RuntimeError("no athlete named '" + terminal_safe(name) + "'; did you mean '" + terminal_safe(closest->name) + "'? (see runload athlete list)");
  }
  throw RuntimeError("no athlete named '" + terminal_safe(name) + "' (add one with: runload athlete add --name \"" +
                     terminal_safe(name) + "\")");
}

}  // namespace runload::apps
