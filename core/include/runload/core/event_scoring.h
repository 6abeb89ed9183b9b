#pragma once
/// Scoring of detected gait events against reference events: one-to-one matching inside a
/// tolerance window → TP / FP / FN, precision / recall / F1, timing errors (ms), cadence error and
/// contact-time bias. Pure maths, no IO. Times are in ms on one clock (e.g. sample index × 1000/fs).
///
/// Header-only on purpose: accuracy harnesses in other test folders can include it without a link
/// dependency on runload::core (runload::bridge must not depend on core).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace runload::core {

struct EventScoringSettings {
  /// A detection within ±tolerance_ms of a reference event can match it.
  double tolerance_ms = 100.0;
  /// Only reference events inside [window_begin_ms, window_end_ms] are scored; detections count
  /// if they fall inside the window widened by the tolerance. Unset = everything.
  std::optional<double> window_begin_ms;
  std::optional<double> window_end_ms;
  /// Intervals [begin, end] (ms) left out of the score (e.g. a turn): references inside them and
  /// detections that are unmatched inside them or matched to such a reference are dropped.
  std::vector<std::pair<double, double>> excluded_ms;
};

struct EventScore {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  /// detected − reference, ms, one per true positive.
  std::vector<double> errors_ms;
  /// The scored reference events no detection matched (the false negatives), ms.
  std::vector<double> missed_ms;
  /// The scored detections that matched no reference event (the false positives), ms.
  std::vector<double> extra_ms;

  double precision() const noexcept {
    const double d = static_cast<double>(true_positives + false_positives);
    return d > 0.0 ? static_cast<double>(true_positives) / d : 1.0;
  }
  double recall() const noexcept {
    const double d = static_cast<double>(true_positives + false_negatives);
    return d > 0.0 ? static_cast<double>(true_positives) / d : 1.0;
  }
  double f1() const noexcept {
    const double d = static_cast<double>(2 * true_positives + false_positives + false_negatives);
    return d > 0.0 ? 2.0 * static_cast<double>(true_positives) / d : 1.0;
  }
  /// Median |error|, ms (0 when empty).
  double median_abs_error_ms() const {
    if (errors_ms.empty()) return 0.0;
    std::vector<double> a;
    a.reserve(errors_ms.size());
    for (double e : errors_ms) a.push_back(std::fabs(e));
    std::sort(a.begin(), a.end());
    const std::size_t n = a.size();
    return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
  }
  /// Mean |error| (MAE), ms.
  double mean_abs_error_ms() const noexcept {
    double s = 0.0;
    for (double e : errors_ms) s += std::fabs(e);
    return errors_ms.empty() ? 0.0 : s / static_cast<double>(errors_ms.size());
  }
  /// Mean signed error (bias), ms.
  double mean_error_ms() const noexcept {
    double s = 0.0;
    for (double e : errors_ms) s += e;
    return errors_ms.empty() ? 0.0 : s / static_cast<double>(errors_ms.size());
  }
  /// Pools another score (counts and errors).
  void merge(const EventScore& o) {
    true_positives += o.true_positives;
    false_positives += o.false_positives;
    false_negatives += o.false_negatives;
    errors_ms.insert(errors_ms.end(), o.errors_ms.begin(), o.errors_ms.end());
    missed_ms.insert(missed_ms.end(), o.missed_ms.begin(), o.missed_ms.end());
    extra_ms.insert(extra_ms.end(), o.extra_ms.begin(), o.extra_ms.end());
  }
};

/// One matched pair: indices into the reference and detected spans.
struct EventMatch {
  std::size_t reference = 0;
  std::size_t detected = 0;
  double error_ms = 0.0;
};

/// One-to-one matching: pairs within the tolerance, closest first (greedy on |error|; ties by
/// reference order). Inputs need not be sorted. Ignores the window / exclusions.
inline std::vector<EventMatch> match_events(std::span<const double> reference_ms, std::span<const double> detected_ms,
                                            double tolerance_ms) {
  std::vector<EventMatch> candidates;
  for (std::size_t r = 0; r < reference_ms.size(); ++r)
    for (std::size_t d = 0; d < detected_ms.size(); ++d) {
      const double e = detected_ms[d] - reference_ms[r];
      if (std::fabs(e) <= tolerance_ms) candidates.push_back({r, d, e});
    }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const EventMatch& a, const EventMatch& b) { return std::fabs(a.error_ms) < std::fabs(b.error_ms); });
  std::vector<bool> used_r(reference_ms.size(), false), used_d(detected_ms.size(), false);
  std::vector<EventMatch> matches;
  for (const EventMatch& c : candidates) {
    if (used_r[c.reference] || used_d[c.detected]) continue;
    used_r[c.reference] = used_d[c.detected] = true;
    matches.push_back(c);
  }
  std::sort(matches.begin(), matches.end(), [](const EventMatch& a, const EventMatch& b) { return a.reference < b.reference; });
  return matches;
}

/// TP / FP / FN and timing errors of `detected_ms` against `reference_ms` (see settings).
inline EventScore score_events(std::span<const double> reference_ms, std::span<const double> detected_ms,
                               const EventScoringSettings& s) {
  const auto excluded = [&](double t) {
    for (const auto& [a, b] : s.excluded_ms)
      if (t >= a && t <= b) return true;
    return false;
  };
  const double lo = s.window_begin_ms.value_or(-1e300);
  const double hi = s.window_end_ms.value_or(1e300);
  const auto ref_in = [&](double t) { return t >= lo && t <= hi; };
  const auto det_in = [&](double t) { return t >= lo - s.tolerance_ms && t <= hi + s.tolerance_ms; };

  const auto matches = match_events(reference_ms, detected_ms, s.tolerance_ms);
  std::vector<bool> matched_r(reference_ms.size(), false), matched_d(detected_ms.size(), false);
  EventScore score;
  for (const EventMatch& m : matches) {
    matched_r[m.reference] = matched_d[m.detected] = true;
    const double r = reference_ms[m.reference];
    if (!ref_in(r) || excluded(r)) continue;
    ++score.true_positives;
    score.errors_ms.push_back(m.error_ms);
  }
  for (std::size_t r = 0; r < reference_ms.size(); ++r)
    if (!matched_r[r] && ref_in(reference_ms[r]) && !excluded(reference_ms[r])) score.missed_ms.push_back(reference_ms[r]);
  // A detection matched to a reference outside the window is not a false positive either.
  for (std::size_t d = 0; d < detected_ms.size(); ++d)
    if (!matched_d[d] && det_in(detected_ms[d]) && !excluded(detected_ms[d])) score.extra_ms.push_back(detected_ms[d]);
  std::sort(score.missed_ms.begin(), score.missed_ms.end());
  std::sort(score.extra_ms.begin(), score.extra_ms.end());
  score.false_negatives = score.missed_ms.size();
  score.false_positives = score.extra_ms.size();
  return score;
}

/// Contact times (ms) of one foot: each IC paired with the first TC after it and before the next IC.
/// Returns (ic_ms, contact_ms) pairs.
inline std::vector<std::pair<double, double>> contact_times_ms(std::span<const double> ic_ms, std::span<const double> tc_ms) {
  std::vector<double> ic(ic_ms.begin(), ic_ms.end()), tc(tc_ms.begin(), tc_ms.end());
  std::sort(ic.begin(), ic.end());
  std::sort(tc.begin(), tc.end());
  std::vector<std::pair<double, double>> out;
  for (std::size_t i = 0; i < ic.size(); ++i) {
    const double next_ic = i + 1 < ic.size() ? ic[i + 1] : 1e300;
    const auto it = std::upper_bound(tc.begin(), tc.end(), ic[i]);
    if (it != tc.end() && *it < next_ic) out.emplace_back(ic[i], *it - ic[i]);
  }
  return out;
}

/// Contact-time errors (detected − reference, ms) for reference stances whose IC is matched by a
/// detected IC (within the tolerance) that also has a detected contact time.
inline std::vector<double> contact_time_errors_ms(std::span<const double> ref_ic_ms, std::span<const double> ref_tc_ms,
                                                  std::span<const double> det_ic_ms, std::span<const double> det_tc_ms,
                                                  double tolerance_ms) {
  const auto ref = contact_times_ms(ref_ic_ms, ref_tc_ms);
  const auto det = contact_times_ms(det_ic_ms, det_tc_ms);
  std::vector<double> r_ic, d_ic;
  for (const auto& p : ref) r_ic.push_back(p.first);
  for (const auto& p : det) d_ic.push_back(p.first);
  std::vector<double> errors;
  for (const EventMatch& m : match_events(r_ic, d_ic, tolerance_ms)) errors.push_back(det[m.detected].second - ref[m.reference].second);
  return errors;
}

/// Mean cadence of one foot's ICs between the first and last: steps/min = 2 · strides/min, assuming
/// a symmetric gait (a one-foot sensor sees strides). Pauses longer than `max_stride_ms` are left
/// out of both the time and the stride count, and so are strides that overlap an `excluded_ms`
/// interval (e.g. a turn). nullopt with fewer than 2 strides.
inline std::optional<double> cadence_steps_per_min_one_foot(std::span<const double> ic_ms, double max_stride_ms = 2500.0,
                                                            std::span<const std::pair<double, double>> excluded_ms = {}) {
  std::vector<double> ic(ic_ms.begin(), ic_ms.end());
  std::sort(ic.begin(), ic.end());
  double total_ms = 0.0;
  std::size_t strides = 0;
  for (std::size_t i = 1; i < ic.size(); ++i) {
    const double d = ic[i] - ic[i - 1];
    const bool excluded = std::any_of(excluded_ms.begin(), excluded_ms.end(),
                                      [&](const auto& e) { return ic[i - 1] <= e.second && ic[i] >= e.first; });
    if (d > max_stride_ms || excluded) continue;
    total_ms += d;
    ++strides;
  }
  if (strides < 2 || total_ms <= 0.0) return std::nullopt;
  const double strides_per_min = 60000.0 * static_cast<double>(strides) / total_ms;
  return 2.0 * strides_per_min;
}

}  // namespace runload::core
