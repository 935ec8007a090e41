"""Independent oracle of the overlap pass: the area shared by two patches,
computed with GDAL (footprints from the rasters' geotransforms, OSR
reprojection of outlines densified to one point every 10 m) and GEOS through
shapely (intersection and area in EPSG:3035).

usage: python3 overlap_area.py A.tif B.tif [EPSG]   -> prints the area in m²
"""
import sys

from osgeo import gdal, osr
from shapely.geometry import Polygon


def outline(path, target):
    ds = gdal.Open(path)
    gt = ds.GetGeoTransform()
    w, h = ds.RasterXSize, ds.RasterYSize
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    pts = []
    for (c0, r0), (c1, r1) in zip(corners, corners[1:] + corners[:1]):
        steps = int(max(abs(c1 - c0), abs(r1 - r0)))
        for k in range(steps):
            c = c0 + (c1 - c0) * k / steps
            r = r0 + (r1 - r0) * k / steps
            pts.append((gt[0] + c * gt[1] + r * gt[2], gt[3] + c * gt[4] + r * gt[5]))
    src = osr.SpatialReference(wkt=ds.GetProjection())
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(src, target)
    return Polygon([p[:2] for p in transform.TransformPoints(pts)])


def main():
    target = osr.SpatialReference()
    target.ImportFromEPSG(int(sys.argv[3]) if len(sys.argv) > 3 else 3035)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    a, b = outline(sys.argv[1], target), outline(sys.argv[2], target)
    print(a.intersection(b).area)


main()
