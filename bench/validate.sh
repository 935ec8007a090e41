#!/bin/sh
# Raster benchmark (issue 4): header rules on 100 500 rasters, pixel rules
# on 10 000 ground references, each run twice (the second, warm-cache run
# is the one reported; the minutes-long Sentinel content runs once), with
# /usr/bin/time for elapsed time and peak memory,
# then the same checks as a plain Python + GDAL + scipy loop.
#
#   bench/validate.sh [WORKDIR]      (default WORKDIR: /tmp/multisenge-bench)
#
# Results go to standard output; docs/performance.md records them.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
BIN=$CARGO_TARGET_DIR/release
mkdir -p "$WORK"

. bench/machine.sh

echo "== datasets"
[ -d "$WORK/full" ] || "$BIN/multisenge-testdata" scale "$WORK/full" --patches 750
[ -d "$WORK/gr" ] || "$BIN/multisenge-testdata" scale "$WORK/gr" --patches 10000 --s2 0 --s1 0

# run LABEL PASSES ARGS...: the last pass is the warm-cache figure.
run() {
    label=$1; passes=$2; shift 2
    for pass in $(seq "$passes"); do
        /usr/bin/time -f "$label (pass $pass): %e s elapsed, %U s user, %S s system, %M KB peak RSS" \
            "$BIN/multisenge" validate "$@" --no-progress --format json > /dev/null || true
    done
}

echo "== multisenge"
# Listing, naming and label files only: the fixed cost under the raster pass.
run "structure only, 100 500 rasters" 2 "$WORK/full" --select L,N,J,T
run "header rules, 100 500 rasters" 2 "$WORK/full" --select R001,R002,R003,R004,R005,G
run "structure only, 10 000 ground references" 2 "$WORK/gr" --select L001
run "pixel rules, 10 000 ground references" 2 "$WORK/gr" --select C,M,R006,R007
# Minutes each: one pass (the cache is warm from the runs above).
run "Sentinel content rules, 100 500 rasters" 1 "$WORK/full" --select R006,R007,R008,R009
run "every rule, 100 500 rasters" 1 "$WORK/full"

echo "== Python + GDAL + scipy reference"
/usr/bin/python3 bench/validate_reference.py header "$WORK/full" --limit 20000
/usr/bin/python3 bench/validate_reference.py pixel "$WORK/gr" --limit 2000
