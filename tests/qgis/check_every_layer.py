"""Runs every job that writes layers through Processing as the dialog does
("open output file after running"), lets Processing load the outputs,
and checks each layer's renderer and name; then opens ground-reference
patches alone, as a user does, with the plugin's styling.Watch.

    findings            categorised by severity, no labels
    findings by patch   categorised by worst severity, one label per feature
    footprints          outlines only (no fill), labelled by id
    ground reference    paletted, exactly the profile's 14 classes (and
                        generalize's and compare's progress by phases)
    lost polygons       categorised by class, the class names
    disagreement        a ramp, not a palette of 256 entries
    a patch, alone      at most the profile's classes in its legend

usage: check_every_layer.py PLUGIN_DIR DATASET SOURCE.gpkg LIKE.tif PATCH.tif OUT_DIR
(PATCH.tif: a ground-reference patch written by `generalize --patches`.)
"""
import os
import sys

from osgeo import gdal
from qgis.core import (
    QgsApplication, QgsProcessingContext, QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition, QgsProject, QgsRasterLayer,
)
from qgis.PyQt.QtCore import Qt

from qgis_session import start_with_provider  # noqa: E402

plugin_dir, dataset, source, like, patch, out = sys.argv[1:7]
app, provider = start_with_provider(plugin_dir)
assert not provider.warningMessage(), provider.warningMessage()
from processing.gui.Postprocessing import handleAlgorithmResults  # noqa: E402
from multisenge.styling import Watch, class_colours  # noqa: E402

project = QgsProject.instance()
CLASS_NAMES = None


class Recorder(QgsProcessingFeedback):
    """Keeps the progress values and texts the dialog would show."""

    def __init__(self):
        super().__init__()
        self.values, self.texts = [], []
        self.progressChanged.connect(self.values.append)

    def setProgressText(self, text):  # noqa: N802
        self.texts.append(text)
        super().setProgressText(text)


PROGRESS = {}


def run(job, params, loaded):
    """Runs multisenge:JOB; outputs named in `loaded` are loaded as the
    dialog loads them. Returns the results."""
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("multisenge:" + job)
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = Recorder()
    PROGRESS[job] = feedback
    for name in loaded:
        definition = QgsProcessingOutputLayerDefinition(params[name])
        definition.destinationProject = project
        params[name] = definition
    ok, message = algorithm.checkParameterValues(params, context)
    assert ok, message
    assert algorithm.prepare(params, context, feedback)
    results = algorithm.runPrepared(params, context, feedback)
    algorithm.postProcess(context, feedback)
    handleAlgorithmResults(algorithm, context, feedback, False, params)
    return results


def layer(name):
    found = project.mapLayersByName(name)
    assert len(found) == 1, (name, [m.name() for m in project.mapLayers().values()])
    return found[0]


path = lambda name: os.path.join(out, name)  # noqa: E731
checked = []

# validate: two layers of one GeoPackage.
results = run("validate", {"DATASET": dataset, "OUTPUT": path("findings.gpkg")}, ["OUTPUT"])
findings = layer("findings")
assert findings.renderer().type() == "categorizedSymbol", findings.renderer().type()
assert findings.renderer().classAttribute() == "severity"
assert not findings.labelsEnabled()
by_patch = layer("findings by patch")
assert by_patch.renderer().type() == "categorizedSymbol"
assert by_patch.renderer().classAttribute() == "severity"
assert by_patch.labelsEnabled() and by_patch.labeling().settings().fieldName == "codes"
keys = [(f["tile"], f["x"], f["y"]) for f in by_patch.getFeatures()]
assert len(keys) == len(set(keys)) > 0, keys
checked.append("findings, findings by patch ({} patches)".format(len(keys)))

# footprints: outlines only, labelled by id.
run("footprints", {"DATASET": dataset, "OUTPUT": path("footprints.gpkg")}, ["OUTPUT"])
footprints = layer("footprints")
renderer = footprints.renderer()
assert renderer.type() == "singleSymbol", renderer.type()
for symbol_layer in renderer.symbol().symbolLayers():
    assert symbol_layer.brushStyle() == Qt.NoBrush, "footprints are filled"
    assert symbol_layer.strokeStyle() != Qt.NoPen
assert footprints.labelsEnabled() and footprints.labeling().settings().fieldName == "id"
checked.append("footprints ({} outlines)".format(footprints.featureCount()))

# generalize: the class raster, exactly the profile's classes.
run("generalize", {"SOURCE": source, "LIKE": like, "FILL_PROPAGATION_LIMIT": 0,
                   "OUTPUT": path("gr.tif")}, ["OUTPUT"])
classes = class_colours()
ground = layer("ground reference")
assert ground.renderer().type() == "paletted", ground.renderer().type()
values = sorted(int(c.value) for c in ground.renderer().classes())
assert values == sorted(classes) and len(values) == 14, values
CLASS_NAMES = [c.label for c in ground.renderer().classes()]
checked.append("ground reference (14 classes)")
# Its progress: a phase at a time, with the share done before it.
progress = PROGRESS["generalize"]
assert progress.values == sorted(progress.values) and len(set(progress.values)) >= 8, progress.values
assert progress.texts[:4] == ["reading the inputs", "rasterizing", "removing regions below the MMU",
                              "filling"], progress.texts

# compare: lost polygons by class, the disagreement as a ramp.
results = run("compare", {"SOURCE": source, "RASTER": path("gr.tif"),
                          "OUTPUT": path("report.json"), "LOST": path("lost.gpkg"),
                          "DISAGREEMENT": path("dis.tif")}, ["LOST", "DISAGREEMENT"])
assert isinstance(results["OVERALL_ACCURACY"], float), results
lost = layer("lost polygons")
assert lost.renderer().type() == "categorizedSymbol" and lost.renderer().classAttribute() == "class"
assert [c.label() for c in lost.renderer().categories()] == CLASS_NAMES
disagreement = layer("disagreement")
renderer = disagreement.renderer()
assert renderer.type() != "paletted", renderer.type()
assert renderer.type() == "singlebandpseudocolor", renderer.type()
legend = renderer.legendSymbologyItems()
assert 2 <= len(legend) <= 3, legend
progress = PROGRESS["compare"]
assert progress.values == sorted(progress.values) and len(set(progress.values)) >= 5, progress.values
assert "comparing (supersampling)" in progress.texts, progress.texts
checked.append("lost polygons ({}), disagreement ({} legend entries: {})".format(
    lost.featureCount(), len(legend), ", ".join(t for t, _ in legend)))

# Patches opened alone: one written by generalize (colour table), one as
# published (no colour table, recognised by its name).
watch = Watch(project)
plain = os.path.join(out, os.path.basename(patch))
src = gdal.Open(patch)
dst = gdal.GetDriverByName("GTiff").Create(plain, src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Byte)
dst.SetGeoTransform(src.GetGeoTransform())
dst.SetProjection(src.GetProjection())
dst.GetRasterBand(1).WriteRaster(0, 0, src.RasterXSize, src.RasterYSize,
                                 src.GetRasterBand(1).ReadRaster())
del dst, src
for file in (patch, plain):
    opened = project.addMapLayer(QgsRasterLayer(file, "patch " + file))
    items = [text for text, _ in opened.renderer().legendSymbologyItems()]
    assert 0 < len(items) <= len(classes), items
    assert set(items) <= set(CLASS_NAMES), items
checked.append("patches alone ({} legend entries)".format(len(items)))
watch.stop()
print("OK " + "; ".join(checked))
sys.stdout.flush()
os._exit(0)
