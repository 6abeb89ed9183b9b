#pragma once
/// A pair of shoes. The km budget is a convention (EVIDENCE §3.3, Cook 1985: grade V), not injury evidence.
#include <cstdint>
#include <optional>
#include <string>

#include "runload/core/date.h"

namespace runload::core {

/// Default replacement budget: the top of the common 480–800 km advice (EVIDENCE §3.3, grade V).
inline constexpr double kDefaultShoeBudgetKm = 800.0;

struct Shoe {
  std::int64_t id = 0;          ///< store row id; sessions refer to it
  std::int64_t athlete_id = 0;
  std::string name;
  std::optional<Date> first_use;  ///< nullopt = first session with the shoe
  double budget_km = kDefaultShoeBudgetKm;
  double initial_km = 0.0;  ///< distance already on the shoe before runload saw it
  bool retired = false;
  std::optional<Date> retired_on;
};

}  // namespace runload::core
