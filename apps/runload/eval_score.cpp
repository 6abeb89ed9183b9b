#include "eval_score.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "runload/bridge/datasets/reference_dsp.h"

namespace runload::apps {

namespace {

using bridge::datasets::median;

std::optional<double> mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

/// Median over the trials of one optional figure (trials without it left out).
template <typename Get>
std::optional<double> median_over(const std::vector<RunningFigures>& trials, Get get) {
  std::vector<double> values;
  for (const auto& t : trials)
    if (const std::optional<double> v = get(t)) values.push_back(*v);
  return median(std::move(values));
}

std::optional<double> distance_error_pct(const RunningFigures& r) {
  if (!(r.reference_distance_m > 0.0) || !r.detected_distance_m) return std::nullopt;
  return (*r.detected_distance_m - r.reference_distance_m) / r.reference_distance_m * 100.0;
}

std::optional<double> contact_minus_window_ms(const RunningFigures& r) {
  if (!r.contact_time_ms || !r.contact_window_ms) return std::nullopt;
  return *r.contact_time_ms - *r.contact_window_ms;
}

/// Event times, ms on the recording's clock, to 0.1 ms.
ojson times_json(const std::vector<double>& ms) {
  ojson a = ojson::array();
  for (double t : ms) a.push_back(fixed(std::optional<double>(t), 1));
  return a;
}

/// The figures every dataset reports, from its pooled (or one trial's) event scores.
void add_event_fields(ojson& j, const core::EventScore& ic, const core::EventScore& tc) {
  const bool any = ic.true_positives + ic.false_negatives > 0;
  const auto opt = [&](double x) { return any ? std::optional<double>(x) : std::nullopt; };
  j["step_f1"] = fixed(opt(ic.f1()), 4);
  j["step_precision"] = fixed(opt(ic.precision()), 4);
  j["step_recall"] = fixed(opt(ic.recall()), 4);
  // No matched event (nothing detected, or the accelerometer-only method's TC): no timing error, not 0 ms.
  const auto matched = [](const core::EventScore& e, double x) {
    return e.true_positives > 0 ? std::optional<double>(x) : std::nullopt;
  };
  j["ic_mae_ms"] = fixed(matched(ic, ic.mean_abs_error_ms()), 2);
  j["ic_median_abs_ms"] = fixed(matched(ic, ic.median_abs_error_ms()), 2);
  j["ic_bias_ms"] = fixed(matched(ic, ic.mean_error_ms()), 2);
  j["tc_f1"] = fixed(opt(tc.f1()), 4);
  j["tc_mae_ms"] = fixed(matched(tc, tc.mean_abs_error_ms()), 2);
  j["tc_median_abs_ms"] = fixed(matched(tc, tc.median_abs_error_ms()), 2);
}

ojson trial_json(const Trial& t, const core::EventScore& ic, const core::EventScore& tc, std::optional<double> cadence_ref,
                 std::optional<double> cadence_det) {
  ojson j;
  j["id"] = t.id;
  j["reference_ics"] = ic.true_positives + ic.false_negatives;
  j["detected_ics"] = ic.true_positives + ic.false_positives;
  add_event_fields(j, ic, tc);
  j["ic_median_error_ms"] = fixed(median(ic.errors_ms), 2);
  j["missed_ic_ms"] = times_json(ic.missed_ms);
  j["extra_ic_ms"] = times_json(ic.extra_ms);
  j["cadence_ref_spm"] = fixed(cadence_ref, 2);
  j["cadence_det_spm"] = fixed(cadence_det, 2);
  if (!t.running) return j;
  const RunningFigures& r = *t.running;
  j["samples"] = r.samples;
  j["duration_s"] = fixed(std::optional<double>(r.duration_s), 3);
  j["sample_rate_hz"] = fixed(std::optional<double>(r.sample_rate_hz), 3);
  j["strides_ref"] = r.reference_strides;
  j["strides_det"] = r.detected_strides;
  j["stride_gaps"] = r.stride_gaps;
  j["distance_ref_m"] = fixed(std::optional<double>(r.reference_distance_m), 3);
  j["distance_det_m"] = fixed(r.detected_distance_m, 3);
  j["distance_session_m"] = fixed(r.session_distance_m, 3);
  j["distance_error_pct"] = fixed(distance_error_pct(r), 2);
  j["contact_window_ms"] = fixed(r.contact_window_ms, 1);
  j["contact_time_ms"] = fixed(r.contact_time_ms, 1);
  j["contact_minus_window_ms"] = fixed(contact_minus_window_ms(r), 1);
  j["duty_factor"] = fixed(r.duty_factor, 3);
  return j;
}

void add_running_fields(ojson& j, const std::vector<RunningFigures>& trials) {
  std::size_t ref_strides = 0, det_strides = 0;
  double ref_m = 0.0, det_m = 0.0, session_m = 0.0;
  bool session_known = true, detected_known = true;
  std::vector<double> abs_errors;
  std::optional<double> worst;
  for (const auto& t : trials) {
    ref_strides += t.reference_strides;
    det_strides += t.detected_strides;
    ref_m += t.reference_distance_m;
    det_m += t.detected_distance_m.value_or(0.0);
    detected_known = detected_known && t.detected_distance_m.has_value();
    if (t.session_distance_m) session_m += *t.session_distance_m;
    session_known = session_known && t.session_distance_m.has_value();
    if (const auto e = distance_error_pct(t)) {
      abs_errors.push_back(std::fabs(*e));
      if (!worst || std::fabs(*e) > std::fabs(*worst)) worst = e;
    }
  }
  j["strides_ref"] = ref_strides;
  j["strides_det"] = det_strides;
  j["distance_error_median_abs_pct"] = fixed(median(abs_errors), 2);
  j["distance_error_worst_pct"] = fixed(worst, 2);
  j["distance_ref_m"] = fixed(std::optional<double>(ref_m), 2);
  j["distance_det_m"] = fixed(detected_known ? std::optional<double>(det_m) : std::nullopt, 2);
  j["distance_session_m"] = fixed(session_known ? std::optional<double>(session_m) : std::nullopt, 2);
  j["contact_time_ms"] = fixed(median_over(trials, [](const RunningFigures& t) { return t.contact_time_ms; }), 1);
  j["contact_window_ms"] = fixed(median_over(trials, [](const RunningFigures& t) { return t.contact_window_ms; }), 1);
  j["contact_minus_window_ms"] = fixed(median_over(trials, contact_minus_window_ms), 1);
  j["duty_factor"] = fixed(median_over(trials, [](const RunningFigures& t) { return t.duty_factor; }), 3);
}

}  // namespace

void DatasetScore::add(const Trial& t) {
  ++recordings;
  const core::EventScore trial_ic = core::score_events(t.ref_ic, t.det_ic, t.scoring);
  const core::EventScore trial_tc = core::score_events(t.ref_tc, t.det_tc, t.scoring);
  ic.merge(trial_ic);
  tc.merge(trial_tc);
  const auto gct = core::contact_time_errors_ms(t.ref_ic, t.ref_tc, t.det_ic, t.det_tc, t.scoring.tolerance_ms);
  gct_errors_ms.insert(gct_errors_ms.end(), gct.begin(), gct.end());
  // Cadence over the scored part (widened by the tolerance), the same window for the reference
  // and the detections, from this leg's ICs (strides → steps/min); running datasets bring their own.
  const double lo = t.scoring.window_begin_ms.value_or(-1e300) - t.scoring.tolerance_ms;
  const double hi = t.scoring.window_end_ms.value_or(1e300) + t.scoring.tolerance_ms;
  const auto in_window = [&](const std::vector<double>& all) {
    std::vector<double> in;
    for (double x : all)
      if (x >= lo && x <= hi) in.push_back(x);
    return in;
  };
  const auto ref_in = in_window(t.ref_ic), det_in = in_window(t.det_ic);
  const auto c_ref = t.running ? t.running->reference_cadence_spm : core::cadence_steps_per_min_one_foot(ref_in);
  const auto c_det = t.running ? t.running->detected_cadence_spm : core::cadence_steps_per_min_one_foot(det_in);
  if (c_ref && c_det) cadence_abs_errors_spm.push_back(std::fabs(*c_det - *c_ref));
  if (t.turns_ms) {
    has_turns = true;
    core::EventScoringSettings straight = t.scoring;
    straight.excluded_ms.insert(straight.excluded_ms.end(), t.turns_ms->begin(), t.turns_ms->end());
    ic_straight.merge(core::score_events(t.ref_ic, t.det_ic, straight));
    const auto s_ref = core::cadence_steps_per_min_one_foot(ref_in, 2500.0, *t.turns_ms);
    const auto s_det = core::cadence_steps_per_min_one_foot(det_in, 2500.0, *t.turns_ms);
    if (s_ref && s_det) cadence_straight_abs_errors_spm.push_back(std::fabs(*s_det - *s_ref));
  }
  if (t.ref_distance_m && t.det_distance_m) {
    has_distance = true;
    ref_distance_m += *t.ref_distance_m;
    det_distance_m += *t.det_distance_m;
  }
  if (t.running) running.push_back(*t.running);
  trials.push_back(trial_json(t, trial_ic, trial_tc, c_ref, c_det));
}

ojson DatasetScore::json() const {
  std::optional<double> distance_error;
  if (has_distance && ref_distance_m > 0.0) distance_error = (det_distance_m - ref_distance_m) / ref_distance_m * 100.0;
  std::optional<double> f1_straight, cadence_mae_straight;
  if (has_turns) {
    f1_straight = ic_straight.f1();
    cadence_mae_straight = mean(cadence_straight_abs_errors_spm);
  }
  ojson j;
  j["name"] = name;
  j["kind"] = kind;
  j["recordings"] = recordings;
  if (decimation_factor > 1) {
    j["decimation_factor"] = decimation_factor;
    j["scored_rate_hz"] = std::round(scored_rate_hz * 1000.0) / 1000.0;
  }
  add_event_fields(j, ic, tc);
  j["cadence_mae_spm"] = fixed(mean(cadence_abs_errors_spm), 3);
  j["gct_bias_ms"] = fixed(mean(gct_errors_ms), 2);
  j["distance_error_pct"] = fixed(distance_error, 2);
  j["step_f1_straight"] = fixed(f1_straight, 4);
  j["cadence_mae_straight_spm"] = fixed(cadence_mae_straight, 3);
  j["ic_median_error_ms"] = fixed(ic.true_positives > 0 ? median(ic.errors_ms) : std::nullopt, 2);
  if (!running.empty()) add_running_fields(j, running);
  j["trials"] = trials;
  return j;
}

namespace {

std::string num(const ojson& v, const char* unit = "") { return v.is_null() ? std::string("-") : v.dump() + unit; }

/// A number with fixed decimals (running section), "-" when missing.
std::string dec(const ojson& v, int decimals, const char* unit = "") {
  return v.is_null() ? std::string("-") : fmt::format("{:.{}f}{}", v.get<double>(), decimals, unit);
}

std::string signed_dec(const ojson& v, int decimals, const char* unit = "") {
  return v.is_null() ? std::string("-") : fmt::format("{:+.{}f}{}", v.get<double>(), decimals, unit);
}

std::string running_section(const ojson& d) {
  std::string out = fmt::format("running: {} ({} trials, {} reference strides, {} detected)\n", d["name"].get<std::string>(),
                                d["recordings"].get<int>(), num(d["strides_ref"]), num(d["strides_det"]));
  out += fmt::format("  stride F1 {}   IC error median {}   cadence MAE {}\n", dec(d["step_f1"], 3),
                     signed_dec(d["ic_median_error_ms"], 1, " ms"), dec(d["cadence_mae_spm"], 2, " steps/min"));
  const ojson& median_abs = d["distance_error_median_abs_pct"];
  out += fmt::format("  distance error median {}, worst trial {}   (reference {}, detected {}, session total {})\n",
                     median_abs.is_null() ? std::string("-") : fmt::format("|{}|", dec(median_abs, 1, " %")), signed_dec(d["distance_error_worst_pct"], 1, " %"),
                     dec(d["distance_ref_m"], 1, " m"), dec(d["distance_det_m"], 1, " m"), dec(d["distance_session_m"], 1, " m"));
  out += fmt::format("  contact time {} vs VICON contact window {} (median difference {})   duty factor {}\n",
                     dec(d["contact_time_ms"], 0, " ms"), dec(d["contact_window_ms"], 0, " ms"),
                     signed_dec(d["contact_minus_window_ms"], 0, " ms"), dec(d["duty_factor"], 2));
  out += fmt::format("  {:<20} {:>7} {:>5} {:>7} {:>13} {:>20} {:>9} {:>5}\n", "trial", "strides", "F1", "IC_err",
                     "cadence spm", "distance m (session)", "GCT ms", "DF");
  out += fmt::format("  {:<20} {:>7} {:>5} {:>7} {:>13} {:>20} {:>9} {:>5}\n", "", "ref/det", "", "ms", "ref/det",
                     "ref/det", "ref/det", "");
  for (const auto& t : d["trials"]) {
    out += fmt::format("  {:<20} {:>7} {:>5} {:>7} {:>13} {:>20} {:>9} {:>5}\n", t["id"].get<std::string>(),
                       num(t["strides_ref"]) + "/" + num(t["strides_det"]), dec(t["step_f1"], 2),
                       signed_dec(t["ic_median_error_ms"], 0), dec(t["cadence_ref_spm"], 1) + "/" + dec(t["cadence_det_spm"], 1),
                       dec(t["distance_ref_m"], 1) + "/" + dec(t["distance_det_m"], 1) + " (" + dec(t["distance_session_m"], 1) + ")",
                       dec(t["contact_window_ms"], 0) + "/" + dec(t["contact_time_ms"], 0), dec(t["duty_factor"], 2));
  }
  return out;
}

}  // namespace

std::string eval_text_report(const ojson& datasets) {
  std::string out = fmt::format("{:<24} {:>5} {:>7} {:>8} {:>8} {:>9} {:>9} {:>10}\n", "dataset", "recs", "step_F1",
                                "IC_MAE", "TC_MAE", "cad_MAE", "GCT_bias", "dist_err");
  std::string running;
  for (const auto& d : datasets) {
    out += fmt::format("{:<24} {:>5} {:>7} {:>8} {:>8} {:>9} {:>9} {:>10}\n", d["name"].get<std::string>(),
                       d["recordings"].get<int>(), num(d["step_f1"]), num(d["ic_mae_ms"], "ms"), num(d["tc_mae_ms"], "ms"),
                       num(d["cadence_mae_spm"], "spm"), num(d["gct_bias_ms"], "ms"), num(d["distance_error_pct"], "%"));
    if (!d["step_f1_straight"].is_null())
      out += fmt::format("  straight walking (turns left out): step_F1 {}, cad_MAE {}\n", num(d["step_f1_straight"]),
                         num(d["cadence_mae_straight_spm"], "spm"));
    if (d["kind"] == "running") running += fmt::format("\n{}", running_section(d));  // not "\n" + string: GCC 12 -O3 -Wrestrict
  }
  return out + running;
}

}  // namespace runload::apps
