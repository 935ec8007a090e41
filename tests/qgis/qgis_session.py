"""Shared start of the PyQGIS test scripts: QGIS headless with the
Processing framework and the plugin's provider registered from the
repository folder `plugin_dir`."""
import sys

from qgis.core import QgsApplication


def start_with_provider(plugin_dir):
    """Returns (app, provider); the provider has loaded its algorithms."""
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    sys.path.insert(0, plugin_dir)
    from processing.core.Processing import Processing

    Processing.initialize()
    from multisenge.provider import MultisengeProvider

    provider = MultisengeProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider
