"""Independent count of `multisenge stats` figures from label files.

Reads every `*.json` label file of a folder with the standard library only
and prints, per tile and for all tiles ("all"): patches, and per sensor the
distinct acquisition dates, the files listed, the first and last dates,
the same two counts per month and the files listed per date; the patches
listing each class.

usage: python3 label_stats.py LABEL_FOLDER
"""
import collections
import json
import os
import sys


def sensor_figures(files_by_date):
    months = collections.defaultdict(lambda: {"distinct_dates": 0, "files": 0})
    for date, files in files_by_date.items():
        month = months[f"{date[:4]}-{date[4:6]}"]
        month["distinct_dates"] += 1
        month["files"] += files
    dates = sorted(files_by_date)
    iso = lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}"
    return {
        "distinct_dates": len(dates),
        "files": sum(files_by_date.values()),
        "first_date": iso(dates[0]) if dates else None,
        "last_date": iso(dates[-1]) if dates else None,
        "months": dict(months),
        "dates": {iso(d): files_by_date[d] for d in dates},
    }


def main(folder):
    patches = collections.Counter()
    files = collections.defaultdict(collections.Counter)  # (tile, sensor) -> date -> n
    classes = collections.defaultdict(collections.Counter)  # tile -> class -> n
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        tile = name.split("_")[0]
        with open(os.path.join(folder, name)) as f:
            label = json.load(f)
        for t in (tile, "all"):
            patches[t] += 1
            for field, sensor in (("corresponding_s2", "s2"), ("corresponding_s1", "s1")):
                for listed in label[field].split(";"):
                    files[(t, sensor)][listed.split("_")[1]] += 1
            for value in label["labels"].split(";"):
                classes[t][value] += 1
    out = {}
    for t in patches:
        out[t] = {
            "patches": patches[t],
            "s2": sensor_figures(files[(t, "s2")]),
            "s1": sensor_figures(files[(t, "s1")]),
            "classes": dict(classes[t]),
        }
    print(json.dumps(out))


main(sys.argv[1])
