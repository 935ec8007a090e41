#!/bin/sh
# `report` and `stac` of 8 157 label files (issue 21), side by side with
# what a user would otherwise run: for the report, the three commands whose
# outputs were assembled by hand (validate --format json, stats --format
# json, footprints -o .gpkg); for the catalog, pystac building and saving
# the same catalog (bench/stac_reference.py, footprints given). Then the
# report opened in headless Chromium (bench/report_open.js), and the same
# at 100 000 label files.
#
#   bench/publish.sh [WORKDIR]      (default /tmp/multisenge-publish)
#
# Results go to standard output; docs/performance.md records them.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-publish}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
BIN=$CARGO_TARGET_DIR/release
PY=$PWD/target/venv/bin/python
mkdir -p "$WORK"
. bench/machine.sh

D=$WORK/labels8157
[ -d "$D" ] || "$BIN/multisenge-testdata" labels "$D" --patches 8157
"$BIN/multisenge" footprints "$D" -o "$WORK/footprints.geojson" --force -q

echo "== report of 8 157 label files vs validate + stats + footprints"
farm-bench -n 5 --timeout 600 -- "$BIN/multisenge" report "$D" -o "$WORK/report.html" --force -q \
  --vs "sh -c '$BIN/multisenge validate $D --format json -o $WORK/r.json --fail-on never; $BIN/multisenge stats $D --format json -o $WORK/s.json; $BIN/multisenge footprints $D -o $WORK/f.gpkg --force -q'"
ls -l "$WORK/report.html"

echo "== stac of 8 157 label files vs pystac (bench/stac_reference.py)"
farm-bench -n 5 --timeout 1800 -- "$BIN/multisenge" stac "$D" -o "$WORK/catalog" --force -q \
  --vs "sh -c 'rm -rf $WORK/pystac; exec $PY bench/stac_reference.py $D/labels $WORK/footprints.geojson $WORK/pystac'"
du -sh "$WORK/catalog" "$WORK/pystac"

echo "== the report of 8 157 label files opened in headless Chromium"
node bench/report_open.js "$WORK/report.html" 5

D100=$WORK/labels100000
[ -d "$D100" ] || "$BIN/multisenge-testdata" labels "$D100" --patches 100000
echo "== report of 100 000 label files"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M kB peak" "$BIN/multisenge" report "$D100" -o "$WORK/report100k.html" --force -q
ls -l "$WORK/report100k.html"
node bench/report_open.js "$WORK/report100k.html" 3
uptime
