#!/usr/bin/python3
"""Reference for the raster benchmark: the checks of multisenge's raster,
georeferencing, class and MMU rules written as a plain Python + GDAL loop
(one gdal.Open per file; scipy.ndimage.label per class).

    /usr/bin/python3 bench/validate_reference.py header DATASET [--limit N]
    /usr/bin/python3 bench/validate_reference.py pixel DATASET [--limit N]

`header`: every raster of ground_reference/, s2/ and s1/: size, band count,
data types, CRS (EPSG of the tile's UTM zone), pixel size and rotation,
origin against the tiling grid, and CRS and geotransform equal to the
patch's ground reference. Prints files/s.

`pixel`: every ground reference: values in the class table, the label
file's classes equal to those present, and per-class connected regions
(8-connectivity) below 250 pixels, split into border / road / interior.
Prints patches/s.
"""
import json
import os
import re
import sys
import time

import numpy as np
from osgeo import gdal
from scipy import ndimage

gdal.UseExceptions()
gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
gdal.SetConfigOption("GDAL_PAM_ENABLED", "NO")

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = {"GR": (1, gdal.GDT_Byte), "S2": (10, gdal.GDT_Int16), "S1": (2, gdal.GDT_Float32)}
NAME = re.compile(r"^(\d\d[A-Z]{3})_(?:(\d{8})_)?(GR|S2|S1)_(\d+)_(\d+)\.tif$")


def load_grid():
    grid = {}
    with open(os.path.join(HERE, "..", "validators", "s2-tiling-grid.csv")) as f:
        next(f)
        for line in f:
            tile, epsg, ulx, uly = line.strip().split(",")
            grid[tile] = (int(epsg), float(ulx), float(uly))
    return grid


def header(root, limit):
    grid = load_grid()
    files = []
    for folder in ("ground_reference", "s2", "s1"):
        files += [os.path.join(folder, n) for n in sorted(os.listdir(os.path.join(root, folder)))]
    files = files[:limit] if limit else files
    findings = 0
    reference = {}
    start = time.perf_counter()
    for rel in files:
        m = NAME.match(os.path.basename(rel))
        if not m:
            continue
        tile, _, kind, x, y = m.groups()
        try:
            ds = gdal.OpenEx(os.path.join(root, rel), gdal.OF_RASTER, allowed_drivers=["GTiff"])
        except RuntimeError:
            findings += 1
            continue
        bands, dtype = EXPECTED[kind]
        if (ds.RasterXSize, ds.RasterYSize) != (256, 256):
            findings += 1
        if ds.RasterCount != bands:
            findings += 1
        if any(ds.GetRasterBand(i + 1).DataType != dtype for i in range(ds.RasterCount)):
            findings += 1
        srs = ds.GetSpatialRef()
        epsg = int(srs.GetAuthorityCode(None)) if srs is not None and srs.GetAuthorityCode(None) else None
        gt = ds.GetGeoTransform()
        key = (tile, x, y)
        if kind == "GR" or key not in reference:
            reference[key] = (epsg, gt)
            g = grid.get(tile)
            if g and epsg != g[0]:
                findings += 1
            if gt[1] != 10 or gt[5] != -10 or gt[2] != 0 or gt[4] != 0:
                findings += 1
            if g and (abs(gt[0] - (g[1] + int(x) * 10)) > 0.5 or abs(gt[3] - (g[2] - int(y) * 10)) > 0.5):
                findings += 1
        elif reference[key] != (epsg, gt):
            findings += 1
        ds = None
    elapsed = time.perf_counter() - start
    print(f"header: {len(files)} files in {elapsed:.2f} s = {len(files) / elapsed:.0f} files/s, {findings} findings")


def pixel(root, limit):
    names = sorted(os.listdir(os.path.join(root, "ground_reference")))
    names = names[:limit] if limit else names
    classes = set(range(1, 15))
    eight = np.ones((3, 3), dtype=bool)
    findings = 0
    kinds = {"border": 0, "road": 0, "interior": 0}
    start = time.perf_counter()
    for name in names:
        tile, _, _, x, y = NAME.match(name).groups()
        ds = gdal.OpenEx(os.path.join(root, "ground_reference", name), gdal.OF_RASTER, allowed_drivers=["GTiff"])
        arr = ds.GetRasterBand(1).ReadAsArray()
        ds = None
        counts = np.bincount(arr.ravel(), minlength=256)
        present = {v for v in np.nonzero(counts)[0]}
        if present - classes:
            findings += 1
        with open(os.path.join(root, "labels", f"{tile}_{x}_{y}.json")) as f:
            listed = {int(v) for v in json.load(f)["labels"].split(";") if v}
        if listed != present & classes:
            findings += 1
        road = ndimage.binary_dilation(arr == 5, structure=eight)
        for c in sorted(present & classes - {5}):
            labels, n = ndimage.label(arr == c, structure=eight)
            sizes = np.bincount(labels.ravel())
            small = [i for i in range(1, n + 1) if sizes[i] < 250]
            if not small:
                continue
            edge = set(np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])))
            by_road = set(np.unique(labels[road]))
            for i in small:
                findings += 1
                kinds["border" if i in edge else "road" if i in by_road else "interior"] += 1
    elapsed = time.perf_counter() - start
    print(f"pixel: {len(names)} patches in {elapsed:.2f} s = {len(names) / elapsed:.0f} patches/s, {findings} findings; small regions: {kinds}")


if __name__ == "__main__":
    mode, root = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--limit" else None
    {"header": header, "pixel": pixel}[mode](root, limit)
