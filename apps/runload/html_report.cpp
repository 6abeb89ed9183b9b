#include "html_report.h"

#include <stdexcept>

#include "version.h"
#include "web_assets.h"

namespace runload::apps {

namespace {

std::string_view asset(std::string_view name) {
  const auto* a = find_web_asset(name);
  if (!a) throw std::logic_error("web asset missing from the build: " + std::string(name));
  return a->body;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

/// Inline script text; "</script" inside would end the element early.
std::string_view script_text(std::string_view name) {
  const auto text = asset(name);
  if (text.find("</script") != std::string_view::npos) throw std::logic_error(std::string(name) + " contains </script");
  return text;
}

}  // namespace

std::string json_for_script(const nlohmann::json& json) {
  const std::string text = json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;  // only inside strings in JSON, where the escape is equivalent
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string render_html_report(const nlohmann::json& view, std::string_view title) {
  std::string page;
  page.reserve(300 * 1024);
  page += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
          "style-src 'unsafe-inline'; img-src data:\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<meta name=\"generator\" content=\"runload " + std::string(runload_version()) +
          "\">\n<link rel=\"icon\" href=\"data:,\">\n";
  page += "<title>" + html_escape(title) + "</title>\n<style>\n";
  page += asset("runload.css");
  page += "\n</style>\n</head>\n<body class=\"report\">\n<main id=\"app\"></main>\n";
  page += "<script type=\"application/json\" id=\"runload-data\">";
  page += json_for_script(view);
  page += "</script>\n<!-- Chart.js, inlined from the npm package chart.js (apps/web/vendor/README.md):\n";
  std::string license(asset("chart.js.LICENSE.md"));
  for (std::size_t p = license.find("--"); p != std::string::npos; p = license.find("--", p)) license.replace(p, 2, "- -");
  page += license;
  page += "\n-->\n<script>\n";
  page += script_text("chart.umd.min.js");
  page += "\n</script>\n<script>\n";
  page += script_text("runload_views.js");
  page += "\n</script>\n<script>\n";
  page += script_text("report_boot.js");
  page += "\n</script>\n</body>\n</html>\n";
  return page;
}

}  // namespace runload::apps
