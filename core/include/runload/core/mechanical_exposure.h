#pragma once
/// Mechanical exposure index: a PROXY for mechanical load, never "knee load" or "bone load"
/// (EVIDENCE §5.1: impact correlates weakly or negatively with tibial load, Matijevich 2019).
/// Per step, impact weight = pta_g^impact_exponent; summed over the steps of a session (g·steps).
/// Body-mass normalised by construction: an acceleration is force per unit mass, so the index is
/// comparable between runners of different mass. absolute_exposure_kg_g_steps() multiplies it back by
/// body mass (an absolute, force-like exposure: heavier runners carry more); it is not normalised.
#include <optional>
#include <span>

#include "runload/core/session.h"

namespace runload::core {

/// Σ over steps of pta_g^impact_exponent. Non-finite or negative peaks are skipped.
double mechanical_exposure_of_steps(std::span<const float> per_step_pta_g, double impact_exponent) noexcept;

/// Steps in a session: metrics.step_count, else cadence × minutes; nullopt when neither is known.
std::optional<double> session_step_count(const Session& session) noexcept;

/// The session's exposure: metrics.mechanical_exposure_g_steps when provided, else
/// steps × pta_g^impact_exponent (a mean-peak approximation); nullopt without impact data.
std::optional<double> session_mechanical_exposure_g_steps(const Session& session, double impact_exponent) noexcept;

/// Absolute variant for the weight factor: exposure × body mass (kg·g·steps, NOT per kg); nullopt without mass.
std::optional<double> absolute_exposure_kg_g_steps(double exposure_g_steps, std::optional<double> body_mass_kg) noexcept;

}  // namespace runload::core
