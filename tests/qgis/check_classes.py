"""Loads a class raster with PyQGIS as a user would (default style) and
checks that its renderer shows the profile's classes by name and colour.

usage: check_classes.py RASTER.tif PROFILE.toml
"""
import os
import sys
import tomllib

from qgis.core import QgsApplication, QgsRasterLayer

app = QgsApplication([], False)
app.initQgis()
with open(sys.argv[2], "rb") as f:
    profile = tomllib.load(f)
want = [
    (int(v), name, "#%02x%02x%02x" % tuple(profile["class_colors"][v]))
    for v, name in sorted(profile["classes"].items(), key=lambda kv: int(kv[0]))
]
layer = QgsRasterLayer(sys.argv[1], "classes")
assert layer.isValid()
renderer = layer.renderer()
assert renderer.type() == "paletted", renderer.type()
got = [(int(c.value), c.label, c.color.name()) for c in renderer.classes()]
assert got == want, "renderer classes {} != profile {}".format(got, want)
# The legend a user sees lists the names.
legend = [text for text, _ in renderer.legendSymbologyItems()]
assert legend == [name for _, name, _ in want], legend
print("OK {} classes: {}".format(len(got), "; ".join(legend)))
# Leave without tearing QGIS down: its exit can crash once layers were
# open, after the checks are done.
sys.stdout.flush()
os._exit(0)
