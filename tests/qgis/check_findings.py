"""Opens the findings layer written by multisenge:validate with PyQGIS and
compares it with the GeoJSON report of `multisenge validate` (the oracle):
one feature per located finding, same code, severity, message and file,
geometry within 1e-6 degrees of the report's, and the same record fields
(area_m2, class, band...) in columns QGIS reads as typed: areas as real
numbers, classes and counts as integers, flags as booleans (sorting by area
works on numbers); and the findings_by_patch layer, one feature per patch
with its codes. Also checks the layers' default styles (layer_styles table).

usage: check_findings.py FINDINGS.gpkg REPORT.geojson
"""
import json
import os
import sys
from collections import Counter

from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(sys.argv[1] + "|layername=findings", "findings", "ogr")
assert layer.isValid(), "findings layer not valid"
with open(sys.argv[2]) as f:
    report = json.load(f)

def key(code, severity, message, path):
    return (code, severity, message, path or None)

got = Counter()
boxes = {}
for feature in layer.getFeatures():
    k = key(feature["code"], feature["severity"], feature["message"], feature["file"])
    got[k] += 1
    boxes.setdefault(k, []).append(feature.geometry().boundingBox())
want = Counter()
for feature in report["features"]:
    p = feature["properties"]
    k = key(p["code"], p["severity"], p["message"], p["path"])
    want[k] += 1
    ring = feature["geometry"]["coordinates"][0]
    xs, ys = [c[0] for c in ring], [c[1] for c in ring]
    assert any(
        abs(b.xMinimum() - min(xs)) < 1e-6 and abs(b.yMaximum() - max(ys)) < 1e-6
        for b in boxes.get(k, [])
    ), "no feature of {} at the report's place".format(k)
assert got == want, "layer and report differ: extra {}, missing {}".format(got - want, want - got)
assert len(want) > 0

# The record columns and the types QGIS gives them.
BASE = {"code", "name", "severity", "message", "file", "tile", "x", "y"}
types = {f.name(): f.type() for f in layer.fields() if f.name() not in BASE and f.name() != "fid"}
INTEGER = (QVariant.Int, QVariant.LongLong)
expected_types = {
    "area_m2": (QVariant.Double,),
    "difference_m2": (QVariant.Double,),
    "class": (QVariant.Int,),
    "band": (QVariant.Int,),
    "pixels": INTEGER,
    "out_of_range": INTEGER,
    "minimum": (QVariant.Double,),
    "origin_x": (QVariant.Double,),
    "label_exists": (QVariant.Bool,),
    "other_patch": (QVariant.String,),
    "class_name": (QVariant.String,),
}
for name, allowed in expected_types.items():
    assert name in types, "no column {} in {}".format(name, sorted(types))
    assert types[name] in allowed, "{} is {}, expected one of {}".format(name, types[name], allowed)

# Each feature's record fields hold the GeoJSON report's values.
report_fields = {}
for feature in report["features"]:
    p = feature["properties"]
    k = key(p["code"], p["severity"], p["message"], p["path"])
    report_fields.setdefault(k, []).append({n: v for n, v in p.items() if n in types})
compared = 0
for feature in layer.getFeatures():
    k = key(feature["code"], feature["severity"], feature["message"], feature["file"])
    values = {}
    for name in types:
        v = feature[name]
        if v is None or v == QVariant() or (hasattr(v, "isNull") and v.isNull()):
            continue
        if types[name] == QVariant.String and isinstance(v, str) and v[:1] == "[":
            v = json.loads(v)
        values[name] = v
    candidates = report_fields[k]
    assert any(
        set(c) == set(values) and all(
            abs(c[n] - values[n]) < 1e-6 if isinstance(c[n], float) else c[n] == values[n]
            for n in c
        )
        for c in candidates
    ), "{}: layer {} vs report {}".format(k, values, candidates)
    compared += len(values)
assert compared > 50, compared

# Sorted by area, largest first, as a user sorts the attribute table.
request = QgsFeatureRequest().setFilterExpression('"area_m2" IS NOT NULL')
request.addOrderBy("area_m2", False)
areas = [f["area_m2"] for f in layer.getFeatures(request)]
assert len(areas) >= 4 and areas == sorted(areas, reverse=True), areas
assert all(isinstance(a, float) for a in areas), areas
# QGIS applied the style stored in the GeoPackage: outlines by severity,
# no labels (findings sharing a footprint would stack them).
renderer = layer.renderer()
assert renderer.type() == "categorizedSymbol", renderer.type()
assert renderer.classAttribute() == "severity"
assert not layer.labelsEnabled()
# The per-patch layer: one feature per patch of the report's features, its
# codes joined, labelled by them, coloured by the worst severity.
patches = QgsVectorLayer(sys.argv[1] + "|layername=findings_by_patch", "patches", "ogr")
assert patches.isValid(), "findings_by_patch layer not valid"
want_codes = {}
for feature in report["features"]:
    p = feature["properties"]
    want_codes.setdefault((p["tile"], p["x"], p["y"]), set()).add(p["code"])
got_codes = {(f["tile"], f["x"], f["y"]): set(f["codes"].split(", ")) for f in patches.getFeatures()}
assert got_codes == want_codes, (got_codes, want_codes)
assert patches.renderer().type() == "categorizedSymbol"
assert patches.renderer().classAttribute() == "severity"
assert patches.labelsEnabled() and patches.labeling().settings().fieldName == "codes"
codes = sorted({k[0] for k in got})
print("OK {} features on {} patches, codes {}".format(
    sum(got.values()), patches.featureCount(), ",".join(codes)))
# Leave without tearing QGIS down: its exit can crash once layers were
# open, after the checks are done.
sys.stdout.flush()
os._exit(0)
