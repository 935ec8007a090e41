"""MultiSenGE: a Processing provider over the multisenge program."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import MultisengePlugin

    return MultisengePlugin(iface)
