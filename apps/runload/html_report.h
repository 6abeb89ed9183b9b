#pragma once
/// The self-contained HTML report: one file with the style, the vendored chart library, the view
/// script and the data (a JSON view from web_views.h) inlined. A Content-Security-Policy meta tag forbids
/// every network request, so the page works offline and cannot call home.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace runload::apps {

/// The page for `view` (its "kind" picks the athlete, session or team layout); `title` is plain text.
std::string render_html_report(const nlohmann::json& view, std::string_view title);

/// `json` serialised so it can sit inside a <script> element: '<', '>' and '&' become \u escapes.
std::string json_for_script(const nlohmann::json& json);

}  // namespace runload::apps
