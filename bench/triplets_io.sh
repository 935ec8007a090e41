#!/usr/bin/env bash
# The yardstick of `multisenge triplets` (bench/triplets.sh): only reading
# the inputs and writing the outputs, no other work. Reads every input a
# run reads (the 10 bands, the cloud and edge masks, VV, VH, the ground
# reference) by decoding every pixel (gdalinfo -checksum: the Sentinel-1
# files, the masks and the ground reference are DEFLATE-compressed), then
# writes the outputs a run wrote (OURS, copied as files to WORK/copy).
#
# Usage: triplets_io.sh PRODUCT_DIR S1_DIR GROUND_REFERENCE.tif OURS WORK
set -euo pipefail
PRODUCT=$1; S1=$2; GR=$3; OURS=$4; WORK=$5
rm -rf "$WORK/copy"
for f in "$PRODUCT"/*_SRE_B*.tif "$PRODUCT"/MASKS/*_CLM_R1.tif "$PRODUCT"/MASKS/*_EDG_R1.tif \
    "$S1"/*_v[vh]_*[0-9x].tif "$GR"; do
  gdalinfo -checksum "$f" > /dev/null
done
cp -r "$OURS" "$WORK/copy"
