#pragma once
/// Where tests find things: the shared datasets beside the checkout, the source tree, the CLI.
#include <filesystem>

namespace runload::testing {

inline std::filesystem::path shared_datasets() { return RUNLOAD_SHARED_DATASETS; }
inline std::filesystem::path source_dir() { return RUNLOAD_SOURCE_DIR; }
#ifdef RUNLOAD_BINARY
inline std::filesystem::path runload_binary() { return RUNLOAD_BINARY; }
#endif

}  // namespace runload::testing
