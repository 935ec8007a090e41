"""Runs multisenge:validate as the Processing dialog does, with "open output
file after running" on, and lets Processing load the outputs
(processing.gui.Postprocessing.handleAlgorithmResults, what the dialog
calls): the findings layer must be in the project with the plugin's style.

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
layers = list(QgsProject.instance().mapLayers().values())
assert len(layers) == 1, [l.name() for l in layers]
layer = layers[0]
assert layer.featureCount() == results["LOCATED"], (layer.featureCount(), results)
renderer = layer.renderer()
assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "severity"
assert layer.labelsEnabled() and layer.labeling().settings().fieldName == "code"
print("OK loaded {} with {} features, styled".format(layer.name(), layer.featureCount()))
sys.stdout.flush()
os._exit(0)
