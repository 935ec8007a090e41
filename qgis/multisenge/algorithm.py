"""Processing algorithms: one built from each job descriptor of
`multisenge algorithms --json`, and the one shown when the program is
missing or too old (so that the provider stays in the toolbox, saying
what is wrong)."""

import os

from qgis.core import (
    QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputNumber,
    QgsProcessingOutputString,
)
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtGui import QIcon

from . import parameters, styling
from .backend import BackendError, binary_path, load_descriptors
from .runner import Run

ICONS_DIR = os.path.join(os.path.dirname(__file__), "icons")


def icon_path(name):
    """icons/NAME.svg, or the generic job icon."""
    path = os.path.join(ICONS_DIR, name + ".svg")
    return path if os.path.isfile(path) else os.path.join(ICONS_DIR, "job.svg")


class DescribedAlgorithm(QgsProcessingAlgorithm):
    def __init__(self, descriptor, binary):
        super().__init__()
        self.d = descriptor
        self.binary = binary

    def createInstance(self):  # noqa: N802
        return DescribedAlgorithm(self.d, self.binary)

    def name(self):
        return self.d["id"]

    def displayName(self):  # noqa: N802
        return self.d["name"]

    def group(self):
        return self.d["group"]

    def groupId(self):  # noqa: N802
        return self.d["group"].lower()

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        return icon_path(self.d["id"])

    def helpUrl(self):  # noqa: N802
        return self.d.get("help_url", "")

    def shortHelpString(self):  # noqa: N802
        items = "".join("<li><b>{}</b>: {}</li>".format(p["description"], parameters.help_text(p))
                        for p in self.d["parameters"])
        return "<p>{}</p><ul>{}</ul>".format(self.d["help"], items)

    def initAlgorithm(self, config=None):  # noqa: N802
        for p in self.d["parameters"]:
            for definition in parameters.definitions(p):
                self.addParameter(definition)
        for o in self.d.get("outputs", []):
            cls = QgsProcessingOutputNumber if o["type"] == "number" else QgsProcessingOutputString
            self.addOutput(cls(o["name"], o["description"]))

    def checkParameterValues(self, values, context):  # noqa: N802
        ok, message = super().checkParameterValues(values, context)
        if not ok:
            return ok, message
        try:
            parameters.check_without_running(self.d, values)
        except parameters.ParameterError as e:
            return False, str(e)
        return True, ""

    def processAlgorithm(self, values, context, feedback):  # noqa: N802
        try:
            params = parameters.read_all(self, self.d, values, context)
        except parameters.ParameterError as e:
            raise QgsProcessingException(str(e))
        outputs = [params[p["name"]] for p in self.d["parameters"]
                   if p["type"].startswith("output_") and p["name"] in params]
        result = Run(self.binary, self.d["id"], params, outputs, feedback).follow()
        styling.style_outputs(self.d, result, context)
        return result


class CheckProgram(QgsProcessingAlgorithm):
    """Stands for the jobs while the program is missing or too old: its
    help says what is wrong and how to fix it; running it looks for the
    program again."""

    def __init__(self, problem):
        super().__init__()
        self.problem = problem

    def createInstance(self):  # noqa: N802
        return CheckProgram(self.problem)

    def name(self):
        return "check_program"

    def displayName(self):  # noqa: N802
        return "Check the multisenge program (not usable: see help)"

    def group(self):
        return "Setup"

    def groupId(self):  # noqa: N802
        return "setup"

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        return icon_path("multisenge")

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def shortHelpString(self):  # noqa: N802
        return ("<p>{}</p><p>The MultiSenGE algorithms come from the multisenge program. "
                "Once it is installed (or its path set), run this to look for it again: "
                "the algorithms then replace this one.</p>").format(self.problem)

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addOutput(QgsProcessingOutputString("VERSION", "multisenge version found"))

    def processAlgorithm(self, values, context, feedback):  # noqa: N802
        try:
            binary = binary_path()
            envelope = load_descriptors(binary)
        except BackendError as e:
            raise QgsProcessingException(str(e))
        feedback.pushInfo("Found {} (version {}).".format(binary, envelope["version"]))
        provider = self.provider()
        if provider is not None:
            # After this run returns: the provider's algorithms (this one
            # included) are replaced by the program's.
            QTimer.singleShot(0, provider.refreshAlgorithms)
        return {"VERSION": envelope["version"]}
