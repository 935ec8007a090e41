"""Running `multisenge run ID --force` and following its JSON lines
(docs/backend.md): progress and phases to the Processing feedback, log
lines to its log, then the result, an error, or a cancellation."""

import json
import os
import queue
import subprocess
import threading

from qgis.core import QgsProcessingException

# Exit code of a cancelled run (128 + SIGINT), with its last line
# {"cancelled": true}.
EXIT_CANCELLED = 130

# How the phases of generalize and compare read in the progress text.
PHASES = {
    "read": "reading the inputs",
    "rasterize": "rasterizing",
    "sieve": "removing regions below the MMU",
    "fill": "filling",
    "close": "closing",
    "roads": "buffering the roads",
    "final-mmu": "merging regions below the MMU",
    "write": "writing the raster",
    "patches": "writing the patches",
    "raster": "reading the raster",
    "source": "reading the land cover",
    "coverage": "comparing (supersampling)",
    "outputs": "writing the outputs",
    "done": "finishing",
}


class Cancelled(QgsProcessingException):
    """The run was cancelled: nothing it created is left."""


def _relay(stream, tag, lines):
    with stream:
        for line in stream:
            lines.put((tag, line))


class Run:
    """One run of the program: its child process and what it reported."""

    def __init__(self, binary, job_id, params, outputs, feedback):
        """Starts the program; `outputs` are the paths it may write (those
        that do not exist yet are reported if a cancellation leaves them)."""
        self.feedback = feedback
        self.created = [o for o in outputs if not os.path.exists(o)]
        self.job_id = job_id
        self.result = None
        self.error = None
        self.cancelled = False
        command = [binary, "run", job_id, "--force"]
        feedback.pushCommandInfo(" ".join(command) + " <<< " + json.dumps(params))
        try:
            self.child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)
        except OSError as e:
            raise QgsProcessingException("Cannot run {}: {}".format(binary, e))
        self.child.stdin.write(json.dumps(params))
        self.child.stdin.close()
        self.lines = queue.Queue()
        self.relays = [threading.Thread(target=_relay, args=(stream, tag, self.lines), daemon=True)
                       for stream, tag in ((self.child.stdout, "out"), (self.child.stderr, "err"))]
        for relay in self.relays:
            relay.start()

    def _take(self, tag, line):
        if tag == "err":
            self.feedback.pushConsoleInfo(line.rstrip())
            return
        try:
            message = json.loads(line)
        except ValueError:
            self.feedback.pushConsoleInfo(line.rstrip())
            return
        if "phase" in message:
            self.feedback.setProgressText(PHASES.get(message["phase"], str(message["phase"])))
        if "progress" in message:
            self.feedback.setProgress(float(message["progress"]))
        if "log" in message:
            self.feedback.pushInfo(str(message["log"]))
        if "result" in message:
            self.result = message["result"]
        if "error" in message:
            self.error = message["error"]
        if message.get("cancelled"):
            self.cancelled = True

    def _drain(self):
        """Takes every line until both streams end."""
        while any(r.is_alive() for r in self.relays) or not self.lines.empty():
            try:
                self._take(*self.lines.get(timeout=0.1))
            except queue.Empty:
                pass

    def follow(self):
        """Relays the run until it ends; returns its result. Raises
        Cancelled when the user cancels or the program reports a
        cancellation, QgsProcessingException when it fails."""
        while True:
            if self.feedback.isCanceled():
                self._stop()
                break
            try:
                tag, line = self.lines.get(timeout=0.1)
            except queue.Empty:
                # Done once both streams are read to their end and every
                # line is taken: the child's exit alone comes before its
                # last lines are relayed.
                if not any(r.is_alive() for r in self.relays) and self.lines.empty():
                    break
                continue
            self._take(tag, line)
        self.child.wait()
        if self.cancelled or self.child.returncode == EXIT_CANCELLED or self.feedback.isCanceled():
            self._report_cancelled()
        if self.result is None:
            raise QgsProcessingException("multisenge {} failed (exit code {}): {}".format(
                self.job_id, self.child.returncode, self.error or "see the log"))
        return self.result

    def _stop(self):
        """SIGTERM: the program removes what it wrote and says so."""
        self.child.terminate()
        try:
            self.child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()
        self._drain()

    def _report_cancelled(self):
        if not self.feedback.isCanceled():
            # Stopped from outside QGIS (a signal): still a cancellation.
            self.feedback.cancel()
        left = [o for o in self.created if os.path.exists(o)]
        if left:
            message = "multisenge {} was cancelled, but these outputs remain: {}".format(
                self.job_id, ", ".join(left))
        else:
            message = "multisenge {} was cancelled; it left none of its outputs.".format(
                self.job_id)
        self.feedback.reportError(message)
        raise Cancelled(message)
