#!/bin/sh
# Merge benchmark (issue 13): `multisenge merge` of SHARDS partial reports
# holding FOOTPRINTS patch footprints in all, written by
# `multisenge-testdata partials` through the partial-report serializer of
# `validate --shard` (testdata/generator/partials.rs): first a sound
# dataset (no two patches overlap: the merge's overlap pass finds nothing),
# then whole tiles whose shared strips overlap (the merge reports every
# pair). /usr/bin/time gives CPU time and peak memory; uptime the load.
#
#   bench/merge.sh [WORKDIR] [SHARDS] [FOOTPRINTS]
#   (defaults: /tmp/multisenge-merge 100 1000000; about 140 MB of partials
#   each, and 1.1 GB for the JSON report of the overlapping case)
#
# Results go to standard output; docs/performance.md records them.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-merge}
SHARDS=${2:-100}
N=${3:-1000000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
BIN=$CARGO_TARGET_DIR/release
TIME="%e s wall, %U s user, %S s sys, %M kB peak"
mkdir -p "$WORK"

. bench/machine.sh

for case in sound overlapping; do
  dir="$WORK/partials-$case"
  flag=""
  [ "$case" = overlapping ] && flag="--overlapping"
  [ -d "$dir" ] || "$BIN/multisenge-testdata" partials "$dir" --shards "$SHARDS" --footprints "$N" $flag
  du -sh "$dir"
  echo "== merge of $SHARDS partials, $N footprints, $case (3 warm runs)"
  for i in 1 2 3; do
    uptime
    /usr/bin/time -f "$TIME" "$BIN/multisenge" merge "$dir"/partial-*.json --format json -o "$WORK/merged-$case.json" || true
  done
  ls -l "$WORK/merged-$case.json"
done
uptime
