"""The `multisenge` Processing provider: one algorithm per job the program
lists, so a job added to the program appears here without plugin changes.
When the program is missing or too old, the provider stays in the toolbox
with a warning and one algorithm saying what is wrong."""

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithm import CheckProgram, DescribedAlgorithm, icon_path
from .backend import SETTING_NAME, BackendError, binary_path, load_descriptors

try:  # The Processing plugin's settings dialog; absent in a bare PyQGIS.
    from processing.core.ProcessingConfig import ProcessingConfig, Setting
except ImportError:  # pragma: no cover
    ProcessingConfig = None


class MultisengeProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        self.problem = ""

    def load(self):
        if ProcessingConfig is not None:
            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(Setting(
                self.name(), SETTING_NAME, "multisenge program (empty: found on PATH)", "",
                valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        if ProcessingConfig is not None:
            ProcessingConfig.removeSetting(SETTING_NAME)

    def id(self):
        return "multisenge"

    def name(self):
        return "MultiSenGE"

    def longName(self):  # noqa: N802
        return "MultiSenGE dataset validation and generalization"

    def icon(self):
        return QIcon(self.svgIconPath())

    def svgIconPath(self):  # noqa: N802
        return icon_path("multisenge")

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
            self.addAlgorithm(CheckProgram(self.problem))
            return
        for descriptor in envelope.get("algorithms", []):
            self.addAlgorithm(DescribedAlgorithm(descriptor, binary))
