#include "terminal_text.h"

#include <fmt/format.h>

namespace runload::apps {

namespace {
bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }
/// UTF-8 C1 controls are U+0080..U+009F: 0xC2 followed by 0x80..0x9F.
bool is_c1_pair(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

std::string escape_controls(std::string_view text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (keep_layout && (c == '\n' || c == '\t')) {
      out += static_cast<char>(c);
    } else if (is_control(c)) {
      out += fmt::format("\\x{:02x}", c);
    } else if (is_c1_pair(text, i)) {
      out += fmt::format("\\x{:02x}\\x{:02x}", c, static_cast<unsigned char>(text[i + 1]));
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string terminal_safe(std::string_view text) { return escape_controls(text, false); }
std::string terminal_safe_text(std::string_view text) { return escape_controls(text, true); }

std::string refuse_control_characters(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_control(static_cast<unsigned char>(text[i])) || is_c1_pair(text, i)) {
      return "a name cannot hold control characters (found " + terminal_safe(text) + ")";
    }
  }
  return {};
}

std::string check_name(const std::string& text) {
  return text.empty() || text.size() > 100 ? std::string("a name has 1 to 100 characters") : refuse_control_characters(text);
}

}  // namespace runload::apps
