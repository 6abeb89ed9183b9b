#pragma once
/// A watch activity (FIT, GPX, TCX import) and a runload recording of the same run become one session,
/// whichever of the two is stored first (core/same_run.h). Called after `import` and after `record`.
#include <cstdint>
#include <string>
#include <vector>

#include "runload/store/store.h"

namespace runload::apps {

/// Merges every recorded session of `athlete_id` with the imported watch activity of the same run
/// (core::same_run; the nearest start when several): the recording's session stays (its id too), the
/// watch activity's row goes. One line per merge, for stdout. Throws RuntimeError when the store refuses.
std::vector<std::string> merge_same_runs(store::Store& store, std::int64_t athlete_id);

}  // namespace runload::apps
