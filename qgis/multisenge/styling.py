"""How the program's outputs look in QGIS: the styles shipped in styles/
(the same the program stores in its GeoPackages' layer_styles), short
layer names for outputs loaded by Processing, and the class style applied
to class rasters and ground-reference patches as they are opened;
Sentinel-2 patches open in natural colours (bands B4, B3, B2, found by
their descriptions) and Sentinel-1 patches as VV in grey, where QGIS would
show their first three (or two) bands as red, green and blue.

A GeoTIFF class raster carries a colour table of 256 entries (TIFF's rule
for 8-bit palettes), which QGIS 3.22 lists in full in the legend; QGIS has
no other place in a GeoTIFF for a style. So the plugin applies the class
style (the 14 classes, nothing for other values) to a raster it recognises
when the raster is added to the project with QGIS's default renderer.
"""

import os
import re
import xml.etree.ElementTree as ElementTree

from qgis.core import (
    QgsMapLayerType, QgsMultiBandColorRenderer, QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface, QgsProcessingUtils, QgsSingleBandGrayRenderer,
)

STYLES_DIR = os.path.join(os.path.dirname(__file__), "styles")

# Style name (descriptor `styles`) -> short layer name.
LAYER_NAMES = {
    "findings": "findings",
    "findings_by_patch": "findings by patch",
    "footprints": "footprints",
    "lost_polygons": "lost polygons",
    "classes": "ground reference",
    "disagreement": "disagreement",
}

# A ground-reference patch of the dataset's nomenclature.
PATCH_NAME = re.compile(r"^\d{2}[C-X][A-Z]{2}_GR_\d+_\d+\.tif$")
# A Sentinel-2 or Sentinel-1 patch of the dataset's nomenclature.
SENTINEL_PATCH_NAME = re.compile(r"^\d{2}[C-X][A-Z]{2}_\d{8}_(S2|S1)_\d+_\d+\.tif$")
# The bands of a natural-colour composite: red, green, blue.
NATURAL_COLOURS = ("B4", "B3", "B2")

# Post-processors must outlive processAlgorithm (QGIS keeps a raw pointer).
_KEEP_ALIVE = []


def qml(style):
    return os.path.join(STYLES_DIR, style + ".qml")


def class_colours():
    """{value: (r, g, b)} of the class style (classes.qml)."""
    root = ElementTree.parse(qml("classes")).getroot()
    colours = {}
    for entry in root.iter("paletteEntry"):
        rgb = entry.get("color").lstrip("#")
        colours[int(entry.get("value"))] = tuple(int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return colours


class ApplyStyle(QgsProcessingLayerPostProcessorInterface):
    """Styles and names a layer Processing loads."""

    def __init__(self, style, name):
        super().__init__()
        self.style = style
        self.name = name

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is None:
            return
        if os.path.isfile(qml(self.style)):
            layer.loadNamedStyle(qml(self.style))
            layer.triggerRepaint()
        layer.setName(self.name)


def style_outputs(descriptor, result, context):
    """Styles and names the outputs Processing will load; a key
    `NAME|layername=LAYER` of the descriptor's `styles` loads that layer of
    output NAME too."""
    for key, style in descriptor.get("styles", {}).items():
        name, _, layer = key.partition("|")
        path = result.get(name)
        if not path or not context.willLoadLayerOnCompletion(path):
            continue
        uri = path + "|" + layer if layer else path
        if layer:
            main = context.layerToLoadOnCompletionDetails(path)
            details = QgsProcessingContext.LayerDetails(
                LAYER_NAMES.get(style, style), main.project, name)
            details.layerTypeHint = QgsProcessingUtils.LayerHint.Vector
            context.addLayerToLoadOnCompletion(uri, details)
        post = ApplyStyle(style, LAYER_NAMES.get(style, style))
        _KEEP_ALIVE.append(post)
        context.layerToLoadOnCompletionDetails(uri).setPostProcessor(post)


def _palette(renderer):
    """{value: QColor} of a paletted renderer."""
    return {int(c.value): c.color for c in renderer.classes()}


def recognised_style(layer):
    """The style a raster opened alone needs: `classes` for a class raster
    multisenge wrote (its colour table holds the class colours) or a
    ground-reference patch (its name), `disagreement` for compare's
    disagreement raster (its colour table is the white-to-red ramp with a
    transparent 255); None for any other layer, and for a layer whose
    renderer is not QGIS's default for the file (a style of its own)."""
    if layer.type() != QgsMapLayerType.RasterLayer or layer.bandCount() != 1:
        return None
    renderer = layer.renderer()
    if renderer is None:
        return None
    name = os.path.basename(layer.source().split("|")[0])
    if renderer.type() == "paletted" and len(renderer.classes()) == 256:
        palette = _palette(renderer)
        rgb = {v: (c.red(), c.green(), c.blue()) for v, c in palette.items()}
        if all(rgb.get(v) == colour for v, colour in class_colours().items()):
            return "classes"
        if (rgb.get(0) == (255, 255, 255) and rgb.get(100) == (255, 0, 0)
                and palette[255].alpha() == 0):
            return "disagreement"
        return None
    if renderer.type() == "singlebandgray" and PATCH_NAME.match(name):
        return "classes"
    return None


def band_descriptions(layer):
    """{description: band number} of a raster's described bands. QGIS's
    GDAL provider names a described band `Band 01: B2`; an undescribed one
    has no `: `."""
    provider = layer.dataProvider()
    described = {}
    for band in range(1, layer.bandCount() + 1):
        _, sep, description = provider.generateBandName(band).partition(": ")
        if sep and description:
            described[description] = band
    return described


def sentinel_style(layer):
    """`natural_colours` for a Sentinel-2 patch whose bands B4, B3 and B2
    are described (in whatever order the dataset profile stacks them),
    `vv_grey` for a Sentinel-1 patch with a band described VV; None
    otherwise, and for a layer whose renderer is not QGIS's default for a
    multi-band raster (a style of its own)."""
    if layer.type() != QgsMapLayerType.RasterLayer or layer.bandCount() < 2:
        return None
    renderer = layer.renderer()
    name = os.path.basename(layer.source().split("|")[0])
    match = SENTINEL_PATCH_NAME.match(name)
    if renderer is None or renderer.type() != "multibandcolor" or not match:
        return None
    described = band_descriptions(layer)
    if match.group(1) == "S2" and all(b in described for b in NATURAL_COLOURS):
        return "natural_colours"
    if match.group(1) == "S1" and "VV" in described:
        return "vv_grey"
    return None


def style_sentinel(layer, style):
    """Sets the renderer of `sentinel_style`, with QGIS's default contrast
    enhancement for it (a cumulative cut of each band's histogram)."""
    described = band_descriptions(layer)
    provider = layer.dataProvider()
    if style == "natural_colours":
        red, green, blue = (described[b] for b in NATURAL_COLOURS)
        layer.setRenderer(QgsMultiBandColorRenderer(provider, red, green, blue))
    else:
        layer.setRenderer(QgsSingleBandGrayRenderer(provider, described["VV"]))
    layer.setDefaultContrastEnhancement()
    layer.triggerRepaint()


def style_if_recognised(layer):
    """Applies the recognised style to `layer`; returns its name or None."""
    style = sentinel_style(layer)
    if style is not None:
        style_sentinel(layer, style)
        return style
    style = recognised_style(layer)
    if style is not None:
        layer.loadNamedStyle(qml(style))
        layer.triggerRepaint()
    return style


class Watch:
    """Styles the rasters added to a project as they come (see the module's
    documentation)."""

    def __init__(self, project):
        self.project = project
        project.layersAdded.connect(self._added)

    def _added(self, layers):
        for layer in layers:
            style_if_recognised(layer)

    def stop(self):
        try:
            self.project.layersAdded.disconnect(self._added)
        except TypeError:
            pass
