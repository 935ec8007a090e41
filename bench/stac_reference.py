"""What a user would otherwise write: the same STAC catalog with pystac.

Reads the label files of a folder and the patch footprints in EPSG:4326
that `multisenge footprints -o FOOTPRINTS.geojson` wrote (not timed here:
placing patches is not pystac's job), and builds with pystac one Collection
and one Item per patch with the same assets (ground reference, label file,
every Sentinel-2 and Sentinel-1 name with its date and bands), the
projection and label fields, then saves it self-contained (relative links).

    target/venv/bin/python bench/stac_reference.py LABELS FOOTPRINTS.geojson OUT
"""
import datetime
import json
import os
import sys

import pystac

labels_dir, footprints, out = sys.argv[1:4]
with open(footprints) as f:
    features = {ft["properties"]["id"]: ft for ft in json.load(f)["features"]}

S2 = [{"name": b} for b in ("B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12")]
S1 = [{"name": "VV"}, {"name": "VH"}]
day = lambda d: datetime.datetime(int(d[:4]), int(d[4:6]), int(d[6:8]), tzinfo=datetime.timezone.utc)

collection = pystac.Collection(
    id="multisenge", description="MultiSenGE", license="various",
    extent=pystac.Extent(pystac.SpatialExtent([[-180, -90, 180, 90]]),
                         pystac.TemporalExtent([[None, None]])),
    stac_extensions=["https://stac-extensions.github.io/label/v1.0.1/schema.json",
                     "https://stac-extensions.github.io/projection/v2.0.0/schema.json"])
root = os.path.dirname(os.path.abspath(labels_dir))
for name in sorted(os.listdir(labels_dir)):
    if not name.endswith(".json"):
        continue
    pid = name[:-5]
    with open(os.path.join(labels_dir, name)) as f:
        label = json.load(f)
    tile, x, y = pid.split("_")
    ft = features[pid]
    s2 = sorted(set(n for n in label["corresponding_s2"].split(";") if n))
    s1 = sorted(set(n for n in label["corresponding_s1"].split(";") if n))
    dates = sorted(n.split("_")[1] for n in s2 + s1)
    ring = ft["geometry"]["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    item = pystac.Item(
        id=pid, geometry=ft["geometry"], bbox=[min(xs), min(ys), max(xs), max(ys)],
        datetime=None, start_datetime=day(dates[0]), end_datetime=day(dates[-1]),
        properties={"proj:code": "EPSG:%d" % ft["properties"]["epsg"], "proj:shape": [256, 256],
                    "label:properties": None, "label:type": "raster",
                    "label:description": "classes", "label:tasks": ["segmentation"]},
        stac_extensions=collection.stac_extensions)
    item.add_asset("labels", pystac.Asset(os.path.join(root, "ground_reference", f"{tile}_GR_{x}_{y}.tif"),
                                          media_type=pystac.MediaType.GEOTIFF, roles=["labels"]))
    item.add_asset("label_file", pystac.Asset(os.path.join(labels_dir, name), media_type="application/json",
                                              roles=["metadata"]))
    for names, folder, bands in ((s2, "s2", S2), (s1, "s1", S1)):
        for n in names:
            d = n.split("_")[1]
            item.add_asset(f"{folder}_{d}", pystac.Asset(
                os.path.join(root, folder, n), media_type=pystac.MediaType.GEOTIFF, roles=["data"],
                extra_fields={"datetime": day(d).isoformat().replace("+00:00", "Z"), "bands": bands}))
    collection.add_item(item)
collection.update_extent_from_items()
collection.normalize_hrefs(out)
collection.make_all_asset_hrefs_relative()
collection.save(pystac.CatalogType.SELF_CONTAINED)
