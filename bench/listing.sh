#!/bin/sh
# Listing benchmark (issue 13): what a shard pays for the dataset's names
# when it reads them from a listing (`validate --listing`) instead of
# listing the folders, for a listing of N names written by
# bench/listing.py (plain and gzip): its size, the time to write it
# (`multisenge list --from`, a listing converted, which is the formatting
# and compression `multisenge list` does after listing), and one shard of
# 100 reading it with the name rules on (layout and naming; the rules that
# read files are ignored, the files do not exist). /usr/bin/time gives CPU
# time and peak memory; uptime the load.
#
#   bench/listing.sh [WORKDIR] [N]   (defaults: /tmp/multisenge-listing 10000000)
set -eu
cd "$(dirname "$0")/.."
WORK=${1:-/tmp/multisenge-listing}
N=${2:-10000000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bin multisenge -q
BIN=$CARGO_TARGET_DIR/release/multisenge
TIME="%e s wall, %U s user, %S s sys, %M kB peak"
ROOT=$WORK/dataset
mkdir -p "$WORK"

. bench/machine.sh

# MultiSenGE's mix: per patch 1 ground reference, 1 label file, 8 S2 and
# 90 S1 dates (s1/ holds ~90 % of the names).
[ -f "$WORK/listing.txt" ] || python3 bench/listing.py "$ROOT" "$N" 8 90 > "$WORK/listing.txt"
wc -l "$WORK/listing.txt"
READS=J001,J002,J003,J004,J005,J006,T001,T002,T003,T004,T005,T006,R001,R002,R003,R004,R005,R006,R007,R008,R009,G001,G002,G003,G004,G005,G006,C001,C002,M001,M002,M003,S001,S002,L005
for out in listing-copy.txt listing.txt.gz; do
  echo "== write $out (read listing.txt, format, compress if .gz, write)"
  uptime
  /usr/bin/time -f "$TIME" "$BIN" list "$ROOT" --from "$WORK/listing.txt" -o "$WORK/$out"
  ls -l "$WORK/$out"
done
for listing in listing.txt listing.txt.gz; do
  echo "== validate --listing $listing --shard 0/100 (names only), 2 runs"
  for i in 1 2; do
    uptime
    /usr/bin/time -f "$TIME" "$BIN" validate "$ROOT" --listing "$WORK/$listing" \
      --shard 0/100 --ignore "$READS" -o "$WORK/partial.json" -v 2>&1 | grep -v '^ *$' | tail -12
  done
done
