"""The `multisenge` Processing provider: one algorithm per job the program
lists, so a job added to the program appears here without plugin changes."""

import os

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider

from .algorithm import DescribedAlgorithm
from .backend import BackendError, binary_path, load_descriptors


class MultisengeProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        self.problem = ""

    def id(self):
        return "multisenge"

    def name(self):
        return "MultiSenGE"

    def longName(self):  # noqa: N802
        return "MultiSenGE dataset validation and generalization"

    def icon(self):
        return QgsProcessingProvider.icon(self)

    def supportedOutputVectorLayerExtensions(self):  # noqa: N802
        return ["gpkg"]

    def defaultVectorFileExtension(self, hasGeometry=True):  # noqa: N802,N803
        return "gpkg"

    def supportedOutputRasterLayerExtensions(self):  # noqa: N802
        return ["tif"]

    def defaultRasterFileExtension(self):  # noqa: N802
        return "tif"

    def warningMessage(self):  # noqa: N802
        return self.problem

    def loadAlgorithms(self):  # noqa: N802
        self.problem = ""
        try:
            binary = binary_path()
            envelope = load_descriptors(binary)
        except BackendError as e:
            self.problem = str(e)
            QgsMessageLog.logMessage(self.problem, "MultiSenGE", Qgis.Critical)
            return
        styles = os.path.join(os.path.dirname(__file__), "styles")
        for descriptor in envelope.get("algorithms", []):
            self.addAlgorithm(DescribedAlgorithm(descriptor, binary, styles))
