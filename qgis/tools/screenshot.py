"""Renders the README's screenshot headless: the ground-reference patches
of a dataset (class style of the plugin) under the findings layer written by
multisenge:validate (its own style: colour by severity, label by code).

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis/tools/screenshot.py \
        DATASET FINDINGS.gpkg TILE OUT.png

The view is the tile's north-west corner (11 x 8 km), where the defective
sample gathers most of its patches.
"""
import glob
import os
import sys

from qgis.core import (
    QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob, QgsMapSettings,
    QgsRasterLayer, QgsRectangle, QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

dataset, findings_path, tile, out = sys.argv[1:5]
app = QgsApplication([], False)
app.initQgis()
styles = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "multisenge", "styles")

layers = []
findings = QgsVectorLayer(findings_path + "|layername=findings", "findings", "ogr")
assert findings.isValid()
findings.loadNamedStyle(os.path.join(styles, "findings.qml"))
layers.append(findings)
rasters = []
for path in sorted(glob.glob(os.path.join(dataset, "ground_reference", tile + "_GR_*.tif*"))):
    layer = QgsRasterLayer(path, os.path.basename(path))
    if layer.isValid():
        layer.loadNamedStyle(os.path.join(styles, "classes.qml"))
        rasters.append(layer)
layers.extend(rasters)
assert rasters, "no ground-reference patch of " + tile

crs = rasters[0].crs()
corner = rasters[0].extent()
for r in rasters:
    if r.extent().xMinimum() <= corner.xMinimum() and r.extent().yMaximum() >= corner.yMaximum():
        corner = r.extent()
x0, y1 = corner.xMinimum() - 300, corner.yMaximum() + 300
settings = QgsMapSettings()
settings.setLayers(layers)
settings.setDestinationCrs(crs)
settings.setExtent(QgsRectangle(x0, y1 - 8000, x0 + 11000, y1))
settings.setOutputSize(QSize(1100, 800))
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
assert image.save(out, "png"), out
print(out)
sys.stdout.flush()
os._exit(0)
