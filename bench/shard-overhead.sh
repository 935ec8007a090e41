#!/bin/sh
# Per-shard overhead (issue 13): the same dataset validated by one process
# and by SHARDS shards (`validate --shard K/N`, one after the other), then
# merged; the shards' summed user CPU time against the single run's, and
# the merged report compared byte for byte with the single one.
#
#   bench/shard-overhead.sh [WORKDIR] [PATCHES] [SHARDS]
#   (defaults: /tmp/multisenge-shards 750 4; 750 patches are 100 500
#   rasters, 1.8 GB)
#
# Results go to standard output; docs/performance.md records them.
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-shards}
PATCHES=${2:-750}
SHARDS=${3:-4}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
B=$CARGO_TARGET_DIR/release/multisenge
TIME="%e s wall, %U s user, %S s sys, %M kB peak"
D=$WORK/scale$PATCHES
mkdir -p "$WORK"

. bench/machine.sh

[ -d "$D" ] || "$CARGO_TARGET_DIR/release/multisenge-testdata" scale "$D" --patches "$PATCHES"
echo "== warm-up (reads every file once)"
"$B" validate "$D" --no-progress --format json -o "$WORK/warm.json" || true
for pass in 1 2; do
  uptime
  echo "== pass $pass: one process"
  /usr/bin/time -f "$TIME" "$B" validate "$D" --no-progress --format json -o "$WORK/single.json" || true
  k=0
  while [ "$k" -lt "$SHARDS" ]; do
    echo "== pass $pass: shard $k/$SHARDS"
    /usr/bin/time -f "$TIME" "$B" validate "$D" --no-progress --shard "$k/$SHARDS" -o "$WORK/part$k.json" || true
    k=$((k + 1))
  done
  uptime
  echo "== merge"
  /usr/bin/time -f "$TIME" "$B" merge "$WORK"/part*.json --format json -o "$WORK/merged.json" || true
  cmp "$WORK/single.json" "$WORK/merged.json" && echo "merged report identical to the single run's"
  ls -l "$WORK"/part*.json
done
