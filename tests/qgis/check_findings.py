"""Opens the findings layer written by multisenge:validate with PyQGIS and
compares it with the GeoJSON report of `multisenge validate` (the oracle):
one feature per located finding, same code, severity, message and file,
geometry within 1e-6 degrees of the report's. Also checks that the
layer's default style (layer_styles table) is the categorized one.

usage: check_findings.py FINDINGS.gpkg REPORT.geojson
"""
import json
import os
import sys
from collections import Counter

from qgis.core import QgsApplication, QgsVectorLayer

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
# QGIS applied the style stored in the GeoPackage.
renderer = layer.renderer()
assert renderer.type() == "categorizedSymbol", renderer.type()
assert renderer.classAttribute() == "severity"
assert layer.labelsEnabled() and layer.labeling().settings().fieldName == "code"
codes = sorted({k[0] for k in got})
print("OK {} features, codes {}".format(sum(got.values()), ",".join(codes)))
# Leave without tearing QGIS down: its exit can crash once layers were
# open, after the checks are done.
sys.stdout.flush()
os._exit(0)
