//! The QGIS plugin in real QGIS (Debian's 3.22), headless: enabled from the
//! repository, listed by `qgis_process`, `multisenge:validate` and
//! `multisenge:generalize` and `multisenge:triplets` run through it and
//! their outputs checked with PyQGIS (tests/qgis/*.py), a job cancelled
//! through the Processing feedback.
//! Under CI (`CI` set) a missing QGIS fails these tests instead of skipping.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
#[path = "triplets_common/mod.rs"]
mod triplets_common;
use triplets_common::generalize_common;

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
            !common::in_ci(),
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
            .env("XDG_CACHE_HOME", common::test_cache_home())
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

    /// `qgis_process.bin run ALG -- ARGS`: (success, stdout and stderr).
    fn try_run(&self, algorithm: &str, args: &[String]) -> (bool, String) {
        let out = self
            .command(QGIS_PROCESS)
            .args(["run", algorithm, "--"])
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
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
        .env("XDG_CACHE_HOME", common::test_cache_home())
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
        &[
            &repo().join("qgis"),
            &raster,
            &repo().join("validators/multisenge.toml"),
        ],
    );
    assert!(checked.starts_with("OK 14 classes"), "{checked}");
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

/// `multisenge:triplets` through `qgis_process` writes the region the
/// command writes (same files, label files byte for byte); through
/// Processing again (tests/qgis/check_triplets.py), its patches open
/// styled by the plugin: ground reference in the class colours,
/// Sentinel-2 in natural colours, Sentinel-1 as VV in grey.
#[test]
fn triplets_through_the_plugin_writes_the_commands_region_and_its_patches_open_styled() {
    let Some((qgis, dir)) = enabled_qgis() else {
        return;
    };
    let f = triplets_common::fixture();
    let cli = dir.path().join("cli");
    let o = triplets_common::triplets(&cli, &[]);
    assert!(o.status.success(), "{}", triplets_common::stderr(&o));
    let region = dir.path().join("region");
    let run = qgis.process(&[
        "run",
        "multisenge:triplets",
        "--",
        &format!("TILE={}", triplets_common::TILE),
        &format!("GROUND_REFERENCE={}", f.gr.display()),
        &format!("S2={}", f.theia.display()),
        &format!("S1={}", f.s1.display()),
        &format!("OUTPUT={}", region.display()),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("PATCHES:\t4"), "{stdout}");
    for kind in ["ground_reference", "s2", "s1", "labels"] {
        let names = triplets_common::names(&cli.join(kind));
        assert!(!names.is_empty(), "{kind}");
        assert_eq!(names, triplets_common::names(&region.join(kind)), "{kind}");
    }
    for label in triplets_common::names(&cli.join("labels")) {
        let read = |root: &Path| std::fs::read(root.join("labels").join(&label)).unwrap();
        assert!(read(&cli) == read(&region), "{label}");
    }
    let params = dir.path().join("params.json");
    let json = serde_json::json!({
        "TILE": triplets_common::TILE,
        "GROUND_REFERENCE": f.gr,
        "S2": f.theia,
        "S1": f.s1,
        "OUTPUT": dir.path().join("styled"),
    });
    std::fs::write(&params, json.to_string()).unwrap();
    let checked = qgis.python("check_triplets.py", &[&repo().join("qgis"), &params]);
    assert!(checked.starts_with("OK 4 patches written"), "{checked}");
    eprintln!("{checked}");
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
        print(p.warningMessage()); print(' '.join(sorted(a.name() for a in p.algorithms())))\n\
        sys.stdout.flush(); os._exit(0)";
    let message = |env: Option<&str>, setting: &str| {
        let mut c = qgis.command(PYTHON);
        c.args(["-c", script]).arg(repo().join("qgis")).arg(setting);
        match env {
            Some(v) => c.env("MULTISENGE_BIN", v),
            None => c.env_remove("MULTISENGE_BIN").env("PATH", "/usr/bin:/bin"),
        };
        String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned()
    };
    // The provider stays in the toolbox with its warning and one algorithm
    // saying what is wrong (an empty provider is hidden by QGIS).
    assert_eq!(
        message(Some("/no/such/multisenge"), ""),
        "The multisenge program set in MULTISENGE_BIN (/no/such/multisenge) is not an executable file.\ncheck_program\n"
    );
    assert_eq!(
        message(None, "/opt/none/multisenge"),
        "The multisenge program set in the Processing setting of MultiSenGE (/opt/none/multisenge) is not an executable file.\ncheck_program\n"
    );
    assert_eq!(
        message(None, ""),
        "The multisenge program was not found on PATH. Install the multisenge package (apt install ./multisenge_VERSION_amd64.deb, built by `make deb`) or set the program's path in Settings > Options > Processing > Providers > MultiSenGE.\ncheck_program\n"
    );
    // The program set in the setting is used.
    let found = message(None, env!("CARGO_BIN_EXE_multisenge"));
    let descriptors: serde_json::Value =
        serde_json::from_slice(&multisenge(&["algorithms", "--json"]).stdout).unwrap();
    let mut jobs: Vec<&str> = descriptors["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    jobs.sort();
    assert_eq!(found, format!("\n{}\n", jobs.join(" ")));
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

/// Every layer the jobs write, loaded as the Processing dialog loads them,
/// with the renderer a reader needs (tests/qgis/check_every_layer.py), and
/// ground-reference patches opened alone.
#[test]
fn every_output_layer_loads_with_a_renderer_that_reads_well() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = generalize_common::source(dir.path(), 3000);
    let like = generalize_common::like(dir.path(), 300);
    // A patch as `generalize --patches` writes it, from a class raster on
    // the tile's corner.
    let start = dir.path().join("start.tif");
    let patches = dir.path().join("patches");
    let (s, l) = (source.to_str().unwrap(), like.to_str().unwrap());
    for args in [
        vec![
            "generalize",
            "--source",
            s,
            "--like",
            l,
            "--fill-propagation-limit",
            "0",
            "-o",
        ],
        vec![
            "generalize",
            "--source",
            s,
            "--tile",
            generalize_common::TILE,
            "--steps",
            "roads",
            "--from",
        ],
    ] {
        let mut args = args.clone();
        args.push(start.to_str().unwrap());
        if args.contains(&"--from") {
            args.extend(["--patches", patches.to_str().unwrap()]);
        }
        let out = multisenge(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let patch = patches.join(format!(
        "ground_reference/{}_GR_0_0.tif",
        generalize_common::TILE
    ));
    assert!(patch.is_file());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let checked = qgis.python(
        "check_every_layer.py",
        &[
            &repo().join("qgis"),
            &common::sample().join("defective"),
            &source,
            &like,
            &patch,
            &out,
        ],
    );
    assert!(checked.starts_with("OK "), "{checked}");
    eprintln!("{checked}");
}

/// Through the plugin as `qgis_process` passes them: a bundled profile by
/// name or a profile file, a layer named with `|layername=`; and every value
/// the program would not take refused before anything runs, with the
/// parameter's name (Processing alone lets them through or coerces them):
/// by the plugin where the descriptor says exactly what is taken (options,
/// extensions), by `run`'s own parser otherwise.
#[test]
fn parameters_mean_what_was_chosen_or_are_refused() {
    let Some((qgis, dir)) = enabled_qgis() else {
        return;
    };
    let source = generalize_common::source(dir.path(), 2000);
    let like = generalize_common::like(dir.path(), 200);
    let path = |name: &str| dir.path().join(name).display().to_string();
    let layer = |name: &str| format!("SOURCE={}|layername={name}", source.display());
    let like_arg = format!("LIKE={}", like.display());
    let common = [like_arg.clone(), "FILL_PROPAGATION_LIMIT=0".to_string()];
    // A bundled profile by name, the land-cover layer by name.
    let mut args = vec![
        layer("landcover"),
        "CONFIG=paper".into(),
        format!("OUTPUT={}", path("a.tif")),
    ];
    args.extend(common.clone());
    let (ok, text) = qgis.try_run("multisenge:generalize", &args);
    assert!(ok, "{text}");
    assert!(dir.path().join("a.tif").is_file(), "{text}");
    // A profile file in the same parameter (as `run` takes it), the layer
    // by its number.
    let config = repo().join("validators/generalize-paper.toml");
    let mut args = vec![
        format!("SOURCE={}|layerid=0", source.display()),
        format!("CONFIG={}", config.display()),
        format!("OUTPUT={}", path("b.tif")),
    ];
    args.extend(common.clone());
    let (ok, text) = qgis.try_run("multisenge:generalize", &args);
    assert!(ok, "{text}");
    assert_eq!(
        std::fs::read(dir.path().join("a.tif")).unwrap(),
        std::fs::read(dir.path().join("b.tif")).unwrap()
    );
    // The roads layer named in SOURCE is the one read: refused as land cover.
    let mut args = vec![layer("roads"), format!("OUTPUT={}", path("c.tif"))];
    args.extend(common.clone());
    let (ok, text) = qgis.try_run("multisenge:generalize", &args);
    assert!(!ok && text.contains("roads"), "{text}");
    assert!(!dir.path().join("c.tif").exists());

    let dataset = format!("DATASET={}", common::sample().join("defective").display());
    let gr = std::fs::read_dir(common::sample().join("defective/ground_reference"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "tif"))
        .unwrap();
    let refused: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "multisenge:generalize",
            vec![
                layer("landcover"),
                "MMU=abc".into(),
                format!("OUTPUT={}", path("d.tif")),
                like_arg.clone(),
            ],
            "MMU: `abc`: expected pixels",
        ),
        (
            "multisenge:generalize",
            vec![
                layer("landcover"),
                "MMU=12.7".into(),
                format!("OUTPUT={}", path("d.tif")),
                like_arg.clone(),
            ],
            "MMU: `12.7`: expected pixels",
        ),
        (
            "multisenge:generalize",
            vec![
                layer("landcover"),
                "CONFIG=nosuch".into(),
                format!("OUTPUT={}", path("d.tif")),
                like_arg.clone(),
            ],
            "CONFIG",
        ),
        (
            "multisenge:generalize",
            vec![
                layer("landcover"),
                format!("OUTPUT={}", path("d.png")),
                like_arg.clone(),
            ],
            "OUTPUT",
        ),
        (
            "multisenge:validate",
            vec![
                dataset.clone(),
                "LABELS_ONLY=maybe".into(),
                format!("OUTPUT={}", path("v.gpkg")),
            ],
            "LABELS_ONLY: `maybe`: expected true or false",
        ),
        (
            "multisenge:validate",
            vec![dataset.clone(), format!("OUTPUT={}", path("v.shp"))],
            "OUTPUT",
        ),
        (
            "multisenge:footprints",
            vec![
                dataset.clone(),
                "T_SRS=NOTACRS".into(),
                format!("OUTPUT={}", path("f.gpkg")),
            ],
            "T_SRS: `NOTACRS`: not a CRS GDAL knows",
        ),
        (
            "multisenge:compare",
            vec![
                format!("SOURCE={}", source.display()),
                format!("RASTER={}", gr.display()),
                format!("OUTPUT={}", path("r.json")),
                format!("DISAGREEMENT={}", path("d.png")),
            ],
            "DISAGREEMENT: ",
        ),
        (
            "multisenge:compare",
            vec![
                format!("SOURCE={}", source.display()),
                format!(
                    "RASTER={}",
                    common::sample()
                        .join("valid/s2/31UGQ_20200325_S2_0_0.tif")
                        .display()
                ),
                format!("OUTPUT={}", path("r.json")),
            ],
            "expected a class raster (one band of 8-bit values, as a ground reference or \
             `generalize -o`), found 10 bands of Int16 values",
        ),
    ];
    for (algorithm, args, message) in refused {
        let (ok, text) = qgis.try_run(algorithm, &args);
        assert!(!ok, "{algorithm} {args:?} ran:\n{text}");
        assert!(
            text.contains(message),
            "{algorithm} {args:?}: no `{message}` in\n{text}"
        );
    }
    // Nothing else written (GDAL's .aux.xml side-cars aside).
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".aux.xml"))
        .collect();
    left.sort();
    assert_eq!(left, ["a.tif", "b.tif", "like.tif", "source.gpkg"]);
}

/// metadata.txt says only what is true: the program's version and the
/// repository of Cargo.toml, no invented address; every job and the
/// provider have their own icon.
#[test]
fn plugin_metadata_and_icons() {
    let metadata = std::fs::read_to_string(repo().join("qgis/multisenge/metadata.txt")).unwrap();
    let field = |name: &str| {
        metadata
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .map(str::to_string)
    };
    assert_eq!(field("version").as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(
        field("repository").as_deref(),
        Some(env!("CARGO_PKG_REPOSITORY"))
    );
    assert_eq!(field("email"), None);
    assert_eq!(field("tracker"), None);
    assert!(!metadata.contains("invalid"), "{metadata}");
    let icons = repo().join("qgis/multisenge/icons");
    assert_eq!(field("icon").as_deref(), Some("icons/multisenge.svg"));
    let descriptors: serde_json::Value =
        serde_json::from_slice(&multisenge(&["algorithms", "--json"]).stdout).unwrap();
    let ids = descriptors["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string());
    for name in ids.chain(["multisenge".to_string(), "job".to_string()]) {
        let svg = std::fs::read_to_string(icons.join(format!("{name}.svg")))
            .unwrap_or_else(|e| panic!("icons/{name}.svg: {e}"));
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
                && svg.trim_end().ends_with("</svg>"),
            "icons/{name}.svg"
        );
    }
}

/// Icons, help URLs, parameter help and parameter classes, as QGIS built
/// them from the descriptors (tests/qgis/check_native.py).
#[test]
fn algorithms_have_icons_help_urls_and_parameter_help() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("algorithms.json");
    std::fs::write(&json, multisenge(&["algorithms", "--json"]).stdout).unwrap();
    let checked = qgis.python("check_native.py", &[&repo().join("qgis"), &json]);
    assert!(checked.starts_with("OK "), "{checked}");
}

/// The README's screenshot, rendered again under Xvfb by the script that
/// made it (qgis/tools/screenshot.py): findings, footprints and the
/// ground-reference patches loaded by the plugin. Inside each patch the
/// pixel is the patch's class colour, or that colour under the light fill
/// of its findings (alpha compositing, the oracle): the raster shows through
/// the footprints, which are outlines only.
#[test]
fn the_screenshot_shows_the_raster_through_the_footprints() {
    let Some(qgis) = qgis_or_skip() else {
        return;
    };
    let xvfb = Command::new("xvfb-run").arg("--help").output().is_ok();
    if !common::require_tool("xvfb-run (xvfb)", xvfb) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("shot.png");
    let out = qgis
        .command("xvfb-run")
        .env_remove("QT_QPA_PLATFORM")
        .args(["-a", PYTHON])
        .arg(repo().join("qgis/tools/screenshot.py"))
        .arg(common::sample().join("defective"))
        .arg("31UGQ")
        .arg(dir.path())
        .arg(&png)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let points: Vec<(u32, u32)> = stdout
        .split("PATCHES\n")
        .nth(1)
        .unwrap()
        .lines()
        .map(|l| {
            let (x, y) = l.split_once(' ').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert!(points.len() >= 3, "{stdout}");
    let image = image::open(&png).unwrap().to_rgb8();
    assert!(image.width() > 1000 && image.height() > 500);
    let profile = multisenge::profile::LoadedProfile::default_profile();
    let classes: Vec<[f64; 3]> = profile
        .class_entries()
        .iter()
        .map(|c| c.rgb.map(f64::from))
        .collect();
    // The fills of findings_by_patch (qgis/tools/make_styles.py): severity
    // colours at alpha 50 of 255.
    let fills = [
        [215.0, 25.0, 28.0],
        [253.0, 174.0, 97.0],
        [44.0, 123.0, 182.0],
    ];
    let alpha = 50.0 / 255.0;
    let over = |c: [f64; 3], f: &[f64; 3]| [0, 1, 2].map(|i| c[i] * (1.0 - alpha) + f[i] * alpha);
    // A class colour under no fill, one, or two (patches overlapping, as
    // the off-grid defect's).
    let mut expected: Vec<[f64; 3]> = classes.clone();
    for c in &classes {
        for f in &fills {
            expected.push(over(*c, f));
            expected.extend(fills.iter().map(|g| over(over(*c, f), g)));
        }
    }
    for (x, y) in points {
        let p = image.get_pixel(x, y).0.map(f64::from);
        let seen = expected
            .iter()
            .any(|want| (0..3).all(|i| (p[i] - want[i]).abs() <= 3.0));
        assert!(
            seen,
            "pixel ({x}, {y}) is {p:?}: no class colour shows there"
        );
    }
}
