"""The Python + GDAL + numpy loop a user would write instead of R012: every
Sentinel-1 file of a dataset, each band's share of negative values and of
values in [0, 1] and [-40, 20], and the unit those shares show (the rule
of docs/rules.md, R012). Prints how many bands look linear, dB, or neither.

usage: python3 bench/backscatter_unit.py DATASET_ROOT
"""
import os
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
folder = os.path.join(sys.argv[1], "s1")
counts = {"linear": 0, "dB": 0, None: 0}
for name in sorted(os.listdir(folder)):
    if not name.endswith(".tif"):
        continue
    ds = gdal.Open(os.path.join(folder, name))
    for b in range(1, ds.RasterCount + 1):
        band = ds.GetRasterBand(b)
        values = band.ReadAsArray().astype(np.float64).ravel()
        keep = np.isfinite(values)
        nodata = band.GetNoDataValue()
        if nodata is not None:
            keep &= values != nodata
        values = values[keep]
        unit = None
        if values.size >= 100 and values.min() < values.max():
            negative = np.mean(values < 0)
            if negative <= 0.01 and np.mean((values >= 0) & (values <= 1)) >= 0.5:
                unit = "linear"
            elif negative >= 0.10 and np.mean((values >= -40) & (values <= 20)) >= 0.95:
                unit = "dB"
        counts[unit] += 1
print(f"linear {counts['linear']} dB {counts['dB']} neither {counts[None]}")
