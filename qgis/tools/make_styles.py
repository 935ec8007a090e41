"""Writes the QGIS styles shipped with the plugin, from PyQGIS itself so
that QGIS reads them back unchanged:

* styles/findings.qml: findings layer, fill colour by severity, label by code;
* styles/classes.qml: class rasters, paletted, the classes and colours of
  the default profile (validators/multisenge.toml).

Run from the repository root, headless:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis/tools/make_styles.py
A test (tests/qgis_plugin.rs) checks classes.qml against the profile.
"""
import os
import sys
import tomllib

from qgis.core import (
    QgsApplication, QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsPalLayerSettings,
    QgsPalettedRasterRenderer, QgsRasterLayer, QgsRendererCategory, QgsTextFormat,
    QgsTextBufferSettings, QgsVectorLayer, QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STYLES = os.path.join(ROOT, "qgis", "multisenge", "styles")

app = QgsApplication([], False)
app.initQgis()

# Findings.
layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=code:string&field=severity:string", "f", "memory")
categories = []
for severity, rgb in [("error", "215,25,28"), ("warning", "253,174,97"), ("info", "44,123,182")]:
    # A light fill (the patch stays visible under it), a strong outline.
    symbol = QgsFillSymbol.createSimple({
        "color": rgb + ",40", "outline_color": rgb + ",255", "outline_width": "0.8",
    })
    categories.append(QgsRendererCategory(severity, symbol, severity))
layer.setRenderer(QgsCategorizedSymbolRenderer("severity", categories))
settings = QgsPalLayerSettings()
settings.fieldName = "code"
fmt = QgsTextFormat()
fmt.setSize(9)
buffer = QgsTextBufferSettings()
buffer.setEnabled(True)
buffer.setSize(1)
fmt.setBuffer(buffer)
settings.setFormat(fmt)
layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
layer.setLabelsEnabled(True)
msg, ok = layer.saveNamedStyle(os.path.join(STYLES, "findings.qml"))
if not ok:
    sys.exit("findings.qml: " + msg)

# Class rasters.
with open(os.path.join(ROOT, "validators", "multisenge.toml"), "rb") as f:
    profile = tomllib.load(f)
classes = []
for value, name in sorted(profile["classes"].items(), key=lambda kv: int(kv[0])):
    r, g, b = profile["class_colors"][value]
    classes.append(QgsPalettedRasterRenderer.Class(int(value), QColor(r, g, b), name))
import tempfile
from osgeo import gdal
tmp_dir = tempfile.mkdtemp()
tmp = os.path.join(tmp_dir, "c.tif")
ds = gdal.GetDriverByName("GTiff").Create(tmp, 1, 1, 1, gdal.GDT_Byte)
ds.SetGeoTransform((0, 1, 0, 1, 0, -1))
del ds
raster = QgsRasterLayer(tmp, "c")
raster.setRenderer(QgsPalettedRasterRenderer(raster.dataProvider(), 1, classes))
msg, ok = raster.saveNamedStyle(os.path.join(STYLES, "classes.qml"))
del raster
import shutil
shutil.rmtree(tmp_dir)
if not ok:
    sys.exit("classes.qml: " + msg)
app.exitQgis()
