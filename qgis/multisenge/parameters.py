"""Descriptor parameters as Processing parameters, and back.

One table, TYPES, maps each descriptor `type` (docs/backend.md) to the
Processing parameter classes that show it and to the reader that turns the
user's value into the JSON value `multisenge run` takes. Readers check
strictly and raise ParameterError naming the parameter and the value:
Processing itself lets an optional number be `abc`, a boolean be `maybe`,
a CRS be unknown or an output have any extension.
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

# The second parameter of a `profile`: a file instead of a bundled name.
FILE_SUFFIX = "_FILE"
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
    """The output's accepted extensions (`extensions`, else `extension`)."""
    listed = p.get("extensions") or [p.get("extension")]
    return [e.lower() for e in listed if e]


def help_text(p):
    """A short help text: the descriptor's `help`, else its description,
    type, unit, limits and default."""
    if p.get("help"):
        return p["help"]
    kind = p["type"]
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
        parts.append("A bundled profile ({}), or a .{} file given below, which takes "
                     "precedence.".format(", ".join(p.get("bundled", [])), p.get("extension", "toml")))
    elif kind.startswith("output_") and kind != "output_folder":
        parts.append("Written as " + " or ".join("." + e for e in extensions(p)) + ".")
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
    bundled = p.get("bundled") or p.get("options") or []
    default = p.get("default") if p.get("default") in bundled else None
    name = QgsProcessingParameterEnum(
        p["name"], p["description"], options=bundled, defaultValue=default,
        optional=True, usesStaticStrings=True)
    ext = p.get("extension") or "toml"
    file = QgsProcessingParameterFile(
        p["name"] + FILE_SUFFIX, "… or a profile file (.{})".format(ext),
        QgsProcessingParameterFile.File, extension=ext, optional=True)
    return [name, file]


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
    filters = ";;".join("{0} files (*.{1})".format(e.upper(), e) for e in extensions(p))
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
    options = p.get("options") or p.get("bundled") or []
    value = str(raw)
    if value not in options:
        # A number is the option's index (the dialog's own values).
        if isinstance(raw, int) and 0 <= raw < len(options):
            return options[raw]
        _fail(p, "`{}`: expected one of {}".format(value, ", ".join(options)))
    return value


def _read_profile(alg, p, parameters, context):
    file = _given(parameters, p["name"] + FILE_SUFFIX)
    if file is not None:
        path = alg.parameterAsFile(parameters, p["name"] + FILE_SUFFIX, context)
        if not os.path.isfile(path):
            _fail(p, "{}: no such file".format(path))
        return path
    return _read_enum(alg, dict(p, options=p.get("bundled") or p.get("options") or []),
                      parameters, context)


def _read_number(alg, p, parameters, context):
    raw = _given(parameters, p["name"])
    if raw is None:
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError):
        _fail(p, "`{}` is not a number".format(raw))
    if not math.isfinite(value):
        _fail(p, "`{}` is not a finite number".format(raw))
    if p.get("integer"):
        if value != int(value):
            _fail(p, "{} is not a whole number".format(raw))
        value = int(value)
    if p.get("min") is not None and value < p["min"] or p.get("max") is not None and value > p["max"]:
        _fail(p, "{} is outside [{}, {}]".format(
            raw, p.get("min") if p.get("min") is not None else "-inf",
            p.get("max") if p.get("max") is not None else "inf"))
    return value


TRUE, FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _read_boolean(alg, p, parameters, context):
    raw = parameters.get(p["name"])
    if raw is None or raw == "":
        return bool(p.get("default"))
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    _fail(p, "`{}`: expected true or false".format(raw))


def _read_string(alg, p, parameters, context):
    if _given(parameters, p["name"]) is None:
        return None
    return alg.parameterAsString(parameters, p["name"], context) or None


def _read_crs(alg, p, parameters, context):
    raw = _given(parameters, p["name"])
    if raw is None:
        return None
    crs = alg.parameterAsCrs(parameters, p["name"], context)
    if not crs.isValid():
        crs = QgsCoordinateReferenceSystem(str(raw))
    if not crs.isValid():
        _fail(p, "`{}` is not a CRS QGIS knows".format(raw))
    return crs.authid() or crs.toWkt()


def _check_extension(p, path):
    accepted = extensions(p)
    ext = os.path.splitext(path)[1].lstrip(".").lower()
    if accepted and ext not in accepted:
        _fail(p, "{}: multisenge writes {} here, not .{}".format(
            path, " or ".join("." + e for e in accepted), ext or "(no extension)"))
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
    build, _ = TYPES.get(p["type"], TYPES["string"])
    defs = build(p)
    for d in defs:
        d.setHelp(help_text(p))
    return defs


def check_without_running(descriptor, parameters):
    """The checks that need no layer and no output path resolution (which
    would register layers to load): numbers, booleans, enums, profiles,
    and the extension of outputs given as file names. Raises
    ParameterError."""
    for p in descriptor["parameters"]:
        kind = p["type"]
        if kind in ("number", "boolean", "enum"):
            TYPES[kind][1](None, p, parameters, None)
        elif kind == "profile" and _given(parameters, p["name"] + FILE_SUFFIX) is None:
            _read_enum(None, dict(p, options=p.get("bundled") or p.get("options") or []),
                       parameters, None)
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
        _, read = TYPES.get(p["type"], TYPES["string"])
        value = read(alg, p, parameters, context)
        if value is not None:
            params[p["name"]] = value
    return params
