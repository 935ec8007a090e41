"""Opens a class raster with PyQGIS as a user does (added to the project,
with the plugin enabled: its styling.Watch) and checks that its renderer
shows the profile's classes by name and colour, and nothing else (the
GeoTIFF's colour table has 256 entries).

usage: check_classes.py PLUGIN_DIR RASTER.tif PROFILE.toml
"""
import os
import sys
import tomllib

from qgis.core import QgsApplication, QgsProject, QgsRasterLayer

app = QgsApplication([], False)
app.initQgis()
sys.path.insert(0, sys.argv[1])
from multisenge.styling import Watch  # noqa: E402

with open(sys.argv[3], "rb") as f:
    profile = tomllib.load(f)
want = [
    (int(v), name, "#%02x%02x%02x" % tuple(profile["class_colors"][v]))
    for v, name in sorted(profile["classes"].items(), key=lambda kv: int(kv[0]))
]
# Without the plugin: the file's own colour table, all 256 entries.
alone = QgsRasterLayer(sys.argv[2], "alone")
assert alone.isValid()
assert alone.renderer().type() == "paletted" and len(alone.renderer().classes()) == 256
watch = Watch(QgsProject.instance())
layer = QgsProject.instance().addMapLayer(QgsRasterLayer(sys.argv[2], "classes"))
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
