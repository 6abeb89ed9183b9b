#!/usr/bin/python3
"""Measure the sagittal gyro morphology around the gait events on the shared real recordings.

The numbers marked [PS] and [VO] in signal/src/gait_morphology.cpp come from this script (exploration
only; numpy + scipy, Debian's /usr/bin/python3). It reads ../shared/datasets and never copies them.

- [PS] PyShoe VICON running (Wagstaff et al. 2020), IMU on the right shoe, ~200 Hz. Events from the
  VICON foot trajectory exactly as pyshoe-vicon-running/SOURCE.md defines the project's truth:
  stride = foot-speed peak > 1.5 m/s, IC = first sample after it with speed < 1.0 m/s, foot-flat =
  the speed minimum, contact end = first sample after foot-flat with vertical velocity > +0.5 m/s.
  The impact is the accelerometer-norm maximum within ±80 ms of that IC.
- [VO] Voisard et al. 2023 walking, Xsens on both feet, 100 Hz, hand-checked IC / TC; strides within
  30 samples of the U-turn are reported separately.

Pitch rate = the gyro's principal axis, signed so that mid-swing is positive. Times in ms,
rates in deg/s; percentiles 5, 25, 50, 75, 95.
"""
import glob
import json
import os

import numpy as np
import scipy.io as sio
import scipy.signal as ss

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets")


def pitch_rate(gyro, swing_samples):
    _, vecs = np.linalg.eigh(gyro.T @ gyro)
    pr = gyro @ vecs[:, -1]
    return -pr if np.median(pr[swing_samples]) < 0 else pr


def trough_shape(pr, trough, lower, fs):
    """Zero crossing → trough time, and the half-widths before / after the trough (from the
    half-depth points: a raised cosine reaches half its depth half a half-width from its centre)."""
    z = trough
    while z > lower and pr[z - 1] < 0:
        z -= 1
    after = trough
    while after < len(pr) - 1 and pr[after] < 0.5 * pr[trough]:
        after += 1
    before = trough
    while before > lower and pr[before] < 0.5 * pr[trough]:
        before -= 1
    return (trough - z) / fs * 1e3, 2 * (trough - before) / fs * 1e3, 2 * (after - trough) / fs * 1e3


def report(name, rows):
    print(f"{name}: {len(next(iter(rows.values())))} strides")
    for key, values in rows.items():
        x = np.asarray(values, float)
        x = x[np.isfinite(x)]
        print(f"  {key:34s}" + " ".join(f"{q:8.1f}" for q in np.percentile(x, [5, 25, 50, 75, 95])))


def pyshoe():
    rows = {k: [] for k in ("landing trough - impact", "landing zero crossing -> trough", "landing onset half-width",
                            "landing recovery half-width", "landing depth", "push-off trough before contact end",
                            "push-off onset half-width", "push-off recovery half-width", "push-off depth",
                            "push-off level at contact end", "half recovery - contact end")}
    for path in sorted(glob.glob(os.path.join(DATA, "pyshoe-vicon-running", "*.mat"))):
        d = sio.loadmat(path)
        ts, imu, gt = d["ts"][0], d["imu"], d["gt"]
        fs = 1.0 / np.median(np.diff(ts))
        b, a = ss.butter(4, 10 / (fs / 2))
        v = np.gradient(ss.filtfilt(b, a, gt, axis=0), ts, axis=0)
        speed = np.linalg.norm(v, axis=1)
        peaks, _ = ss.find_peaks(speed, height=1.5, distance=int(0.4 * fs))
        pr = pitch_rate(imu[:, 3:], peaks)
        accel_norm = np.linalg.norm(imu[:, :3], axis=1)
        for k, nxt in zip(peaks[:-1], peaks[1:]):
            if ts[nxt] - ts[k] > 1.3:
                continue
            ic = k
            while ic < nxt and speed[ic] >= 1.0:
                ic += 1
            flat = k + np.argmin(speed[k:nxt])
            end = flat
            while end < nxt and v[end, 2] <= 0.5:
                end += 1
            lo, hi = max(0, ic - int(0.08 * fs)), ic + int(0.08 * fs)
            impact = lo + np.argmax(accel_norm[lo:hi])
            trough = k + np.argmin(pr[k:flat + 1])
            push = flat + np.argmin(pr[flat:nxt])
            zc, onset, recovery = trough_shape(pr, trough, k, fs)
            _, p_onset, p_recovery = trough_shape(pr, push, flat, fs)
            half = push
            while half < nxt and pr[half] < 0.5 * pr[push]:
                half += 1
            rows["landing trough - impact"].append((ts[trough] - ts[impact]) * 1e3)
            rows["landing zero crossing -> trough"].append(zc)
            rows["landing onset half-width"].append(onset)
            rows["landing recovery half-width"].append(recovery)
            rows["landing depth"].append(np.degrees(pr[trough]))
            rows["push-off trough before contact end"].append((ts[end] - ts[push]) * 1e3)
            rows["push-off onset half-width"].append(p_onset)
            rows["push-off recovery half-width"].append(p_recovery)
            rows["push-off depth"].append(np.degrees(pr[push]))
            rows["push-off level at contact end"].append(pr[end] / pr[push] if pr[push] < 0 else np.nan)
            rows["half recovery - contact end"].append((ts[half] - ts[end]) * 1e3)
    report("[PS] PyShoe VICON running", rows)


def voisard():
    keys = ("landing trough - IC", "landing zero crossing - IC", "landing onset half-width", "landing recovery half-width",
            "landing depth", "push-off trough - TC", "push-off onset half-width", "push-off recovery half-width",
            "push-off depth", "push-off level at TC")
    straight, turn = ({k: [] for k in keys} for _ in range(2))
    fs = 100.0
    for meta_path in sorted(glob.glob(os.path.join(DATA, "voisard-ipol-2023-walking", "*.json"))):
        meta = json.load(open(meta_path))
        for side, key in (("lf", "LeftFootEvents"), ("rf", "RightFootEvents")):
            x = np.loadtxt(meta_path[:-5] + f"_{side}.txt", skiprows=2)
            events = [e for e in meta[key] if e[1] + 60 < len(x)]
            uturn = meta["UTurnBoundaries"]
            pr = pitch_rate(x[:, 4:7], [(a + b) // 2 for a, b in events])
            for (toe_off, ic), (next_toe_off, _) in zip(events[:-1], events[1:]):
                rows = turn if uturn[0] - 30 <= ic <= uturn[1] + 30 else straight
                stance = next_toe_off - ic
                mid_swing = toe_off + np.argmax(pr[toe_off:ic + 1])
                trough = mid_swing + np.argmin(pr[mid_swing:ic + stance // 2])
                push = ic + stance // 2 + np.argmin(pr[ic + stance // 2:next_toe_off + 20])
                zc, onset, recovery = trough_shape(pr, trough, mid_swing, fs)
                _, p_onset, p_recovery = trough_shape(pr, push, ic + stance // 2, fs)
                rows["landing trough - IC"].append((trough - ic) * 10.0)
                rows["landing zero crossing - IC"].append((trough - ic) * 10.0 - zc)
                rows["landing onset half-width"].append(onset)
                rows["landing recovery half-width"].append(recovery)
                rows["landing depth"].append(np.degrees(pr[trough]))
                rows["push-off trough - TC"].append((push - next_toe_off) * 10.0)
                rows["push-off onset half-width"].append(p_onset)
                rows["push-off recovery half-width"].append(p_recovery)
                rows["push-off depth"].append(np.degrees(pr[push]))
                rows["push-off level at TC"].append(pr[next_toe_off] / pr[push] if pr[push] < 0 else np.nan)
    report("[VO] Voisard walking, straight", straight)
    report("[VO] Voisard walking, U-turn", turn)


if __name__ == "__main__":
    pyshoe()
    voisard()
