"""Runs multisenge:generalize over a whole tile through Processing, cancels
it through the feedback once the program has started working, and checks
that the run is reported cancelled (not a success) and that no output (nor
temporary file) is left.

usage: cancel_job.py PLUGIN_DIR SOURCE.gpkg OUT_DIR
"""
import os
import sys
import threading

from qgis.core import (
    QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
)

from qgis_session import start_with_provider  # noqa: E402

app, provider = start_with_provider(sys.argv[1])
assert not provider.warningMessage(), provider.warningMessage()
algorithm = QgsApplication.processingRegistry().createAlgorithmById("multisenge:generalize")
assert algorithm is not None

out_dir = sys.argv[3]
output = os.path.join(out_dir, "gr.tif")
patches = os.path.join(out_dir, "patches")
feedback = QgsProcessingFeedback()
started = threading.Event()
feedback.progressChanged.connect(lambda p: started.set() if p > 0 else None)


def cancel_when_working():
    # Once the program reports progress it is reading and rasterizing; a
    # short wait makes it deep into the work when the cancel comes.
    started.wait(120)
    threading.Event().wait(1.0)
    feedback.cancel()


threading.Thread(target=cancel_when_working, daemon=True).start()
context = QgsProcessingContext()
params = {"SOURCE": sys.argv[2], "TILE": "31UGQ", "OUTPUT": output, "PATCHES": patches}
ok = algorithm.prepare(params, context, feedback)
assert ok
# A cancelled run is not a success: the algorithm raises, naming the
# cancellation, and the feedback says cancelled.
try:
    results = algorithm.runPrepared(params, context, feedback)
    raise AssertionError("a cancelled run returned {}".format(results))
except QgsProcessingException as e:
    message = str(e)
assert "was cancelled; it left none of its outputs" in message, message
assert feedback.isCanceled()
assert started.is_set(), "the job never reported progress"
left = sorted(os.listdir(out_dir))
assert left == ["source.gpkg"], "left after cancel: {}".format(left)
print("OK cancelled ({}), left: {}".format(message, left))
# Leave without tearing QGIS down: its exit can crash once layers were
# open, after the checks are done.
sys.stdout.flush()
os._exit(0)
