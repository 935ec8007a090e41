"""Descriptor parameters as Processing parameters, and back.

One table, TYPES, maps each descriptor `type` (docs/backend.md) to the
Processing parameter classes that show it and to the reader that turns the
user's value into the JSON value `multisenge run` takes.

What the descriptor states exactly is checked here, before anything runs,
with a ParameterError naming the parameter and the value: an enum's
options, a bundled profile's name, an output's extensions. A number, a
boolean or a CRS given as text (by `qgis_process` or a script; the
dialog's widgets give typed values) reaches `run` as given: the program
parses it with the command line's own parser and refuses, naming the
parameter, what is not one (`abc` is not 0, `12.7` not 12, `maybe` not
true, `NOTACRS` not EPSG:4326), before the job starts. One parser, the
program's: the plugin never coerces a value nor judges it differently.
"""

import math
import os

from qgis.core import (
    QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs, QgsProcessingParameterEnum, QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination, QgsProcessingParameterVectorLayer,
)

# The second parameter of a profile (a `file` with `options`): the bundled
# names, offered beside the file.
BUNDLED_SUFFIX = "_BUNDLED"
# Parts of a QGIS layer source that multisenge honours (OGR's own syntax).
LAYER_OPTIONS = ("layername=", "layerid=")


class ParameterError(ValueError):
    """A value the program would not take; the message names the parameter."""


def _fail(p, message):
    raise ParameterError("{}: {}".format(p["name"], message))


def _given(parameters, name):
    """The raw value, or None when left empty."""
    value = parameters.get(name)
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return value


def extensions(p):
    """The extensions an output is taken with (`extensions`); empty: any
    name (the job writes one format whatever the name)."""
    return [e.lower() for e in p.get("extensions") or [] if e]


def shown_extensions(p):
    """The extensions the file dialog offers: those taken, else the usual
    one."""
    return extensions(p) or [e for e in [p.get("extension")] if e]


def type_of(p):
    """The key of TYPES for descriptor parameter `p`: its `type`, or
    `profile` for a file that may also be one of `options` (a bundled
    profile's name)."""
    if p["type"] == "file" and p.get("options"):
        return "profile"
    return p["type"]


def help_text(p):
    """A short help text: the descriptor's `help`, else its description,
    type, unit, limits and default."""
    if p.get("help"):
        return p["help"]
    kind = type_of(p)
    parts = [p["description"]]
    if kind == "number":
        limits = []
        if p.get("min") is not None:
            limits.append("at least {:g}".format(p["min"]))
        if p.get("max") is not None:
            limits.append("at most {:g}".format(p["max"]))
        word = "A whole number" if p.get("integer") else "A number"
        parts.append(word + (" " + " and ".join(limits) if limits else "")
                     + (" ({})".format(p["unit"]) if p.get("unit") else "") + ".")
    elif kind == "vector":
        parts.append("Any OGR format; one layer of a file holding several is named "
                     "as PATH|layername=NAME or PATH|layerid=N.")
    elif kind == "profile":
        parts.append("A .{} file, or a bundled profile ({}) chosen below; the file takes "
                     "precedence.".format(p.get("extension") or "toml", ", ".join(p["options"])))
    elif kind.startswith("output_") and kind != "output_folder":
        if extensions(p):
            parts.append("Its extension chooses the format: "
                         + " or ".join("." + e for e in extensions(p)) + ".")
    if p.get("default") is not None and kind not in ("boolean",):
        parts.append("Default: {}.".format(p["default"]))
    elif p.get("optional") and not kind.startswith("output_"):
        parts.append("Optional.")
    return " ".join(parts)


# Builders: descriptor parameter -> Processing parameter definitions.

def _folder(p):
    return [QgsProcessingParameterFile(
        p["name"], p["description"], QgsProcessingParameterFile.Folder, optional=p["optional"])]


def _file(p):
    return [QgsProcessingParameterFile(
        p["name"], p["description"], QgsProcessingParameterFile.File,
        extension=p.get("extension") or "", optional=p["optional"])]


def _vector(p):
    return [QgsProcessingParameterVectorLayer(p["name"], p["description"], optional=p["optional"])]


def _raster(p):
    return [QgsProcessingParameterRasterLayer(p["name"], p["description"], optional=p["optional"])]


def _enum(p):
    # Static strings: the value is the option itself (`CONNECTIVITY=4` in
    # qgis_process means "4", not the fifth option).
    return [QgsProcessingParameterEnum(
        p["name"], p["description"], options=p["options"], defaultValue=p.get("default"),
        optional=p["optional"], usesStaticStrings=True)]


def _profile(p):
    # The parameter itself takes a file or a bundled name, as `run` does
    # (`CONFIG=paper` and `CONFIG=my.toml` alike); the dialog offers the
    # usual extension first and accepts any (QGIS 3.22 refuses a name
    # without extension for an `extension`), and the names beside it.
    ext = p.get("extension") or "toml"
    file = QgsProcessingParameterFile(
        p["name"], p["description"], QgsProcessingParameterFile.File,
        fileFilter="{0} files (*.{1});;All files (*)".format(ext.upper(), ext),
        optional=True)
    default = p.get("default") if p.get("default") in p["options"] else None
    names = QgsProcessingParameterEnum(
        p["name"] + BUNDLED_SUFFIX, "… or a bundled profile", options=p["options"],
        defaultValue=default, optional=True, usesStaticStrings=True)
    return [file, names]


def _number(p):
    number = QgsProcessingParameterNumber(
        p["name"], p["description"],
        QgsProcessingParameterNumber.Integer if p.get("integer") else QgsProcessingParameterNumber.Double,
        defaultValue=p.get("default"), optional=p["optional"])
    if p.get("min") is not None:
        number.setMinimum(p["min"])
    if p.get("max") is not None:
        number.setMaximum(p["max"])
    return [number]


def _boolean(p):
    return [QgsProcessingParameterBoolean(
        p["name"], p["description"], defaultValue=bool(p.get("default")), optional=p["optional"])]


def _string(p):
    return [QgsProcessingParameterString(
        p["name"], p["description"], defaultValue=p.get("default"), optional=p["optional"])]


def _crs(p):
    return [QgsProcessingParameterCrs(
        p["name"], p["description"], defaultValue=p.get("default"), optional=p["optional"])]


def _output_file(p):
    filters = ";;".join("{0} files (*.{1})".format(e.upper(), e) for e in shown_extensions(p))
    return [QgsProcessingParameterFileDestination(
        p["name"], p["description"], fileFilter=filters, optional=p["optional"],
        createByDefault=not p["optional"])]


def _output_folder(p):
    return [QgsProcessingParameterFolderDestination(
        p["name"], p["description"], optional=p["optional"], createByDefault=not p["optional"])]


def _output_vector(p):
    return [QgsProcessingParameterVectorDestination(
        p["name"], p["description"], QgsProcessing.TypeVectorAnyGeometry,
        optional=p["optional"], createByDefault=not p["optional"])]


def _output_raster(p):
    return [QgsProcessingParameterRasterDestination(
        p["name"], p["description"], optional=p["optional"], createByDefault=not p["optional"])]


# Readers: (algorithm, descriptor parameter, parameters, context) -> JSON
# value, or None when not given (the program then takes its default).

def _read_file(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    return alg.parameterAsFile(parameters, p["name"], context) or None


def _layer_source(p, layer):
    """The file behind a layer with its `|layername=`/`|layerid=`: what OGR
    and multisenge read. Other source options (a filter, a geometry type)
    would be dropped silently: refused."""
    if layer is None:
        return None
    parts = layer.source().split("|")
    path = parts[0]
    if layer.providerType() not in ("ogr", "gdal") or not (
            os.path.exists(path) or path.startswith("/vsi")):
        _fail(p, "{} is not a file (multisenge reads files: save the layer to one)".format(
            layer.source()))
    kept = [o for o in parts[1:] if o.startswith(LAYER_OPTIONS)]
    other = [o for o in parts[1:] if o and not o.startswith(LAYER_OPTIONS)]
    if other:
        _fail(p, "{}: `{}` would be ignored by multisenge (it reads the whole layer); "
                 "save the features you want to a file".format(layer.source(), "|".join(other)))
    return "|".join([path] + kept)


def _read_vector(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    return _layer_source(p, alg.parameterAsVectorLayer(parameters, p["name"], context))


def _read_raster(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    layer = alg.parameterAsRasterLayer(parameters, p["name"], context)
    if layer is None:
        _fail(p, "`{}` is not a raster QGIS can open".format(parameters[p["name"]]))
    return _layer_source(p, layer)


def _read_enum(alg, p, parameters, context):
    raw = _given(parameters, p["name"])
    if raw is None:
        return None
    options = p.get("options") or []
    value = str(raw)
    if value not in options:
        # A number is the option's index (the dialog's own values).
        if isinstance(raw, int) and 0 <= raw < len(options):
            return options[raw]
        _fail(p, "`{}`: expected one of {}".format(value, ", ".join(options)))
    return value


def _bundled(p):
    """The enum parameter offering the bundled names beside profile `p`."""
    return dict(p, name=p["name"] + BUNDLED_SUFFIX)


def _read_profile(alg, p, parameters, context):
    # The file (or a name typed in its place) first, as given: `run` takes
    # a bundled name or a file, and refuses anything else naming it.
    if _given(parameters, p["name"]) is not None:
        return alg.parameterAsFile(parameters, p["name"], context) or None
    return _read_enum(alg, _bundled(p), parameters, context)


def _read_number(alg, p, parameters, context):
    raw = _given(parameters, p["name"])
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # The dialog's widget: a whole number comes as 250.0.
        if p.get("integer") and math.isfinite(raw) and float(raw).is_integer():
            return int(raw)
        return raw
    # Text, as given: `run` parses it (`abc` is not 0, `12.7` not 12).
    return str(raw)


def _read_boolean(alg, p, parameters, context):
    raw = parameters.get(p["name"])
    if raw is None or raw == "":
        return bool(p.get("default"))
    if isinstance(raw, bool):
        return raw
    # Text, as given: `run` takes `true` and `false` and refuses `maybe`.
    return str(raw)


def _read_string(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    return alg.parameterAsString(parameters, p["name"], context) or None


def _read_crs(alg, p, parameters, context):
    raw = _given(parameters, p["name"])
    if raw is None:
        return None
    if isinstance(raw, str):
        # As given: `run` asks GDAL (`NOTACRS` is refused, not EPSG:4326).
        return raw
    # The dialog's widget (or a layer): its CRS as an authority code, or
    # WKT for a CRS without one.
    crs = alg.parameterAsCrs(parameters, p["name"], context)
    if not crs.isValid():
        _fail(p, "`{}` is not a CRS".format(raw))
    return crs.authid() or crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED)


def _check_extension(p, path):
    accepted = extensions(p)
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    if accepted and ext not in accepted:
        _fail(p, "`{}`: unknown output format; multisenge writes {} here".format(
            path, " or ".join("." + e for e in accepted)))
    return path


def _read_output_file(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    path = alg.parameterAsFileOutput(parameters, p["name"], context)
    return _check_extension(p, path) if path else None


def _read_output_layer(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    path = alg.parameterAsOutputLayer(parameters, p["name"], context)
    return _check_extension(p, path) if path else None


def _read_output_folder(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    return alg.parameterAsString(parameters, p["name"], context) or None


# Descriptor type -> (Processing parameter builder, value reader).
TYPES = {
    "folder": (_folder, _read_file),
    "file": (_file, _read_file),
    "vector": (_vector, _read_vector),
    "raster": (_raster, _read_raster),
    "enum": (_enum, _read_enum),
    "profile": (_profile, _read_profile),
    "number": (_number, _read_number),
    "boolean": (_boolean, _read_boolean),
    "string": (_string, _read_string),
    "crs": (_crs, _read_crs),
    "output_file": (_output_file, _read_output_file),
    "output_vector": (_output_vector, _read_output_layer),
    "output_raster": (_output_raster, _read_output_layer),
    "output_folder": (_output_folder, _read_output_folder),
}


def definitions(p):
    """The Processing parameters showing descriptor parameter `p`, each with
    its help text; an unknown type shows as text (a newer program)."""
    build, _ = TYPES.get(type_of(p), TYPES["string"])
    defs = build(p)
    for d in defs:
        d.setHelp(help_text(p))
    return defs


def check_without_running(descriptor, parameters):
    """The checks of what the descriptor states exactly, which need no layer
    and no output path resolution (which would register layers to load):
    enums, the bundled profiles' names, and the extension of outputs given
    as file names. Raises ParameterError."""
    for p in descriptor["parameters"]:
        kind = type_of(p)
        if kind == "enum":
            _read_enum(None, p, parameters, None)
        elif kind == "profile" and _given(parameters, p["name"]) is None:
            _read_enum(None, _bundled(p), parameters, None)
        elif kind in ("output_file", "output_vector", "output_raster"):
            raw = _given(parameters, p["name"])
            sink = getattr(raw, "sink", None)
            if sink is not None:
                raw = sink.staticValue()
            if isinstance(raw, str) and raw and raw != "TEMPORARY_OUTPUT" \
                    and not raw.startswith(("memory:", "ogr:", "postgres")):
                _check_extension(p, raw)


def read_all(alg, descriptor, parameters, context):
    """The `--params` object: every given parameter, checked. Raises
    ParameterError on the first value the program would not take."""
    params = {}
    for p in descriptor["parameters"]:
        _, read = TYPES.get(type_of(p), TYPES["string"])
        value = read(alg, p, parameters, context)
        if value is not None:
            params[p["name"]] = value
    return params
