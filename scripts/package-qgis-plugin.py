#!/usr/bin/env python3
"""Zips qgis/multisenge/ the way QGIS's plugin manager installs it
("Install from ZIP"): one top-level folder `multisenge/` holding
metadata.txt, without Python caches. Deterministic (sorted, fixed dates).

usage: package-qgis-plugin.py OUTPUT.zip
"""
import os
import sys
import zipfile

root = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "qgis")
out = sys.argv[1] if len(sys.argv) > 1 else "target/multisenge-qgis-plugin.zip"
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
tmp = out + ".part"
with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(os.path.join(root, "multisenge")):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, root), date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
os.replace(tmp, out)
print(out)
