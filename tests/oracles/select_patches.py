"""Independent selection of patches by temporal criteria, as documented in
docs/select.md, over the label files of a folder (standard library only).

usage: python3 select_patches.py LABEL_FOLDER CRITERIA_JSON
CRITERIA_JSON keys (all optional): min_s2_dates, min_s1_dates, periods
(["YYYYMMDD-YYYYMMDD"]), min_s2_per_period, min_s1_per_period, months
(["YYYYMM"]), min_s2_per_month, min_s1_per_month, s2_min_gap_days,
s1_nearest, s1_max_offset_days.
Prints {"considered": n, "selected": {id: {"s2": [...], "s1": [...]}}}.
"""
import datetime
import json
import os
import sys


def day(text):
    return datetime.datetime.strptime(text, "%Y%m%d").date()


def select(s2_all, s1_all, c):
    periods = [tuple(map(day, p.split("-"))) for p in c.get("periods", [])]
    months = [(int(m[:4]), int(m[4:])) for m in c.get("months", [])]

    def in_window(d):
        if not periods and not months:
            return True
        return any(a <= d <= b for a, b in periods) or (d.year, d.month) in months

    s2 = sorted(d for d in set(s2_all) if in_window(d))
    s1 = sorted(d for d in set(s1_all) if in_window(d))
    gap = c.get("s2_min_gap_days", 0)
    kept = []
    for d in s2:
        if not kept or (d - kept[-1]).days >= gap:
            kept.append(d)
    s2 = kept
    if c.get("s1_nearest"):
        paired = set()
        for d in s2:
            if not s1:
                return None
            best = min(s1, key=lambda x: (abs((x - d).days), x))
            limit = c.get("s1_max_offset_days")
            if limit is not None and abs((best - d).days) > limit:
                return None
            paired.add(best)
        s1 = sorted(paired)
    if len(s2) < c.get("min_s2_dates", 0) or len(s1) < c.get("min_s1_dates", 0):
        return None
    for a, b in periods:
        if sum(a <= d <= b for d in s2) < c.get("min_s2_per_period", 1):
            return None
        if sum(a <= d <= b for d in s1) < c.get("min_s1_per_period", 0):
            return None
    for y, m in months:
        if sum((d.year, d.month) == (y, m) for d in s2) < c.get("min_s2_per_month", 1):
            return None
        if sum((d.year, d.month) == (y, m) for d in s1) < c.get("min_s1_per_month", 0):
            return None
    return s2, s1


def main(folder, criteria):
    selected = {}
    considered = 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        considered += 1
        with open(os.path.join(folder, name)) as f:
            label = json.load(f)
        dates = {
            sensor: [day(n.split("_")[1]) for n in label[field].split(";")]
            for sensor, field in (("s2", "corresponding_s2"), ("s1", "corresponding_s1"))
        }
        kept = select(dates["s2"], dates["s1"], criteria)
        if kept is not None:
            selected[name[: -len(".json")]] = {
                "s2": [d.isoformat() for d in kept[0]],
                "s1": [d.isoformat() for d in kept[1]],
            }
    print(json.dumps({"considered": considered, "selected": selected}))


main(sys.argv[1], json.loads(sys.argv[2]))
