//! The bundled sample: the valid dataset is clean, and each defective
//! variant reports exactly the findings its manifest lists.

mod common;

use common::{code_paths, sample, validate_json};

fn manifest(name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(sample().join(name)).expect("manifest");
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).expect("manifest JSON");
    let mut pairs: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn valid_sample_has_no_finding() {
    let (report, code) = validate_json(&sample().join("valid"), &["--fail-on", "info"]);
    assert_eq!(code_paths(&report), vec![]);
    assert_eq!(code, 0);
    let summary = &report["summary"];
    assert_eq!(summary["patches"], 6);
    assert_eq!(summary["files"]["ground_reference"], 6);
    assert_eq!(summary["files"]["s2"], 18);
    assert_eq!(summary["files"]["s1"], 24);
    assert_eq!(summary["files"]["labels"], 6);
    assert_eq!(summary["listed"]["s2"], 18);
    assert_eq!(summary["listed"]["s1"], 24);
}

#[test]
fn defective_sample_reports_exactly_its_manifest() {
    let expected = manifest("defective.manifest.json");
    let (report, code) = validate_json(&sample().join("defective"), &[]);
    assert_eq!(code_paths(&report), expected);
    assert_eq!(code, 1);
}

#[test]
fn every_structural_rule_has_a_defect_in_the_samples() {
    let mut covered: Vec<String> = manifest("defective.manifest.json")
        .into_iter()
        .chain(manifest("missing-folder.manifest.json"))
        .chain(manifest("release-defective.manifest.json"))
        .map(|(code, _)| code)
        .collect();
    covered.sort();
    covered.dedup();
    for rule in multisenge::rules::Rule::ALL {
        let code = rule.code();
        if ["L", "N", "J", "T", "S", "D"]
            .iter()
            .any(|p| code.starts_with(p))
        {
            assert!(
                covered.iter().any(|c| c == code),
                "no defect injected for {code}"
            );
        }
    }
}

#[test]
fn missing_folder_is_reported_once() {
    let (report, _) = validate_json(&sample().join("missing-folder"), &[]);
    assert_eq!(
        code_paths(&report),
        manifest("missing-folder.manifest.json")
    );
}

#[test]
fn ignoring_a_rule_removes_its_findings_and_severity_overrides_apply() {
    let (report, _) = validate_json(
        &sample().join("defective"),
        &["--ignore", "N,L00", "--severity", "T=warning"],
    );
    let pairs = code_paths(&report);
    assert!(pairs
        .iter()
        .all(|(c, _)| !c.starts_with('N') && !c.starts_with("L00")));
    assert!(pairs.iter().any(|(c, _)| c.starts_with('J')));
    for f in report["findings"].as_array().unwrap() {
        if f["code"].as_str().unwrap().starts_with('T') {
            assert_eq!(f["severity"], "warning");
        }
    }
    let (only_t, code) = validate_json(
        &sample().join("defective"),
        &[
            "--select",
            "T",
            "--fail-on",
            "error",
            "--severity",
            "T=warning",
        ],
    );
    assert!(code_paths(&only_t).iter().all(|(c, _)| c.starts_with('T')));
    assert_eq!(code, 0, "warnings do not fail at --fail-on error");
}

/// The dataset rules (D001-D004) with the generator's declarations: the
/// valid sample passes `release.toml` (its own tiles and totals), with
/// rasters and without; `release-defective/` breaks
/// `release-defective.toml` once per rule, in both modes.
#[test]
fn the_valid_sample_passes_its_declared_release() {
    let profile = sample().join("release.toml");
    let profile = profile.to_str().unwrap();
    for mode in [&[][..], &["--labels-only"][..]] {
        let mut args = vec!["--profile", profile, "--fail-on", "info"];
        args.extend(mode);
        let (report, code) = validate_json(&sample().join("valid"), &args);
        assert_eq!(code_paths(&report), vec![], "{mode:?}");
        assert_eq!(code, 0);
        let text = std::fs::read_to_string(sample().join("release.toml")).unwrap();
        assert!(text.contains("patches = 6\ns2_files = 18\ns1_files = 24\n"));
    }
}

#[test]
fn each_dataset_rule_fires_on_the_release_defective_sample() {
    let expected = manifest("release-defective.manifest.json");
    let codes: Vec<&str> = expected.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["D001", "D002", "D003", "D004"]);
    let profile = sample().join("release-defective.toml");
    let profile = profile.to_str().unwrap();
    for mode in [&[][..], &["--labels-only"][..]] {
        let mut args = vec!["--profile", profile];
        args.extend(mode);
        let (report, code) = validate_json(&sample().join("release-defective"), &args);
        assert_eq!(code_paths(&report), expected, "{mode:?}");
        assert_eq!(code, 1);
        let messages: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            messages,
            [
                "tile 31UFQ is declared by the release but has no patch",
                "tile 31UER is not declared by the release (1 patch)",
                "28 Sentinel-1 files listed by the label files, the release declares 29",
                "2 Sentinel-2 dates, the release declares 3 to 3 a patch",
            ],
            "{mode:?}"
        );
    }
}
