#!/usr/bin/python3
"""Print a stretch of one Voisard foot recording next to its labels (exploration only; stdlib).

The labels count samples on the PacketCounter clock, not by row: lost packets make the two differ in
112 of the 160 shared files, so this prints by PacketCounter and marks lost samples. Each line: the
sample, |a| in m/s², the gyro axes and |ω| in °/s, and TO / IC where this foot's labels put them. The
stop-FP descriptions in docs/accuracy.md ("What is still missed") were read with it, e.g.

    tools/voisard_window.py ../shared/datasets/voisard-ipol-2023-walking 10-4_lf 2290 2345
"""
import json
import math
import sys
from pathlib import Path


def main(folder: str, recording: str, first: int, last: int, step: int = 1) -> None:
    trial, foot = recording.split("_")
    meta = json.loads((Path(folder) / f"{trial}.json").read_text().replace("NaN", "null").replace("nan", "null"))
    events = meta["LeftFootEvents" if foot == "lf" else "RightFootEvents"]
    others = meta["RightFootEvents" if foot == "lf" else "LeftFootEvents"]
    print(recording, "bounds", meta["TrialBoundaries"], "turn", meta["UTurnBoundaries"])
    print("  this foot [TO, IC]:", [e for e in events if first - 150 < e[1] < last + 150])
    print("  other foot [TO, IC]:", [e for e in others if first - 150 < e[1] < last + 150])
    rows = {}
    for line in (Path(folder) / f"{recording}.txt").read_text().splitlines()[2:]:
        values = [float(x) for x in line.split()]
        if len(values) >= 7:
            rows[int(values[0])] = values
    for i in range(first, last, step):
        if i not in rows:
            print(f"{i} (lost)")
            continue
        r = rows[i]
        acc = math.sqrt(sum(x * x for x in r[1:4]))
        gyro = [math.degrees(x) for x in r[4:7]]
        marks = "".join([" TO" if any(e[0] == i for e in events) else "", " IC" if any(e[1] == i for e in events) else ""])
        print(f"{i} |a|={acc:5.1f} gx={gyro[0]:7.1f} gy={gyro[1]:7.1f} gz={gyro[2]:7.1f} |w|={math.hypot(*gyro):6.1f}{marks}")


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit("usage: voisard_window.py FOLDER S-T_lf|S-T_rf FIRST LAST [STEP]")
    main(sys.argv[1], sys.argv[2], *(int(a) for a in sys.argv[3:]))
