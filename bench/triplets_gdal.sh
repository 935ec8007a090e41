#!/usr/bin/env bash
# The triplets of one date of each sensor made with GDAL's command-line
# tools, for comparison with `multisenge triplets` (bench/triplets.sh):
# gdalwarp -r cubic of each 20 m band onto the 10 m grid, gdalbuildvrt
# -separate of the 10 bands in the paper's order, a VRT of VV and VH
# converted to dB (GDAL's dB pixel function), then gdal_translate -srcwin
# per patch (Sentinel-2, Sentinel-1, ground reference), as many at a time
# as there are cores (xargs -P). It does not read the masks, check the
# coverage, describe the bands or write label files.
#
# Usage: triplets_gdal.sh PRODUCT_DIR VV.tif VH.tif GROUND_REFERENCE.tif TILE S2_DATE S1_DATE OUT
set -euo pipefail
PRODUCT=$1; VV=$2; VH=$3; GR=$4; TILE=$5; S2_DATE=$6; S1_DATE=$7; OUT=$8
NAME=$(basename "$PRODUCT")
mkdir -p "$OUT/work" "$OUT/s2" "$OUT/s1" "$OUT/ground_reference"
t0=$(date +%s.%N)
for b in B5 B6 B7 B8A B11 B12; do
  gdalwarp -q -multi -wo NUM_THREADS=ALL_CPUS -r cubic -tr 10 10 \
    "$PRODUCT/${NAME}_SRE_$b.tif" "$OUT/work/$b.tif"
done
t1=$(date +%s.%N)
bands=()
for b in B2 B3 B4 B8; do bands+=("$PRODUCT/${NAME}_SRE_$b.tif"); done
for b in B5 B6 B7 B8A B11 B12; do bands+=("$OUT/work/$b.tif"); done
gdalbuildvrt -q -separate "$OUT/work/s2.vrt" "${bands[@]}"
gdalbuildvrt -q -separate "$OUT/work/s1.vrt" "$VV" "$VH"
sed -i 's|<VRTRasterBand dataType="Float32" band="\([12]\)"|<VRTRasterBand dataType="Float32" band="\1" subClass="VRTDerivedRasterBand"><PixelFunctionType>dB</PixelFunctionType><PixelFunctionArguments fact="10"/|' "$OUT/work/s1.vrt"
size=$(gdalinfo "$GR" | sed -n 's/^Size is \([0-9]*\), .*/\1/p')
for ((y = 0; y + 256 <= size; y += 257)); do
  for ((x = 0; x + 256 <= size; x += 257)); do
    echo "$x $y $OUT/work/s2.vrt $OUT/s2/${TILE}_${S2_DATE}_S2_${x}_${y}.tif"
    echo "$x $y $OUT/work/s1.vrt $OUT/s1/${TILE}_${S1_DATE}_S1_${x}_${y}.tif"
    echo "$x $y $GR $OUT/ground_reference/${TILE}_GR_${x}_${y}.tif"
  done
done > "$OUT/work/patches.txt"
t2=$(date +%s.%N)
xargs -P "$(nproc)" -L 1 sh -c 'gdal_translate -q -srcwin "$0" "$1" 256 256 "$2" "$3"' < "$OUT/work/patches.txt"
t3=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
  printf "gdal pipeline: gdalwarp %.1f s, VRTs %.1f s, gdal_translate per patch %.1f s\n", b - a, c - b, d - c }'
