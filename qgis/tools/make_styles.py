"""Writes the QGIS styles shipped with the plugin and stored by the program
in what it writes (GeoPackages' layer_styles), from PyQGIS itself so that
QGIS reads them back unchanged:

* findings.qml: per-finding layer, outline by severity, no label (findings
  sharing a footprint would stack their labels);
* findings_by_patch.qml: one feature per patch, fill by worst severity,
  labelled by its codes;
* footprints.qml: patch footprints, outlines only, labelled by patch id;
* lost_polygons.qml: polygons a generalization lost, in their class's
  colour and name (the default profile's classes);
* classes.qml: class rasters, paletted, the classes and colours of the
  default profile (validators/multisenge.toml), nothing for other values;
* disagreement.qml: compare's disagreement raster (percent of a pixel whose
  vector class differs), a ramp from transparent (0 %) to red (100 %).

Run from the repository root, headless:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis/tools/make_styles.py
Tests (src/io/symbology.rs, src/io/layer_styles.rs, tests/qgis_plugin.rs)
check them against the profile and the renderers QGIS builds from them.
"""
import os
import shutil
import sys
import tempfile
import tomllib

from osgeo import gdal
from qgis.core import (
    QgsApplication, QgsCategorizedSymbolRenderer, QgsColorRampShader, QgsFillSymbol,
    QgsPalLayerSettings, QgsPalettedRasterRenderer, QgsRasterLayer, QgsRasterShader,
    QgsRendererCategory, QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer,
    QgsTextBufferSettings, QgsTextFormat, QgsVectorLayer, QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STYLES = os.path.join(ROOT, "qgis", "multisenge", "styles")
SEVERITIES = [("error", "215,25,28"), ("warning", "253,174,97"), ("info", "44,123,182")]

app = QgsApplication([], False)
app.initQgis()
with open(os.path.join(ROOT, "validators", "multisenge.toml"), "rb") as f:
    profile = tomllib.load(f)
CLASSES = [
    (int(value), name, profile["class_colors"][value])
    for value, name in sorted(profile["classes"].items(), key=lambda kv: int(kv[0]))
]


def save(layer, name):
    msg, ok = layer.saveNamedStyle(os.path.join(STYLES, name + ".qml"))
    if not ok:
        sys.exit(name + ".qml: " + msg)


def labels(layer, field, size):
    """One label per feature, from `field`, with a white buffer."""
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.placement = QgsPalLayerSettings.OverPoint
    settings.autoWrapLength = 18
    fmt = QgsTextFormat()
    fmt.setSize(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1)
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def memory_layer(fields):
    spec = "&".join("field={}:{}".format(n, t) for n, t in fields)
    return QgsVectorLayer("Polygon?crs=EPSG:4326&" + spec, "style", "memory")


def by_severity(symbol_of):
    return QgsCategorizedSymbolRenderer("severity", [
        QgsRendererCategory(severity, symbol_of(rgb), severity) for severity, rgb in SEVERITIES
    ])


# Findings, one per feature: outlines only, no labels.
layer = memory_layer([("code", "string"), ("severity", "string")])
layer.setRenderer(by_severity(lambda rgb: QgsFillSymbol.createSimple({
    "style": "no", "outline_color": rgb + ",255", "outline_width": "0.5",
})))
layer.setLabelsEnabled(False)
save(layer, "findings")

# Findings by patch: a light fill (the patch stays visible), a strong
# outline, the codes as one label.
layer = memory_layer([("codes", "string"), ("severity", "string"), ("count", "integer")])
layer.setRenderer(by_severity(lambda rgb: QgsFillSymbol.createSimple({
    "color": rgb + ",50", "outline_color": rgb + ",255", "outline_width": "0.8",
})))
labels(layer, "codes", 8)
save(layer, "findings_by_patch")

# Footprints: outlines only, labelled by id.
layer = memory_layer([("id", "string")])
layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({
    "style": "no", "outline_color": "35,35,35,255", "outline_width": "0.4",
})))
labels(layer, "id", 7)
save(layer, "footprints")

# Lost polygons: their class's colour and name, a dark outline.
layer = memory_layer([("id", "integer"), ("class", "integer")])
layer.setRenderer(QgsCategorizedSymbolRenderer("class", [
    QgsRendererCategory(value, QgsFillSymbol.createSimple({
        "color": "{},{},{},255".format(*rgb), "outline_color": "0,0,0,255",
        "outline_width": "0.5",
    }), name)
    for value, name, rgb in CLASSES
]))
save(layer, "lost_polygons")

# Rasters: styles saved from a 1 x 1 GeoTIFF layer.
tmp_dir = tempfile.mkdtemp()
tmp = os.path.join(tmp_dir, "c.tif")
ds = gdal.GetDriverByName("GTiff").Create(tmp, 1, 1, 1, gdal.GDT_Byte)
ds.SetGeoTransform((0, 1, 0, 1, 0, -1))
del ds
raster = QgsRasterLayer(tmp, "c")
raster.setRenderer(QgsPalettedRasterRenderer(raster.dataProvider(), 1, [
    QgsPalettedRasterRenderer.Class(value, QColor(*rgb), name) for value, name, rgb in CLASSES
]))
save(raster, "classes")

ramp = QgsColorRampShader(0, 100)
ramp.setColorRampType(QgsColorRampShader.Interpolated)
ramp.setColorRampItemList([
    QgsColorRampShader.ColorRampItem(0, QColor(255, 255, 255, 0), "0 % (agrees)"),
    QgsColorRampShader.ColorRampItem(50, QColor(253, 174, 97, 255), "50 %"),
    QgsColorRampShader.ColorRampItem(100, QColor(215, 25, 28, 255), "100 % (disagrees)"),
])
shader = QgsRasterShader()
shader.setRasterShaderFunction(ramp)
pseudo = QgsSingleBandPseudoColorRenderer(raster.dataProvider(), 1, shader)
pseudo.setClassificationMin(0)
pseudo.setClassificationMax(100)
raster.setRenderer(pseudo)
save(raster, "disagreement")
del raster
shutil.rmtree(tmp_dir)
app.exitQgis()
