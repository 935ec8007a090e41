"""Runs multisenge:validate as the Processing dialog does, with "open output
file after running" on, and lets Processing load the outputs
(processing.gui.Postprocessing.handleAlgorithmResults, what the dialog
calls): both findings layers must be in the project, styled, with short
names.

usage: load_outputs.py PLUGIN_DIR DATASET OUT_DIR
"""
import os
import sys

from qgis.core import (
    QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProcessingOutputLayerDefinition,
    QgsProject,
)

from qgis_session import start_with_provider  # noqa: E402

app, provider = start_with_provider(sys.argv[1])
from processing.gui.Postprocessing import handleAlgorithmResults  # noqa: E402

algorithm = QgsApplication.processingRegistry().createAlgorithmById("multisenge:validate")
context = QgsProcessingContext()
context.setProject(QgsProject.instance())
feedback = QgsProcessingFeedback()
output = QgsProcessingOutputLayerDefinition(os.path.join(sys.argv[3], "findings.gpkg"))
output.destinationProject = QgsProject.instance()
params = {"DATASET": sys.argv[2], "OUTPUT": output}
assert algorithm.prepare(params, context, feedback)
results = algorithm.runPrepared(params, context, feedback)
algorithm.postProcess(context, feedback)
assert results["LOCATED"] > 0, results
handleAlgorithmResults(algorithm, context, feedback, False, params)
layers = {m.name(): m for m in QgsProject.instance().mapLayers().values()}
assert sorted(layers) == ["findings", "findings by patch"], sorted(layers)
layer = layers["findings"]
assert layer.featureCount() == results["LOCATED"], (layer.featureCount(), results)
renderer = layer.renderer()
assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "severity"
assert not layer.labelsEnabled()
patches = layers["findings by patch"]
assert 0 < patches.featureCount() < layer.featureCount(), patches.featureCount()
assert patches.labelsEnabled() and patches.labeling().settings().fieldName == "codes"
print("OK loaded {} with {} features and {} with {}, styled".format(
    layer.name(), layer.featureCount(), patches.name(), patches.featureCount()))
sys.stdout.flush()
os._exit(0)
