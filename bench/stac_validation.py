"""What validating one STAC item costs, three ways (docs/performance.md,
issue 21): stac-validator's default validation as it is; the same with one
referencing.Registry of every offline schema, crawled once, and one
validator per schema reused (a measurement of where its time goes, not
used by the tests); stac-validator's fast validator, as
tests/stac/check_catalog.py runs it.

    target/venv/bin/python bench/stac_validation.py CATALOG_DIR SCHEMAS_DIR [N] [--profile]

Validates N items (default 20) from the middle of the catalog each way and
prints the CPU seconds an item (process time: the machine is shared).
With --profile, first the functions where the default validation of three
items spends its time (cProfile, cumulative).
"""
import cProfile
import json
import os
import pstats
import sys
import time
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "stac"))

import check_catalog  # noqa: E402
import stac_validator.utilities as utilities  # noqa: E402
import stac_validator.validate as validate  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402
from referencing import Registry, Resource  # noqa: E402
from referencing.jsonschema import DRAFT202012  # noqa: E402


def per_item(files, check):
    check(files[0])  # schemas loaded and compiled: not counted
    start = time.process_time()
    for path in files:
        check(path)
    return (time.process_time() - start) / len(files)


def main():
    args = [a for a in sys.argv[1:] if a != "--profile"]
    catalog, schemas_dir = args[0], args[1]
    n = int(args[2]) if len(args) > 2 else 20
    schemas = check_catalog.schema_map(schemas_dir)
    with open(os.path.join(catalog, "collection.json")) as f:
        links = [link["href"] for link in json.load(f)["links"] if link["rel"] == "item"]
    middle = len(links) // 2
    files = [os.path.normpath(os.path.join(catalog, h)) for h in links[middle:middle + n]]

    def default(path):
        ok, message = check_catalog.default_validate(path, schemas)
        assert ok, message

    if "--profile" in sys.argv:
        default(files[0])
        profile = cProfile.Profile()
        profile.runcall(lambda: [default(p) for p in files[1:4]])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(r"referencing|validate\.py", 8)
    print(f"{len(files)} items from {catalog}")
    print("stac-validator, default validation: %.3f s an item" % per_item(files, default))

    # One registry holding every schema, crawled once; one validator per
    # schema, kept: what stac-validator rebuilds for every document.
    registry = Registry()
    for url, path in schemas.items():
        registry = registry.with_resource(
            url, Resource.from_contents(utilities.fetch_and_parse_schema(path)))
    registry = registry.crawl()
    validators = {}

    def reused(schema_path, content, schema_map=None):
        validator = validators.get(schema_path)
        if validator is None:
            schema = utilities.fetch_schema_with_override(schema_path, schema_map=schema_map)
            resource = Resource(contents=schema, specification=DRAFT202012)
            validator = Draft202012Validator(
                schema, registry=registry.with_resource(schema_path, resource).crawl())
            validators[schema_path] = validator
        validator.validate(content)

    original = validate.validate_with_ref_resolver
    validate.validate_with_ref_resolver = reused
    try:
        print("the same, one crawled registry and validators reused: %.3f s an item"
              % per_item(files, default))
    finally:
        validate.validate_with_ref_resolver = original

    fast = check_catalog.Fast(schemas)

    def fast_check(path):
        with open(path) as f:
            message = fast.validate(json.load(f))
        assert message is None, message

    print("stac-validator's fast validator (JSON reading included): %.4f s an item"
          % per_item(files, fast_check))


if __name__ == "__main__":
    main()
