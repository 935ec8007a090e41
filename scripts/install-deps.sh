#!/usr/bin/env bash
# Installs the Debian 12 packages multisenge needs, only those missing.
# Used by `make demo`, `make test` and CI; safe to run again.
set -euo pipefail

packages=(
  pkg-config      # locates GDAL for the gdal-sys crate
  libgdal-dev     # GDAL 3.6: raster and vector I/O
  gdal-bin        # gdal_rasterize & co., oracles of the generalization tests
  python3-gdal    # gdal_sieve.py, gdal_fillnodata.py, the Python reference benchmarks
  python3-scipy   # scipy.ndimage, oracle of the morphology and labelling tests
  python3-shapely # GEOS through shapely: oracle of the overlap areas (tests/oracle), bench/overlap_reference.py
  qgis            # qgis_process.bin: the QGIS plugin's tests (tests/qgis_plugin.rs)
  python3-qgis    # PyQGIS: the plugin itself and its tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not on PATH: install a Rust toolchain (rustup, Rust 1.80 or newer) first." >&2
  exit 1
fi
