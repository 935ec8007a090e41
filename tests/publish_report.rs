//! `multisenge report` in a real headless browser (Debian's Chromium,
//! driven by playwright-core from target/npm, both installed by
//! scripts/install-deps.sh): the page loads without network and without
//! console errors, the map has one shape per patch, a click on a patch
//! shows its findings and files, pan, zoom and filters work, and the page
//! without JavaScript holds every finding. The counts on the page are
//! checked against `validate --format json`, also at the scale of 8 157
//! label files.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use serde_json::Value;

/// Node, Chromium and playwright-core, when installed (in CI they must be).
fn browser() -> Option<PathBuf> {
    let node = Command::new("node").arg("--version").output().is_ok();
    let chromium = Path::new("/usr/bin/chromium").exists();
    if !require_tool("node", node) || !require_tool("chromium (/usr/bin/chromium)", chromium) {
        return None;
    }
    npm_file("playwright-core/package.json")?;
    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/report_check.js"))
}

/// Opens `html` in the browser; what the page showed.
fn open_in_browser(script: &Path, html: &Path, extra: &[&str]) -> Value {
    let out = Command::new("node")
        .arg(script)
        .arg(html)
        .args(extra)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "browser check failed: {}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn report(args: &[&str]) -> std::process::Output {
    let out = multisenge().arg("report").args(args).output().unwrap();
    assert!(out.status.success(), "report failed: {}", stderr(&out));
    out
}

/// Severity rank of a finding of the JSON report.
fn rank(severity: &str) -> u8 {
    match severity {
        "error" => 3,
        "warning" => 2,
        _ => 1,
    }
}

/// `TILE_X_Y` of a finding's patch.
fn patch_id(f: &Value) -> Option<String> {
    let p = f.get("patch")?.as_object()?;
    Some(format!("{}_{}_{}", p["tile"].as_str()?, p["x"], p["y"]))
}

/// What a page shows must be what `validate` found: counts, one shape per
/// placed patch, no console message, no request.
fn check_page(page: &Value, validated: &Value, patches_on_map: u64) {
    assert_eq!(page["console"], serde_json::json!([]), "console messages");
    assert_eq!(page["errors"], serde_json::json!([]), "page errors");
    assert_eq!(page["requests"], serde_json::json!([]), "the page fetched");
    assert_eq!(page["has_js"], true);
    let s = &validated["summary"];
    assert_eq!(page["count_patches"], s["patches"]);
    assert_eq!(page["count_findings"], s["findings"]["total"]);
    assert_eq!(page["count_overlaps"], s["overlaps"]["pairs"]);
    assert_eq!(page["patch_shapes"].as_u64(), Some(patches_on_map));
    assert_eq!(page["overlap_shapes"], s["overlaps"]["pairs"]);
    assert_eq!(page["finding_rows"], s["findings"]["total"]);
    // Without JavaScript every finding is there, visible, with its rule,
    // severity and message.
    let mut want: Vec<(String, String, String)> = validated["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let rows = page["nojs_rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["visible"] == true));
    let mut got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["severity"].as_str().unwrap().to_string(),
                r["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want, "the fallback's findings");
    assert_eq!(page["nojs_patch_shapes"].as_u64(), Some(patches_on_map));
}

#[test]
fn the_defective_sample_in_a_real_browser() {
    let Some(script) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("defective");
    let html = dir.path().join("report.html");
    report(&[dataset.to_str().unwrap(), "-o", html.to_str().unwrap()]);
    let (validated, _) = validate_json(&dataset, &[]);
    let bless = std::env::var_os("MULTISENGE_BLESS").is_some();
    let shot = dir.path().join("shot.png");
    let mut extra = vec!["--click"];
    if bless {
        extra.extend(["--screenshot", shot.to_str().unwrap()]);
    }
    let page = open_in_browser(&script, &html, &extra);
    let patches = validated["summary"]["patches"].as_u64().unwrap();
    check_page(&page, &validated, patches);

    // Colours: each patch's worst finding in the JSON report.
    let mut worst: BTreeMap<String, u8> = BTreeMap::new();
    for f in validated["findings"].as_array().unwrap() {
        if let Some(id) = patch_id(f) {
            let r = worst.entry(id).or_default();
            *r = (*r).max(rank(f["severity"].as_str().unwrap()));
        }
    }
    let classes = page["shape_classes"].as_object().unwrap();
    assert_eq!(
        classes.len() as u64,
        patches,
        "one shape per patch, each its own"
    );
    for (id, class) in classes {
        let want = match worst.get(id) {
            Some(3) => "e",
            Some(2) => "w",
            Some(1) => "i",
            _ => "n",
        };
        assert_eq!(class, want, "{id}");
    }
    assert!(classes.values().any(|c| c == "n") && classes.values().any(|c| c == "e"));

    // A click on a patch shows its findings (those of the JSON report for
    // that patch, messages and codes) and its files.
    let clicked = &page["clicked"];
    assert_eq!(clicked["visible"], true);
    assert_eq!(clicked["selected"], 1);
    let id = clicked["id"].as_str().unwrap();
    let mine: Vec<&Value> = validated["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| patch_id(f).as_deref() == Some(id))
        .collect();
    assert!(!mine.is_empty());
    let shown: Vec<&str> = clicked["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(shown.len(), mine.len(), "{shown:?}");
    for f in &mine {
        let line = format!(
            "{} {} {}",
            f["severity"].as_str().unwrap(),
            f["code"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert!(shown.contains(&line.as_str()), "{line} not in {shown:?}");
    }
    let (tile, rest) = id.split_once('_').unwrap();
    let (x, y) = rest.split_once('_').unwrap();
    let files: Vec<&str> = clicked["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(files[0], format!("ground_reference/{tile}_GR_{x}_{y}.tif"));
    assert!(files
        .iter()
        .skip(1)
        .all(|f| f.ends_with(&format!("_{x}_{y}.tif")) && f.contains(tile)));
    // A patch without finding shows none.
    let clean = &page["clicked_clean"];
    assert_eq!(clean["visible"], true);
    assert_eq!(clean["findings"], serde_json::json!([]));
    assert!(!clean["files"].as_array().unwrap().is_empty());

    // Pan and zoom move the view; the severity filter keeps the errors.
    let views = &page["views"];
    assert_ne!(views["home"], views["zoomed"], "wheel zooms");
    assert_ne!(views["zoomed"], views["panned"], "drag pans");
    assert_eq!(
        page["error_rows_shown"],
        validated["summary"]["findings"]["by_severity"]["error"]
    );
    // Every rule links to its section of docs/rules.md, which exists.
    let rules_md = std::fs::read_to_string("docs/rules.md").unwrap();
    for link in page["rule_links"].as_array().unwrap() {
        let anchor = link.as_str().unwrap().rsplit_once('#').unwrap().1;
        let (code, name) = anchor.split_once('-').unwrap();
        let heading = format!("{} {name}", code.to_uppercase());
        assert!(
            rules_md.contains(&heading),
            "{heading} not in docs/rules.md"
        );
    }
    let tiles: Vec<&str> = page["tile_labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tiles, ["31UFR", "31UGQ", "32ULU"]);

    // The screenshot in docs/img is the README's; MULTISENGE_BLESS=1
    // takes it again.
    let checked_in = Path::new("docs/img/report-defective.png");
    if bless {
        std::fs::copy(&shot, checked_in).unwrap();
    }
    let png = std::fs::read(checked_in).expect("docs/img/report-defective.png");
    assert!(png.starts_with(b"\x89PNG"));
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains("](docs/img/report-defective.png)"));
}

/// 8 157 label files in the published format with overlapping pairs,
/// written by `multisenge-testdata labels`.
fn labels_8157(dir: &Path) -> PathBuf {
    let out = dir.join("labels8157");
    let status = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .args(["labels", out.to_str().unwrap(), "--patches", "8157"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    out
}

#[test]
fn the_report_of_8157_label_files_matches_validate_and_weighs_under_10_mb() {
    let Some(script) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let dataset = labels_8157(dir.path());
    let html = dir.path().join("report.html");
    report(&[dataset.to_str().unwrap(), "-o", html.to_str().unwrap()]);
    let bytes = std::fs::metadata(&html).unwrap().len();
    assert!(bytes < 10_000_000, "{bytes} bytes");
    let (validated, _) = validate_json(&dataset, &[]);
    assert_eq!(validated["summary"]["patches"], 8157);
    assert!(validated["summary"]["overlaps"]["pairs"].as_u64().unwrap() > 0);
    let page = open_in_browser(&script, &html, &[]);
    check_page(&page, &validated, 8157);
    // Measured, not judged (docs/performance.md has the figures).
    eprintln!(
        "8 157 patches: {bytes} bytes, loaded in {} ms (load event end {} ms)",
        page["load_ms"], page["navigation_ms"]
    );
}

#[test]
fn labels_only_published_labels_and_saved_outputs_give_the_same_counts() {
    let Some(script) = browser() else { return };
    let Some(published) = published_labels() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("published.html");
    report(&[published.to_str().unwrap(), "-o", html.to_str().unwrap()]);
    let (validated, _) = validate_json(&published, &[]);
    let page = open_in_browser(&script, &html, &[]);
    check_page(&page, &validated, 126);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("labels-only mode"));
    assert!(text.contains("no data (no ground-reference pixels were read)"));

    // The same from saved outputs: with the dataset, every patch placed;
    // without, the patches findings name.
    let dataset = sample().join("defective");
    let json = dir.path().join("report.json");
    let stats = dir.path().join("stats.json");
    let ok = |o: std::process::Output| assert!(o.status.code() != Some(2), "{}", stderr(&o));
    ok(run(&[
        "validate",
        dataset.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]));
    ok(run(&[
        "stats",
        dataset.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        stats.to_str().unwrap(),
    ]));
    let (validated, _) = validate_json(&dataset, &[]);
    let saved = dir.path().join("saved.html");
    let args = |out: &Path| {
        vec![
            "--from-json".to_string(),
            json.display().to_string(),
            "--stats".into(),
            stats.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ]
    };
    let with_dataset: Vec<String> = [dataset.display().to_string()]
        .into_iter()
        .chain(args(&saved))
        .collect();
    report(&with_dataset.iter().map(String::as_str).collect::<Vec<_>>());
    let page = open_in_browser(&script, &saved, &[]);
    // With the dataset beside the saved outputs, every patch `validate`
    // counts is drawn (35 in the defective sample since its R010-R012 and
    // D001-D004 patches; the count is read, not written here).
    let placed = validated["summary"]["patches"].as_u64().unwrap();
    assert!(placed >= 30, "the defective sample's patches: {placed}");
    check_page(&page, &validated, placed);
    let alone = dir.path().join("alone.html");
    let args_alone = args(&alone);
    report(&args_alone.iter().map(String::as_str).collect::<Vec<_>>());
    let page = open_in_browser(&script, &alone, &[]);
    let named: std::collections::BTreeSet<String> = validated["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(patch_id)
        .collect();
    let shapes = page["patch_shapes"].as_u64().unwrap();
    assert!(shapes > 0 && shapes <= named.len() as u64, "{shapes}");
    assert_eq!(
        page["count_findings"],
        validated["summary"]["findings"]["total"]
    );
    assert_eq!(
        page["count_overlaps"],
        validated["summary"]["overlaps"]["pairs"]
    );
    assert_eq!(
        page["overlap_shapes"],
        validated["summary"]["overlaps"]["pairs"]
    );
    let text = std::fs::read_to_string(&alone).unwrap();
    assert!(text.contains("The map shows only the patches that findings name"));
}

#[test]
fn an_existing_report_is_kept_unless_force_and_bad_saved_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("valid");
    let html = dir.path().join("report.html");
    std::fs::write(&html, "mine").unwrap();
    let out = run(&[
        "report",
        dataset.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("exists; use --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&html).unwrap(), "mine");
    report(&[
        dataset.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
        "--force",
    ]);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>") && text.trim_end().ends_with("</html>"));
    // Nothing is fetched: no URL in a src or href but the rules' links.
    assert!(!text.contains("src=\"http") && !text.contains("url(http"));

    // `-o -`: the page on standard output.
    let out = run(&["report", dataset.to_str().unwrap(), "-o", "-", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("<!DOCTYPE html>"));
    assert!(!Path::new("-").exists());

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema_version\": 1}").unwrap();
    let out = run(&[
        "report",
        "--from-json",
        bad.to_str().unwrap(),
        "--stats",
        bad.to_str().unwrap(),
        "-o",
        dir.path().join("x.html").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad.json: not a JSON report"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x.html").exists());
    // --from-json needs --stats; a dataset is needed without them.
    let out = run(&[
        "report",
        "--from-json",
        bad.to_str().unwrap(),
        "-o",
        "x.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--stats <FILE>"), "{}", stderr(&out));
    let out = run(&["report", "-o", "x.html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no dataset given"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "report",
        "/no/such/dataset",
        "-o",
        dir.path().join("y.html").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/dataset"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn report_help() {
    let out = run(&["report", "--help"]);
    assert!(out.status.success());
    insta::assert_snapshot!("report_help", stdout(&out));
}
