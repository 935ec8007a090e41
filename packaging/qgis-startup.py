"""Installed by the multisenge Debian package as
/usr/share/QGIS/QGIS3/startup.py, one of the files QGIS runs at every start
(the desktop and qgis_process; QGIS runs every startup.py it finds in its
data folders, a user's own too).

The package puts the MultiSenGE plugin where Debian's QGIS finds system
plugins (/usr/share/qgis/python/plugins), where QGIS lists it but enables
only its own core plugins. This enables it for a user whose QGIS profile
records no choice for it, as QGIS does for its core plugins: a user who
disables it in the plugin manager keeps it disabled.
"""
from qgis.core import QgsSettings

_settings = QgsSettings()
if not _settings.contains("PythonPlugins/multisenge"):
    _settings.setValue("PythonPlugins/multisenge", True)
del _settings
