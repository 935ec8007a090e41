"""Checks a STAC catalog written by `multisenge stac`, for tests/publish_stac.rs.

    python check_catalog.py COLLECTION SCHEMAS_DIR [--every N] [--item ID]

1. stac-validator (its Python API, the same code as its command line) with
   every schema mapped to the offline copies in SCHEMAS_DIR (each URL with
   and without a trailing '#', as SCHEMAS_DIR/README.md says): the
   Collection, then every item, or every N-th item in file order (the
   first and last always) with --every N;
2. the shape of every item (its keys and value types, asset keys reduced to
   their kind) is one of the shapes of the items stac-validator passed;
3. pystac reads the catalog back: the item count, and for one item (--item,
   else the first) its assets and projection (pystac's projection
   extension).

Prints one JSON object; exits 1 when stac-validator refuses a document.
"""
import argparse
import json
import os
import re
import sys
import warnings

warnings.filterwarnings("ignore")

import pystac  # noqa: E402
from pystac.extensions.projection import ProjectionExtension  # noqa: E402
from stac_validator.validate import StacValidate  # noqa: E402


def schema_map(folder):
    with open(os.path.join(folder, "schema-map.json")) as f:
        urls = json.load(f)
    out = {}
    for url, path in urls.items():
        local = os.path.join(folder, path)
        out[url] = local
        out[url + "#"] = local
    return out


def validate(path, schemas):
    v = StacValidate(path, schema_map=schemas)
    ok = v.run()
    return ok, v.message


def shape(value, key=""):
    """Keys and types, recursively; asset keys by kind (s2_DATE -> s2_*)."""
    if isinstance(value, dict):
        items = []
        for k, v in value.items():
            if key == "assets":
                k = re.sub(r"_\d{8}(_\d+)?$", "_*", k)
            items.append((k, shape(v, k)))
        return ("object", tuple(sorted(set(items))))
    if isinstance(value, list):
        return ("array", tuple(sorted(set(shape(v, key) for v in value))))
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean",)
    if isinstance(value, (int, float)):
        return ("number",)
    return ("string",)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("schemas")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--item")
    args = parser.parse_args()
    schemas = schema_map(args.schemas)
    root = os.path.dirname(os.path.abspath(args.collection))
    out = {"invalid": []}

    ok, message = validate(args.collection, schemas)
    out["collection_valid"] = ok
    if not ok:
        out["invalid"].append(message)
    with open(args.collection) as f:
        collection = json.load(f)
    item_files = [os.path.normpath(os.path.join(root, link["href"]))
                  for link in collection["links"] if link["rel"] == "item"]
    out["item_links"] = len(item_files)
    chosen = set(range(0, len(item_files), max(1, args.every)))
    if item_files:
        chosen.add(len(item_files) - 1)
    valid_shapes = set()
    for i in sorted(chosen):
        ok, message = validate(item_files[i], schemas)
        if not ok:
            out["invalid"].append(message)
            continue
        with open(item_files[i]) as f:
            valid_shapes.add(shape(json.load(f)))
    out["validated_items"] = len(chosen)
    unlike = []
    for path in item_files:
        with open(path) as f:
            if shape(json.load(f)) not in valid_shapes:
                unlike.append(os.path.relpath(path, root))
    out["items_unlike_validated"] = unlike[:10]
    out["items_unlike_validated_count"] = len(unlike)

    catalog = pystac.read_file(args.collection)
    out["pystac_type"] = type(catalog).__name__
    items = list(catalog.get_items(recursive=True))
    out["pystac_items"] = len(items)
    item = next((i for i in items if i.id == args.item), items[0] if items else None)
    if item is not None:
        proj = ProjectionExtension.ext(item)
        out["item"] = {
            "id": item.id,
            "assets": {k: {"href": a.get_absolute_href(), "roles": a.roles,
                           "datetime": a.extra_fields.get("datetime"),
                           "bands": [b["name"] for b in a.extra_fields.get("bands", [])]}
                       for k, a in item.assets.items()},
            "code": proj.code,
            "epsg": proj.epsg,
            "shape": proj.shape,
            "transform": proj.transform,
            "bbox": item.bbox,
            "start": item.common_metadata.start_datetime.isoformat() if item.common_metadata.start_datetime else None,
            "end": item.common_metadata.end_datetime.isoformat() if item.common_metadata.end_datetime else None,
            "label_classes": item.properties.get("label:classes"),
        }
    out["license"] = catalog.license if hasattr(catalog, "license") else None
    out["extent"] = catalog.extent.to_dict() if hasattr(catalog, "extent") else None
    out["cite_as"] = [l.href for l in catalog.links if l.rel == "cite-as"]
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 1 if out["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())
