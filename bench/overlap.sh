#!/bin/sh
# Overlap benchmark (issue 8): the overlap pass over synthetic footprints
# (the 257-pixel grid of whole tiles of UTM zones 31 and 32, nearest the
# zones' edge first), then shapely's STRtree doing the same work
# (bench/overlap_reference.py), then `validate` in labels-only mode on
# 8 157 label files in the published format with and without the overlap
# pass. /usr/bin/time gives CPU time and peak memory; uptime the load.
#
#   bench/overlap.sh [WORKDIR] [PATCHES] [REFERENCE_PATCHES]
#   (defaults: /tmp/multisenge-overlap 1000000 100000)
#
# Results go to standard output; docs/performance.md records them.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-overlap}
N=${2:-1000000}
NREF=${3:-100000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
BIN=$CARGO_TARGET_DIR/release
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
TIME="%e s wall, %U s user, %S s sys, %M kB peak"
mkdir -p "$WORK"

. bench/machine.sh

echo "== overlap pass, $N footprints (run twice; 1 thread, then all)"
RAYON_NUM_THREADS=1 /usr/bin/time -f "$TIME" "$BIN/multisenge-testdata" overlaps --patches "$N"
/usr/bin/time -f "$TIME" "$BIN/multisenge-testdata" overlaps --patches "$N"
uptime

echo "== the same work with shapely's STRtree, $NREF footprints"
"$BIN/multisenge-testdata" overlaps --patches "$NREF" --csv "$WORK/footprints-$NREF.csv"
/usr/bin/time -f "$TIME" "$PY" bench/overlap_reference.py "$WORK/footprints-$NREF.csv"
uptime

echo "== validate --labels-only, 8 157 label files (3 warm runs each)"
# As published: no two patches overlap (--no-overlap drops the patches
# that overlap tiles written before, like generalize --avoid); and as
# generalize wrote whole tiles before --avoid (1 169 overlapping pairs).
[ -d "$WORK/labels8157" ] || "$BIN/multisenge-testdata" labels "$WORK/labels8157" --patches 8157 --no-overlap
[ -d "$WORK/labels8157-overlapping" ] || "$BIN/multisenge-testdata" labels "$WORK/labels8157-overlapping" --patches 8157
for data in labels8157 labels8157-overlapping; do
  for args in "" "--ignore S"; do
    echo "-- validate $data $args"
    for i in 1 2 3 4; do
      /usr/bin/time -f "$TIME" "$BIN/multisenge" validate "$WORK/$data" --no-progress $args >/dev/null || true
    done
  done
done
uptime
