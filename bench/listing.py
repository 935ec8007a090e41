"""A listing (format version 1, docs/scale.md) of a synthetic MultiSenGE-style
dataset of about N names, for bench/listing.sh: tiles of UTM zones 31 and
32 (from validators/s2-tiling-grid.csv), 42 x 42 patches of 257 pixels per
tile (as MultiSenGE), per patch one ground reference, one label file,
S2 Sentinel-2 and S1 Sentinel-1 dates (valid dates of 2020). Names pass
the naming rules; the files do not exist (only the names are measured).

    python3 bench/listing.py ROOT N S2 S1 > LISTING
"""
import datetime
import sys

root, n, s2, s1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
per_patch = 2 + s2 + s1
patches = max(1, n // per_patch)
tiles = []
with open("validators/s2-tiling-grid.csv") as f:
    next(f)
    for line in f:
        code = line.split(",")[0]
        if code[:2] in ("31", "32"):
            tiles.append(code)
start = datetime.date(2020, 1, 1)
def dates(count, step):
    return [(start + datetime.timedelta(days=i * step)).strftime("%Y%m%d") for i in range(count)]
s2_dates, s1_dates = dates(s2, max(1, 365 // max(1, s2))), dates(s1, max(1, 365 // max(1, s1)))
folders = {"ground_reference": [], "labels": [], "s2": [], "s1": []}
out = sys.stdout
out.write("multisenge-listing 1\nroot\t%s\n" % root)
records = 0
for folder in ("ground_reference", "labels", "s1", "s2"):
    out.write("d\t%s\n" % folder)
    records += 1
for folder in ("ground_reference", "labels", "s1", "s2"):
    lines = []
    for p in range(patches):
        tile = tiles[p // (42 * 42)]
        x, y = (p % 42) * 257, (p // 42 % 42) * 257
        if folder == "ground_reference":
            lines.append("f\tground_reference/%s_GR_%d_%d.tif\n" % (tile, x, y))
        elif folder == "labels":
            lines.append("f\tlabels/%s_%d_%d.json\n" % (tile, x, y))
        else:
            sensor = folder.upper()
            for d in (s1_dates if folder == "s1" else s2_dates):
                lines.append("f\t%s/%s_%s_%s_%d_%d.tif\n" % (folder, tile, d, sensor, x, y))
        if len(lines) > 100000:
            out.writelines(lines)
            records += len(lines)
            lines = []
    out.writelines(lines)
    records += len(lines)
out.write("end\t%d\n" % records)
