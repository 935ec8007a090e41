//! The bad-input catalogue: every case runs the real binary and expects an
//! exact exit code and a fragment of the message, within 10 s (a hang is a
//! failure). See docs/reliability.md for the guarantees these cases prove.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, multisenge, sample};

/// A case's world: a fresh temporary folder beside the shared sample.
struct Ctx {
    dir: tempfile::TempDir,
}

impl Ctx {
    fn new() -> Ctx {
        sample();
        Ctx {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A path in the temporary folder, as an argument.
    fn p(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn valid(&self) -> String {
        sample().join("valid").display().to_string()
    }

    fn gr(&self) -> String {
        sample()
            .join("valid/ground_reference/31UGQ_GR_0_0.tif")
            .display()
            .to_string()
    }

    /// A copy of the valid sample, to damage.
    fn copy(&self) -> PathBuf {
        let d = self.dir.path().join("ds");
        copy_tree(&sample().join("valid"), &d);
        d
    }

    /// An empty GeoJSON land-cover layer.
    fn empty_source(&self) -> String {
        self.write(
            "src.geojson",
            br#"{"type":"FeatureCollection","features":[]}"#,
        )
    }

    /// `compare` of `source` against the sample's ground reference, plus
    /// `extra`.
    fn compare(&self, source: &str, extra: &[&str]) -> Vec<String> {
        let mut args = strings(&["compare", "--source", source, "--raster", &self.gr()]);
        args.extend(strings(extra));
        args
    }

    fn write(&self, name: &str, content: &[u8]) -> String {
        fs::write(self.dir.path().join(name), content).unwrap();
        self.p(name)
    }

    fn fifo(&self, name: &str) -> String {
        mkfifo(&self.dir.path().join(name));
        self.p(name)
    }

    /// `generalize` from the sample's ground reference, fill step only,
    /// into `o.tif`, plus `extra`.
    fn gen(&self, extra: &[&str]) -> Vec<String> {
        let gr = self.gr();
        let mut args = strings(&["generalize", "--like", &gr, "--from", &gr]);
        args.extend(strings(&["--steps", "fill", "-o", &self.p("o.tif")]));
        args.extend(strings(extra));
        args
    }
}

fn strings(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Waits for `child` at most 10 s; a hang is a failure.
fn wait(mut child: Child) -> Output {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command hung (more than 10 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `args` with `env`, standard output to `stdout`, and checks the exit
/// code and that `fragment` is in what was printed.
fn expect_with(args: &[String], env: &[(&str, &str)], stdout: Stdio, code: i32, fragment: &str) {
    let child = multisenge()
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait(child);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(code), "{args:?}\n{text}");
    assert!(
        text.contains(fragment),
        "{args:?}: no `{fragment}` in\n{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
}

fn expect(args: Vec<String>, code: i32, fragment: &str) {
    expect_with(&args, &[], Stdio::piped(), code, fragment);
}

fn dev_full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

/// One test per case: `case!(name, code, "fragment", |c| args)`.
macro_rules! case {
    ($name:ident, $code:expr, $fragment:expr, |$c:ident| $args:expr) => {
        #[test]
        fn $name() {
            let $c = Ctx::new();
            expect($args, $code, $fragment);
        }
    };
}

// --- generalize: numeric options and their limits ---------------------------
case!(fill_k_zero, 2, "--fill-k", |c| c.gen(&["--fill-k", "0"]));
case!(
    fill_k_huge,
    2,
    "'--fill-k <K>': `1000000`: expected a whole number from 1 to 64",
    |c| c.gen(&["--fill-k", "1000000"])
);
case!(
    fill_power_nan,
    2,
    "'--fill-power <P>': `NaN`: expected a number from 0 to 10",
    |c| c.gen(&["--fill-power", "NaN"])
);
case!(
    fill_power_negative,
    2,
    "'--fill-power <P>': `-1`: expected a number from 0 to 10",
    |c| c.gen(&["--fill-power=-1"])
);
case!(
    fill_power_infinite,
    2,
    "'--fill-power <P>': `inf`: expected a number from 0 to 10",
    |c| c.gen(&["--fill-power", "inf"])
);
case!(
    fill_power_huge,
    2,
    "`1e308`: expected a number from 0 to 10",
    |c| c.gen(&["--fill-power", "1e308"])
);
case!(
    closing_huge,
    2,
    "'--closing <WxH>': `99999x99999`: expected WIDTHxHEIGHT with odd sizes from 1 to 101",
    |c| c.gen(&["--closing", "99999x99999"])
);
case!(closing_even, 2, "odd sizes", |c| c
    .gen(&["--closing", "2x2"]));
case!(closing_garbage, 2, "expected WIDTHxHEIGHT", |c| c
    .gen(&["--closing", "big"]));
case!(closing_negative, 2, "expected WIDTHxHEIGHT", |c| c
    .gen(&["--closing=-3x3"]));
case!(majority_samples_zero, 2, "--majority-samples", |c| c
    .gen(&["--majority-samples", "0"]));
case!(majority_samples_huge, 2, "--majority-samples", |c| c
    .gen(&["--majority-samples", "1000000000"]));
case!(final_mmu_passes_huge, 2, "--final-mmu-passes", |c| c
    .gen(&["--final-mmu-passes", "1000000000"]));
case!(
    mmu_negative,
    2,
    "'--mmu <SIZE>': `-5`: expected pixels",
    |c| c.gen(&["--mmu=-5"])
);
case!(mmu_nan_hectares, 2, "'--mmu <SIZE>': `NaNha`", |c| c
    .gen(&["--mmu", "NaNha"]));
case!(mmu_huge_hectares, 2, "'--mmu <SIZE>': `1e30ha`", |c| c
    .gen(&["--mmu", "1e30ha"]));
case!(fill_max_radius_zero, 2, "--fill-max-radius", |c| c
    .gen(&["--fill-max-radius", "0"]));
case!(fill_max_radius_huge, 2, "--fill-max-radius", |c| c
    .gen(&["--fill-max-radius", "99999999"]));
case!(propagation_limit_huge, 2, "--fill-propagation-limit", |c| c
    .gen(&["--fill-propagation-limit", "18446744073709551615"]));
case!(
    connectivity_six,
    2,
    "'--connectivity <4|8>': `6`: expected one of 8, 4",
    |c| c.gen(&["--connectivity", "6"])
);
case!(
    wide_buffer_nan,
    2,
    "'--wide-buffer <METRES>': `NaN`: expected a number from 0 to 1000 m",
    |c| c.gen(&["--wide-buffer", "NaN"])
);
case!(
    narrow_buffer_negative,
    2,
    "'--narrow-buffer <METRES>': `-3`: expected a number from 0 to 1000 m",
    |c| c.gen(&["--narrow-buffer=-3"])
);
case!(
    railway_buffer_infinite,
    2,
    "'--railway-buffer <METRES>': `inf`: expected a number from 0 to 1000 m",
    |c| c.gen(&["--railway-buffer", "inf"])
);
case!(
    railways_from_unknown,
    2,
    "`rails`: expected one of lines, surfaces, both",
    |c| c.gen(&["--railways-from", "rails"])
);
case!(
    fill_beyond_coverage_not_a_boolean,
    2,
    "--fill-beyond-coverage",
    |c| c.gen(&["--fill-beyond-coverage=maybe"])
);
case!(
    burn_outside_coverage_not_a_boolean,
    2,
    "--burn-outside-coverage",
    |c| c.gen(&["--burn-outside-coverage=2"])
);

// --- generalize: inputs and outputs -----------------------------------------
case!(generalize_without_source, 2, "--source FILE", |c| {
    strings(&["generalize", "--like", &c.gr(), "-o", &c.p("o.tif")])
});
case!(generalize_from_fifo, 2, "FIFO", |c| {
    let fifo = c.fifo("in.tif");
    let mut a = c.gen(&[]);
    a[4] = fifo;
    a
});
case!(generalize_from_device, 2, "character device", |c| {
    let mut a = c.gen(&[]);
    a[4] = "/dev/zero".into();
    a
});
case!(generalize_from_missing, 2, "missing.tif", |c| {
    let mut a = c.gen(&[]);
    a[4] = c.p("missing.tif");
    a
});
case!(generalize_like_text_file, 2, "not.tif", |c| {
    let text = c.write("not.tif", b"hello");
    let src = c.empty_source();
    strings(&[
        "generalize",
        "--like",
        &text,
        "--source",
        &src,
        "-o",
        &c.p("o.tif"),
    ])
});
// A raster of another kind where classes are read: refused, not read as
// classes (a Sentinel-2 patch gave an accuracy of 0 and exit 0).
const NOT_CLASSES: &str = "31UGQ_20200325_S2_0_0.tif: expected a class raster (one band of \
     8-bit values, as a ground reference or `generalize -o`), found 10 bands of Int16 values";
fn s2() -> String {
    sample()
        .join("valid/s2/31UGQ_20200325_S2_0_0.tif")
        .display()
        .to_string()
}
case!(generalize_from_sentinel2, 2, NOT_CLASSES, |c| {
    let mut a = c.gen(&[]);
    a[4] = s2();
    a
});
case!(compare_raster_sentinel2, 2, NOT_CLASSES, |c| {
    let src = c.empty_source();
    let mut a = c.compare(&src, &[]);
    a[4] = s2();
    a
});
case!(
    generalize_bad_tile,
    2,
    "'--tile <CODE>': tile code `ZZ` must have 5 characters",
    |c| c.gen(&["--tile", "ZZ"])
);
case!(generalize_existing_output, 2, "exists; use --force", |c| {
    c.write("o.tif", b"mine");
    c.gen(&[])
});
case!(
    generalize_output_is_a_device,
    2,
    "o.tif: is a device",
    |c| {
        // Named as a GeoTIFF, linked to a device.
        std::os::unix::fs::symlink("/dev/null", c.dir.path().join("o.tif")).unwrap();
        c.gen(&["--force"])
    }
);
// A user's own style beside the output is kept: `--qml` refuses to
// replace it without `--force`, before any work.
case!(
    generalize_existing_style_with_qml,
    2,
    "o.qml: exists; use --force",
    |c| {
        c.write("o.qml", b"<qgis/>");
        c.gen(&["--qml"])
    }
);
#[test]
fn generalize_existing_patch_style_with_qml() {
    let c = Ctx::new();
    let patches = c.dir.path().join("patches");
    let styles = patches.join("ground_reference");
    fs::create_dir_all(&styles).unwrap();
    fs::write(styles.join("31UGQ_GR_0_0.qml"), "<qgis/>").unwrap();
    let gr = c.gr();
    let patches = patches.display().to_string();
    let args = [
        "generalize",
        "--from",
        &gr,
        "--tile",
        "31UGQ",
        "--steps",
        "fill",
    ];
    let mut args = strings(&args);
    args.extend(strings(&["--patches", &patches, "--qml"]));
    expect(args, 2, "31UGQ_GR_0_0.qml: exists; use --force");
    // Kept, and no patch written beside it.
    assert_eq!(
        fs::read(styles.join("31UGQ_GR_0_0.qml")).unwrap(),
        b"<qgis/>"
    );
    assert!(!styles.join("31UGQ_GR_0_0.tif").exists());
}

// --- strict parameters: parsed, then refused by their own range or format --
case!(
    mmu_negative_after_a_space,
    2,
    "'--mmu <SIZE>': `-5`: expected pixels",
    |c| c.gen(&["--mmu", "-5"])
);
case!(
    fill_power_negative_after_a_space,
    2,
    "'--fill-power <P>': `-1`: expected a number from 0 to 10",
    |c| c.gen(&["--fill-power", "-1"])
);
case!(
    halo_negative,
    2,
    "'--halo <PIXELS>': `-1`: expected a whole number from 0 to 10980 pixels",
    |c| c.gen(&["--halo", "-1"])
);
case!(
    compare_wide_buffer_nan,
    2,
    "'--wide-buffer <METRES>': `NaN`: expected a number from 0 to 1000 m",
    |c| c.compare(&c.empty_source(), &["--wide-buffer", "NaN"])
);
case!(
    shard_count_zero,
    2,
    "'--shard-count <N>': `0`: expected a whole number from 1 to 1000000",
    |c| strings(&[
        "validate",
        &c.valid(),
        "--shard",
        "auto",
        "--shard-count",
        "0"
    ])
);
case!(
    shard_count_above_the_limit,
    2,
    "'--shard-count <N>': `1000001`: expected a whole number from 1 to 1000000",
    |c| strings(&[
        "validate",
        &c.valid(),
        "--shard",
        "auto",
        "--shard-count",
        "1000001"
    ])
);
case!(
    tiles_empty,
    2,
    "'--tiles <CODES>': empty; expected a Sentinel-2 tile code",
    |c| strings(&[
        "generalize",
        "--source",
        &c.empty_source(),
        "--tiles",
        "",
        "-o",
        &c.p("o.tif")
    ])
);
case!(
    generalize_output_png,
    2,
    "o.png`: unknown output format; expected a .tif or .tiff file",
    |c| {
        let mut a = c.gen(&[]);
        a[8] = c.p("o.png");
        a
    }
);
case!(
    generalize_output_dev_null,
    2,
    "'--output <FILE>': `/dev/null`: unknown output format",
    |c| {
        let mut a = c.gen(&["--force"]);
        a[8] = "/dev/null".into();
        a
    }
);
case!(
    compare_lost_shapefile,
    2,
    "l.shp`: unknown output format; expected a .gpkg file",
    |c| c.compare(&c.empty_source(), &["--lost", &c.p("l.shp")])
);
case!(
    compare_quicklook_jpeg,
    2,
    "q.jpg`: unknown output format; expected a .png file",
    |c| c.compare(&c.empty_source(), &["--quicklook", &c.p("q.jpg")])
);
case!(
    footprints_output_shapefile,
    2,
    "f.shp`: unknown output format; expected a .gpkg, .geojson or .json file",
    |c| strings(&["footprints", &c.valid(), "-o", &c.p("f.shp")])
);
case!(
    footprints_t_srs_unknown,
    2,
    "'--t-srs <CRS>': `NOTACRS`: not a CRS GDAL knows",
    |c| strings(&[
        "footprints",
        &c.valid(),
        "-o",
        &c.p("f.gpkg"),
        "--t-srs",
        "NOTACRS"
    ])
);
case!(
    generalize_source_with_an_unknown_option,
    2,
    "`|subset=a`: only |layername=NAME or |layerid=N can follow the file name",
    |c| {
        let src = format!("{}|subset=a", c.empty_source());
        strings(&[
            "generalize",
            "--source",
            &src,
            "--like",
            &c.gr(),
            "-o",
            &c.p("o.tif"),
        ])
    }
);
case!(
    generalize_source_layer_is_the_one_named,
    2,
    "no layer named `nope`",
    |c| {
        let src = format!("{}|layername=nope", c.empty_source());
        strings(&[
            "generalize",
            "--source",
            &src,
            "--like",
            &c.gr(),
            "-o",
            &c.p("o.tif"),
        ])
    }
);
case!(
    generalize_config_neither_file_nor_bundled,
    2,
    "plus: cannot read the generalization profile",
    |c| {
        let mut a = c.gen(&[]);
        a.extend(strings(&["--config", "plus"]));
        a
    }
);

/// Every numeric option of every subcommand, given a negative number after
/// a space or a value that is not finite: parsed (not taken for another
/// option), then refused by the option's own range, naming it, exit 2.
#[test]
fn every_numeric_option_refuses_negative_and_non_finite_values_by_its_range() {
    use multisenge::jobspec::{Shown, Type, SPECS};
    let c = Ctx::new();
    let mut checked = 0;
    for spec in SPECS {
        for p in spec.params {
            let Some(flag) = p.cli.filter(|f| !f.long.is_empty()) else {
                continue;
            };
            let numeric = match p.ty {
                Type::Int { min, .. } | Type::Real { min, .. } => min >= 0.0,
                Type::Custom(custom) => {
                    matches!(custom.shown, Shown::Number { .. }) || custom.hyphen
                }
                _ => false,
            };
            if !numeric {
                continue;
            }
            let positional = spec
                .params
                .iter()
                .any(|q| q.cli.is_some_and(|f| f.long.is_empty()));
            for value in ["-5", "NaN", "inf", "-inf"] {
                let option = format!("--{}", flag.long);
                let mut args = strings(&[spec.id]);
                if positional {
                    args.push(c.valid());
                }
                args.extend(strings(&[&option, value]));
                let out = multisenge().args(&args).output().unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
                let named = format!("invalid value '{value}' for '{option}");
                assert!(
                    stderr.contains(&named) && stderr.contains(&format!("`{value}`: expected")),
                    "{args:?}: {stderr}"
                );
                checked += 1;
            }
        }
    }
    // 28 options today: generalize's 13, compare's 5, validate's 2, select's 8.
    assert!(checked >= 4 * 28, "{checked} checks");
}

#[test]
fn generalize_memory_limit() {
    let c = Ctx::new();
    let env = [("MULTISENGE_MAX_MEMORY", "1K")];
    expect_with(&c.gen(&[]), &env, Stdio::piped(), 2, "above the limit");
    assert!(!c.dir.path().join("o.tif").exists());
}

#[test]
fn generalize_unreadable_memory_limit() {
    let c = Ctx::new();
    let env = [("MULTISENGE_MAX_MEMORY", "lots")];
    expect_with(
        &c.gen(&[]),
        &env,
        Stdio::piped(),
        2,
        "MULTISENGE_MAX_MEMORY=`lots`",
    );
}

// --- validate: special files, labels, outputs ------------------------------
/// Validates a copy of the valid sample whose file `rel` was damaged by
/// `damage`, and checks the exit code and message.
fn damaged(rel: &str, damage: impl FnOnce(&Path), code: i32, fragment: &str) {
    let c = Ctx::new();
    let d = c.copy();
    damage(&d.join(rel));
    let ds = d.display().to_string();
    expect(
        strings(&["validate", &ds, "-q", "--color", "never"]),
        code,
        fragment,
    );
}

fn replace_by_fifo(path: &Path) {
    fs::remove_file(path).unwrap();
    mkfifo(path);
}

const LABEL: &str = "labels/31UGQ_257_0.json";

#[test]
fn fifo_as_label_file() {
    damaged(LABEL, replace_by_fifo, 1, "is a FIFO (named pipe)");
}

#[test]
fn fifo_as_raster() {
    let tif = "ground_reference/31UGQ_GR_0_0.tif";
    damaged(tif, replace_by_fifo, 1, "is a FIFO (named pipe)");
}

#[test]
fn device_linked_as_label_file() {
    let link = |p: &Path| {
        fs::remove_file(p).unwrap();
        std::os::unix::fs::symlink("/dev/zero", p).unwrap();
    };
    damaged(LABEL, link, 1, "character device");
}

#[test]
fn label_file_with_bom() {
    let bom = |p: &Path| {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(fs::read(p).unwrap());
        fs::write(p, bytes).unwrap();
    };
    damaged(LABEL, bom, 1, "byte-order mark (BOM");
}

case!(validate_missing_root, 2, "missing", |c| strings(&[
    "validate",
    &c.p("missing")
]));
case!(
    validate_output_in_missing_folder,
    2,
    "the output folder does not exist",
    |c| strings(&["validate", &c.valid(), "-o", &c.p("no/such/r.txt")])
);
case!(validate_output_is_a_folder, 2, "is a folder", |c| {
    fs::create_dir(c.dir.path().join("out")).unwrap();
    strings(&["validate", &c.valid(), "-o", &c.p("out")])
});
case!(
    validate_output_device_full,
    3,
    "No space left on device",
    |c| strings(&["validate", &c.valid(), "-o", "/dev/full"])
);
case!(validate_bad_format, 2, "--format", |c| strings(&[
    "validate",
    &c.valid(),
    "--format",
    "xml"
]));
case!(validate_bad_fail_on, 2, "--fail-on", |c| strings(&[
    "validate",
    &c.valid(),
    "--fail-on",
    "maybe"
]));
case!(validate_missing_profile, 2, "cannot read profile", |c| {
    strings(&["validate", &c.valid(), "--profile", &c.p("none.toml")])
});
case!(validate_profile_fifo, 2, "FIFO", |c| {
    let fifo = c.fifo("p.toml");
    strings(&["validate", &c.valid(), "--profile", &fifo])
});
case!(validate_profile_not_toml, 2, "p.toml", |c| {
    let p = c.write("p.toml", b"[dataset\npatch_size = ");
    strings(&["validate", &c.valid(), "--profile", &p])
});
case!(validate_profile_duplicate_key, 2, "duplicate", |c| {
    let mut text = fs::read_to_string("validators/multisenge.toml").unwrap();
    text = text.replacen("[dataset]\n", "[dataset]\npatch_size = 256\n", 1);
    let p = c.write("p.toml", text.as_bytes());
    strings(&["validate", &c.valid(), "--profile", &p])
});
case!(validate_unknown_rule_selected, 2, "ZZ999", |c| strings(&[
    "validate",
    &c.valid(),
    "--select",
    "ZZ999"
]));

#[test]
fn validate_output_through_symlink_keeps_link_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let c = Ctx::new();
    let real = c.dir.path().join("real.txt");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.txt", c.dir.path().join("link.txt")).unwrap();
    let args = strings(&["validate", &c.valid(), "-o", &c.p("link.txt")]);
    expect_with(&args, &[], Stdio::piped(), 0, "");
    let link = fs::symlink_metadata(c.dir.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_ne!(fs::read_to_string(&real).unwrap(), "old");
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn validate_output_to_dev_null_keeps_the_device() {
    let c = Ctx::new();
    let args = strings(&["validate", &c.valid(), "-o", "/dev/null"]);
    expect_with(&args, &[], Stdio::piped(), 0, "");
    let t = fs::metadata("/dev/null").unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&t));
}

// --- standard output that cannot be written ---------------------------------
fn stdout_full(args: &[&str]) {
    expect_with(
        &strings(args),
        &[],
        dev_full(),
        3,
        "cannot write to standard output",
    );
}

#[test]
fn validate_stdout_full() {
    stdout_full(&["validate", &sample().join("valid").display().to_string()]);
}

#[test]
fn validate_json_stdout_full() {
    let valid = sample().join("valid").display().to_string();
    stdout_full(&["validate", &valid, "--format", "json"]);
}

#[test]
fn rules_stdout_full() {
    stdout_full(&["rules"]);
}

#[test]
fn rules_markdown_stdout_full() {
    stdout_full(&["rules", "--markdown"]);
}

#[test]
fn algorithms_stdout_full() {
    stdout_full(&["algorithms", "--json"]);
}

#[test]
fn completions_stdout_full() {
    stdout_full(&["completions", "bash"]);
}

#[test]
fn stats_stdout_full() {
    stdout_full(&["stats", &sample().join("valid").display().to_string()]);
}

// --- other subcommands ------------------------------------------------------
case!(rules_unknown_code, 2, "ZZ999", |_c| strings(&[
    "rules", "ZZ999"
]));
case!(stats_missing_root, 2, "missing", |c| strings(&[
    "stats",
    &c.p("missing")
]));
case!(
    stats_output_in_missing_folder,
    2,
    "the output folder does not exist",
    |c| strings(&["stats", &c.valid(), "-o", &c.p("no/s.txt")])
);
case!(select_bad_period, 2, "--period", |c| strings(&[
    "select",
    &c.valid(),
    "--period",
    "soon"
]));
case!(select_negative_count, 2, "--min-s2-dates", |c| strings(&[
    "select",
    &c.valid(),
    "--min-s2-dates=-1"
]));
case!(compare_without_source, 2, "--source", |c| strings(&[
    "compare",
    "--raster",
    &c.gr()
]));
case!(compare_raster_is_text, 2, "r.tif", |c| {
    let r = c.write("r.tif", b"not a raster");
    let src = c.empty_source();
    strings(&["compare", "--source", &src, "--raster", &r])
});
case!(
    compare_supersample_zero,
    2,
    "'--supersample <N>': `0`: expected a whole number from 10 to 100",
    |c| {
        let src = c.empty_source();
        strings(&[
            "compare",
            "--source",
            &src,
            "--raster",
            &c.gr(),
            "--supersample",
            "0",
        ])
    }
);
case!(
    compare_supersample_huge,
    2,
    "'--supersample <N>': `60000`: expected a whole number from 10 to 100",
    |c| c.compare(&c.empty_source(), &["--supersample", "60000"])
);
case!(
    compare_second_output_in_missing_folder,
    2,
    "the output folder does not exist",
    |c| {
        let src = c.empty_source();
        strings(&[
            "compare",
            "--source",
            &src,
            "--raster",
            &c.gr(),
            "-o",
            &c.p("r.txt"),
            "--quicklook",
            &c.p("no/q.png"),
        ])
    }
);
case!(footprints_bad_crs, 2, "--t-srs", |c| strings(&[
    "footprints",
    &c.valid(),
    "-o",
    &c.p("f.gpkg"),
    "--t-srs",
    "EPSG:nope"
]));

#[test]
fn compare_checks_every_output_before_writing_any() {
    let c = Ctx::new();
    let src = c.empty_source();
    let args = strings(&[
        "compare",
        "--source",
        &src,
        "--raster",
        &c.gr(),
        "-o",
        &c.p("r.txt"),
        "--quicklook",
        &c.p("no/q.png"),
    ]);
    expect_with(&args, &[], Stdio::piped(), 2, "q.png");
    assert!(!c.dir.path().join("r.txt").exists());
}

// --- kill trials -------------------------------------------------------------
/// Children killed with SIGTERM or SIGINT at spread-out points leave either
/// no output or the complete one, and never a temporary file.
#[test]
fn killed_runs_leave_no_partial_or_temporary_file() {
    let c = Ctx::new();
    let reference = c.dir.path().join("reference.json");
    let valid = c.valid();
    let json = ["--format", "json"];
    let full = multisenge()
        .args(["validate", &valid, "-o"])
        .arg(&reference)
        .args(json)
        .output()
        .unwrap();
    assert_eq!(full.status.code(), Some(0), "{full:?}");
    let complete = fs::read(&reference).unwrap();
    for trial in 0..12u64 {
        let out_dir = c.dir.path().join(format!("trial{trial}"));
        fs::create_dir(&out_dir).unwrap();
        let out = out_dir.join("report.json");
        let mut child = multisenge()
            .args(["validate", &valid, "-o"])
            .arg(&out)
            .args(json)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the signals over the run (a run takes about 100-500 ms).
        std::thread::sleep(Duration::from_millis(trial * 37 % 400));
        let signal = if trial % 2 == 0 { "-TERM" } else { "-INT" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        let names: Vec<String> = fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(".multisenge-")),
            "trial {trial} ({status:?}): temporary file left: {names:?}"
        );
        if out.exists() {
            // The timing of the report's fields differs; its findings and
            // summary do not.
            let got: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap())
                .unwrap_or_else(|e| panic!("trial {trial}: partial report: {e}"));
            let want: serde_json::Value = serde_json::from_slice(&complete).unwrap();
            assert_eq!(got["findings"], want["findings"], "trial {trial}");
            assert_eq!(got["summary"], want["summary"], "trial {trial}");
        } else {
            // Killed before the handler was installed, or cancelled by it.
            let code = status.code();
            assert!(
                code.is_none() || code == Some(130),
                "trial {trial}: {status:?}"
            );
        }
    }
}

// --- messages that were unclear ----------------------------------------------
case!(
    select_and_ignore_the_same_rule,
    2,
    "leave no rule to run",
    |c| {
        strings(&[
            "validate",
            &c.valid(),
            "--select",
            "N001",
            "--ignore",
            "N001",
        ])
    }
);

#[test]
fn control_characters_in_names_are_escaped_in_the_text_report() {
    let copy = |p: &Path| {
        fs::copy(p, p.with_file_name("31UGQ_a\nb\u{1b}[31m.json")).unwrap();
    };
    let shown = "labels/31UGQ_a\\nb\\u{1b}[31m.json: name does not follow";
    damaged(LABEL, copy, 1, shown);
}

#[test]
fn duplicate_key_in_label_file() {
    let double = |p: &Path| {
        let text = fs::read_to_string(p).unwrap();
        fs::write(p, text.replacen('{', "{\"corresponding_s2\": \"\", ", 1)).unwrap();
    };
    let why = "the key `corresponding_s2` appears more than once";
    damaged(LABEL, double, 1, why);
}

// --- profile keys go through the same limits as the options ----------------
fn profile_with(c: &Ctx, from: &str, to: &str) -> String {
    let text = fs::read_to_string("validators/generalize-ocsge-plus.toml").unwrap();
    assert!(text.contains(from), "the bundled profile has `{from}`");
    c.write("g.toml", text.replacen(from, to, 1).as_bytes())
}

case!(profile_fill_power_nan, 2, "(fill_power) = NaN", |c| {
    let config = profile_with(&c, "fill_power = 1.0", "fill_power = nan");
    c.gen(&["--config", &config])
});
case!(
    profile_closing_huge,
    2,
    "--closing width (closing) = 100001",
    |c| {
        let config = profile_with(&c, "closing_width = 3", "closing_width = 100001");
        c.gen(&["--config", &config])
    }
);

// --- dataset profile keys and their ranges ----------------------------------
/// A copy of the bundled dataset profile with `from` replaced by `to`.
fn dataset_profile_with(c: &Ctx, from: &str, to: &str) -> String {
    let text = fs::read_to_string("validators/multisenge.toml").unwrap();
    assert!(text.contains(from), "the bundled profile has `{from}`");
    c.write("d.toml", text.replacen(from, to, 1).as_bytes())
}

/// `validate` of the valid sample with the dataset profile changed so.
fn validate_with_profile(c: &Ctx, from: &str, to: &str) -> Vec<String> {
    let profile = dataset_profile_with(c, from, to);
    strings(&["validate", &c.valid(), "--profile", &profile])
}

/// A `validate` case with the dataset profile's `from` replaced by `to`.
macro_rules! profile_case {
    ($name:ident, $from:expr => $to:expr, $fragment:expr $(,)?) => {
        case!($name, 2, $fragment, |c| validate_with_profile(
            &c, $from, $to
        ));
    };
}

profile_case!(
    profile_patch_size_zero,
    "patch_size = 256" => "patch_size = 0",
    "d.toml:9: [dataset] patch_size = 0: expected an integer from 1 to 20000 pixels",
);
profile_case!(
    profile_tile_size_zero,
    "tile_size = 10980" => "tile_size = 0",
    "[dataset] tile_size = 0: expected an integer from patch_size to 200000 pixels",
);
profile_case!(
    profile_patch_size_negative,
    "patch_size = 256" => "patch_size = -256",
    "[dataset] patch_size: expected an integer from 1 to 20000 pixels",
);
profile_case!(
    profile_patch_size_nan,
    "patch_size = 256" => "patch_size = nan",
    "[dataset] patch_size: expected an integer from 1 to 20000 pixels",
);
profile_case!(
    profile_raster_min_above_max,
    "max = 10000" => "max = -1",
    "[rasters.s2] min = 0 (max = -1): expected a finite number, at most max",
);
profile_case!(
    profile_pixel_size_nan,
    "pixel_size = 10.0" => "pixel_size = nan",
    "[georeferencing] pixel_size = NaN: expected a number above 0",
);
profile_case!(
    profile_origin_tolerance_huge,
    "origin_tolerance = 0.5" => "origin_tolerance = 1e300",
    "[georeferencing] origin_tolerance = 1e300: expected a number from 0 to 100000 metres",
);
profile_case!(
    profile_label_max_bytes_zero,
    "max_bytes = 1048576" => "max_bytes = 0",
    "[label_files] max_bytes = 0: expected an integer from 1 to 1073741824 bytes",
);
profile_case!(
    profile_bands_zero,
    "bands = 2" => "bands = 0",
    "[rasters.s1] bands = 0: expected an integer from 1 to 65535",
);

/// A 1.8 MB sparse GeoTIFF of 100 000 × 100 000 px (10 GB of pixels).
fn sparse_huge_tif(c: &Ctx, name: &str) -> String {
    let path = c.p(name);
    let status = Command::new("gdal_create")
        .args([
            "-of", "GTiff", "-outsize", "100000", "100000", "-ot", "Byte",
        ])
        .args(["-a_srs", "EPSG:32631", "-a_ullr", "600000", "5000000"])
        .args([
            "1600000",
            "4000000",
            "-co",
            "SPARSE_OK=YES",
            "-co",
            "TILED=YES",
        ])
        .arg(&path)
        .stdout(Stdio::null())
        .status()
        .expect("gdal_create (gdal-bin) runs");
    assert!(status.success());
    path
}

/// The issue's case: a profile with 100 000-pixel patches and such a ground
/// reference is refused on load, before any 10 GB allocation.
#[test]
fn profile_patch_size_huge_with_a_huge_ground_reference() {
    let c = Ctx::new();
    let d = c.copy();
    let gr = d.join("ground_reference/31UGQ_GR_0_0.tif");
    fs::remove_file(&gr).unwrap();
    fs::rename(sparse_huge_tif(&c, "big.tif"), &gr).unwrap();
    let profile = dataset_profile_with(&c, "patch_size = 256", "patch_size = 100000");
    let ds = d.display().to_string();
    let args = strings(&["validate", &ds, "--profile", &profile]);
    expect(
        args,
        2,
        "[dataset] patch_size = 100000: expected an integer from 1 to 20000",
    );
}

// The largest patch size allowed is still bounded by the memory limit,
// checked before anything is read.
case!(
    profile_patch_size_at_its_limit_is_bounded_by_max_memory,
    2,
    "px at once ([dataset] patch_size of",
    |c| {
        let from = "patch_size = 256\n";
        let text = fs::read_to_string("validators/multisenge.toml").unwrap();
        assert!(text.contains(from) && text.contains("grid_stride = 257\n"));
        let text = text.replacen(from, "patch_size = 20000\n", 1);
        let text = text.replacen("grid_stride = 257\n", "grid_stride = 20000\n", 1);
        let text = text.replacen("tile_size = 10980\n", "tile_size = 20000\n", 1);
        let profile = c.write("d.toml", text.as_bytes());
        strings(&[
            "validate",
            &c.valid(),
            "--profile",
            &profile,
            "--max-memory",
            "1G",
        ])
    }
);

// --- --max-memory -------------------------------------------------------------
/// `validate` of the valid sample with these `--max-memory` arguments.
macro_rules! memory_case {
    ($name:ident, $code:expr, $fragment:expr, $($arg:expr),+ $(,)?) => {
        case!($name, $code, $fragment, |c| strings(&["validate", &c.valid(), $($arg),+]));
    };
}

memory_case!(
    validate_max_memory_zero,
    2,
    "'--max-memory <SIZE>': `0`: expected a size",
    "--max-memory",
    "0",
);
memory_case!(
    validate_max_memory_negative,
    2,
    "`-1G`: expected a size in bytes",
    "--max-memory=-1G",
);
memory_case!(
    validate_max_memory_nan,
    2,
    "`NaN`: expected a size in bytes",
    "--max-memory",
    "NaN"
);
memory_case!(
    validate_max_memory_fraction,
    2,
    "`1.5G`: expected a size in bytes",
    "--max-memory",
    "1.5G",
);
memory_case!(
    validate_max_memory_overflow,
    2,
    "`99999999999T`: expected a size",
    "--max-memory",
    "99999999999T",
);
memory_case!(
    validate_max_memory_small,
    2,
    "above the limit of 1.0 MiB",
    "--max-memory",
    "1M"
);
case!(validate_max_memory_with_unit, 0, "0 errors", |c| {
    strings(&["validate", &c.valid(), "--max-memory", "512M"])
});
#[test]
fn validate_memory_variable_is_the_fallback_and_the_option_wins() {
    let c = Ctx::new();
    let env = [("MULTISENGE_MAX_MEMORY", "1K")];
    let args = strings(&["validate", &c.valid()]);
    expect_with(
        &args,
        &env,
        Stdio::piped(),
        2,
        "above the limit of 1024 bytes",
    );
    let args = strings(&["validate", &c.valid(), "--max-memory", "64M"]);
    expect_with(&args, &env, Stdio::piped(), 0, "0 errors");
}

case!(
    generalize_max_memory_small,
    2,
    "above the limit of 1024 bytes",
    |c| c.gen(&["--max-memory", "1K"])
);
case!(generalize_max_memory_zero, 2, "--max-memory", |c| c
    .gen(&["--max-memory", "0"]));
case!(
    compare_max_memory_small,
    2,
    "above the limit of 1024 bytes",
    |c| c.compare(&c.empty_source(), &["--max-memory", "1K"])
);

// --- huge rasters from a small file -------------------------------------------
case!(
    generalize_like_huge_sparse_raster,
    2,
    "target grid needs about",
    |c| {
        let big = sparse_huge_tif(&c, "big.tif");
        let src = c.empty_source();
        strings(&[
            "generalize",
            "--like",
            &big,
            "--source",
            &src,
            "-o",
            &c.p("o.tif"),
        ])
    }
);
case!(
    generalize_from_huge_sparse_raster,
    2,
    "target grid needs about",
    |c| {
        let big = sparse_huge_tif(&c, "big.tif");
        strings(&[
            "generalize",
            "--from",
            &big,
            "--steps",
            "fill",
            "-o",
            &c.p("o.tif"),
        ])
    }
);
case!(
    compare_huge_sparse_raster,
    2,
    "comparing 100000 × 100000 px needs about",
    |c| {
        let big = sparse_huge_tif(&c, "big.tif");
        let src = c.empty_source();
        strings(&["compare", "--source", &src, "--raster", &big])
    }
);

// --- the issue's other reproductions, as given -------------------------------
case!(mmu_u64_max, 2, "--mmu", |c| c
    .gen(&["--mmu", "18446744073709551615"]));
case!(mmu_1e12_hectares, 2, "'--mmu <SIZE>': `1e12ha`", |c| c
    .gen(&["--mmu", "1e12ha"]));
case!(majority_samples_100000, 2, "--majority-samples", |c| c
    .gen(&["--majority-samples", "100000"]));
case!(closing_4097, 2, "'--closing <WxH>': `4097x4097`", |c| c
    .gen(&["--closing", "4097x4097"]));
case!(
    wide_buffer_negative,
    2,
    "'--wide-buffer <METRES>': `-30`",
    |c| c.gen(&["--wide-buffer=-30"])
);

// --- a layer that is not polygons ---------------------------------------------
/// A land-cover layer `pts` of one mapped feature of `geometry` (GeoJSON)
/// inside the sample's first ground-reference patch.
fn non_polygon_source(c: &Ctx, geometry: &str) -> String {
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32631"}}}},"features":[{{"type":"Feature","properties":{{"id":1,"code_cs":"CS2.1.1.1","code_us":"US1.1"}},"geometry":{geometry}}}]}}"#
    );
    c.write("pts.geojson", text.as_bytes())
}

const POINT: &str = r#"{"type":"Point","coordinates":[700500,5499500]}"#;
const LINE: &str = r#"{"type":"LineString","coordinates":[[700000,5499000],[701000,5499900]]}"#;

case!(
    compare_points_layer,
    2,
    "pts.geojson, layer `pts`: expected polygons (land-cover areas), found Point only",
    |c| c.compare(&non_polygon_source(&c, POINT), &[])
);
case!(
    compare_lines_layer,
    2,
    "layer `pts`: expected polygons (land-cover areas), found Line String only",
    |c| c.compare(&non_polygon_source(&c, LINE), &[])
);
case!(
    compare_points_layer_away_from_the_raster,
    2,
    "layer `pts`: expected polygons (land-cover areas), found Point only",
    |c| c.compare(
        &non_polygon_source(&c, r#"{"type":"Point","coordinates":[100,100]}"#),
        &[]
    )
);
case!(
    generalize_points_layer,
    2,
    "layer `pts`: expected polygons (land-cover areas), found Point only",
    |c| {
        let src = non_polygon_source(&c, POINT);
        let o = c.p("o.tif");
        strings(&["generalize", "--like", &c.gr(), "--source", &src, "-o", &o])
    }
);

// --- a multi-output command checks every output before writing any ----------
/// `generalize` into `o.tif` and the patches folder `patches`, with the
/// intermediates kept; `patches` is made by `setup`. Nothing may be written.
fn generalize_outputs_refused(setup: impl FnOnce(&Ctx) -> String, fragment: &str) {
    let c = Ctx::new();
    let patches = setup(&c);
    let args = c.gen(&[
        "--tile",
        "31UGQ",
        "--patches",
        &patches,
        "--keep-intermediate",
    ]);
    expect_with(&args, &[], Stdio::piped(), 2, fragment);
    let left: Vec<_> = fs::read_dir(c.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('o') || n.starts_with(".multisenge-"))
        .collect();
    assert!(left.is_empty(), "written before refusing: {left:?}");
}

#[test]
fn generalize_patches_is_a_file() {
    generalize_outputs_refused(
        |c| c.write("p", b"a file"),
        "/p: is a file, expected a folder",
    );
}

#[test]
fn generalize_patches_in_a_missing_folder() {
    let why = "the folder that should hold it does not exist";
    generalize_outputs_refused(|c| c.p("no/such/patches"), why);
}

#[test]
fn generalize_patches_is_a_device() {
    generalize_outputs_refused(
        |_| "/dev/null".into(),
        "--patches /dev/null: is a character device, expected a folder",
    );
}

#[test]
fn generalize_patches_labels_is_a_file() {
    let setup = |c: &Ctx| {
        fs::create_dir(c.dir.path().join("p")).unwrap();
        c.write("p/labels", b"a file");
        c.p("p")
    };
    generalize_outputs_refused(setup, "labels: is not a folder");
}

#[test]
fn generalize_kept_intermediate_exists() {
    let setup = |c: &Ctx| {
        c.write("keep.1-fill.tif", b"mine");
        c.p("patches")
    };
    let c = Ctx::new();
    let patches = setup(&c);
    let mut args = c.gen(&[
        "--tile",
        "31UGQ",
        "--patches",
        &patches,
        "--keep-intermediate",
    ]);
    args[8] = c.p("keep.tif");
    expect_with(
        &args,
        &[],
        Stdio::piped(),
        2,
        "keep.1-fill.tif: exists; use --force",
    );
    assert!(!c.dir.path().join("keep.tif").exists());
    assert!(!c.dir.path().join("patches").exists());
}

case!(
    generalize_output_in_missing_folder,
    2,
    "the output folder does not exist",
    |c| {
        let mut a = c.gen(&[]);
        a[8] = c.p("no/o.tif");
        a
    }
);

// --- label file dates, stats on special files, outputs through links --------
case!(
    s2_dates_not_in_the_calendar,
    2,
    "'--s2-dates <DATES>': `20201345` has month 13, not between 01 and 12",
    |c| c.gen(&[
        "--tile",
        "31UGQ",
        "--patches",
        &c.p("p"),
        "--s2-dates",
        "20201345,abc"
    ])
);
case!(
    s1_dates_garbage,
    2,
    "'--s1-dates <DATES>': `abc` is not a date in the form YYYYMMDD",
    |c| c.gen(&[
        "--tile",
        "31UGQ",
        "--patches",
        &c.p("p"),
        "--s1-dates",
        "abc"
    ])
);

/// `stats` of a copy of the valid sample whose file `rel` became a FIFO:
/// one finding, no hang.
fn stats_with_fifo(rel: &str) {
    let c = Ctx::new();
    let d = c.copy();
    replace_by_fifo(&d.join(rel));
    let ds = d.display().to_string();
    expect(
        strings(&["stats", &ds]),
        0,
        "1 finding (run `multisenge validate`",
    );
}

#[test]
fn stats_fifo_as_label_file() {
    stats_with_fifo(LABEL);
}

#[test]
fn stats_fifo_as_raster() {
    stats_with_fifo("ground_reference/31UGQ_GR_0_0.tif");
}

#[test]
fn stats_output_through_symlink_keeps_link_and_mode() {
    use std::os::unix::fs::PermissionsExt;
    let c = Ctx::new();
    let real = c.dir.path().join("real.txt");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("real.txt", c.dir.path().join("link.txt")).unwrap();
    let args = strings(&["stats", &c.valid(), "-o", &c.p("link.txt")]);
    expect_with(&args, &[], Stdio::piped(), 0, "");
    assert!(fs::symlink_metadata(c.dir.path().join("link.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real)
        .unwrap()
        .starts_with("MultiSenGE statistics"));
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn stats_output_to_dev_null_keeps_the_device() {
    let c = Ctx::new();
    let args = strings(&["stats", &c.valid(), "-o", "/dev/null"]);
    expect_with(&args, &[], Stdio::piped(), 0, "");
    let t = fs::metadata("/dev/null").unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&t));
}

/// `-o FIFO`: the report goes into the pipe (read by another process), and
/// the FIFO stays a FIFO.
fn output_to_fifo(subcommand: &str, fragment: &str) {
    let c = Ctx::new();
    let fifo = c.fifo("pipe");
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let args = strings(&[subcommand, &c.valid(), "-o", &fifo]);
    expect_with(&args, &[], Stdio::piped(), 0, "");
    assert!(reader.join().unwrap().contains(fragment));
    let t = fs::metadata(&fifo).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&t));
}

#[test]
fn validate_output_to_fifo_keeps_the_fifo() {
    output_to_fifo("validate", "0 errors");
}

#[test]
fn stats_output_to_fifo_keeps_the_fifo() {
    output_to_fifo("stats", "MultiSenGE statistics");
}

#[test]
fn compare_non_raster_prints_no_raw_gdal_error() {
    let c = Ctx::new();
    let r = c.write("r.tif", b"not a raster");
    let src = c.empty_source();
    let out = multisenge()
        .args(["compare", "--source", &src, "--raster", &r])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("r.tif: is not a raster GDAL can read"),
        "{err}"
    );
    assert!(
        !err.contains("ERROR 1") && !err.contains("CPL error"),
        "{err}"
    );
}

#[test]
fn validate_checks_report_and_baseline_outputs_before_writing_either() {
    let c = Ctx::new();
    let baseline = c.p("baseline.json");
    let args = strings(&[
        "validate",
        &c.valid(),
        "--write-baseline",
        &baseline,
        "-o",
        &c.p("no/r.txt"),
    ]);
    expect_with(&args, &[], Stdio::piped(), 2, "r.txt: ");
    assert!(!c.dir.path().join("baseline.json").exists());
    fs::create_dir(c.dir.path().join("folder")).unwrap();
    let args = strings(&[
        "validate",
        &c.valid(),
        "-o",
        &c.p("r.txt"),
        "--write-baseline",
        &c.p("folder"),
    ]);
    expect_with(&args, &[], Stdio::piped(), 2, "is a folder");
    assert!(!c.dir.path().join("r.txt").exists());
}
