#pragma once
/// Which runload this is: the project version (CMakeLists.txt) and the git commit it was built from
/// (`git describe --always --dirty` at configure time; "unknown" outside a git checkout).
#include <string_view>

namespace runload::apps {

std::string_view runload_version() noexcept;
std::string_view runload_git_commit() noexcept;

}  // namespace runload::apps
