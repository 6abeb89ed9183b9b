#pragma once
// Field-level helpers of the CSV history readers: RFC 4180 records, strict numbers, clock durations, and
// the numbers of spreadsheet exports ("1,234.5", "5,81", "--").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runload::store::csv {

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines), fields trimmed. nullopt on a broken quote.
std::optional<std::vector<std::string>> split(const std::string& line);
/// A plain decimal number ("12", "4.5"), nothing else.
std::optional<double> number(std::string_view text);
/// A duration "h:mm:ss" or "mm:ss" (seconds may have a fraction: "00:28:10.5"), in seconds.
std::optional<double> clock_s(std::string_view text);
/// A number as watch exports write it: "1,234.5" and "4,808" (thousands), "5,81" (decimal comma);
/// nullopt for "--" or empty (no value). Quoted units are not accepted.
std::optional<double> export_number(std::string_view text);
std::string lower(std::string_view text);

}  // namespace runload::store::csv
