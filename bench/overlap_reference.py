"""Reference for the overlap benchmark: the same work with shapely's STRtree.

Reads the footprints written by
`multisenge-testdata overlaps --patches N --csv FILE` (epsg,min_x,min_y,
max_x,max_y), reprojects every outline, densified to 16 points, into
EPSG:3035 with GDAL/OSR, builds one STRtree over all of them, queries it
with every footprint and measures every intersection area, keeping pairs
above 10 m². Prints the pairs, the total area and the time of each step.

usage: /usr/bin/python3 bench/overlap_reference.py FILE.csv
"""
import sys
import time

import numpy as np
from osgeo import osr
from shapely.geometry import Polygon
from shapely.strtree import STRtree


def densified(rows):
    """(n, 16, 2) outline points of n rectangles, 4 per edge."""
    t = np.arange(4) / 4.0
    x0, y0, x1, y1 = rows[:, 1:2], rows[:, 2:3], rows[:, 3:4], rows[:, 4:5]
    bottom = np.stack([x0 + (x1 - x0) * t, np.repeat(y0, 4, 1)], -1)
    right = np.stack([np.repeat(x1, 4, 1), y0 + (y1 - y0) * t], -1)
    top = np.stack([x1 - (x1 - x0) * t, np.repeat(y1, 4, 1)], -1)
    left = np.stack([np.repeat(x0, 4, 1), y1 - (y1 - y0) * t], -1)
    return np.concatenate([bottom, right, top, left], 1)


def main():
    start = time.time()
    rows = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    target = osr.SpatialReference()
    target.ImportFromEPSG(3035)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    outlines = np.empty((len(rows), 16, 2))
    for epsg in np.unique(rows[:, 0]):
        sel = rows[:, 0] == epsg
        src = osr.SpatialReference()
        src.ImportFromEPSG(int(epsg))
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(src, target)
        pts = densified(rows[sel]).reshape(-1, 2)
        out = np.array(transform.TransformPoints(pts))[:, :2]
        outlines[sel] = out.reshape(-1, 16, 2)
    polygons = [Polygon(o) for o in outlines]
    t_project = time.time() - start

    start = time.time()
    tree = STRtree(polygons)
    index = {id(p): i for i, p in enumerate(polygons)}
    pairs, area = 0, 0.0
    for i, p in enumerate(polygons):
        for q in tree.query(p):
            j = index[id(q)]
            if j <= i:
                continue
            a = p.intersection(q).area
            if a > 10.0:
                pairs += 1
                area += a
    t_query = time.time() - start
    print(
        f"{len(rows)} footprints: reprojection {t_project:.2f} s, "
        f"STRtree + intersections {t_query:.2f} s, total {t_project + t_query:.2f} s; "
        f"{pairs} overlapping pairs, {area:.0f} m² in total"
    )


main()
