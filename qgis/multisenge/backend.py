"""Finding the multisenge program and reading its job descriptors."""

import json
import os
import shutil
import subprocess

from qgis.core import QgsSettings

# The descriptor format this plugin reads, and the oldest program it accepts.
SCHEMA_VERSION = 1
MIN_VERSION = (0, 1, 0)
# The program's path: a Processing setting (Settings > Options > Processing >
# Providers > MultiSenGE), stored by QGIS under this key.
SETTING_NAME = "MULTISENGE_BINARY"
SETTING = "Processing/Configuration/" + SETTING_NAME


class BackendError(Exception):
    """The program is missing, too old or answered something unreadable."""


def binary_path():
    """The program: the MULTISENGE_BIN environment variable, the Processing
    setting (key Processing/Configuration/MULTISENGE_BINARY), or
    `multisenge` on PATH."""
    configured = os.environ.get("MULTISENGE_BIN") or QgsSettings().value(SETTING, "")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise BackendError(
            "The multisenge program set in {} ({}) is not an executable file.".format(
                "MULTISENGE_BIN" if os.environ.get("MULTISENGE_BIN")
                else "the Processing setting of MultiSenGE",
                configured,
            )
        )
    found = shutil.which("multisenge")
    if not found:
        raise BackendError(
            "The multisenge program was not found on PATH. Install the multisenge package "
            "(apt install ./multisenge_VERSION_amd64.deb, built by `make deb`) or set the "
            "program's path in Settings > Options > Processing > Providers > MultiSenGE."
        )
    return found


def _version_tuple(text):
    try:
        return tuple(int(p) for p in text.split("-")[0].split(".")[:3])
    except ValueError:
        return (0, 0, 0)


def load_descriptors(binary):
    """The `algorithms --json` envelope, checked for schema and version."""
    try:
        done = subprocess.run(
            [binary, "algorithms", "--json"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BackendError("Cannot run {}: {}".format(binary, e))
    if done.returncode != 0:
        raise BackendError(
            "{} is too old or not the multisenge program: `algorithms --json` failed "
            "(exit code {}): {}. This plugin needs multisenge {} or newer.".format(
                binary, done.returncode, done.stderr.strip()[:300], ".".join(map(str, MIN_VERSION))
            )
        )
    try:
        envelope = json.loads(done.stdout)
    except ValueError as e:
        raise BackendError("{} printed unreadable descriptors: {}".format(binary, e))
    version = str(envelope.get("version", "0"))
    if envelope.get("schema") != SCHEMA_VERSION or _version_tuple(version) < MIN_VERSION:
        raise BackendError(
            "{} is version {} with descriptor schema {}; this plugin needs multisenge {} or "
            "newer with schema {}.".format(
                binary, version, envelope.get("schema"), ".".join(map(str, MIN_VERSION)),
                SCHEMA_VERSION,
            )
        )
    return envelope
