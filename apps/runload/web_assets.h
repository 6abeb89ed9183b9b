#pragma once
/// The web files (page, script, style, the vendored chart library) compiled into the binary at build
/// time (apps/web/embed_assets.cmake generates the table), so the report and the dashboard never read
/// from disk and work offline.
#include <span>
#include <string_view>

namespace runload::apps {

struct WebAsset {
  std::string_view name;          ///< file name under apps/web/, e.g. "index.html", "chart.umd.min.js"
  std::string_view content_type;  ///< e.g. "text/javascript; charset=utf-8"
  std::string_view body;
};

/// Every embedded file. The storage is static: the views stay valid for the program's lifetime.
std::span<const WebAsset> web_assets() noexcept;

/// The asset with exactly this name, or nullptr. Names are compared byte for byte: nothing is resolved.
const WebAsset* find_web_asset(std::string_view name) noexcept;

}  // namespace runload::apps
