#!/usr/bin/python3
"""Share of pixels where two class rasters agree: agreement.py A.tif B.tif"""
import sys

import numpy as np
from osgeo import gdal

a = gdal.Open(sys.argv[1]).ReadAsArray()
b = gdal.Open(sys.argv[2]).ReadAsArray()
print(f"{100.0 * np.count_nonzero(a == b) / a.size:.2f}")
