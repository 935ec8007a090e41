"""Renders the README's screenshot: what the plugin loads in QGIS for a
dataset. multisenge:validate and multisenge:footprints run through
Processing with the plugin (from the repository) and their layers load as
the Processing dialog loads them (styles, short names); the dataset's
ground-reference patches are opened as a user opens them, styled by the
plugin (styling.Watch). A layout of the map (the tile's north-west corner,
where the defective sample gathers its patches) and its legend is
exported to OUT.png.

Under Xvfb, as the tests run it (MULTISENGE_BIN: the program):
    MULTISENGE_BIN=target/release/multisenge xvfb-run -a /usr/bin/python3 \\
        qgis/tools/screenshot.py target/sample/defective TILE WORK_DIR OUT.png

Prints, for the test, the pixel (x y) of a point inside each patch of the
map (a quarter of the way from its north-west corner, away from labels),
one per line after `PATCHES`.
"""
import glob
import os
import sys

from qgis.core import (
    QgsApplication, QgsLayoutExporter, QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutPoint,
    QgsLayoutSize, QgsPrintLayout, QgsProcessingContext, QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer, QgsRectangle, QgsUnitTypes,
)

dataset, tile, work, out = sys.argv[1:5]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
app = QgsApplication([], True)
app.initQgis()
sys.path.insert(0, "/usr/share/qgis/python/plugins")
sys.path.insert(0, os.path.join(ROOT, "qgis"))
from processing.core.Processing import Processing  # noqa: E402
from processing.gui.Postprocessing import handleAlgorithmResults  # noqa: E402

Processing.initialize()
from multisenge.provider import MultisengeProvider  # noqa: E402
from multisenge.styling import Watch  # noqa: E402

provider = MultisengeProvider()
QgsApplication.processingRegistry().addProvider(provider)
assert not provider.warningMessage(), provider.warningMessage()
project = QgsProject.instance()
watch = Watch(project)

# The ground-reference patches first: the vector layers Processing loads
# go above them.
rasters = []
for path in sorted(glob.glob(os.path.join(dataset, "ground_reference", tile + "_GR_*.tif"))):
    layer = QgsRasterLayer(path, os.path.basename(path)[:-4])
    if layer.isValid():
        rasters.append(project.addMapLayer(layer))
assert rasters, "no ground-reference patch of " + tile


def run(job, output):
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("multisenge:" + job)
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()
    definition = QgsProcessingOutputLayerDefinition(os.path.join(work, output))
    definition.destinationProject = project
    params = {"DATASET": dataset, "OUTPUT": definition}
    assert algorithm.prepare(params, context, feedback)
    algorithm.runPrepared(params, context, feedback)
    algorithm.postProcess(context, feedback)
    handleAlgorithmResults(algorithm, context, feedback, False, params)


run("footprints", "footprints.gpkg")
run("validate", "findings.gpkg")

# The view: the tile's north-west corner, 11 x 8 km.
corner = rasters[0].extent()
for r in rasters:
    e = r.extent()
    if e.xMinimum() <= corner.xMinimum() and e.yMaximum() >= corner.yMaximum():
        corner = e
x0, y1 = corner.xMinimum() - 300, corner.yMaximum() + 300
extent = QgsRectangle(x0, y1 - 8000, x0 + 11000, y1)

layout = QgsPrintLayout(project)
layout.initializeDefaults()
page = layout.pageCollection().page(0)
page.setPageSize(QgsLayoutSize(330, 180, QgsUnitTypes.LayoutMillimeters))
map_item = QgsLayoutItemMap(layout)
map_item.attemptMove(QgsLayoutPoint(5, 5, QgsUnitTypes.LayoutMillimeters))
map_item.attemptResize(QgsLayoutSize(220, 160, QgsUnitTypes.LayoutMillimeters))
map_item.setCrs(rasters[0].crs())
map_item.setExtent(extent)
map_item.setFrameEnabled(True)
layout.addLayoutItem(map_item)
legend = QgsLayoutItemLegend(layout)
legend.setLinkedMap(map_item)
legend.setTitle("")
# One raster's entry stands for all the patches (the same 14 classes).
legend.setAutoUpdateModel(False)
root = legend.model().rootGroup()
for layer in rasters[1:]:
    root.removeLayer(layer)
layout.addLayoutItem(legend)
legend.attemptMove(QgsLayoutPoint(230, 5, QgsUnitTypes.LayoutMillimeters))

settings = QgsLayoutExporter.ImageExportSettings()
settings.dpi = 110
exporter = QgsLayoutExporter(layout)
result = exporter.exportToImage(out, settings)
assert result == QgsLayoutExporter.Success, result

# Where the patches are in the image, for the test.
scale = settings.dpi / 25.4  # pixels per millimetre
map_x0, map_y0 = 5 * scale, 5 * scale
px_per_m = 220 * scale / extent.width()
print("PATCHES")
for r in rasters:
    e = r.extent()
    x = e.xMinimum() + e.width() / 4
    y = e.yMaximum() - e.height() / 4
    if extent.contains(x, y):
        print(int(map_x0 + (x - extent.xMinimum()) * px_per_m),
              int(map_y0 + (extent.yMaximum() - y) * px_per_m))
watch.stop()
sys.stdout.flush()
os._exit(0)
