//! `multisenge stac`: the catalogs of the bundled samples, of the published
//! label files and of 8 157 generated label files pass stac-validator
//! (offline, with the schemas of ../shared/stac-schemas/) and pystac reads
//! them back (tests/stac/check_catalog.py, in target/venv made by
//! scripts/install-deps.sh); what an item says is checked against its
//! label file and the tiling grid. Bad outputs are refused, and a killed
//! run leaves no half-written catalog.
//!
//! Every document of every catalog goes through stac-validator's fast
//! validator (schemas compiled once by fastjsonschema, reused for every
//! item); stac-validator's default validation, which takes about a second
//! an item of 135 assets, checks the Collection, the first and last items,
//! a sample and every item the fast one refused (docs/publish.md says why).
//! A few items broken among the 8 157 are reported, each by name.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Python of target/venv when it has stac-validator (with its fast
/// validator) and pystac.
fn python() -> Option<PathBuf> {
    let python = repo().join("target/venv/bin/python");
    let found = Command::new(&python)
        .args(["-c", "import stac_validator.fast_validator, pystac"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    require_tool("stac-validator and pystac in target/venv", found).then_some(python)
}

/// The offline STAC schemas beside the repository.
fn schemas() -> Option<PathBuf> {
    let dir = repo().join("../shared/stac-schemas");
    require_tool(
        "../shared/stac-schemas",
        dir.join("schema-map.json").exists(),
    )
    .then_some(dir)
}

fn stac(args: &[&str]) -> std::process::Output {
    let out = multisenge().arg("stac").args(args).output().unwrap();
    assert!(out.status.success(), "stac failed: {}", stderr(&out));
    out
}

/// Runs tests/stac/check_catalog.py on `catalog` with `args`: its report
/// and whether it found the catalog valid.
fn run_checker(python: &Path, schemas: &Path, catalog: &Path, args: &[&str]) -> (Value, bool) {
    let out = Command::new(python)
        .arg(repo().join("tests/stac/check_catalog.py"))
        .arg(catalog.join("collection.json"))
        .arg(schemas)
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (report, out.status.success())
}

/// Checks a catalog: every document through stac-validator's fast
/// validator, the Collection, the first and last items and every
/// `sample`-th item through its default validation, pystac's reading (of
/// `item` in detail).
fn check(python: &Path, schemas: &Path, catalog: &Path, sample: usize, item: &str) -> Value {
    let sample = sample.to_string();
    let (report, valid) = run_checker(
        python,
        schemas,
        catalog,
        &["--sample", &sample, "--item", item],
    );
    assert!(
        valid,
        "{}",
        serde_json::to_string_pretty(&report["invalid"]).unwrap()
    );
    assert_eq!(report["invalid"], serde_json::json!([]));
    assert_eq!(report["collection_valid"], true);
    let links = report["item_links"].as_u64().unwrap();
    assert_eq!(report["fast_validated"].as_u64(), Some(links + 1));
    assert_eq!(
        report["pystac_type"], "Collection",
        "{}",
        report["pystac_error"]
    );
    report
}

/// The tiling grid's upper-left corner and EPSG code of `tile`.
fn grid_origin(tile: &str) -> (u32, f64, f64) {
    let grid = std::fs::read_to_string(repo().join("validators/s2-tiling-grid.csv"))
        .or_else(|_| std::fs::read_to_string(repo().join("../shared/data/s2-tiling-grid.csv")))
        .unwrap();
    let line = grid
        .lines()
        .find(|l| l.starts_with(&format!("{tile},")))
        .unwrap();
    let f: Vec<&str> = line.split(',').collect();
    (
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
        f[3].parse().unwrap(),
    )
}

/// `path` with `..` resolved lexically, as pystac resolves hrefs.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// What an item must say of patch `id`, from its label file and the grid:
/// assets (labels, label_file, one per listed name), EPSG code, transform.
fn check_item(item: &Value, label_file: &Path, dataset_root: &Path, full: bool) {
    let label: Value = serde_json::from_str(&std::fs::read_to_string(label_file).unwrap()).unwrap();
    let id = item["id"].as_str().unwrap();
    let parts: Vec<&str> = id.split('_').collect();
    let (tile, x, y): (&str, f64, f64) = (
        parts[0],
        parts[1].parse().unwrap(),
        parts[2].parse().unwrap(),
    );
    let names = |field: &str| -> Vec<String> {
        let mut v: Vec<String> = label[field]
            .as_str()
            .unwrap()
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (s2, s1) = (names("corresponding_s2"), names("corresponding_s1"));
    let assets = item["assets"].as_object().unwrap();
    assert_eq!(assets.len(), 2 + s2.len() + s1.len(), "{id}");
    let roles = |k: &str| assets[k]["roles"].clone();
    assert_eq!(roles("labels"), serde_json::json!(["labels"]));
    assert_eq!(roles("label_file"), serde_json::json!(["metadata"]));
    let href = |k: &str| PathBuf::from(assets[k]["href"].as_str().unwrap());
    assert_eq!(href("label_file"), lexical(label_file));
    assert_eq!(
        href("labels"),
        dataset_root.join(format!("ground_reference/{tile}_GR_{}_{}.tif", x, y))
    );
    for (names, folder, bands) in [(&s2, "s2", 10), (&s1, "s1", 2)] {
        for name in names {
            let date = &name[6..14];
            let asset = &assets[&format!("{folder}_{date}")];
            assert_eq!(
                PathBuf::from(asset["href"].as_str().unwrap()),
                dataset_root.join(folder).join(name)
            );
            assert_eq!(
                asset["datetime"].as_str().unwrap(),
                format!("{}-{}-{}T00:00:00Z", &date[..4], &date[4..6], &date[6..])
            );
            assert_eq!(asset["bands"].as_array().unwrap().len(), bands);
            if full {
                assert!(dataset_root.join(folder).join(name).exists(), "{name}");
            }
        }
    }
    let projection = label["projection"].as_str().unwrap();
    let epsg: u32 = projection
        .rsplit("AUTHORITY[\"EPSG\",\"")
        .next()
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(item["epsg"], epsg);
    assert_eq!(item["code"], format!("EPSG:{epsg}"));
    assert_eq!(item["shape"], serde_json::json!([256, 256]));
    let (grid_epsg, ulx, uly) = grid_origin(tile);
    assert_eq!(grid_epsg, epsg);
    let t: Vec<f64> = item["transform"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(t, [10.0, 0.0, ulx + x * 10.0, 0.0, -10.0, uly - y * 10.0]);
    let all: Vec<&String> = s2.iter().chain(&s1).collect();
    let first = all.iter().map(|n| &n[6..14]).min().unwrap();
    let last = all.iter().map(|n| &n[6..14]).max().unwrap();
    assert!(item["start"].as_str().unwrap().starts_with(&format!(
        "{}-{}-{}",
        &first[..4],
        &first[4..6],
        &first[6..]
    )));
    assert!(item["end"].as_str().unwrap().starts_with(&format!(
        "{}-{}-{}",
        &last[..4],
        &last[4..6],
        &last[6..]
    )));
    let classes: Vec<u64> = label["labels"]
        .as_str()
        .unwrap()
        .split(';')
        .map(|c| c.parse().unwrap())
        .collect();
    assert_eq!(
        item["label_classes"][0]["classes"],
        serde_json::json!(classes)
    );
}

#[test]
fn the_samples_and_the_published_labels_pass_stac_validator_and_pystac_reads_them() {
    let (Some(python), Some(schemas)) = (python(), schemas()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for name in ["valid", "defective"] {
        let dataset = sample().join(name);
        let out = dir.path().join(name);
        stac(&[dataset.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let item = "31UGQ_257_0";
        let r = check(&python, &schemas, &out, 1, item);
        let labels = std::fs::read_dir(dataset.join("labels")).unwrap().count();
        assert!(r["pystac_items"].as_u64().unwrap() > 0);
        assert_eq!(r["item_links"], r["pystac_items"]);
        if name == "valid" {
            assert_eq!(r["pystac_items"].as_u64(), Some(labels as u64));
            assert_eq!(r["item"]["id"], item);
            check_item(
                &r["item"],
                &dataset.join(format!("labels/{item}.json")),
                &lexical(&dataset),
                true,
            );
            assert_eq!(
                r["cite_as"],
                serde_json::json!(["https://doi.org/10.5194/isprs-annals-V-3-2022-635-2022"])
            );
        }
    }
    // A dataset without any patch gives a catalog without items, still valid.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    stac(&[
        empty.to_str().unwrap(),
        "-o",
        dir.path().join("empty-stac").to_str().unwrap(),
    ]);
    let r = check(&python, &schemas, &dir.path().join("empty-stac"), 1, "");
    assert_eq!(r["pystac_items"], 0);

    // Relative links: a dataset moved with the catalog inside it still
    // reads, and its assets still point at its files.
    let copy = dir.path().join("copy");
    copy_tree(&sample().join("valid"), &copy);
    stac(&[
        copy.to_str().unwrap(),
        "-o",
        copy.join("stac").to_str().unwrap(),
    ]);
    let moved = dir.path().join("elsewhere/moved");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&copy, &moved).unwrap();
    let r = check(&python, &schemas, &moved.join("stac"), 1, "31UGQ_257_0");
    for asset in r["item"]["assets"].as_object().unwrap().values() {
        let href = asset["href"].as_str().unwrap();
        assert!(
            href.starts_with(moved.to_str().unwrap()) && Path::new(href).exists(),
            "{href}"
        );
    }

    let Some(published) = published_labels() else {
        return;
    };
    let out = dir.path().join("published");
    stac(&[published.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let first = {
        let mut names: Vec<String> = std::fs::read_dir(&published)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names[0].trim_end_matches(".json").to_string()
    };
    // Every item through the fast validator; every 8th through the default
    // validation (about a second an item here: 135 assets each).
    let r = check(&python, &schemas, &out, 8, &first);
    assert!(r["default_validated"].as_u64().unwrap() > 126 / 8);
    assert_eq!(r["pystac_items"], 126);
    assert_eq!(r["item"]["id"], first.as_str());
    // A folder of label files: its parent is the dataset root.
    let root = lexical(&published).parent().unwrap().to_path_buf();
    check_item(
        &r["item"],
        &published.join(format!("{first}.json")),
        &root,
        false,
    );
    let b = &r["extent"]["spatial"]["bbox"][0];
    // The 126 patches of tiles 31UER and 32UMU: about 3.9-7.7°E, 48.3-49.8°N.
    assert!(
        b[0].as_f64().unwrap() > 3.0 && b[2].as_f64().unwrap() < 9.0,
        "{b}"
    );
    assert!(
        b[1].as_f64().unwrap() > 47.5 && b[3].as_f64().unwrap() < 50.5,
        "{b}"
    );
}

/// 8 157 label files in the published format and their catalog, in `dir`.
fn catalog_of_8157(dir: &Path) -> (PathBuf, PathBuf) {
    let dataset = dir.join("labels8157");
    let gen = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .args(["labels", dataset.to_str().unwrap(), "--patches", "8157"])
        .output()
        .unwrap();
    assert!(gen.status.success());
    let out = dataset.join("stac");
    stac(&[dataset.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    (dataset, out)
}

#[test]
fn the_catalog_of_8157_label_files_passes_and_reads_back() {
    let (Some(python), Some(schemas)) = (python(), schemas()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (dataset, out) = catalog_of_8157(dir.path());
    let item = "31TBE_0_0";
    // The Collection and all 8 157 items through the fast validator, the
    // Collection and 10 items through the default validation, pystac reads
    // all 8 157.
    let r = check(&python, &schemas, &out, 1000, item);
    assert_eq!(r["fast_validated"], 8158);
    assert_eq!(r["default_validated"], 11);
    assert_eq!(r["pystac_items"], 8157);
    assert_eq!(r["item"]["id"], item);
    check_item(
        &r["item"],
        &dataset.join(format!("labels/{item}.json")),
        &lexical(&dataset),
        false,
    );
}

/// A few items broken among the 8 157, each against another schema (the
/// core item schema, the projection and the label extensions, a date's
/// format), are reported by the fast validator, each by its file and id,
/// and nothing else is; the default validation refuses the three that
/// break a schema's structure too (it does not check formats).
#[test]
fn broken_items_among_8157_are_reported_by_name() {
    let (Some(python), Some(schemas)) = (python(), schemas()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = catalog_of_8157(dir.path());
    let collection: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("collection.json")).unwrap())
            .unwrap();
    let items: Vec<&str> = collection["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["rel"] == "item")
        .map(|l| l["href"].as_str().unwrap().trim_start_matches("./"))
        .collect();
    assert_eq!(items.len(), 8157);
    type Break = fn(&mut Value);
    let breaks: [(usize, &str, Break); 4] = [
        (1_234, "href", |i| {
            let assets = i["assets"].as_object_mut().unwrap();
            let key = assets
                .keys()
                .find(|k| k.starts_with("s1_"))
                .unwrap()
                .clone();
            assets[&key].as_object_mut().unwrap().remove("href");
        }),
        (4_321, "proj:shape", |i| {
            i["properties"]["proj:shape"] = serde_json::json!([256])
        }),
        (6_000, "label:", |i| {
            i["properties"]["label:type"] = serde_json::json!("rasta")
        }),
        (8_100, "end_datetime", |i| {
            i["properties"]["end_datetime"] = serde_json::json!("2020-13-45T00:00:00Z")
        }),
    ];
    for (index, _, break_it) in &breaks {
        let path = out.join(items[*index]);
        let mut item: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        break_it(&mut item);
        std::fs::write(&path, serde_json::to_string(&item).unwrap()).unwrap();
    }
    let (report, valid) = run_checker(
        &python,
        &schemas,
        &out,
        &["--sample", "0", "--no-read-back"],
    );
    assert!(!valid);
    let named = |validator: &str| -> Vec<(String, String)> {
        report["invalid"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["validator"] == validator)
            .map(|e| {
                (
                    e["file"].as_str().unwrap().to_string(),
                    e["message"].to_string(),
                )
            })
            .collect()
    };
    let fast = named("stac-validator fast");
    let default = named("stac-validator");
    assert_eq!(fast.len(), breaks.len(), "{fast:?}");
    for (k, (index, field, _)) in breaks.iter().enumerate() {
        let file = items[*index];
        let id = Path::new(file).file_stem().unwrap().to_str().unwrap();
        let entry = report["invalid"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["validator"] == "stac-validator fast" && e["file"] == file)
            .unwrap_or_else(|| panic!("{file} not reported: {fast:?}"));
        assert_eq!(entry["id"], id);
        if k < 3 {
            let refused = default.iter().find(|(f, _)| f == file);
            assert!(
                refused.is_some_and(|(_, m)| m.contains(field)),
                "{file}: {default:?}"
            );
        }
    }
    // Nothing else is named.
    assert_eq!(default.len(), 3, "{default:?}");
    assert_eq!(report["fast_validated"], 8158);
    assert_eq!(report["collection_valid"], true);
}

#[test]
fn outputs_are_refused_or_replaced_whole_and_asset_bases_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("valid");
    let out = dir.path().join("catalog");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("mine.txt"), "keep").unwrap();
    let refused = run(&[
        "stac",
        dataset.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("exists and is not empty; use --force"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt")).unwrap(),
        "keep"
    );
    stac(&[
        dataset.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(!out.join("mine.txt").exists());
    assert!(out.join("collection.json").exists());
    // An empty folder is filled; a file is refused; nothing is left beside.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    stac(&[dataset.to_str().unwrap(), "-o", empty.to_str().unwrap()]);
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let r = run(&[
        "stac",
        dataset.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".multisenge-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // --asset-base: absolute URLs only; hrefs are URL + path.
    let r = run(&[
        "stac",
        dataset.to_str().unwrap(),
        "-o",
        dir.path().join("u").to_str().unwrap(),
        "--asset-base",
        "example.org/x",
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        stderr(&r).contains("--asset-base <URL>': `example.org/x`: expected an absolute URL"),
        "{}",
        stderr(&r)
    );
    let based = dir.path().join("based");
    stac(&[
        dataset.to_str().unwrap(),
        "-o",
        based.to_str().unwrap(),
        "--asset-base",
        "https://example.org/ms",
    ]);
    let item: Value = serde_json::from_str(
        &std::fs::read_to_string(based.join("items/31UGQ/31UGQ_257_0.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        item["assets"]["labels"]["href"],
        "https://example.org/ms/ground_reference/31UGQ_GR_257_0.tif"
    );
    assert_eq!(item["links"][0]["href"], "../../collection.json");
    // A profile key out of its limits is a configuration error.
    let profile = dir.path().join("p.toml");
    let text = std::fs::read_to_string("validators/multisenge.toml")
        .unwrap()
        .replace("license = \"various\"", "license = \"CC BY 4.0\"");
    std::fs::write(&profile, text).unwrap();
    let r = run(&[
        "stac",
        dataset.to_str().unwrap(),
        "-o",
        dir.path().join("p").to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        stderr(&r).contains("[publication] license = \"CC BY 4.0\": expected an SPDX identifier"),
        "{}",
        stderr(&r)
    );
}

/// Every file under `dir` with its bytes (temporary ones too).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).into_iter().flatten() {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(
                    path.strip_prefix(root).unwrap().into(),
                    std::fs::read(&path).unwrap_or_default(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Killed at spread-out points (SIGKILL, and SIGTERM as a front end's
/// Cancel sends), `stac` and `report` leave the old output or a complete
/// new one, never part of one; what SIGKILL leaves (its temporary folder)
/// is swept by the next run writing there, and SIGTERM leaves nothing.
#[test]
fn a_killed_run_leaves_no_half_written_catalog_or_report() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("labels");
    let gen = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .args(["labels", dataset.to_str().unwrap(), "--patches", "1500"])
        .output()
        .unwrap();
    assert!(gen.status.success());
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).unwrap();
    let command = |what: &str, out: &Path| {
        let mut c = multisenge();
        c.arg(what)
            .arg(&dataset)
            .arg("-o")
            .arg(out)
            .arg("--force")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    for (what, name) in [("stac", "catalog"), ("report", "report.html")] {
        let out = outputs.join(name);
        // The uninterrupted run, and how long it takes.
        let started = std::time::Instant::now();
        assert!(command(what, &out).status().unwrap().success());
        let full = started.elapsed();
        let reference = if out.is_dir() {
            tree(&out)
        } else {
            BTreeMap::from([(PathBuf::new(), std::fs::read(&out).unwrap())])
        };
        // An older output in place, that must stay whole until replaced.
        for (i, signal) in [9, 15, 9, 15, 9, 9].into_iter().enumerate() {
            let mut child = command(what, &out).spawn().unwrap();
            std::thread::sleep(full.mul_f64(0.15 * (i + 1) as f64));
            unsafe { libc::kill(child.id() as i32, signal) };
            let _ = child.wait();
            let now = if out.is_dir() {
                tree(&out)
            } else {
                BTreeMap::from([(PathBuf::new(), std::fs::read(&out).unwrap())])
            };
            assert!(
                now == reference,
                "{what} after signal {signal} at trial {i}: output changed or partial"
            );
            let temporaries: Vec<String> = std::fs::read_dir(&outputs)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".multisenge-"))
                .collect();
            if signal == 15 {
                assert!(
                    temporaries.is_empty(),
                    "{what}: SIGTERM left {temporaries:?}"
                );
            }
        }
        // The next run sweeps what SIGKILL left.
        assert!(command(what, &out).status().unwrap().success());
        let left = std::fs::read_dir(&outputs)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".multisenge-")
            })
            .count();
        assert_eq!(left, 0, "{what}: temporaries left after a clean run");
    }
}

#[test]
fn stac_help() {
    let out = run(&["stac", "--help"]);
    assert!(out.status.success());
    insta::assert_snapshot!("stac_help", stdout(&out));
}

/// The QGIS backend's jobs: `run stac` and `run report` write what the
/// subcommands write and name it in their result.
#[test]
fn the_backend_jobs_write_the_catalog_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("valid");
    let catalog = dir.path().join("catalog");
    let html = dir.path().join("report.html");
    for (job, out) in [("stac", &catalog), ("report", &html)] {
        let params = serde_json::json!({ "DATASET": dataset, "OUTPUT": out }).to_string();
        let o = run(&["run", job, "--params", &params]);
        assert!(o.status.success(), "{}", stderr(&o));
        let last: Value = serde_json::from_str(stdout(&o).lines().last().unwrap()).unwrap();
        assert_eq!(last["result"]["OUTPUT"], out.to_str().unwrap());
        if job == "stac" {
            assert_eq!(last["result"]["ITEMS"], 6);
        } else {
            assert_eq!(last["result"]["PATCHES"], 6);
        }
    }
    assert_eq!(
        std::fs::read_dir(catalog.join("items/31UGQ"))
            .unwrap()
            .count(),
        3
    );
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("id=\"count-patches\" data-value=\"6\""));
    // Without overwrite, an existing output is an error, and stays.
    let params = serde_json::json!({ "DATASET": dataset, "OUTPUT": catalog }).to_string();
    let o = run(&["run", "stac", "--params", &params]);
    assert!(!o.status.success());
    assert!(
        stdout(&o).contains("exists and is not empty"),
        "{}",
        stdout(&o)
    );
}
