#!/bin/sh
# `report` and `stac` of 8 157 label files (issue 21), side by side with
# what a user would otherwise run: for the report, the three commands whose
# outputs were assembled by hand (validate --format json, stats --format
# json, footprints -o .gpkg); for the catalog, pystac building and saving
# the same catalog (bench/stac_reference.py, footprints given). Then the
# report opened in headless Chromium (bench/report_open.js), and the same
# at 100 000 label files. Then the catalog checked as tests/publish_stac.rs
# checks it (tests/stac/check_catalog.py: every item through stac-validator).
#
#   bench/publish.sh [WORKDIR]      (default /tmp/multisenge-publish)
#   BEFORE=/path/to/an/older/multisenge bench/publish.sh [WORKDIR]
#
# With BEFORE, `stac` of the 8 157 label files is also timed with that
# binary in turn with this checkout's (before, after, before, ...: the
# machine's load drifts alike for both), the catalog written on the disk
# (WORKDIR) and in memory (/dev/shm), each run replacing the previous
# catalog (--force); the catalogs of both must be the same bytes.
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

if [ -n "${BEFORE:-}" ]; then
  echo "== stac of 8 157 label files, before ($BEFORE) and after (this checkout), in turn"
  SHM=/dev/shm/multisenge-publish-$$
  mkdir -p "$SHM"
  for where in "$WORK" "$SHM"; do
    for i in 1 2 3 4 5; do
      for which in before after; do
        if [ $which = before ]; then bin="$BEFORE"; else bin="$BIN/multisenge"; fi
        /usr/bin/time -o "$WORK/$which.time" -f "%e %U %S %M" \
          "$bin" stac "$D" -o "$where/catalog-$which" --force -q
        read -r W U S M < "$WORK/$which.time"
        echo "$where $which $i: $W s wall, $U s user, $S s sys, $(awk -v u="$U" -v s="$S" 'BEGIN { print u + s }') s CPU, $M KiB peak, load $(cut -d' ' -f1 /proc/loadavg)"
      done
    done
    if diff -r "$where/catalog-before" "$where/catalog-after" >/dev/null; then
      echo "$where: the two catalogs are the same bytes"
    else
      echo "$where: THE CATALOGS DIFFER"
    fi
  done
  rm -rf "$SHM"
fi

echo "== the catalog of 8 157 label files checked: every item through stac-validator, pystac reads it"
/usr/bin/time -f "check_catalog.py: %e s wall, %U s user, %S s sys, %M kB peak" \
  "$PY" tests/stac/check_catalog.py "$WORK/catalog/collection.json" ../shared/stac-schemas \
  --sample 1000 > "$WORK/check.json" 2> "$WORK/check.err" || true
tail -1 "$WORK/check.err"
"$PY" -c "import json, sys; r = json.load(open(sys.argv[1])); print({k: r.get(k) for k in ('item_links', 'fast_validated', 'default_validated', 'pystac_items')}, 'invalid:', len(r['invalid']))" "$WORK/check.json"

echo "== the report of 8 157 label files opened in headless Chromium"
node bench/report_open.js "$WORK/report.html" 5

D100=$WORK/labels100000
[ -d "$D100" ] || "$BIN/multisenge-testdata" labels "$D100" --patches 100000
echo "== report of 100 000 label files"
/usr/bin/time -f "%e s wall, %U s user, %S s sys, %M kB peak" "$BIN/multisenge" report "$D100" -o "$WORK/report100k.html" --force -q
ls -l "$WORK/report100k.html"
node bench/report_open.js "$WORK/report100k.html" 3
uptime
