"""Registers the Processing provider (also when QGIS runs headless, e.g.
`qgis_process`, which calls initProcessing only); in the desktop, also
styles class rasters as they are opened (styling.Watch) and shows a
missing or too old program in the message bar."""

from qgis.core import QgsApplication, QgsProject

from .provider import MultisengeProvider
from .styling import Watch


class MultisengePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.watch = None

    def initProcessing(self):  # noqa: N802
        if self.provider is None:
            self.provider = MultisengeProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()
        self.watch = Watch(QgsProject.instance())
        if self.provider.problem and self.iface is not None:
            self.iface.messageBar().pushWarning("MultiSenGE", self.provider.problem)

    def unload(self):
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
