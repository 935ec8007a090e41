//! `multisenge algorithms` and `multisenge run`: the descriptors front ends
//! read (snapshots: review every change, the QGIS plugin builds its
//! dialogs from them), the JSON lines of a run, its errors, and
//! cancellation by SIGTERM.

mod common;
mod generalize_common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{run, sample, stdout};
use serde_json::{json, Value};

#[test]
fn descriptors() {
    let listing = run(&["algorithms"]);
    assert_eq!(listing.status.code(), Some(0));
    insta::assert_snapshot!("algorithms", stdout(&listing));
    let json = run(&["algorithms", "--json"]);
    assert_eq!(json.status.code(), Some(0));
    let value: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["schema"], 1);
    assert_eq!(value["version"], env!("CARGO_PKG_VERSION"));
    insta::assert_snapshot!("algorithms_json", stdout(&json));
    insta::assert_snapshot!("run_help", stdout(&run(&["run", "--help"])));
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn validate_job_reports_progress_then_names_its_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let params = json!({
        "DATASET": sample().join("defective"),
        "OUTPUT": out("findings.gpkg"),
        "REPORT": out("report.json"),
        "SUMMARY": out("summary.txt"),
    });
    // Parameters on standard input.
    let output = common::run_with_stdin(
        common::multisenge().args(["run", "validate"]),
        params.to_string().as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0));
    let lines = lines(&stdout(&output));
    let progress: Vec<f64> = lines
        .iter()
        .filter_map(|l| l["progress"].as_f64())
        .collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert_eq!(progress.last(), Some(&100.0));
    assert!(lines.iter().any(|l| l["log"].is_string()));
    let result = &lines.last().unwrap()["result"];
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out("report.json")).unwrap()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(result["FINDINGS"], findings.len());
    let with_patch = findings.iter().filter(|f| !f["patch"].is_null()).count();
    let located = result["LOCATED"].as_u64().unwrap() as usize;
    assert!(
        located > 0 && located <= with_patch,
        "{located} of {with_patch}"
    );
    for name in ["OUTPUT", "REPORT", "SUMMARY"] {
        let path = result[name].as_str().unwrap();
        assert!(std::path::Path::new(path).is_file(), "{name}: {path}");
    }
    let summary = std::fs::read_to_string(out("summary.txt")).unwrap();
    assert!(summary.contains("L002"), "{summary}");
    // The layer: GDAL's own reading of it.
    let info = Command::new("ogrinfo")
        .args(["-ro", "-so", &out("findings.gpkg"), "findings"])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains(&format!("Feature Count: {located}")),
        "{info}"
    );
    for field in [
        "code: String",
        "severity: String",
        "message: String",
        "file: String",
    ] {
        assert!(info.contains(field), "{field} in {info}");
    }
    // The per-patch layer against the GeoJSON report (the oracle): one
    // feature per patch, its distinct codes joined, the worst severity.
    let (geojson, _) = common::validate_as(&sample().join("defective"), "geojson", &[]);
    let geojson: Value = serde_json::from_str(&geojson).unwrap();
    let rank = |s: &str| ["info", "warning", "error"].iter().position(|r| *r == s);
    let mut want: std::collections::BTreeMap<
        String,
        (std::collections::BTreeSet<String>, String, usize),
    > = Default::default();
    for f in geojson["features"].as_array().unwrap() {
        let p = &f["properties"];
        let key = format!("{} {} {}", p["tile"].as_str().unwrap(), p["x"], p["y"]);
        let entry = want
            .entry(key)
            .or_insert_with(|| (Default::default(), "info".into(), 0));
        entry.0.insert(p["code"].as_str().unwrap().to_string());
        let severity = p["severity"].as_str().unwrap();
        if rank(severity) > rank(&entry.1) {
            entry.1 = severity.to_string();
        }
        entry.2 += 1;
    }
    let info = Command::new("ogrinfo")
        .args([
            "-ro",
            "-q",
            "-geom=NO",
            &out("findings.gpkg"),
            "findings_by_patch",
        ])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let mut got: std::collections::BTreeMap<
        String,
        (std::collections::BTreeSet<String>, String, usize),
    > = Default::default();
    for block in info.split("OGRFeature(").skip(1) {
        let field = |name: &str| {
            block
                .lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{name} (")))
                .and_then(|l| l.split_once(") = "))
                .map(|(_, v)| v.to_string())
                .unwrap_or_default()
        };
        let key = format!("{} {} {}", field("tile"), field("x"), field("y"));
        let codes = field("codes").split(", ").map(str::to_string).collect();
        got.insert(
            key,
            (codes, field("severity"), field("count").parse().unwrap()),
        );
    }
    assert!(want.len() > 5, "{want:?}");
    assert_eq!(got, want);
}

#[test]
fn bad_requests_are_refused_with_one_error_line() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("exists.gpkg");
    std::fs::write(&existing, "x").unwrap();
    let dataset = sample().join("defective").display().to_string();
    let source = generalize_common::source(dir.path(), 500);
    let cases: Vec<(&str, String)> = vec![
        ("nosuchjob", "{}".into()),
        ("validate", "{not json".into()),
        ("validate", "[]".into()),
        ("validate", "{}".into()),
        (
            "validate",
            json!({"DATASET": "/no/such/folder", "OUTPUT": "x.gpkg"}).to_string(),
        ),
        (
            "validate",
            json!({"DATASET": dataset, "OUTPUT": existing}).to_string(),
        ),
        (
            "validate",
            json!({"DATASET": dataset, "OUTPUT": "x.gpkg", "COLOR": 1}).to_string(),
        ),
        (
            "compare",
            json!({"SOURCE": dataset, "RASTER": dataset, "OUTPUT": "r.json", "SUPERSAMPLE": 5})
                .to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": dataset, "OUTPUT": "g.tif", "MMU": -1}).to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": dataset, "OUTPUT": "g.tif", "CONNECTIVITY": "6"}).to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": format!("{}|layername=nosuch", source.display()), "OUTPUT": "g.tif"})
                .to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": format!("{}|layerid=7", source.display()), "OUTPUT": "g.tif"})
                .to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": format!("{}|layerid=x", source.display()), "OUTPUT": "g.tif"})
                .to_string(),
        ),
        (
            "generalize",
            json!({"SOURCE": format!("{}|where=1", source.display()), "OUTPUT": "g.tif"})
                .to_string(),
        ),
        (
            "compare",
            json!({"SOURCE": source, "RASTER": source, "OUTPUT": "r.json", "CONFIG": "nosuch"})
                .to_string(),
        ),
        (
            "validate",
            json!({"DATASET": dataset, "OUTPUT": "x.gpkg", "PROFILE": "paper"}).to_string(),
        ),
    ];
    let mut shown = String::new();
    for (id, params) in cases {
        let output = run(&["run", id, "--params", &params]);
        assert_eq!(output.status.code(), Some(2), "{id} {params}");
        let lines = lines(&stdout(&output));
        assert_eq!(lines.len(), 1, "{lines:?}");
        let error = lines[0]["error"].as_str().unwrap();
        shown.push_str(&format!(
            "{id} {}\n  {}\n",
            params.replace(&dataset, "[SAMPLE]"),
            error
                .replace(&dataset, "[SAMPLE]")
                .replace(dir.path().to_str().unwrap(), "[DIR]")
        ));
    }
    let shown = shown.replace(dir.path().to_str().unwrap(), "[DIR]");
    insta::assert_snapshot!("run_errors", shown);
    assert_eq!(std::fs::read(&existing).unwrap(), b"x");
}

#[test]
fn sigterm_stops_a_job_and_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let source = generalize_common::source(dir.path(), 3000);
    // A whole tile: long enough to be cancelled while working.
    let params = json!({
        "SOURCE": source,
        "TILE": "31UGQ",
        "OUTPUT": dir.path().join("gr.tif"),
        "PATCHES": dir.path().join("patches"),
    });
    let mut child = common::multisenge()
        .args(["run", "generalize", "--params", &params.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = Vec::new();
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "ended early: {seen:?}"
        );
        let value: Value = serde_json::from_str(&line).unwrap();
        seen.push(value.clone());
        if value["progress"].as_f64().is_some_and(|p| p > 0.0) {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert_eq!(
        lines(&rest).last(),
        Some(&json!({"cancelled": true, "signal": "SIGTERM"}))
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["source.gpkg"]);
}

#[test]
fn generalize_and_compare_jobs_write_what_their_results_name() {
    let dir = tempfile::tempdir().unwrap();
    let source = generalize_common::source(dir.path(), 2000);
    let like = generalize_common::like(dir.path(), 200);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let run_job = |id: &str, params: Value| -> Value {
        let output = run(&["run", id, "--params", &params.to_string()]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        lines(&stdout(&output)).pop().unwrap()["result"].clone()
    };
    // The land-cover layer named as OGR does, a bundled profile by name.
    let layer = format!("{}|layername=landcover", source.display());
    let output = run(&[
        "run",
        "generalize",
        "--params",
        &json!({"SOURCE": layer, "CONFIG": "paper", "LIKE": like, "OUTPUT": path("gr.tif"),
                "FILL_PROPAGATION_LIMIT": 0})
        .to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let events = lines(&stdout(&output));
    assert_eq!(
        events.last().unwrap()["result"],
        json!({"OUTPUT": path("gr.tif")})
    );
    // Phases in the pipeline's order, each with the share done before it.
    let phases: Vec<(&str, f64)> = events
        .iter()
        .filter_map(|e| Some((e["phase"].as_str()?, e["progress"].as_f64()?)))
        .collect();
    let names: Vec<&str> = phases.iter().map(|p| p.0).collect();
    assert_eq!(
        names,
        [
            "read",
            "rasterize",
            "sieve",
            "fill",
            "close",
            "roads",
            "final-mmu",
            "write",
            "done"
        ]
    );
    assert!(phases.windows(2).all(|w| w[0].1 < w[1].1), "{phases:?}");
    assert_eq!(phases[0].1, 1.0);
    assert_eq!(phases.last().unwrap().1, 99.0);
    let compared = run_job(
        "compare",
        json!({
            "SOURCE": format!("{}|layerid=0", source.display()), "CONFIG": "paper",
            "RASTER": path("gr.tif"), "OUTPUT": path("report.json"),
            "LOST": path("lost.gpkg"), "DISAGREEMENT": path("dis.tif"), "QUICKLOOK": path("q.png"),
        }),
    );
    for (name, file) in [
        ("OUTPUT", "report.json"),
        ("LOST", "lost.gpkg"),
        ("DISAGREEMENT", "dis.tif"),
        ("QUICKLOOK", "q.png"),
    ] {
        assert_eq!(compared[name], path(file));
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(path("report.json")).unwrap()).unwrap();
    assert!(
        report["overall_accuracy"].as_f64().is_some_and(|a| a > 0.5),
        "{report}"
    );
    // The report's figures are numeric results too.
    for (name, field) in [
        ("OVERALL_ACCURACY", &report["overall_accuracy"]),
        ("KAPPA", &report["kappa"]),
        ("WEIGHTED_F1", &report["weighted_f1"]),
        ("LOST_COUNT", &report["lost_polygons"]["count"]),
        ("LOST_AREA", &report["lost_polygons"]["area"]),
        ("UNCOVERED_AREA", &report["uncovered_area"]),
    ] {
        assert!(field.is_number(), "{name}: {field}");
        assert_eq!(&compared[name], field, "{name}");
    }
    // The layer named in SOURCE is the one read: the roads layer's lines
    // are refused as land cover.
    let roads = format!("{}|layername=roads", source.display());
    let params = json!({"SOURCE": roads, "LIKE": like, "OUTPUT": path("r.tif")});
    let output = run(&["run", "generalize", "--params", &params.to_string()]);
    assert_eq!(output.status.code(), Some(2));
    let error = lines(&stdout(&output)).pop().unwrap()["error"].clone();
    assert!(error.as_str().unwrap().contains("roads"), "{error}");
    assert!(!dir.path().join("r.tif").exists());

    // The library's own refusal (a tile code not in the grid) ends the job,
    // with its message in the error line.
    let params = json!({"SOURCE": source, "TILE": "31UAA", "OUTPUT": path("t.tif")});
    let output = run(&["run", "generalize", "--params", &params.to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        lines(&stdout(&output)).pop().unwrap()["error"],
        "--tile 31UAA: not a tile of the Sentinel-2 tiling grid"
    );
    assert!(!dir.path().join("t.tif").exists());
}

/// What QGIS once turned into another value (`MMU=abc` sent as 0, `12.7`
/// as 12, `NOTACRS` as EPSG:4326, `maybe` as true, an unknown name as the
/// first option), and outputs of a format the job does not write: each is
/// refused before the job starts, exit code 2, with one error line naming
/// the parameter and the value, and nothing written.
#[test]
fn values_are_parsed_strictly_never_coerced() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("valid").display().to_string();
    let lc = dir.path().join("lc.gpkg");
    std::fs::write(&lc, "x").unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    let generalize = |extra: Value| {
        let mut p = json!({"SOURCE": lc, "OUTPUT": out("g.tif")});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        ("generalize", p)
    };
    let footprints = |extra: Value| {
        let mut p = json!({"DATASET": dataset, "OUTPUT": out("f.gpkg")});
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        ("footprints", p)
    };
    let cases = [
        (generalize(json!({"MMU": "abc"})), "parameter MMU: `abc`: expected pixels"),
        (generalize(json!({"MMU": 12.7})), "parameter MMU: `12.7`: expected pixels"),
        (
            generalize(json!({"FILL_PROPAGATION_LIMIT": 12.7})),
            "parameter FILL_PROPAGATION_LIMIT: `12.7`: expected a whole number from 0 to 100000 px",
        ),
        (
            generalize(json!({"FILL_PROPAGATION_LIMIT": "12.7"})),
            "parameter FILL_PROPAGATION_LIMIT: `12.7`: expected a whole number",
        ),
        (
            generalize(json!({"FILL_PROPAGATION_LIMIT": "NaN"})),
            "parameter FILL_PROPAGATION_LIMIT: `NaN`: expected a whole number",
        ),
        (
            footprints(json!({"T_SRS": "NOTACRS"})),
            "parameter T_SRS: `NOTACRS`: not a CRS GDAL knows",
        ),
        (
            footprints(json!({"LABELS_ONLY": "maybe"})),
            "parameter LABELS_ONLY: `maybe`: expected true or false",
        ),
        (
            footprints(json!({"LABELS_ONLY": 1})),
            "parameter LABELS_ONLY: `1`: expected true or false",
        ),
        (
            generalize(json!({"PIXEL_RULE": "nearest"})),
            "parameter PIXEL_RULE: `nearest`: expected one of majority, centre",
        ),
        (
            generalize(json!({"CONNECTIVITY": 6})),
            "parameter CONNECTIVITY: `6`: expected one of 8, 4",
        ),
        (
            generalize(json!({"OUTPUT": out("g.png")})),
            "parameter OUTPUT: `[DIR]/g.png`: unknown output format; expected a .tif or .tiff file",
        ),
        (
            footprints(json!({"OUTPUT": out("f.shp")})),
            "parameter OUTPUT: `[DIR]/f.shp`: unknown output format; expected a .gpkg, .geojson or .json file",
        ),
        (
            ("validate", json!({"DATASET": dataset, "OUTPUT": out("f.shp")})),
            "parameter OUTPUT: `[DIR]/f.shp`: unknown output format; expected a .gpkg file",
        ),
        (
            (
                "compare",
                json!({"SOURCE": lc, "RASTER": lc, "OUTPUT": out("r.json"), "LOST": out("l.shp")}),
            ),
            "parameter LOST: `[DIR]/l.shp`: unknown output format; expected a .gpkg file",
        ),
        (
            (
                "compare",
                json!({"SOURCE": lc, "RASTER": lc, "OUTPUT": out("r.json"), "QUICKLOOK": out("q.jpg")}),
            ),
            "parameter QUICKLOOK: `[DIR]/q.jpg`: unknown output format; expected a .png file",
        ),
        (
            generalize(json!({"OUTPUT": "-"})),
            "parameter OUTPUT: `-`: this output cannot be written to standard output",
        ),
        (
            generalize(json!({"SOURCE": format!("{}|subset=x", lc.display())})),
            "parameter SOURCE: `|subset=x`: only |layername=NAME or |layerid=N",
        ),
        (
            generalize(json!({"CONFIG": "plus"})),
            "parameter CONFIG: plus: no such file, nor a bundled profile (paper, ocsge-plus)",
        ),
        (
            footprints(json!({"PROFILE": "paper"})),
            "parameter PROFILE: paper: no such file, nor a bundled profile (multisenge, multisenge-release)",
        ),
        (
            ("select", json!({"DATASET": dataset, "OUTPUT": out("s.json"), "MIN_S2_DATES": -1})),
            "parameter MIN_S2_DATES: `-1`: expected a whole number from 0 to 100000 dates",
        ),
        (
            ("select", json!({"DATASET": dataset, "OUTPUT": out("s.json"), "PERIODS": "20200301"})),
            "parameter PERIODS: ",
        ),
        (
            ("validate", json!({"DATASET": dataset, "OUTPUT": out("f.gpkg"), "SELECT": 3})),
            "parameter SELECT: `3`: expected text",
        ),
    ];
    for ((id, params), fragment) in cases {
        let output = run(&["run", id, "--params", &params.to_string()]);
        assert_eq!(output.status.code(), Some(2), "{id} {params}");
        let lines = lines(&stdout(&output));
        assert_eq!(lines.len(), 1, "{lines:?}");
        let error = lines[0]["error"]
            .as_str()
            .unwrap()
            .replace(dir.path().to_str().unwrap(), "[DIR]");
        assert!(
            error.contains(fragment),
            "{id} {params}:\n  {error}\n  expected {fragment}"
        );
    }
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["lc.gpkg"]);
}

/// A bundled profile's name is a profile wherever one is taken, and a
/// vector layer named with OGR's `|layername=` or `|layerid=` is the layer
/// read (the land cover's name in the source is its first layer's).
#[test]
fn bundled_profiles_and_named_layers_are_taken() {
    let dir = tempfile::tempdir().unwrap();
    let source = generalize_common::source(dir.path(), 2000);
    let like = generalize_common::like(dir.path(), 100);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let run_job = |id: &str, params: Value| {
        let output = run(&["run", id, "--params", &params.to_string()]);
        (output.status.code(), lines(&stdout(&output)).pop().unwrap())
    };
    let (code, last) = run_job(
        "stats",
        json!({"DATASET": sample().join("valid"), "PROFILE": "multisenge", "OUTPUT": path("s.json")}),
    );
    assert_eq!(code, Some(0), "{last}");
    let generalize = |source: String, config: &str, output: &str| {
        run_job(
            "generalize",
            json!({"SOURCE": source, "LIKE": like, "CONFIG": config, "OUTPUT": path(output),
                   "FILL_PROPAGATION_LIMIT": 0}),
        )
    };
    let layers = std::process::Command::new("ogrinfo")
        .args(["-ro", "-q", &source.display().to_string()])
        .output()
        .unwrap();
    let layers = String::from_utf8_lossy(&layers.stdout);
    let first = layers
        .lines()
        .find_map(|l| l.strip_prefix("1: "))
        .and_then(|l| l.split_whitespace().next())
        .expect("the source's first layer");
    let s = source.display();
    let (code, last) = generalize(format!("{s}|layername={first}"), "paper", "a.tif");
    assert_eq!(code, Some(0), "{last}");
    let (code, last) = generalize(format!("{s}|layerid=0"), "paper", "b.tif");
    assert_eq!(code, Some(0), "{last}");
    let a = generalize_common::read(&dir.path().join("a.tif"));
    assert_eq!(a, generalize_common::read(&dir.path().join("b.tif")));
    assert!(a.data.iter().any(|&c| c != 0));
    let (code, last) = generalize(s.to_string(), "ocsge-plus", "e.tif");
    assert_eq!(code, Some(0), "{last}");
    // The roads layer taken as land cover is refused as what it is, not
    // replaced by the profile's layer.
    for named in ["|layername=roads", "|layerid=1"] {
        let (code, last) = generalize(format!("{s}{named}"), "paper", "c.tif");
        assert_eq!(code, Some(2), "{last}");
        let error = last["error"].as_str().unwrap();
        assert!(
            error.contains("layer `roads`: no field"),
            "{named}: {error}"
        );
    }
    let (code, last) = generalize(format!("{s}|layerid=9"), "paper", "d.tif");
    assert_eq!(code, Some(2));
    assert!(
        last["error"]
            .as_str()
            .unwrap()
            .contains("no layer 9 (layers, from 0: "),
        "{last}"
    );
}

/// Subcommands that are not jobs: the backend's own, the manuals, and
/// `merge` and `list` (steps of batch schedulers, after and before
/// `validate --shard`).
const NOT_JOBS: [&str; 7] = [
    "algorithms",
    "run",
    "completions",
    "man",
    "merge",
    "list",
    "help",
];

/// Every subcommand of `multisenge --help` is a job of `algorithms --json`,
/// so a new subcommand shows in QGIS without plugin changes.
#[test]
fn every_job_subcommand_is_listed_by_algorithms() {
    let listed: Value = serde_json::from_str(&stdout(&run(&["algorithms", "--json"]))).unwrap();
    let ids: Vec<&str> = listed["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let help = stdout(&run(&["--help"]));
    let commands = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a Commands: section in --help");
    // Names start a line after two spaces; wrapped descriptions are deeper.
    let names: Vec<&str> = commands
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.contains(&"validate") && names.len() > 8, "{names:?}");
    for sub in names {
        assert!(
            NOT_JOBS.contains(&sub) || ids.contains(&sub),
            "subcommand `{sub}` is not a job of `algorithms --json`: add it to \
             multisenge::backend::JOBS (or to NOT_JOBS if it is not a job)"
        );
    }
}
