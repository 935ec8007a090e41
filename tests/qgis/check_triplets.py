"""Runs multisenge:triplets through Processing as the dialog does, then
opens one patch of each kind of the region it wrote, as a user does, with
the plugin's styling.Watch, and checks what QGIS shows:

    ground reference    the profile's class colours, at most its 14 classes
    Sentinel-2          natural colours: red, green and blue are the bands
                        described B4, B3 and B2 (in any stacking order)
    Sentinel-1          the band described VV, in grey

usage: check_triplets.py PLUGIN_DIR PARAMS.json
(PARAMS.json: the job's parameters; OUTPUT is the region folder.)
"""
import json
import os
import sys

from qgis.core import (
    QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsRasterLayer,
)

from qgis_session import start_with_provider  # noqa: E402

plugin_dir, params_file = sys.argv[1:3]
app, provider = start_with_provider(plugin_dir)
assert not provider.warningMessage(), provider.warningMessage()
from multisenge.styling import Watch, class_colours  # noqa: E402

with open(params_file) as f:
    params = json.load(f)
project = QgsProject.instance()
algorithm = QgsApplication.processingRegistry().createAlgorithmById("multisenge:triplets")
assert algorithm is not None
context = QgsProcessingContext()
context.setProject(project)
feedback = QgsProcessingFeedback()
values = []
feedback.progressChanged.connect(values.append)
ok, message = algorithm.checkParameterValues(params, context)
assert ok, message
results = algorithm.run(params, context, feedback)[0]
assert results is not None, "the job failed"
assert results["PATCHES"] > 0, results
assert values and values[-1] == 100 and values == sorted(values), values
region = results["OUTPUT"]
checked = ["{} patches written".format(results["PATCHES"])]


def first(kind):
    folder = os.path.join(region, kind)
    return os.path.join(folder, sorted(n for n in os.listdir(folder) if n.endswith(".tif"))[0])


watch = Watch(project)
ground = project.addMapLayer(QgsRasterLayer(first("ground_reference"), "gr"))
assert ground.renderer().type() == "paletted", ground.renderer().type()
colours = class_colours()
for c in ground.renderer().classes():
    colour = (c.color.red(), c.color.green(), c.color.blue())
    assert colours[int(c.value)] == colour, (c.value, colour)
assert 0 < len(ground.renderer().classes()) <= len(colours)
checked.append("ground reference: {} classes in their colours".format(
    len(ground.renderer().classes())))

s2 = project.addMapLayer(QgsRasterLayer(first("s2"), "s2"))
renderer = s2.renderer()
assert renderer.type() == "multibandcolor", renderer.type()
names = {b: s2.dataProvider().generateBandName(b).partition(": ")[2]
         for b in range(1, s2.bandCount() + 1)}
shown = [names[renderer.redBand()], names[renderer.greenBand()], names[renderer.blueBand()]]
assert shown == ["B4", "B3", "B2"], shown
assert renderer.redContrastEnhancement() is not None
checked.append("Sentinel-2: red, green, blue = bands {}, {}, {} ({})".format(
    renderer.redBand(), renderer.greenBand(), renderer.blueBand(), ", ".join(shown)))

s1 = project.addMapLayer(QgsRasterLayer(first("s1"), "s1"))
renderer = s1.renderer()
assert renderer.type() == "singlebandgray", renderer.type()
assert s1.dataProvider().generateBandName(renderer.grayBand()).endswith(": VV")
checked.append("Sentinel-1: band {} (VV) in grey".format(renderer.grayBand()))
watch.stop()
print("OK " + "; ".join(checked))
sys.stdout.flush()
os._exit(0)
