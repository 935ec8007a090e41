#!/usr/bin/env python3
"""Compares the reports of two multisenge binaries on the same datasets: the
text, JUnit and GitHub formats must be byte-identical, the JSON and SARIF
reports identical but for the fields the newer binary adds (each finding's
`data`, the record fields in SARIF `properties`, and the rules it adds).

Issue 20 (typed findings): the binary built from main before the change
against the one after it.

usage: compare_reports.py OLD_BIN_DIR NEW_BIN_DIR [--published DIR]
                          [--new-rule CODE]...

Each BIN_DIR holds `multisenge` and `multisenge-testdata`. The datasets:
the samples written by the OLD generator (valid, defective,
missing-folder), the defective sample written by the NEW generator, and the
published label files (labels-only) when given. Rules only the new binary
has (`--new-rule`) are ignored in its runs (`--ignore`), so that both run
the same rules; the SARIF rule list then still names them (it lists every
rule), which the comparison allows. Exits 1 on a difference.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile


def run(binary, dataset, fmt, extra):
    cmd = [binary, "validate", dataset, "--format", fmt, "--fail-on", "never"] + extra
    out = subprocess.run(cmd, capture_output=True, check=False)
    if out.returncode != 0:
        sys.exit("{} failed ({}): {}".format(" ".join(cmd), out.returncode, out.stderr.decode()))
    return out.stdout.decode()


def strip_json(report):
    for finding in report["findings"]:
        finding.pop("data", None)
    return report


def strip_sarif(sarif, new_rules, data_keys):
    run_ = sarif["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    run_["tool"]["driver"]["rules"] = [r for r in rules if r["id"] not in new_rules]
    for result in run_["results"]:
        # The index points at the rule of the same id in either list.
        assert ids[result.pop("ruleIndex")] == result["ruleId"], result
        keys = data_keys(result)
        props = result.get("properties")
        if props is not None:
            for key in keys:
                props.pop(key, None)
            if not props:
                del result["properties"]
    return sarif


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--published")
    parser.add_argument("--new-rule", action="append", default=[])
    args = parser.parse_args()
    old = os.path.join(args.old, "multisenge")
    new = os.path.join(args.new, "multisenge")
    ignore = ["--ignore", ",".join(args.new_rule)] if args.new_rule else []
    with tempfile.TemporaryDirectory() as tmp:
        samples = {}
        for which, bindir in (("old", args.old), ("new", args.new)):
            out = os.path.join(tmp, which)
            gen = os.path.join(bindir, "multisenge-testdata")
            subprocess.run([gen, "sample", out], check=True, capture_output=True)
            samples[which] = out
        datasets = [
            os.path.join(samples["old"], "valid"),
            os.path.join(samples["old"], "defective"),
            os.path.join(samples["old"], "missing-folder"),
            os.path.join(samples["new"], "defective"),
        ]
        if args.published:
            datasets.append(args.published)
        differences = 0
        for dataset in datasets:
            name = os.path.relpath(dataset, tmp) if dataset.startswith(tmp) else dataset
            for fmt in ("text", "junit", "github"):
                a, b = run(old, dataset, fmt, []), run(new, dataset, fmt, ignore)
                same = a == b
                differences += not same
                print("{:<28} {:<7} {}".format(name, fmt, "identical" if same else "DIFFERENT"))
            a = json.loads(run(old, dataset, "json", []))
            b = json.loads(run(new, dataset, "json", ignore))
            added = sum(1 for f in b["findings"] if "data" in f)
            same = a == strip_json(b)
            differences += not same
            print("{:<28} {:<7} {} but for `data` ({} findings)".format(
                name, "json", "identical" if same else "DIFFERENT", added))
            # The record fields of each result are those of its JSON finding.
            records = [f.get("data", {}) for f in json.loads(run(new, dataset, "json", ignore))["findings"]]
            a = json.loads(run(old, dataset, "sarif", []))
            b = json.loads(run(new, dataset, "sarif", ignore))
            it = iter(records)
            same = strip_sarif(a, set(), lambda r: []) == strip_sarif(
                b, set(args.new_rule), lambda r: list(next(it).keys()))
            differences += not same
            print("{:<28} {:<7} {} but for record properties{}".format(
                name, "sarif", "identical" if same else "DIFFERENT",
                " and rules " + ",".join(args.new_rule) if args.new_rule else ""))
        sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
