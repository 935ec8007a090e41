#!/usr/bin/env bash
# Benchmark of `multisenge generalize` on one full Sentinel-2 tile of
# synthetic source data, against the same steps done with GDAL's tools and
# scipy (bench/gdal_pipeline.py). Prints times, peak memory, the ratio and the
# share of pixels where both pipelines agree.
#
# Usage: bench/generalize.sh [WORKDIR]   (default: target/bench-generalize)
#        BEFORE=/path/to/an/older/multisenge bench/generalize.sh [WORKDIR]
# With BEFORE, the same full-tile run is also timed with that binary, in
# turn with this checkout's (before, after, before, after, ...: the machine's
# load drifts alike for both), and the pixels of both outputs are compared.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
WORK="${1:-$CARGO_TARGET_DIR/bench-generalize}"
TILE=31UGQ
mkdir -p "$WORK"
cargo build --release --quiet --bin multisenge --bin multisenge-landcover
BIN="$CARGO_TARGET_DIR/release"

echo "== machine"
echo "nproc: $(nproc)"
grep -m1 "model name" /proc/cpuinfo
free -h | head -2
echo "GDAL: $(gdal-config --version 2>/dev/null || gdalinfo --version)"

echo "== source"
/usr/bin/time -f "generator: %e s, %M KiB peak" "$BIN/multisenge-landcover" -o "$WORK/source.gpkg" --tile $TILE

read -r EPSG ULX ULY < <(grep "^$TILE," validators/s2-tiling-grid.csv | awk -F, '{print $2, $3, $4}')

echo "== multisenge generalize (default profile: paper; all steps, output raster, no patches)"
rm -rf "$WORK/ours" && mkdir -p "$WORK/ours"
echo "load before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -o "$WORK/ours.time" -f "%e %U %S %M" "$BIN/multisenge" generalize \
  --source "$WORK/source.gpkg" --roads "$WORK/source.gpkg" --tile $TILE \
  -o "$WORK/ours/gr.tif" 2>&1 | grep -v "^  cover"
read -r OURS_WALL OURS_USER OURS_SYS OURS_PEAK < "$WORK/ours.time"
echo "multisenge: $OURS_WALL s wall, $OURS_USER s user, $OURS_SYS s sys, $OURS_PEAK KiB peak"
if [ -n "${BEFORE:-}" ]; then
  echo "== before ($BEFORE) and after (this checkout), in turn, the same command (paper, halo 512)"
  mkdir -p "$WORK/before" "$WORK/after"
  for i in 1 2 3; do
    for which in before after; do
      if [ $which = before ]; then bin="$BEFORE"; else bin="$BIN/multisenge"; fi
      /usr/bin/time -o "$WORK/$which.time" -f "%e %U %S %M" "$bin" generalize \
        --source "$WORK/source.gpkg" --roads "$WORK/source.gpkg" --tile $TILE \
        -o "$WORK/$which/gr.tif" --force >/dev/null 2>&1
      read -r W U S M < "$WORK/$which.time"
      echo "$which $i: $W s wall, $(awk -v u="$U" -v s="$S" "BEGIN { print u + s }") s CPU, $M KiB peak, load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
  # The `paper` profile now takes railways from the land cover's rail
  # surfaces (the generated source has none): with the railway lines, as
  # before, the two outputs must be the same pixels.
  "$BIN/multisenge" generalize --source "$WORK/source.gpkg" --roads "$WORK/source.gpkg" --tile $TILE \
    -o "$WORK/after/gr-lines.tif" --railways-from lines --force >/dev/null 2>&1
  echo "identical pixels, before vs after: $(/usr/bin/python3 bench/agreement.py "$WORK/before/gr.tif" "$WORK/after/gr.tif") %;" \
    "before vs after --railways-from lines: $(/usr/bin/python3 bench/agreement.py "$WORK/before/gr.tif" "$WORK/after/gr-lines.tif") %"
fi

echo "== multisenge generalize (all steps + 1 764 patches)"
/usr/bin/time -f "multisenge with patches: %e s wall, %M KiB peak" "$BIN/multisenge" generalize \
  --source "$WORK/source.gpkg" --roads "$WORK/source.gpkg" --tile $TILE \
  -o "$WORK/ours/gr-p.tif" --patches "$WORK/ours/patches" 2>&1 | grep -E "multisenge|patches|total"
echo "== multisenge generalize --steps rasterize --pixel-rule centre (gdal_rasterize's rule)"
"$BIN/multisenge" generalize --source "$WORK/source.gpkg" --tile $TILE --steps rasterize --pixel-rule centre \
  -o "$WORK/ours/rasterized.tif" 2>&1 | grep -E "rasterize|total"

echo "== GDAL + scipy pipeline"
rm -rf "$WORK/gdal" && mkdir -p "$WORK/gdal"
echo "load before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -o "$WORK/gdal.time" -f "%e %U %S %M" /usr/bin/python3 bench/gdal_pipeline.py \
  "$WORK/source.gpkg" validators/generalize-paper.toml "$EPSG" "$ULX" "$ULY" 10980 "$WORK/gdal" "$WORK/gdal/gr.tif"
read -r GDAL_WALL GDAL_USER GDAL_SYS GDAL_PEAK < "$WORK/gdal.time"
echo "gdal/scipy: $GDAL_WALL s wall, $GDAL_USER s user, $GDAL_SYS s sys, $GDAL_PEAK KiB peak"

echo "== side by side (full tile, default profile)"
awk -v ow="$OURS_WALL" -v ou="$OURS_USER" -v os="$OURS_SYS" -v op="$OURS_PEAK" \
    -v gw="$GDAL_WALL" -v gu="$GDAL_USER" -v gs="$GDAL_SYS" -v gp="$GDAL_PEAK" 'BEGIN {
  printf "%-11s %9s %9s %10s\n", "", "wall s", "CPU s", "peak MB"
  printf "%-11s %9.2f %9.2f %10.0f\n", "multisenge", ow, ou + os, op / 1024
  printf "%-11s %9.2f %9.2f %10.0f\n", "gdal/scipy", gw, gu + gs, gp / 1024
  printf "ratio (gdal/scipy / multisenge): wall %.1fx, CPU %.1fx, peak %.1fx\n", gw / ow, (gu + gs) / (ou + os), gp / op
}'
echo "load after: $(uptime | sed 's/.*load average: //')"

echo "== agreement (% of pixels with the same value)"
echo "rasterize step (multisenge vs gdal_rasterize): $(/usr/bin/python3 bench/agreement.py "$WORK/ours/rasterized.tif" "$WORK/gdal/1.tif")"
echo "final rasters: $(/usr/bin/python3 bench/agreement.py "$WORK/ours/gr.tif" "$WORK/gdal/gr.tif")"

echo "== compare, rasterized only (default rule) and all steps"
"$BIN/multisenge" generalize --source "$WORK/source.gpkg" --tile $TILE --steps rasterize \
  -o "$WORK/ours/rasterized-default.tif" --force 2>/dev/null
/usr/bin/time -f "compare: %e s wall, %M KiB peak" "$BIN/multisenge" compare --source "$WORK/source.gpkg" \
  --raster "$WORK/ours/rasterized-default.tif" --format json --force -o "$WORK/ours/compare-rasterized.json" 2>&1 | grep -v "^  cover"
grep -E '"(overall_accuracy|kappa|weighted_f1)"' "$WORK/ours/compare-rasterized.json"
echo "load before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -f "compare --roads: %e s wall, %U s user, %S s sys, %M KiB peak" "$BIN/multisenge" compare \
  --source "$WORK/source.gpkg" --raster "$WORK/ours/gr.tif" --roads "$WORK/source.gpkg" --force \
  -o "$WORK/ours/compare-roads.txt" 2>&1 | grep -v "^  cover"
grep -E "^(Overall|Kappa|Weighted|Polygons lost)" "$WORK/ours/compare-roads.txt"
/usr/bin/time -f "compare: %e s wall, %U s user, %S s sys, %M KiB peak" "$BIN/multisenge" compare --source "$WORK/source.gpkg" \
  --raster "$WORK/ours/gr.tif" --force -o "$WORK/ours/compare.txt" --lost "$WORK/ours/lost.gpkg" \
  --disagreement "$WORK/ours/disagreement.tif" --quicklook "$WORK/ours/quicklook.png" 2>&1 | grep -v "^  cover"
grep -E "^(Overall|Kappa|Weighted|Polygons lost)" "$WORK/ours/compare.txt"
