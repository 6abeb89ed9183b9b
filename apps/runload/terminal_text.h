#pragma once
/// Text from the store (names typed by users, shoe names from imported files) shown on a terminal.
#include <string>
#include <string_view>

namespace runload::apps {

/// `text` with every control character (C0, DEL, and C1 such as the one-byte CSI) written as `\xNN`,
/// so a name can never move the cursor, clear the screen or retitle the window.
std::string terminal_safe(std::string_view text);
/// The same for a block of text made for the terminal (a load or risk report, an error message) that
/// holds names, shoes and notes: line breaks and tabs stay, every other control character is `\xNN`.
std::string terminal_safe_text(std::string_view text);
/// A CLI11 check for a name option: empty when `text` has no control character, else the reason.
std::string refuse_control_characters(const std::string& text);
/// A CLI11 check for a unique name (athlete, user, team): 1 to 100 characters, no control character.
std::string check_name(const std::string& text);

}  // namespace runload::apps
