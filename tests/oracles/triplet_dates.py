"""Independent choice of the dates `multisenge triplets` keeps, with GDAL
and numpy, from the inputs alone (the semantics of docs/triplets.md with
the `paper` profile: SRE bands; products with CloudPercent strictly below
10 %; a date kept for a patch when no pixel of the patch is nodata in the
edge mask, in a 10 m band, or in a 20 m pixel of its cubic window (bilinear
within 2 pixels of the raster's edge), and no pixel of the cloud mask is
set; Sentinel-1: VV and VH positive and not nodata (0); two acquisitions
on one day: the descending one, then the first by name).

Prints JSON: {"patches": {"TILE_X_Y": {"s2": [dates], "s1": [dates]}},
"s2": counts, "s1": counts, "empty_ground_reference": n}, with counts
{kept, not_covered, cloudy, same_day} per patch and acquisition.

usage: python3 triplet_dates.py GROUND_REFERENCE THEIA_FOLDER S1_FOLDER TILE ULX ULY
(ULX, ULY: the tile's upper-left corner, from validators/s2-tiling-grid.csv)
"""
import json
import os
import re
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
SIZE, STRIDE, TILE_SIZE = 256, 257, 10980
BANDS_10 = ["B2", "B3", "B4", "B8"]
BANDS_20 = ["B5", "B6", "B7", "B8A", "B11", "B12"]


def read(path):
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    return ds.ReadAsArray(), gt


def taps(n10, n20):
    """Per 10 m pixel, the 20 m pixels its value reads (cubic, or bilinear
    near the edge), as a list of index arrays."""
    out = []
    for x in range(n10):
        u = (x + 0.5) / 2 - 0.5
        i = int(np.floor(u))
        if i - 1 >= 0 and i + 2 < n20:
            out.append([i - 1, i, i + 1, i + 2])
        else:
            out.append([j for j in (i, i + 1) if 0 <= j < n20])
    return out


def patch_origins(gr_gt, gr_shape, tile_ulx, tile_uly):
    x0 = round((gr_gt[0] - tile_ulx) / 10)
    y0 = round((tile_uly - gr_gt[3]) / 10)
    h, w = gr_shape
    axis = lambda start, length: [
        o for o in range(0, TILE_SIZE, STRIDE) if o >= start and o + SIZE <= min(start + length, TILE_SIZE)
    ]
    return [(x, y) for y in axis(y0, h) for x in axis(x0, w)], (x0, y0)


def window(array, origin, x, y, scale=1):
    ox, oy = origin
    return array[(y - oy) // scale : (y - oy) // scale + SIZE // scale, (x - ox) // scale : (x - ox) // scale + SIZE // scale]


def theia_products(folder):
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.endswith(".zip"):
            stem = name[:-4]
            yield stem, f"/vsizip/{os.path.abspath(path)}/{stem}"
        elif os.path.isdir(path):
            yield name, path


def s2_look(root, product, patches, tile_origin):
    """Per patch: 'kept', 'not_covered' or 'cloudy'."""
    edg, gt = read(f"{root}/MASKS/{product}_EDG_R1.tif")
    clm, _ = read(f"{root}/MASKS/{product}_CLM_R1.tif")
    origin = (round((gt[0] - tile_origin[0]) / 10), round((tile_origin[1] - gt[3]) / 10))
    bands10 = [read(f"{root}/{product}_SRE_{b}.tif")[0] for b in BANDS_10]
    bands20 = [read(f"{root}/{product}_SRE_{b}.tif")[0] for b in BANDS_20]
    n20 = bands20[0].shape[1]
    col_taps = taps(2 * n20, n20)
    row_taps = taps(2 * bands20[0].shape[0], bands20[0].shape[0])
    out = {}
    for (x, y) in patches:
        lx, ly = x - origin[0], y - origin[1]
        nodata = window(edg, origin, x, y).any() or any((window(b, origin, x, y) == -10000).any() for b in bands10)
        for b in bands20:
            bad = b == -10000
            rows = set(j for r in range(ly, ly + SIZE) for j in row_taps[r])
            cols = set(j for c in range(lx, lx + SIZE) for j in col_taps[c])
            if bad[np.ix_(sorted(rows), sorted(cols))].any():
                nodata = True
        if nodata:
            out[(x, y)] = "not_covered"
        elif window(clm, origin, x, y).any():
            out[(x, y)] = "cloudy"
        else:
            out[(x, y)] = "kept"
    return out


def main(gr_path, theia, s1_folder, tile, ulx, uly):
    tile_origin = (float(ulx), float(uly))
    gr, gr_gt = read(gr_path)
    patches, gr_origin = patch_origins(gr_gt, gr.shape, *tile_origin)
    complete = [(x, y) for (x, y) in patches if (window(gr, gr_origin, x, y) != 0).all()]
    kept = {p: {"s2": [], "s1": []} for p in complete}
    counts = {s: {"kept": 0, "not_covered": 0, "cloudy": 0, "same_day": 0} for s in ("s2", "s1")}
    for product, root in theia_products(theia):
        text = read_text(f"{root}/{product}_MTD_ALL.xml")
        cloud = float(re.search(r'name="CloudPercent">([^<]+)<', text).group(1))
        if cloud >= 10:
            continue
        date = product.split("_")[1][:8]
        for p, look in s2_look(root, product, complete, tile_origin).items():
            counts["s2"][look] += 1
            if look == "kept":
                kept[p]["s2"].append(date)
    pattern = re.compile(r"^(s1[ab])_(\w{5})_vv_(ASC|DES)_(\d+)_(\d{8})t(\w{6})\.tif$")
    by_day = {}
    for name in sorted(os.listdir(s1_folder)):
        m = pattern.match(name)
        if m:
            by_day.setdefault(m.group(5), []).append((m.group(3), name))
    for date, acquisitions in sorted(by_day.items()):
        looks = []
        for direction, name in acquisitions:
            vv, gt = read(os.path.join(s1_folder, name))
            vh, _ = read(os.path.join(s1_folder, name.replace("_vv_", "_vh_")))
            origin = (round((gt[0] - tile_origin[0]) / 10), round((tile_origin[1] - gt[3]) / 10))
            valid = (vv > 0) & (vh > 0) & np.isfinite(vv) & np.isfinite(vh)
            looks.append((0 if direction == "DES" else 1, name, {p: window(valid, origin, *p).all() for p in complete}))
        for p in complete:
            covering = sorted((rank, name) for rank, name, cov in looks if cov[p])
            counts["s1"]["not_covered"] += len(looks) - len(covering)
            if covering:
                counts["s1"]["kept"] += 1
                counts["s1"]["same_day"] += len(covering) - 1
                kept[p]["s1"].append(date)
    for v in kept.values():
        v["s2"].sort()
        v["s1"].sort()
    print(json.dumps({
        "patches": {f"{tile}_{x}_{y}": v for (x, y), v in sorted(kept.items())},
        "s2": counts["s2"],
        "s1": counts["s1"],
        "considered": len(patches),
        "empty_ground_reference": len(patches) - len(complete),
    }, sort_keys=True))


def read_text(path):
    f = gdal.VSIFOpenL(path, "rb")
    gdal.VSIFSeekL(f, 0, 2)
    n = gdal.VSIFTellL(f)
    gdal.VSIFSeekL(f, 0, 0)
    data = gdal.VSIFReadL(1, n, f)
    gdal.VSIFCloseL(f)
    return data.decode()


if __name__ == "__main__":
    main(*sys.argv[1:7])
