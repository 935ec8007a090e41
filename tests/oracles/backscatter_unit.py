"""Oracle of R012 (wrong-backscatter-unit): the statistics and the unit of
each band of a GeoTIFF, computed with GDAL's Python bindings and numpy,
from the decision rule docs/rules.md states (not from the tool's code).

Prints one JSON line per band: band, valid, negative_percent, median, unit
("linear", "dB" or null).
"""
import json
import sys

import numpy as np
from osgeo import gdal

ds = gdal.Open(sys.argv[1])
for b in range(1, ds.RasterCount + 1):
    band = ds.GetRasterBand(b)
    values = band.ReadAsArray().astype(np.float64).ravel()
    keep = np.isfinite(values)
    nodata = band.GetNoDataValue()
    if nodata is not None:
        keep &= values != nodata
    values = values[keep]
    n = values.size
    unit = None
    if n >= 100 and values.min() < values.max():
        negative = np.mean(values < 0)
        if negative <= 0.01 and np.mean((values >= 0) & (values <= 1)) >= 0.5:
            unit = "linear"
        elif negative >= 0.10 and np.mean((values >= -40) & (values <= 20)) >= 0.95:
            unit = "dB"
    print(json.dumps({
        "band": b,
        "valid": int(n),
        "negative_percent": float(100 * np.mean(values < 0)) if n else 0.0,
        # numpy's median averages the two middle values of an even count;
        # the tool reports the upper one: compared with a tolerance.
        "median": float(np.median(values)) if n else None,
        "unit": unit,
    }))
