#!/bin/sh
# Requests a warm validation sends to object storage (issue 22, item 4):
# a generated dataset uploaded to the moto S3 server of the tests
# (tests/s3/moto_s3.py, which logs every request it answers), validated
# with the cache from a version 1 listing (names only), from a version 2
# listing (sizes, times, ETags) and by listing the folders; for each, the
# run without cache, the run that fills the cache and the warm run, with
# the requests counted on the server's side, /usr/bin/time, and the warm
# report compared byte for byte with the run without cache.
#
#   bench/etag_requests.sh [PATCHES [WORKDIR]]      default 20 patches (2 700 files)
#
# BEFORE=/path/to/multisenge adds the same runs by another build (main's:
# it reads version 1 listings only). Needs target/venv (scripts/install-deps.sh).
# WORKDIR is removed at the end; the server is stopped.
set -eu
cd "$(dirname "$0")/.."
PATCHES=${1:-20}
WORK=${2:-/tmp/multisenge-etag-bench}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --bins -q
AFTER=$CARGO_TARGET_DIR/release/multisenge
PYTHON=$PWD/target/venv/bin/python
rm -rf "$WORK"
mkdir -p "$WORK"
. bench/machine.sh

"$CARGO_TARGET_DIR/release/multisenge-testdata" scale "$WORK/ds" --patches "$PATCHES" > /dev/null
echo "files: $(find "$WORK/ds" -type f | wc -l), $(du -sh "$WORK/ds" | cut -f1)"

"$PYTHON" tests/s3/moto_s3.py serve "$WORK/requests.jsonl" > "$WORK/port" 2> "$WORK/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q PORT "$WORK/port" 2>/dev/null && break; sleep 0.2; done
PORT=$(cut -d' ' -f2 "$WORK/port")
"$PYTHON" tests/s3/moto_s3.py upload "http://127.0.0.1:$PORT" bench "$WORK/ds" ds
: > "$WORK/requests.jsonl"

export AWS_S3_ENDPOINT=127.0.0.1:$PORT AWS_HTTPS=NO AWS_VIRTUAL_HOSTING=FALSE \
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
ROOT=/vsis3/bench/ds

# requests LABEL: what the server answered since the last call.
requests() {
    python3 - "$WORK/requests.jsonl" "$1" <<'EOF'
import json, sys
log, label = sys.argv[1:3]
rows = [json.loads(l) for l in open(log)]
lists = [r for r in rows if r["path"].startswith(("/bench?", "/bench/?"))]
objects = [r for r in rows if r not in lists]
print(f"{label}: {len(rows)} requests: {len(lists)} LIST, {len(objects)} GET or HEAD of a key "
      f"({sum(r['method'] == 'HEAD' for r in objects)} HEAD), "
      f"{sum(r['bytes'] for r in objects)} bytes of them")
EOF
    : > "$WORK/requests.jsonl"
}

# runs NAME BINARY ARGS...: cold, fill and warm runs, their requests.
runs() {
    name=$1; bin=$2; shift 2
    for step in cold fill warm; do
        cache="--cache-dir $WORK/cache-$name"
        [ $step = cold ] && cache=--no-cache
        /usr/bin/time -f "$name $step: %e s elapsed, %U s user, %S s system, %M KB peak RSS" \
            "$bin" validate "$ROOT" --no-progress --format json -o "$WORK/$name-$step.json" \
            $cache "$@" || true
        requests "$name $step"
    done
    cmp "$WORK/$name-cold.json" "$WORK/$name-warm.json" \
        && echo "$name: warm report identical to the run without cache"
}

"$AFTER" list "$ROOT" -o "$WORK/listing-v2.txt"
requests "list (version 2)"
awk -F'\t' 'NR == 1 { print "multisenge-listing 1"; next }
    $1 == "f" { print $1 "\t" $2; next } { print }' "$WORK/listing-v2.txt" > "$WORK/listing-v1.txt"
ls -l "$WORK"/listing-v*.txt

if [ -n "${BEFORE:-}" ]; then
    runs before-v1 "$BEFORE" --listing "$WORK/listing-v1.txt"
    runs before-folders "$BEFORE"
fi
runs after-v1 "$AFTER" --listing "$WORK/listing-v1.txt"
runs after-v2 "$AFTER" --listing "$WORK/listing-v2.txt"
runs after-folders "$AFTER"
