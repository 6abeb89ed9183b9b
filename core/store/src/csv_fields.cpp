#include "csv_fields.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace runload::store::csv {

std::optional<std::vector<std::string>> split(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (auto& f : fields) {
    const auto first = f.find_first_not_of(" \t");
    const auto last = f.find_last_not_of(" \t");
    f = first == std::string::npos ? std::string() : f.substr(first, last - first + 1);
  }
  return fields;
}

std::optional<double> number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<double> clock_s(std::string_view text) {
  // Two or three colon-separated parts; every part but the last a whole number, minutes and seconds < 60.
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string_view::npos ? std::string_view::npos : colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  double total = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    if (parts[i].empty() || parts[i].front() == '-' || parts[i].front() == '+') return std::nullopt;
    if (!last && parts[i].find('.') != std::string_view::npos) return std::nullopt;
    const auto v = number(parts[i]);
    if (!v || (i > 0 && *v >= 60)) return std::nullopt;
    total = total * 60.0 + *v;
  }
  return total;
}

std::optional<double> export_number(std::string_view text) {
  if (text.empty() || text == "--") return std::nullopt;
  std::string s(text);
  const auto comma = s.rfind(',');
  if (comma != std::string::npos) {
    const bool has_dot = s.find('.') != std::string::npos;
    const bool thousands = has_dot || s.size() - comma - 1 == 3;
    if (thousands) {
      s.erase(std::remove(s.begin(), s.end(), ','), s.end());
    } else if (s.find(',') == comma) {
      s[comma] = '.';  // one decimal comma
    } else {
      return std::nullopt;
    }
  }
  return number(s);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace runload::store::csv
