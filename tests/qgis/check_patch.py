"""Loads a ground-reference patch with PyQGIS as a user would (no style
file beside it) and prints what QGIS shows: the renderer, and the legend of
the classes present in the patch. Checks that the classes are drawn in the
profile's colours; the labels are the class names when the patch has its
.aux.xml side-car (category names), the values otherwise.

usage: check_patch.py PATCH.tif PROFILE.toml names|values
"""
import os
import sys
import tomllib

from qgis.core import QgsApplication, QgsRasterLayer

app = QgsApplication([], False)
app.initQgis()
with open(sys.argv[2], "rb") as f:
    profile = tomllib.load(f)
names = sys.argv[3] == "names"
layer = QgsRasterLayer(sys.argv[1], "patch")
assert layer.isValid()
renderer = layer.renderer()
assert renderer.type() == "paletted", renderer.type()
shown = {int(c.value): (c.label, c.color.name()) for c in renderer.classes()}
present = set()
stats = layer.dataProvider().histogram(1, 256, 0, 255)
for value, count in enumerate(stats.histogramVector):
    if count:
        present.add(value)
assert present and 0 not in present, present
for value in sorted(present):
    label, color = shown[value]
    want_color = "#%02x%02x%02x" % tuple(profile["class_colors"][str(value)])
    assert color == want_color, (value, color, want_color)
    want_label = profile["classes"][str(value)] if names else str(value)
    assert label == want_label, (value, label, want_label)
print("OK {} classes shown in the profile's colours, labelled by {}: {}".format(
    len(present), "name" if names else "value",
    "; ".join(shown[v][0] for v in sorted(present))))
sys.stdout.flush()
os._exit(0)
