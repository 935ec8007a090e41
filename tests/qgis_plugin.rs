//! The QGIS plugin in real QGIS (Debian's 3.22), headless: enabled from the
//! repository, listed by `qgis_process`, `multisenge:validate` and
//! `multisenge:generalize` run through it and their outputs checked with
//! PyQGIS (tests/qgis/*.py), a job cancelled through the Processing feedback.
//! Under CI (`CI` set) a missing QGIS fails these tests instead of skipping.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
mod generalize_common;

const QGIS_PROCESS: &str = "/usr/bin/qgis_process.bin";
const PYTHON: &str = "/usr/bin/python3";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn qgis_available() -> bool {
    let ok = Path::new(QGIS_PROCESS).exists()
        && Command::new(PYTHON)
            .args(["-c", "import qgis.core"])
            .env("QT_QPA_PLATFORM", "offscreen")
            .output()
            .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "QGIS is required under CI: install qgis and python3-qgis (scripts/install-deps.sh)"
        );
        eprintln!("SKIPPED: QGIS not available (install qgis and python3-qgis)");
    }
    ok
}

/// A headless QGIS environment with its own profile folder (HOME), the
/// plugin folder on QGIS_PLUGINPATH and the freshly built program.
struct Qgis {
    home: tempfile::TempDir,
    runtime: tempfile::TempDir,
    plugins: PathBuf,
}

impl Qgis {
    fn new() -> Qgis {
        let runtime = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(runtime.path(), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        Qgis {
            home: tempfile::tempdir().unwrap(),
            runtime,
            plugins: repo().join("qgis"),
        }
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        c.env("QT_QPA_PLATFORM", "offscreen")
            .env("XDG_RUNTIME_DIR", self.runtime.path())
            .env("HOME", self.home.path())
            .env("QGIS_PLUGINPATH", &self.plugins)
            .env("MULTISENGE_BIN", env!("CARGO_BIN_EXE_multisenge"))
            .current_dir(self.home.path());
        c
    }

    fn process(&self, args: &[&str]) -> Output {
        let out = self.command(QGIS_PROCESS).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "qgis_process.bin {args:?} failed ({}): {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn python(&self, script: &str, args: &[&Path]) -> String {
        let out = self
            .command(PYTHON)
            .arg(repo().join("tests/qgis").join(script))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script} failed ({}): {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn enabled(&self) {
        self.process(&["plugins", "enable", "multisenge"]);
    }
}

/// A headless QGIS; None when QGIS is not installed (outside CI).
fn qgis_or_skip() -> Option<Qgis> {
    qgis_available().then(Qgis::new)
}

/// QGIS with the plugin enabled, and a scratch folder.
fn enabled_qgis() -> Option<(Qgis, tempfile::TempDir)> {
    let qgis = qgis_or_skip()?;
    qgis.enabled();
    Some((qgis, tempfile::tempdir().unwrap()))
}

/// Runs `command` and checks it succeeded.
fn succeed(command: &mut Command) {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn multisenge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn plugin_lists_every_job_and_validate_writes_one_feature_per_located_finding() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    qgis.enabled();
    let listed = String::from_utf8_lossy(&qgis.process(&["list"]).stdout).into_owned();
    let descriptors: serde_json::Value =
        serde_json::from_slice(&multisenge(&["algorithms", "--json"]).stdout).unwrap();
    for d in descriptors["algorithms"].as_array().unwrap() {
        let id = format!("multisenge:{}", d["id"].as_str().unwrap());
        assert!(
            listed.contains(&id),
            "{id} not in qgis_process list:\n{listed}"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let dataset = common::sample().join("defective");
    let geojson = dir.path().join("report.geojson");
    multisenge(&[
        "validate",
        dataset.to_str().unwrap(),
        "--format",
        "geojson",
        "-o",
        geojson.to_str().unwrap(),
    ]);
    let layer = dir.path().join("findings.gpkg");
    let run = qgis.process(&[
        "run",
        "multisenge:validate",
        "--",
        &format!("DATASET={}", dataset.display()),
        &format!("OUTPUT={}", layer.display()),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("LOCATED:"), "{stdout}");
    let checked = qgis.python("check_findings.py", &[&layer, &geojson]);
    assert!(checked.starts_with("OK "), "{checked}");
}

#[test]
fn generalize_through_the_plugin_gives_a_raster_qgis_shows_with_class_names() {
    let Some((qgis, dir)) = enabled_qgis() else {
        return;
    };
    let source = generalize_common::source(dir.path(), 3000);
    // The target grid: 300 x 300 px from the tile's corner.
    let like = generalize_common::like(dir.path(), 300);
    let raster = dir.path().join("gr.tif");
    qgis.process(&[
        "run",
        "multisenge:generalize",
        "--",
        &format!("SOURCE={}", source.display()),
        &format!("LIKE={}", like.display()),
        "FILL_PROPAGATION_LIMIT=0",
        &format!("OUTPUT={}", raster.display()),
    ]);
    let checked = qgis.python(
        "check_classes.py",
        &[&raster, &repo().join("validators/multisenge.toml")],
    );
    assert!(checked.starts_with("OK 14 classes"), "{checked}");
}

/// Parameters reach `run` as the user gave them: a bundled profile's name
/// and a layer named with its file are taken; text that is not a number
/// is refused naming its parameter, not turned into 0.
#[test]
fn parameters_reach_run_as_given_through_the_plugin() {
    let Some((qgis, dir)) = enabled_qgis() else {
        return;
    };
    let source = generalize_common::source(dir.path(), 3000);
    let like = generalize_common::like(dir.path(), 100);
    let run = |name: &str, extra: &[String]| {
        let output = dir.path().join(name);
        let out = qgis
            .command(QGIS_PROCESS)
            .args(["run", "multisenge:generalize", "--"])
            .arg(format!("LIKE={}", like.display()))
            .arg("FILL_PROPAGATION_LIMIT=0")
            .arg(format!("OUTPUT={}", output.display()))
            .args(extra)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success() && output.is_file(), text)
    };
    let layer = |name: &str| format!("SOURCE={}|layername={name}", source.display());
    let (ok, text) = run("a.tif", &[layer("landcover"), "CONFIG=paper".into()]);
    assert!(ok, "{text}");
    let (ok, text) = run("b.tif", &[layer("roads")]);
    assert!(!ok && text.contains("layer `roads`"), "{text}");
    let (ok, text) = run("c.tif", &[layer("landcover"), "MMU=abc".into()]);
    assert!(!ok && text.contains("MMU"), "{text}");
    assert!(!dir.path().join("b.tif").exists() && !dir.path().join("c.tif").exists());
}

/// Patches as published carry no side-car: QGIS draws them in the class
/// colours (the GeoTIFF's colour table) with the values as legend labels;
/// with PATCH_SIDECARS (`--patch-sidecars`), the class names too.
#[test]
fn patches_show_in_class_colours_and_with_names_only_with_their_sidecar() {
    let Some((qgis, dir)) = enabled_qgis() else {
        return;
    };
    let source = generalize_common::source(dir.path(), 3000);
    let like = generalize_common::like(dir.path(), 300);
    let profile = repo().join("validators/multisenge.toml");
    for (name, sidecars, labels) in [("plain", "false", "values"), ("named", "true", "names")] {
        let patches = dir.path().join(name);
        qgis.process(&[
            "run",
            "multisenge:generalize",
            "--",
            &format!("SOURCE={}", source.display()),
            &format!("LIKE={}", like.display()),
            &format!("TILE={}", generalize_common::TILE),
            &format!(
                "OUTPUT={}",
                dir.path().join(format!("{name}.tif")).display()
            ),
            &format!("PATCHES={}", patches.display()),
            &format!("PATCH_SIDECARS={sidecars}"),
        ]);
        let patch = patches.join("ground_reference/31UGQ_GR_0_0.tif");
        let sidecar = patches.join("ground_reference/31UGQ_GR_0_0.tif.aux.xml");
        assert_eq!(sidecar.exists(), sidecars == "true");
        let checked = qgis.python("check_patch.py", &[&patch, &profile, Path::new(labels)]);
        assert!(checked.starts_with("OK "), "{checked}");
        eprintln!("{name}: {checked}");
    }
}

#[test]
fn cancelling_through_the_processing_feedback_leaves_no_output() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = generalize_common::source(dir.path(), 3000);
    let checked = qgis.python(
        "cancel_job.py",
        &[&repo().join("qgis"), &source, dir.path()],
    );
    assert!(checked.starts_with("OK cancelled"), "{checked}");
}

#[test]
fn the_packaged_zip_installs_as_qgis_expects() {
    if !qgis_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("plugin.zip");
    succeed(
        Command::new(PYTHON)
            .arg(repo().join("scripts/package-qgis-plugin.py"))
            .arg(&zip),
    );
    // What the plugin manager does: extract into the profile's plugin folder.
    let plugins = dir.path().join("plugins");
    let unzip = "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); \
        assert all(n.startswith('multisenge/') for n in z.namelist()), z.namelist(); \
        assert 'multisenge/metadata.txt' in z.namelist(); z.extractall(sys.argv[2])";
    succeed(
        Command::new(PYTHON)
            .args(["-c", unzip])
            .arg(&zip)
            .arg(&plugins),
    );
    let mut qgis = Qgis::new();
    qgis.plugins = plugins;
    qgis.enabled();
    let listed = String::from_utf8_lossy(&qgis.process(&["list"]).stdout).into_owned();
    assert!(listed.contains("multisenge:validate"), "{listed}");
}

#[test]
fn a_missing_or_wrong_program_is_reported_clearly() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    // argv: plugin folder, value of the Processing setting ("" for none).
    let script = "import os, sys\n\
        from qgis.core import QgsApplication, QgsSettings\n\
        app = QgsApplication([], False); app.initQgis()\n\
        QgsSettings().setValue('Processing/Configuration/MULTISENGE_BINARY', sys.argv[2])\n\
        sys.path.insert(0, '/usr/share/qgis/python/plugins'); sys.path.insert(0, sys.argv[1])\n\
        from processing.core.Processing import Processing; Processing.initialize()\n\
        from multisenge.provider import MultisengeProvider\n\
        p = MultisengeProvider(); QgsApplication.processingRegistry().addProvider(p)\n\
        print(p.warningMessage()); print(len(p.algorithms())); sys.stdout.flush(); os._exit(0)";
    let message = |env: Option<&str>, setting: &str| {
        let mut c = qgis.command(PYTHON);
        c.args(["-c", script]).arg(repo().join("qgis")).arg(setting);
        match env {
            Some(v) => c.env("MULTISENGE_BIN", v),
            None => c.env_remove("MULTISENGE_BIN").env("PATH", "/usr/bin:/bin"),
        };
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    assert_eq!(
        message(Some("/no/such/multisenge"), ""),
        "The multisenge program set in MULTISENGE_BIN (/no/such/multisenge) is not an executable file.\n0\n"
    );
    assert_eq!(
        message(None, "/opt/none/multisenge"),
        "The multisenge program set in the Processing setting of MultiSenGE (/opt/none/multisenge) is not an executable file.\n0\n"
    );
    assert_eq!(
        message(None, ""),
        "The multisenge program was not found on PATH. Install it (cargo install --path . in its repository) or set its path in Settings > Options > Processing > Providers > MultiSenGE.\n0\n"
    );
    // The program set in the setting is used.
    let found = message(None, env!("CARGO_BIN_EXE_multisenge"));
    let descriptors: serde_json::Value =
        serde_json::from_slice(&multisenge(&["algorithms", "--json"]).stdout).unwrap();
    let jobs = descriptors["algorithms"].as_array().unwrap().len();
    assert_eq!(found, format!("\n{jobs}\n"));
    // A program that is not multisenge (or too old to know `algorithms`).
    let text = message(Some("/bin/false"), "");
    assert!(
        text.starts_with("/bin/false is too old or not the multisenge program: `algorithms --json` failed (exit code 1)"),
        "{text}"
    );
}

#[test]
fn outputs_load_as_styled_layers_as_the_processing_dialog_loads_them() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let checked = qgis.python(
        "load_outputs.py",
        &[
            &repo().join("qgis"),
            &common::sample().join("defective"),
            dir.path(),
        ],
    );
    assert!(checked.starts_with("OK loaded"), "{checked}");
}
