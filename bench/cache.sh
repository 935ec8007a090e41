#!/bin/sh
# Validation cache benchmark (issue 22): on a generated dataset, a run
# without cache, the run that fills the cache, a run with nothing changed,
# and a run after one region's patches (over 10 % of the files) are added;
# each with /usr/bin/time (elapsed, peak RSS), the cache's size, and the
# reports compared byte for byte with a run without cache.
#
#   bench/cache.sh full [WORKDIR]     1 650 patches, 221 100 rasters, every rule
#   bench/cache.sh labels [WORKDIR]   LABELS label files (default 100 000), labels-only,
#                                     placed without overlaps as a release's are
#                                     (LABELS=1000000 for the issue's million: about
#                                     8 GB, written in 4.5 minutes here)
#
# Extra validate arguments in ARGS (e.g. ARGS="--ignore R006,R007,R008,R009,R012"
# for the header pass). DROP=1 empties the OS's page, inode and name caches
# before each run (as root), as on a machine that did not just write or read
# the files; without it every run finds the files in memory. Disk: about 3.9 GB (full) or 8 KB a label file;
# WORKDIR is removed at the end. Each run also prints its CPU time (user,
# system): on a loaded machine that is the figure to compare.
set -eu
cd "$(dirname "$0")/.."
WHAT=$1
WORK=${2:-/tmp/multisenge-cache-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
BIN=$CARGO_TARGET_DIR/release
rm -rf "$WORK"
df -h "$(dirname "$WORK")" | tail -1
mkdir -p "$WORK"
. bench/machine.sh

case $WHAT in
full)
    "$BIN/multisenge-testdata" scale "$WORK/ds" --patches 1650 > /dev/null
    REGION=165 ;;
labels)
    LABELS=${LABELS:-100000}
    "$BIN/multisenge-testdata" labels "$WORK/ds" --patches "$LABELS" --no-overlap > /dev/null
    REGION=$((LABELS / 10)) ;;
*) echo "usage: bench/cache.sh full|labels [WORKDIR]"; exit 2 ;;
esac
python3 bench/cache_region.py out "$WORK/ds" "$WORK/held" "$REGION"
echo "files: $(find "$WORK/ds" -type f | wc -l) in the dataset, $(find "$WORK/held" -type f | wc -l) held back"
df -h "$WORK" | tail -1

# run LABEL ARGS...: one validation, its time and peak memory; the JSON
# report in $WORK/LABEL.json.
run() {
    label=$1; shift
    if [ "${DROP:-0}" = 1 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
    /usr/bin/time -f "$label: %e s elapsed, %U s user, %S s system, %M KB peak RSS" \
        "$BIN/multisenge" validate "$WORK/ds" --no-progress --format json \
        -o "$WORK/$label.json" ${ARGS:-} "$@" || true
}
CACHE="--cache-dir $WORK/cache"

# The generator has just written the files: the OS holds them.
run cold --no-cache
run fill $CACHE -v
ls -l "$WORK"/cache
run unchanged $CACHE -v
cmp "$WORK/cold.json" "$WORK/unchanged.json" && echo "unchanged: report identical to the run without cache"
python3 bench/cache_region.py in "$WORK/ds" "$WORK/held"
echo "files: $(find "$WORK/ds" -type f | wc -l) in the dataset"
run added $CACHE -v
ls -l "$WORK"/cache
run added-cold --no-cache
cmp "$WORK/added-cold.json" "$WORK/added.json" && echo "added: report identical to the run without cache"
rm -rf "$WORK"
df -h "$(dirname "$WORK")" | tail -1
