#pragma once
/// The JSON view an HTML report embeds: what the dashboard API serves for the same page.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace runload::testing {

inline nlohmann::json report_view(const std::string& html_path) {
  std::ifstream in(html_path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string html = text.str();
  const std::string open = "<script type=\"application/json\" id=\"runload-data\">";
  const auto at = html.find(open);
  if (at == std::string::npos) return nullptr;
  const auto from = at + open.size();
  return nlohmann::json::parse(html.substr(from, html.find("</script>", from) - from));
}

}  // namespace runload::testing
