#!/usr/bin/python3
"""How quiet the foot gets after each detected running IC, on the PyShoe VICON trials.

The foot-flat figures of `GaitEventDetectorSettings::foot_flat_dps` (docs/accuracy_history.md, PyShoe item 6)
come from this script (exploration only; numpy + scipy, Debian's /usr/bin/python3). For every IC that
`runload replay --steps` reports it prints the lowest 30 ms mean of the raw gyro norm within 250 ms
after it, split by whether the IC matches a reference IC (±100 ms; reference exactly as
pyshoe-vicon-running/SOURCE.md defines it). The published figures were measured with the binary of
commit 8b1e26b, i.e. before the check itself moved the out-of-phase ICs:

    git worktree add /tmp/before 8b1e26b && cmake -S /tmp/before -B /tmp/before/build -G Ninja \
      && cmake --build /tmp/before/build --target runload
    tools/foot_flat_after_ic.py /tmp/before/build/apps/runload
"""
import glob
import json
import subprocess
import sys

import numpy as np
import scipy.io
import scipy.signal

DATA = "../shared/datasets/pyshoe-vicon-running"


def reference_ics(gt, ts):
    fs = 1.0 / np.median(np.diff(ts))
    b, a = scipy.signal.butter(4, 10.0 / (fs / 2))
    speed = np.linalg.norm(np.gradient(scipy.signal.filtfilt(b, a, gt, axis=0), ts, axis=0), axis=1)
    peaks, _ = scipy.signal.find_peaks(speed, height=1.5, distance=int(0.4 * fs))
    ics = []
    for k in peaks:
        while k < len(speed) and speed[k] >= 1.0:
            k += 1
        ics.append(k)
    return np.array(ics), fs


def main(runload):
    matched, unmatched = [], []
    for path in sorted(glob.glob(f"{DATA}/*.mat")):
        m = scipy.io.loadmat(path)
        ts, imu = m["ts"].ravel(), m["imu"]
        ics, fs = reference_ics(m["gt"], ts)
        out = subprocess.run([runload, "replay", path, "--json", "--steps"], capture_output=True, text=True, check=True)
        gyro_norm = np.linalg.norm(imu[:, 3:], axis=1)
        window, after = max(1, round(0.03 * fs)), round(0.25 * fs)
        for step in json.loads(out.stdout)["steps_detail"]:
            i = step.get("ic_index")
            if i is None or i + after >= len(ts):
                continue
            quietest_dps = np.degrees(np.convolve(gyro_norm[i:i + after], np.ones(window) / window, "valid").min())
            is_match = np.min(np.abs(ts[ics] - ts[i])) <= 0.1
            (matched if is_match else unmatched).append((quietest_dps, path.split("/")[-1][:-4], round(ts[i], 2)))
    q = [x[0] for x in matched]
    print(f"matched ICs: {len(q)}, quietest 30 ms mean within 250 ms: max {max(q):.0f} deg/s, "
          f"99th percentile {np.percentile(q, 99):.0f} deg/s")
    print("unmatched ICs (deg/s, trial, time s):")
    for row in sorted(unmatched):
        print(f"  {row[0]:6.0f}  {row[1]}  {row[2]}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/apps/runload")
