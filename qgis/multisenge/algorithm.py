"""A Processing algorithm built from one job descriptor of
`multisenge algorithms --json`; it runs `multisenge run ID --force` with the
parameters as JSON on standard input and follows its JSON lines."""

import json
import os
import queue
import subprocess
import threading

from qgis.core import (
    QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface, QgsProcessingOutputNumber,
    QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingParameterCrs,
    QgsProcessingParameterEnum, QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination, QgsProcessingParameterVectorLayer,
)

# Post-processors must outlive processAlgorithm (QGIS keeps a raw pointer).
_KEEP_ALIVE = []


class _ApplyStyle(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, qml):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and os.path.isfile(self.qml):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()


def _relay(stream, tag, lines):
    with stream:
        for line in stream:
            lines.put((tag, line))


def _source_path(layer):
    """The file behind a raster layer (without `|...` options)."""
    return layer.source().split("|")[0]


def _bundled(name):
    """The enum parameter offering the bundled names of file parameter `name`."""
    return name + "_BUNDLED"


class DescribedAlgorithm(QgsProcessingAlgorithm):
    def __init__(self, descriptor, binary, styles_dir):
        super().__init__()
        self.d = descriptor
        self.binary = binary
        self.styles_dir = styles_dir

    def createInstance(self):  # noqa: N802
        return DescribedAlgorithm(self.d, self.binary, self.styles_dir)

    def name(self):
        return self.d["id"]

    def displayName(self):  # noqa: N802
        return self.d["name"]

    def group(self):
        return self.d["group"]

    def groupId(self):  # noqa: N802
        return self.d["group"].lower()

    def shortHelpString(self):  # noqa: N802
        return self.d["help"]

    def initAlgorithm(self, config=None):  # noqa: N802
        for p in self.d["parameters"]:
            self.addParameter(self._parameter(p))
            if p["type"] == "file" and p.get("options"):
                # The names `run` takes instead of a file (bundled profiles).
                self.addParameter(QgsProcessingParameterEnum(
                    _bundled(p["name"]), p["description"] + " (bundled)",
                    options=p["options"], optional=True))
        for o in self.d.get("outputs", []):
            cls = QgsProcessingOutputNumber if o["type"] == "number" else QgsProcessingOutputString
            self.addOutput(cls(o["name"], o["description"]))

    def _parameter(self, p):
        name, desc, kind, optional = p["name"], p["description"], p["type"], p["optional"]
        default = p.get("default")
        if kind == "folder":
            return QgsProcessingParameterFile(
                name, desc, QgsProcessingParameterFile.Folder, optional=optional)
        if kind == "file" and p.get("options"):
            # A file or a name (`CONFIG=paper`): the dialog offers the usual
            # extension first, any file is accepted (`run` knows the names;
            # QGIS 3.22 refuses a name without extension for an extension).
            ext = p.get("extension") or ""
            return QgsProcessingParameterFile(
                name, desc, QgsProcessingParameterFile.File,
                fileFilter="{0} files (*.{1});;All files (*)".format(ext.upper(), ext),
                optional=True)
        if kind == "file":
            return QgsProcessingParameterFile(
                name, desc, QgsProcessingParameterFile.File, extension=p.get("extension") or "",
                optional=optional)
        if kind == "vector":
            return QgsProcessingParameterVectorLayer(name, desc, optional=optional)
        if kind == "raster":
            return QgsProcessingParameterRasterLayer(name, desc, optional=optional)
        if kind == "enum":
            options = p["options"]
            index = options.index(default) if default in options else None
            return QgsProcessingParameterEnum(
                name, desc, options=options, defaultValue=index, optional=optional)
        if kind == "number":
            number = QgsProcessingParameterNumber(
                name, desc,
                QgsProcessingParameterNumber.Integer if p["integer"]
                else QgsProcessingParameterNumber.Double,
                defaultValue=default, optional=optional)
            if p.get("min") is not None:
                number.setMinimum(p["min"])
            if p.get("max") is not None:
                number.setMaximum(p["max"])
            return number
        if kind == "boolean":
            return QgsProcessingParameterBoolean(name, desc, defaultValue=bool(default), optional=optional)
        if kind == "crs":
            return QgsProcessingParameterCrs(name, desc, optional=optional)
        if kind == "output_file":
            ext = p["extension"]
            return QgsProcessingParameterFileDestination(
                name, desc, fileFilter="{0} files (*.{1})".format(ext.upper(), ext),
                optional=optional, createByDefault=not optional)
        if kind == "output_folder":
            return QgsProcessingParameterFolderDestination(
                name, desc, optional=optional, createByDefault=not optional)
        if kind == "output_vector":
            return QgsProcessingParameterVectorDestination(
                name, desc, QgsProcessing.TypeVectorAnyGeometry, optional=optional,
                createByDefault=not optional)
        if kind == "output_raster":
            return QgsProcessingParameterRasterDestination(
                name, desc, optional=optional, createByDefault=not optional)
        return QgsProcessingParameterString(name, desc, optional=optional)

    def _value(self, p, parameters, context):
        """The JSON value of parameter `p`, or None when not given. Text
        given for a number, a boolean or a CRS is passed as given: `run`
        parses it as the command line does and refuses what is not one
        (QGIS would turn `abc` into 0 and `NOTACRS` into no CRS)."""
        name, kind = p["name"], p["type"]
        raw = parameters.get(name)
        if kind == "file" and p.get("options") and (raw is None or raw == ""):
            bundled = parameters.get(_bundled(name))
            if bundled is None or bundled == "":
                return None
            return p["options"][self.parameterAsEnum(parameters, _bundled(name), context)]
        if kind != "boolean" and (raw is None or raw == ""):
            return None
        if kind in ("number", "boolean", "crs") and isinstance(raw, str):
            return raw
        if kind in ("folder", "file"):
            return self.parameterAsFile(parameters, name, context) or None
        if kind == "vector":
            # The whole source: `|layername=NAME` picks the layer read.
            layer = self.parameterAsVectorLayer(parameters, name, context)
            return layer.source() if layer else None
        if kind == "raster":
            layer = self.parameterAsRasterLayer(parameters, name, context)
            return _source_path(layer) if layer else None
        if kind == "enum":
            return p["options"][self.parameterAsEnum(parameters, name, context)]
        if kind == "number":
            value = self.parameterAsDouble(parameters, name, context)
            return int(value) if p["integer"] else value
        if kind == "boolean":
            return self.parameterAsBoolean(parameters, name, context)
        if kind == "crs":
            crs = self.parameterAsCrs(parameters, name, context)
            return crs.authid() if crs.isValid() else None
        if kind == "output_file":
            return self.parameterAsFileOutput(parameters, name, context) or None
        if kind in ("output_vector", "output_raster"):
            return self.parameterAsOutputLayer(parameters, name, context) or None
        if kind == "output_folder":
            return self.parameterAsString(parameters, name, context) or None
        return self.parameterAsString(parameters, name, context) or None

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        params = {}
        for p in self.d["parameters"]:
            value = self._value(p, parameters, context)
            if value is not None:
                params[p["name"]] = value
        outputs = [params[p["name"]] for p in self.d["parameters"]
                   if p["type"].startswith("output_") and p["name"] in params]
        existed = {o: os.path.exists(o) for o in outputs}
        command = [self.binary, "run", self.d["id"], "--force"]
        feedback.pushCommandInfo(" ".join(command) + " <<< " + json.dumps(params))
        try:
            child = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)
        except OSError as e:
            raise QgsProcessingException("Cannot run {}: {}".format(self.binary, e))
        child.stdin.write(json.dumps(params))
        child.stdin.close()
        lines = queue.Queue()
        relays = [threading.Thread(target=_relay, args=(stream, tag, lines), daemon=True)
                  for stream, tag in ((child.stdout, "out"), (child.stderr, "err"))]
        for relay in relays:
            relay.start()
        result, error = None, None
        while True:
            if feedback.isCanceled():
                return self._cancel(child, [o for o in outputs if not existed[o]], feedback)
            try:
                tag, line = lines.get(timeout=0.1)
            except queue.Empty:
                # Done once both streams are read to their end (the relays
                # have put every line, the final result included) and
                # every line is taken: the child's exit alone comes before
                # its last lines are relayed.
                if not any(r.is_alive() for r in relays) and lines.empty():
                    break
                continue
            if tag == "err":
                feedback.pushConsoleInfo(line.rstrip())
                continue
            try:
                message = json.loads(line)
            except ValueError:
                feedback.pushConsoleInfo(line.rstrip())
                continue
            if "progress" in message:
                feedback.setProgress(float(message["progress"]))
            elif "log" in message:
                feedback.pushInfo(str(message["log"]))
            elif "result" in message:
                result = message["result"]
            elif "error" in message:
                error = message["error"]
        child.wait()
        if result is None:
            raise QgsProcessingException(
                "multisenge {} failed (exit code {}): {}".format(
                    self.d["id"], child.returncode, error or "see the log"))
        self._style_outputs(result, context)
        return result

    def _cancel(self, child, outputs, feedback):
        """Stops the program (SIGTERM: it removes what it wrote), waits for
        it, and confirms that none of the new `outputs` is left."""
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        left = [o for o in outputs if os.path.exists(o)]
        if left:
            feedback.reportError("Cancelled, but these outputs remain: " + ", ".join(left))
        else:
            feedback.pushInfo("Cancelled; no output was left.")
        return {}

    def _style_outputs(self, result, context):
        for name, style in self.d.get("styles", {}).items():
            path = result.get(name)
            qml = os.path.join(self.styles_dir, style + ".qml")
            if path and context.willLoadLayerOnCompletion(path):
                post = _ApplyStyle(qml)
                _KEEP_ALIVE.append(post)
                context.layerToLoadOnCompletionDetails(path).setPostProcessor(post)
