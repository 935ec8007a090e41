"""Registers the Processing provider (also when QGIS runs headless, e.g.
`qgis_process`, which calls initProcessing only)."""

from qgis.core import QgsApplication

from .provider import MultisengeProvider


class MultisengePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802
        self.provider = MultisengeProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
