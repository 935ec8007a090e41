#!/usr/bin/env bash
# Benchmark of `multisenge triplets` on one full Sentinel-2 tile (10 980 ×
# 10 980 px) of generated products, one Sentinel-2 date (a THEIA product)
# and one Sentinel-1 date (S1-Tiling VV and VH), against a GDAL
# command-line pipeline doing the same work (bench/triplets_gdal.sh), in
# one run; and against only reading the inputs and writing the outputs.
# Prints times, peak memory, the ratios and the agreement of the outputs.
#
# Usage: bench/triplets.sh [WORKDIR]   (default: target/bench-triplets)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
WORK="${1:-$CARGO_TARGET_DIR/bench-triplets}"
TILE=31UGQ
mkdir -p "$WORK"
cargo build --release --quiet --bin multisenge --bin multisenge-landcover --bin multisenge-testdata
BIN="$CARGO_TARGET_DIR/release"
. bench/machine.sh
echo "GDAL: $(gdal-config --version 2>/dev/null || gdalinfo --version)"

echo "== inputs (made once)"
if [ ! -d "$WORK/inputs/theia" ]; then
  /usr/bin/time -f "products: %e s" "$BIN/multisenge-testdata" region "$WORK/inputs" --tile $TILE --size 10980 --scenario bench --force
fi
if [ ! -f "$WORK/gr.tif" ]; then
  "$BIN/multisenge-landcover" -o "$WORK/source.gpkg" --tile $TILE
  "$BIN/multisenge" generalize --source "$WORK/source.gpkg" --roads "$WORK/source.gpkg" --tile $TILE \
    -o "$WORK/gr.tif" --config ocsge-plus -q
fi
PRODUCT=$(ls -d "$WORK"/inputs/theia/SENTINEL2*/ | head -1); PRODUCT=${PRODUCT%/}
S1="$WORK/inputs/s1tiling/$TILE"
VV=$(ls "$S1"/*_vv_*[0-9x].tif); VH=$(ls "$S1"/*_vh_*[0-9x].tif)
du -sh "$PRODUCT" "$S1" "$WORK/gr.tif"

echo "== multisenge triplets"
rm -rf "$WORK/ours"
echo "load before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -o "$WORK/ours.time" -f "%e %U %S %M" "$BIN/multisenge" triplets --tile $TILE \
  --ground-reference "$WORK/gr.tif" --s2 "$PRODUCT" --s1 "$S1" -o "$WORK/ours" --report "$WORK/ours.json"
read -r OURS_WALL OURS_USER OURS_SYS OURS_PEAK < "$WORK/ours.time"
echo "multisenge: $OURS_WALL s wall, $OURS_USER s user, $OURS_SYS s sys, $OURS_PEAK KiB peak"

echo "== GDAL command-line pipeline (bench/triplets_gdal.sh)"
rm -rf "$WORK/gdal"
echo "load before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -o "$WORK/gdal.time" -f "%e %U %S %M" bench/triplets_gdal.sh "$PRODUCT" "$VV" "$VH" \
  "$WORK/gr.tif" $TILE 20200325 20200103 "$WORK/gdal"
read -r GDAL_WALL GDAL_USER GDAL_SYS GDAL_PEAK < "$WORK/gdal.time"
echo "gdal: $GDAL_WALL s wall, $GDAL_USER s user, $GDAL_SYS s sys, $GDAL_PEAK KiB peak (largest process)"

echo "== reading the inputs and writing the outputs only"
echo "load before: $(uptime | sed 's/.*load average: //')"
SOURCES=("$PRODUCT"/*_SRE_B*.tif "$PRODUCT"/MASKS/*_CLM_R1.tif "$PRODUCT"/MASKS/*_EDG_R1.tif "$VV" "$VH" "$WORK/gr.tif")
# The bytes (cat), the pixels decoded by GDAL (gdalinfo -checksum reads
# every pixel), and the outputs written as files (cp -r of the result).
/usr/bin/time -o "$WORK/cat.time" -f "%e %U %S" cat "${SOURCES[@]}" > /dev/null
/usr/bin/time -o "$WORK/decode.time" -f "%e %U %S" sh -c 'for f in "$@"; do gdalinfo -checksum "$f" > /dev/null; done' sh "${SOURCES[@]}"
rm -rf "$WORK/copy"
/usr/bin/time -o "$WORK/write.time" -f "%e %U %S" cp -r "$WORK/ours" "$WORK/copy"
rm -rf "$WORK/copy"
read -r CAT_WALL CAT_USER CAT_SYS < "$WORK/cat.time"
read -r DEC_WALL DEC_USER DEC_SYS < "$WORK/decode.time"
read -r WR_WALL WR_USER WR_SYS < "$WORK/write.time"
echo "inputs $(du -shc "${SOURCES[@]}" | tail -1 | cut -f1), outputs $(du -sh "$WORK/ours" | cut -f1) in $(find "$WORK/ours" -type f | wc -l) files"

echo "== side by side"
awk -v ow="$OURS_WALL" -v ou="$OURS_USER" -v os="$OURS_SYS" -v op="$OURS_PEAK" \
    -v gw="$GDAL_WALL" -v gu="$GDAL_USER" -v gs="$GDAL_SYS" -v gp="$GDAL_PEAK" \
    -v cw="$CAT_WALL" -v cu="$CAT_USER" -v cs="$CAT_SYS" -v dw="$DEC_WALL" -v du="$DEC_USER" -v ds="$DEC_SYS" \
    -v ww="$WR_WALL" -v wu="$WR_USER" -v ws="$WR_SYS" 'BEGIN {
  printf "%-34s %9s %9s %10s\n", "", "wall s", "CPU s", "peak MB"
  printf "%-34s %9.2f %9.2f %10.0f\n", "multisenge triplets", ow, ou + os, op / 1024
  printf "%-34s %9.2f %9.2f %10.0f\n", "GDAL pipeline", gw, gu + gs, gp / 1024
  printf "%-34s %9.2f %9.2f\n", "read the input bytes (cat)", cw, cu + cs
  printf "%-34s %9.2f %9.2f\n", "decode the inputs (gdalinfo -checksum)", dw, du + ds
  printf "%-34s %9.2f %9.2f\n", "write the outputs (cp -r)", ww, wu + ws
  printf "ratio GDAL / multisenge: wall %.1fx, CPU %.1fx\n", gw / ow, (gu + gs) / (ou + os)
  printf "multisenge / (decode + write): wall %.2fx, CPU %.2fx; / (cat + write): wall %.2fx, CPU %.2fx\n", ow / (dw + ww), (ou + os) / (du + ds + wu + ws), ow / (cw + ww), (ou + os) / (cu + cs + wu + ws)
}'
echo "load after: $(uptime | sed 's/.*load average: //')"

echo "== agreement (every 10th patch)"
/usr/bin/python3 - "$WORK/ours" "$WORK/gdal" <<'PY'
import os, sys
import numpy as np
from osgeo import gdal
ours, theirs = sys.argv[1:3]
n, s2_diff, s1_diff = 0, 0, 0.0
for kind in ("s2", "s1", "ground_reference"):
    for name in sorted(os.listdir(os.path.join(theirs, kind)))[::10]:
        a = gdal.Open(os.path.join(ours, kind, name)).ReadAsArray().astype(np.float64)
        b = gdal.Open(os.path.join(theirs, kind, name)).ReadAsArray().astype(np.float64)
        d = float(abs(a - b).max())
        if kind == "s1":
            s1_diff = max(s1_diff, d)
        else:
            s2_diff = max(s2_diff, d)
        n += 1
print(f"{n} patch files compared: Sentinel-2 and ground reference largest difference {s2_diff:g}, Sentinel-1 {s1_diff:g} dB")
PY
