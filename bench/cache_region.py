#!/usr/bin/env python3
"""Moves one region's patches out of a generated dataset, or back in, for
bench/cache.sh: the patches of the last COUNT label files in (tile, row,
column) order (the rows a contribution of one region would add), with their
ground reference, Sentinel-2 and Sentinel-1 files.

    cache_region.py out DATASET HELD COUNT
    cache_region.py in DATASET HELD
"""
import os
import sys


def patches(labels):
    keyed = []
    for name in os.listdir(labels):
        stem = name[:-5]
        tile, x, y = stem.split("_")
        keyed.append(((tile, int(y), int(x)), stem))
    keyed.sort()
    return [stem for _, stem in keyed]


def move_out(dataset, held, count):
    chosen = patches(os.path.join(dataset, "labels"))[-count:]
    suffixes = {}
    for stem in chosen:
        tile, x, y = stem.split("_")
        suffixes[(tile, f"_{x}_{y}.tif")] = True
    moved = 0
    for folder in sorted(os.listdir(dataset)):
        src = os.path.join(dataset, folder)
        if not os.path.isdir(src):
            continue
        dst = os.path.join(held, folder)
        os.makedirs(dst, exist_ok=True)
        for name in os.listdir(src):
            tile = name[:5]
            if name.endswith(".json"):
                tail = name[5:-5]
                x, y = tail.strip("_").split("_")
                hit = (tile, f"_{x}_{y}.tif") in suffixes
            else:
                parts = name[:-4].split("_")
                hit = (tile, f"_{parts[-2]}_{parts[-1]}.tif") in suffixes
            if hit:
                os.rename(os.path.join(src, name), os.path.join(dst, name))
                moved += 1
    print(f"moved {moved} files of {len(chosen)} patches out")


def move_in(dataset, held):
    moved = 0
    for folder in os.listdir(held):
        for name in os.listdir(os.path.join(held, folder)):
            os.rename(os.path.join(held, folder, name), os.path.join(dataset, folder, name))
            moved += 1
    print(f"moved {moved} files back in")


if __name__ == "__main__":
    if sys.argv[1] == "out":
        move_out(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        move_in(sys.argv[2], sys.argv[3])
