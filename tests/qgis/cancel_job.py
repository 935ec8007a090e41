"""Runs multisenge:generalize over a whole tile through Processing, cancels
it through the feedback once the program has started working, then stops
the program from outside (SIGTERM to its process), and checks each time
that the run is reported cancelled (not a success) and that no output (nor
temporary file) is left.

usage: cancel_job.py PLUGIN_DIR SOURCE.gpkg OUT_DIR
"""
import os
import signal
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


def children():
    """The processes this one started (the program, while it runs)."""
    found = []
    for task in os.listdir("/proc/self/task"):
        with open("/proc/self/task/{}/children".format(task)) as f:
            found.extend(int(pid) for pid in f.read().split())
    return found


def cancelled_run(stop):
    """Runs generalize over a whole tile and calls stop(feedback) once the
    program has started working; returns the error raised and the
    feedback."""
    feedback = QgsProcessingFeedback()
    started = threading.Event()
    feedback.progressChanged.connect(lambda p: started.set() if p > 0 else None)

    def stop_when_working():
        # Once the program reports progress it is reading and rasterizing;
        # a short wait makes it deep into the work when the stop comes.
        started.wait(120)
        threading.Event().wait(1.0)
        stop(feedback)

    threading.Thread(target=stop_when_working, daemon=True).start()
    context = QgsProcessingContext()
    params = {"SOURCE": sys.argv[2], "TILE": "31UGQ", "OUTPUT": os.path.join(out_dir, "gr.tif"),
              "PATCHES": os.path.join(out_dir, "patches")}
    assert algorithm.prepare(params, context, feedback)
    # A cancelled run is not a success: the algorithm raises, naming the
    # cancellation, and the feedback says cancelled.
    try:
        results = algorithm.runPrepared(params, context, feedback)
        raise AssertionError("a cancelled run returned {}".format(results))
    except QgsProcessingException as e:
        message = str(e)
    assert started.is_set(), "the job never reported progress"
    left = sorted(os.listdir(out_dir))
    assert left == ["source.gpkg"], "left after cancel: {}".format(left)
    return message, feedback


# Cancel pressed in QGIS.
message, feedback = cancelled_run(lambda feedback: feedback.cancel())
assert "was cancelled; it left none of its outputs" in message, message
assert feedback.isCanceled()
# The program stopped from outside QGIS (SIGTERM to its process): still a
# cancellation, not a success nor a failure.
stopped = []


def terminate(feedback):
    for pid in children():
        os.kill(pid, signal.SIGTERM)
        stopped.append(pid)


message, feedback = cancelled_run(terminate)
assert stopped, "no program to stop"
assert "was cancelled; it left none of its outputs" in message, message
assert feedback.isCanceled()
print("OK cancelled twice ({})".format(message))
# Leave without tearing QGIS down: its exit can crash once layers were
# open, after the checks are done.
sys.stdout.flush()
os._exit(0)
