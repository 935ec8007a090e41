"""Checks a STAC catalog written by `multisenge stac`, for tests/publish_stac.rs.

    python check_catalog.py COLLECTION SCHEMAS_DIR [--sample N] [--item ID]
                            [--no-read-back]

Every document goes through stac-validator, offline, with the schemas of
SCHEMAS_DIR (its schema-map.json maps each schema's URL to its file):

1. **every document** (the Collection and every item its links name) through
   stac-validator's fast validator (`stac_validator.fast_validator`, shipped
   with stac-validator 4.1.2: one validator per object type, STAC version and
   list of extensions, compiled once by fastjsonschema from the core schema
   and every extension's schema, then reused for every document). Its schema
   cache is filled from SCHEMAS_DIR before anything is compiled, and the
   check fails if any other schema was looked for;
2. **a sample** through stac-validator's default validation
   (`StacValidate(...).run()`, the Python API of `stac-validator validate`,
   python-jsonschema), with every schema mapped to SCHEMAS_DIR (each URL with
   and without a trailing '#', as SCHEMAS_DIR/README.md says): the
   Collection, the first and the last item, every N-th item (--sample N; 0:
   none more), and every document the fast validator refused, so that a
   refused item carries both validators' messages. It is a sample because
   this validation takes one to four seconds an item of 135 assets: it
   builds a new `referencing.Registry` for every document and schema, and
   each `$ref` it meets retrieves its schema again and crawls the registry
   (docs/publish.md);
3. unless --no-read-back, pystac reads the catalog back, in a second process
   while the validators run: the item count, and for one item (--item, else
   the first) its assets and projection (pystac's projection extension).

Prints one JSON object: `invalid` lists each refusal (file, id, validator,
message); exits 1 when there is any.
"""
import argparse
import contextlib
import json
import multiprocessing
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import fastjsonschema  # noqa: E402
import jsonschema  # noqa: E402
import pystac  # noqa: E402
from pystac.extensions.projection import ProjectionExtension  # noqa: E402
from stac_validator import fast_validator  # noqa: E402
from stac_validator.validate import StacValidate  # noqa: E402


def schema_map(folder):
    """URL (with and without a trailing '#') -> the schema's file."""
    with open(os.path.join(folder, "schema-map.json")) as f:
        urls = json.load(f)
    out = {}
    for url, path in urls.items():
        local = os.path.join(folder, path)
        out[url] = local
        out[url + "#"] = local
    return out


class Fast:
    """stac-validator's fast validator, its schema cache filled offline."""

    def __init__(self, schemas):
        for url, path in schemas.items():
            with open(path) as f:
                fast_validator.SCHEMA_CACHE[url] = json.load(f)
        self.offline = set(fast_validator.SCHEMA_CACHE)
        fast_validator.QUIET_MODE = True
        self.engines = {}

    def validate(self, doc):
        """None when valid, else the message."""
        kind = "Item" if doc.get("type") == "Feature" else doc.get("type", "Catalog")
        try:
            # Its set-up prints what it falls back to: not on our output.
            with contextlib.redirect_stdout(sys.stderr):
                validator, _ = fast_validator.get_validator(
                    kind, doc.get("stac_version", "1.0.0"), doc.get("stac_extensions", [])
                )
        except Exception as e:  # noqa: BLE001 - reported, not raised
            return f"no validator for {kind}: {e}"
        # fastjsonschema, or python-jsonschema when fastjsonschema cannot
        # compile the schemas (stac-validator's own fallback).
        self.engines[kind] = getattr(validator, "__name__", "") != "fallback_validator"
        try:
            validator(doc)
        except fastjsonschema.JsonSchemaValueException as e:
            return f"{e.name}: {e.message}"
        except jsonschema.ValidationError as e:
            return e.message
        return None

    def schemas_used_beyond_the_map(self):
        return sorted(set(fast_validator.SCHEMA_CACHE) - self.offline)


def default_validate(path, schemas):
    """(valid, its error message or None)."""
    v = StacValidate(path, schema_map=schemas)
    ok = v.run()
    messages = v.message if isinstance(v.message, list) else [v.message]
    errors = [m.get("error_message", m) if isinstance(m, dict) else m
              for m in messages if not (isinstance(m, dict) and m.get("valid_stac"))]
    return ok, (errors[0] if len(errors) == 1 else errors) if not ok else None


def read_back(collection, wanted, conn):
    """pystac's reading of the catalog, sent through `conn`."""
    out = {}
    try:
        catalog = pystac.read_file(collection)
        out["pystac_type"] = type(catalog).__name__
        count = 0
        item = None
        for i in catalog.get_items(recursive=True):
            count += 1
            if item is None or (i.id == wanted and item.id != wanted):
                item = i
        out["pystac_items"] = count
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
                "start": item.common_metadata.start_datetime.isoformat()
                if item.common_metadata.start_datetime else None,
                "end": item.common_metadata.end_datetime.isoformat()
                if item.common_metadata.end_datetime else None,
                "label_classes": item.properties.get("label:classes"),
            }
        out["license"] = getattr(catalog, "license", None)
        out["extent"] = catalog.extent.to_dict() if hasattr(catalog, "extent") else None
        out["cite_as"] = [link.href for link in catalog.links if link.rel == "cite-as"]
    except Exception as e:  # noqa: BLE001 - reported, not raised
        out["pystac_error"] = f"{type(e).__name__}: {e}"
    conn.send(out)
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("collection")
    parser.add_argument("schemas")
    parser.add_argument("--sample", type=int, default=1,
                        help="every N-th item through the default validation (0: none)")
    parser.add_argument("--item")
    parser.add_argument("--no-read-back", action="store_true")
    args = parser.parse_args()
    schemas = schema_map(args.schemas)
    root = os.path.dirname(os.path.abspath(args.collection))
    out = {"invalid": []}

    reader = None
    if not args.no_read_back:
        receive, send = multiprocessing.Pipe(duplex=False)
        reader = multiprocessing.get_context("fork").Process(
            target=read_back, args=(args.collection, args.item, send))
        reader.start()
        send.close()

    with open(args.collection) as f:
        collection = json.load(f)
    item_files = [os.path.normpath(os.path.join(root, link["href"]))
                  for link in collection["links"] if link["rel"] == "item"]
    out["item_links"] = len(item_files)

    # 1. Every document through the fast validator.
    fast = Fast(schemas)
    refused = []
    for path in [os.path.abspath(args.collection)] + item_files:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            message, doc = f"unreadable: {e}", {}
        else:
            message = fast.validate(doc)
        if message is not None:
            refused.append(path)
            out["invalid"].append({"file": os.path.relpath(path, root), "id": doc.get("id"),
                                   "validator": "stac-validator fast", "message": message})
    out["fast_validated"] = 1 + len(item_files)
    out["fast_compiled"] = fast.engines
    beyond = fast.schemas_used_beyond_the_map()
    if beyond:
        out["invalid"].append({"file": None, "validator": "stac-validator fast",
                               "message": f"schemas outside {args.schemas}: {beyond}"})

    # 2. A sample, and every refused document, through the default validation.
    chosen = set()
    if item_files:
        chosen = {0, len(item_files) - 1}
        if args.sample > 0:
            chosen.update(range(0, len(item_files), args.sample))
    sample = [os.path.abspath(args.collection)] + [item_files[i] for i in sorted(chosen)]
    sample += [p for p in refused if p not in sample]
    for path in sample:
        ok, message = default_validate(path, schemas)
        if path == os.path.abspath(args.collection):
            out["collection_valid"] = ok
        if not ok:
            out["invalid"].append({"file": os.path.relpath(path, root),
                                   "validator": "stac-validator", "message": message})
    out["default_validated"] = len(sample)

    if reader is not None:
        out.update(receive.recv())
        reader.join()
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 1 if out["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())
