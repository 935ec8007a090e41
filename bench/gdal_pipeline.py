#!/usr/bin/python3
"""The generalization steps done with GDAL's tools and scipy, for comparison
with `multisenge generalize` (bench/generalize.sh). Prints one line per step
with its wall time, and writes the result raster.

Usage: gdal_pipeline.py SOURCE.gpkg PROFILE.toml EPSG ULX ULY SIZE WORKDIR OUT.tif
"""
import subprocess
import sys
import time
import tomllib

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage

gdal.UseExceptions()


def sql_pattern(field, pattern):
    if pattern.endswith("*"):
        return f"{field} LIKE '{pattern[:-1]}%'"
    return f"{field} = '{pattern}'"


def mapping_sql(profile):
    whens = []
    for rule in profile["mapping"]:
        cond = sql_pattern("code_cs", rule["cover"])
        usage = rule.get("usage", [])
        if usage:
            cond += " AND (" + " OR ".join(sql_pattern("code_us", u) for u in usage) + ")"
        whens.append(f"WHEN {cond} THEN {rule['class']}")
    return "CASE " + " ".join(whens) + " ELSE 0 END"


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main():
    source, profile_path, epsg, ulx, uly, size, work, out = sys.argv[1:9]
    ulx, uly, size = float(ulx), float(uly), int(size)
    with open(profile_path, "rb") as f:
        profile = tomllib.load(f)
    d = profile["defaults"]
    lrx, lry = ulx + size * 10, uly - size * 10
    times = {}

    t = time.time()
    # Classes from the mapping table, reprojected to the tile's CRS.
    run(["ogr2ogr", "-f", "GPKG", "-overwrite", f"{work}/lc.gpkg", source, "-t_srs", f"EPSG:{epsg}",
         "-nln", "lc", "-dialect", "sqlite", "-sql",
         f"SELECT geom, {mapping_sql(profile)} AS class FROM landcover WHERE class != 0"])
    run(["gdal_rasterize", "-q", "-a", "class", "-l", "lc", "-te", str(ulx), str(lry), str(lrx), str(uly),
         "-tr", "10", "10", "-ot", "Byte", "-a_nodata", "0", "-co", "TILED=YES", "-co", "COMPRESS=DEFLATE",
         f"{work}/lc.gpkg", f"{work}/1.tif"])
    times["rasterize"] = time.time() - t

    t = time.time()
    conn = "-8" if d["connectivity"] == 8 else "-4"
    run(["gdal_sieve.py", "-q", "-st", str(d["mmu_pixels"]), conn, "-nomask", "-of", "GTiff",
         f"{work}/1.tif", f"{work}/2.tif"])
    times["sieve"] = time.time() - t

    t = time.time()
    ds = gdal.Open(f"{work}/2.tif", gdal.GA_Update)
    ds.GetRasterBand(1).SetNoDataValue(0)
    ds = None
    run(["gdal_fillnodata.py", "-q", "-md", str(d["fill_max_radius"]), "-si", "0", "-of", "GTiff",
         f"{work}/2.tif", f"{work}/3.tif"])
    times["fill"] = time.time() - t

    t = time.time()
    ds = gdal.Open(f"{work}/3.tif")
    arr = ds.GetRasterBand(1).ReadAsArray()
    gt, wkt = ds.GetGeoTransform(), ds.GetProjection()
    ds = None
    se = np.ones((d["closing_height"], d["closing_width"]), dtype=bool)
    closed = arr.copy()
    for c in range(1, 15):
        mask = arr == c
        if not mask.any():
            continue
        gained = ndimage.binary_closing(mask, structure=se) & ~mask
        closed[gained] = c
    times["close"] = time.time() - t

    t = time.time()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(int(epsg))
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    mem = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_Byte)
    mem.SetGeoTransform(gt)
    mem.SetProjection(wkt)
    mem.GetRasterBand(1).WriteArray(closed)
    src = ogr.Open(source)
    buf_ds = ogr.GetDriverByName("Memory").CreateDataSource("buf")
    buf_layer = buf_ds.CreateLayer("buf", srs, ogr.wkbPolygon)
    roads = profile["roads"]
    rail = profile["railways"]
    rail_from = rail.get("from", "lines")
    layers = [(roads["layer"], roads["importance_field"])]
    if rail_from in ("lines", "both"):
        layers.append((rail["layer"], None))
    if rail_from in ("surfaces", "both") and rail.get("surfaces"):
        # The land cover's rail surfaces, buffered like the railway lines.
        conds = []
        for p in rail["surfaces"]:
            cond = "1" if p["cover"] == "*" else sql_pattern("code_cs", p["cover"])
            usage = p.get("usage", [])
            if usage:
                cond += " AND (" + " OR ".join(sql_pattern("code_us", u) for u in usage) + ")"
            conds.append(f"({cond})")
        surfaces = src.ExecuteSQL(
            "SELECT geom FROM landcover WHERE " + " OR ".join(conds), dialect="SQLITE")
        s_srs = surfaces.GetSpatialRef().Clone()
        s_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ct = osr.CoordinateTransformation(s_srs, srs)
        dist = rail["buffer_m"] / (2 if roads.get("buffer_mode", "distance") == "width" else 1)
        for f in surfaces:
            g = f.GetGeometryRef().Clone()
            g.Transform(ct)
            out_f = ogr.Feature(buf_layer.GetLayerDefn())
            out_f.SetGeometry(g.Buffer(dist))
            buf_layer.CreateFeature(out_f)
        src.ReleaseResultSet(surfaces)
    for lname, field in layers:
        layer = src.GetLayerByName(lname)
        if layer is None:
            continue
        src_srs = layer.GetSpatialRef()
        src_srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        ct = osr.CoordinateTransformation(src_srs, srs)
        for f in layer:
            if field is None:
                dist = profile["railways"]["buffer_m"]
            else:
                v = f.GetField(field)
                if v in roads["wide_values"]:
                    dist = roads["wide_buffer_m"]
                elif v in roads["narrow_values"]:
                    dist = roads["narrow_buffer_m"]
                else:
                    continue
            if roads.get("buffer_mode", "distance") == "width":
                dist /= 2  # the value is the corridor's width
            g = f.GetGeometryRef().Clone()
            g.Transform(ct)
            out_f = ogr.Feature(buf_layer.GetLayerDefn())
            out_f.SetGeometry(g.Buffer(dist))
            buf_layer.CreateFeature(out_f)
    gdal.RasterizeLayer(mem, [1], buf_layer, burn_values=[5])
    times["roads"] = time.time() - t

    t = time.time()
    gdal.GetDriverByName("GTiff").CreateCopy(out, mem, options=["TILED=YES", "COMPRESS=DEFLATE"])
    times["write"] = time.time() - t
    for k, v in times.items():
        print(f"{k} {v:.2f}")
    print(f"total {sum(times.values()):.2f}")


if __name__ == "__main__":
    main()
