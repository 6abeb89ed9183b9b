#include "runload/core/mechanical_exposure.h"

#include <cmath>

namespace runload::core {

double mechanical_exposure_of_steps(std::span<const float> per_step_pta_g, double impact_exponent) noexcept {
  double sum = 0.0;
  for (const float peak : per_step_pta_g) {
    if (!std::isfinite(peak) || peak < 0.0f) continue;  // a corrupt peak never enters the sum
    sum += std::pow(static_cast<double>(peak), impact_exponent);
  }
  return sum;
}

std::optional<double> session_step_count(const Session& session) noexcept {
  if (session.metrics.step_count) return session.metrics.step_count;
  if (session.metrics.cadence_steps_per_min) return *session.metrics.cadence_steps_per_min * session.duration_s / 60.0;
  return std::nullopt;
}

std::optional<double> session_mechanical_exposure_g_steps(const Session& session, double impact_exponent) noexcept {
  if (session.metrics.mechanical_exposure_g_steps) return session.metrics.mechanical_exposure_g_steps;
  const auto steps = session_step_count(session);
  if (!steps || !session.metrics.pta_g) return std::nullopt;
  return *steps * std::pow(*session.metrics.pta_g, impact_exponent);
}

std::optional<double> absolute_exposure_kg_g_steps(double exposure_g_steps, std::optional<double> body_mass_kg) noexcept {
  if (!body_mass_kg || *body_mass_kg <= 0.0) return std::nullopt;
  return exposure_g_steps * *body_mass_kg;
}

}  // namespace runload::core
