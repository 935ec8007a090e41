//! Issue 24's reproductions, one test each, through the real binary: the
//! input gate (special files, size limits), the output gate (outputs onto
//! inputs, devices, two outputs of one name), strict kinds and ranges of
//! what is read (class rasters, line layers, crafted partials, listings and
//! baselines), remote roots that cannot be listed, and exit codes. Each
//! case checks the exact exit code and a fragment of the message, within
//! 60 s (a hang is a failure), and that no panic, raw `ERROR n:` line of
//! GDAL or Rust `None`/`Some(` text was printed. The kill trials are in
//! `tests/kill_trials.rs`, `tests/generalize_kill.rs`.

mod common;
mod generalize_common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, multisenge, sample};

/// A case's world: a temporary folder beside the shared sample.
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

    fn p(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn s(&self, name: &str) -> String {
        self.p(name).display().to_string()
    }

    /// A copy of the valid sample (outputs must not land in the shared one).
    fn dataset(&self) -> PathBuf {
        let d = self.p("ds");
        if !d.exists() {
            copy_tree(&sample().join("valid"), &d);
        }
        d
    }

    fn gr(&self) -> String {
        self.dataset()
            .join("ground_reference/31UGQ_GR_0_0.tif")
            .display()
            .to_string()
    }

    fn fifo(&self, name: &str) -> String {
        let path = self.p(name);
        let status = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(status.success());
        self.s(name)
    }

    /// A synthetic land-cover source of the sample's tile.
    fn source(&self) -> String {
        let path = self.p("source.gpkg");
        if !path.exists() {
            generalize_common::source(self.dir.path(), 3000);
        }
        path.display().to_string()
    }

    /// The two partial reports of the valid sample, `p0.json`, `p1.json`.
    fn partials(&self) -> [String; 2] {
        let ds = self.dataset();
        ["p0.json", "p1.json"].map(|name| {
            let shard = if name == "p0.json" { "0/2" } else { "1/2" };
            let out = run(&[
                "validate",
                ds.to_str().unwrap(),
                "--shard",
                shard,
                "-o",
                &self.s(name),
            ]);
            assert!(out.status.code().is_some_and(|c| c <= 1), "{}", text(&out));
            self.s(name)
        })
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Waits for `child` at most 60 s; a hang is a failure.
fn wait(mut child: Child) -> Output {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command hung (more than 60 s)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn(mut command: Command) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait(child)
}

fn run(args: &[&str]) -> Output {
    let mut c = multisenge();
    c.args(args);
    spawn(c)
}

/// Checks the exit code, the fragment, and that nothing raw was printed.
fn check(out: &Output, code: i32, fragment: &str) {
    let shown = text(out);
    assert_eq!(out.status.code(), Some(code), "{shown}");
    assert!(shown.contains(fragment), "no `{fragment}` in\n{shown}");
    for raw in [
        "panicked", "ERROR 1:", "ERROR 4:", "ERROR 6:", "Some(", "None",
    ] {
        assert!(!shown.contains(raw), "`{raw}` printed:\n{shown}");
    }
}

fn expect(args: &[&str], code: i32, fragment: &str) {
    check(&run(args), code, fragment);
}

// --- hangs: special files given where a file is read ----------------------

#[test]
fn fifo_as_baseline() {
    let c = Ctx::new();
    let ds = c.dataset();
    let fifo = c.fifo("base.json");
    expect(
        &["validate", ds.to_str().unwrap(), "--baseline", &fifo],
        2,
        "--baseline",
    );
    expect(
        &["validate", ds.to_str().unwrap(), "--baseline", &fifo],
        2,
        "is a FIFO (named pipe), not a regular file; not read",
    );
}

#[test]
fn fifo_as_merge_partial() {
    let c = Ctx::new();
    let [p0, _] = c.partials();
    let fifo = c.fifo("p1.fifo.json");
    expect(
        &["merge", &p0, &fifo, "-o", &c.s("m.json")],
        2,
        "is a FIFO (named pipe)",
    );
    assert!(!c.p("m.json").exists());
}

#[test]
fn fifo_as_listing() {
    let c = Ctx::new();
    let ds = c.dataset();
    let fifo = c.fifo("listing.txt");
    expect(
        &["validate", ds.to_str().unwrap(), "--listing", &fifo],
        2,
        "--listing",
    );
    expect(
        &[
            "list",
            ds.to_str().unwrap(),
            "--from",
            &fifo,
            "-o",
            &c.s("l.txt"),
        ],
        2,
        "is a FIFO (named pipe)",
    );
}

#[test]
fn fifo_as_generalize_config() {
    let c = Ctx::new();
    let fifo = c.fifo("config.toml");
    let gr = c.gr();
    expect(
        &[
            "generalize",
            "--config",
            &fifo,
            "--from",
            &gr,
            "--tile",
            "31UGQ",
            "--steps",
            "fill",
            "-o",
            &c.s("o.tif"),
        ],
        2,
        "--config",
    );
}

#[test]
fn folder_as_baseline_and_as_partial() {
    let c = Ctx::new();
    let ds = c.dataset();
    fs::create_dir(c.p("dir.json")).unwrap();
    expect(
        &[
            "validate",
            ds.to_str().unwrap(),
            "--baseline",
            &c.s("dir.json"),
        ],
        2,
        "is a folder, expected a file",
    );
    expect(
        &["merge", &c.s("dir.json"), "-o", &c.s("m.json")],
        2,
        "is a folder, expected a file",
    );
}

// --- aborts: endless or huge inputs under an address-space limit ----------

/// The command with its address space limited to 4 GiB, as in the issue.
fn limited(args: &[&str]) -> Output {
    let mut c = multisenge();
    c.args(args);
    // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
    unsafe {
        c.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 4 << 30,
                rlim_max: 4 << 30,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    spawn(c)
}

#[test]
fn dev_zero_listing_under_an_address_space_limit() {
    let c = Ctx::new();
    let ds = c.dataset();
    let ds = ds.to_str().unwrap();
    check(
        &limited(&["validate", ds, "--listing", "/dev/zero"]),
        2,
        "/dev/zero: is a character device",
    );
    check(
        &limited(&["list", ds, "--from", "/dev/zero", "-o", &c.s("l.txt")]),
        2,
        "/dev/zero: is a character device",
    );
}

#[test]
fn huge_listing_without_a_line_end_is_bounded() {
    // A sparse 8 GiB file of zeros: one endless line, read up to its limit.
    let c = Ctx::new();
    let ds = c.dataset();
    let f = fs::File::create(c.p("huge.txt")).unwrap();
    f.set_len(8 << 30).unwrap();
    check(
        &limited(&[
            "validate",
            ds.to_str().unwrap(),
            "--listing",
            &c.s("huge.txt"),
        ]),
        2,
        "holds a line longer than 64 KiB",
    );
}

#[test]
fn huge_baseline_and_partial_are_not_read() {
    let c = Ctx::new();
    let ds = c.dataset();
    let f = fs::File::create(c.p("huge.json")).unwrap();
    f.set_len(2 << 30).unwrap();
    check(
        &limited(&[
            "validate",
            ds.to_str().unwrap(),
            "--baseline",
            &c.s("huge.json"),
        ]),
        2,
        "is larger than 1 GiB, the limit for a baseline; not read",
    );
    check(
        &limited(&["merge", &c.s("huge.json"), "-o", &c.s("m.json")]),
        2,
        "is larger than 1 GiB, the limit for a partial report",
    );
}

// --- inputs overwritten ------------------------------------------------------

#[test]
fn validate_and_stats_output_onto_a_label_file_of_the_dataset() {
    let c = Ctx::new();
    let ds = c.dataset();
    let label = ds.join("labels/31UGQ_0_0.json");
    let before = fs::read(&label).unwrap();
    for sub in ["validate", "stats"] {
        expect(
            &[sub, ds.to_str().unwrap(), "-o", label.to_str().unwrap()],
            2,
            "is inside the dataset",
        );
    }
    assert_eq!(fs::read(&label).unwrap(), before);
}

#[test]
fn merge_onto_its_own_partial() {
    let c = Ctx::new();
    let [p0, p1] = c.partials();
    let before = fs::read(&p1).unwrap();
    expect(
        &["merge", &p0, &p1, "-o", &p1],
        2,
        "is also an input of this run (PARTIALS)",
    );
    assert_eq!(fs::read(&p1).unwrap(), before);
}

#[test]
fn generalize_output_equal_to_its_source_or_from() {
    let c = Ctx::new();
    let src = c.source();
    // The source under a raster's name: a hard link, the same inode.
    fs::hard_link(&src, c.p("source.tif")).unwrap();
    let before = fs::read(&src).unwrap();
    expect(
        &[
            "generalize",
            "--source",
            &src,
            "--tile",
            "31UGQ",
            "--like",
            &c.gr(),
            "-o",
            &c.s("source.tif"),
            "--force",
        ],
        2,
        "is also an input of this run (--source)",
    );
    assert_eq!(fs::read(&src).unwrap(), before);
    fs::copy(c.gr(), c.p("gr.tif")).unwrap();
    expect(
        &[
            "generalize",
            "--from",
            &c.s("gr.tif"),
            "--tile",
            "31UGQ",
            "--steps",
            "fill",
            "-o",
            &c.s("gr.tif"),
            "--force",
        ],
        2,
        "is also an input of this run (--from)",
    );
}

#[test]
fn compare_output_equal_to_its_raster() {
    let c = Ctx::new();
    let src = c.source();
    fs::copy(c.gr(), c.p("gr.tif")).unwrap();
    let before = fs::read(c.p("gr.tif")).unwrap();
    for option in ["-o", "--disagreement"] {
        expect(
            &[
                "compare",
                "--source",
                &src,
                "--raster",
                &c.s("gr.tif"),
                option,
                &c.s("gr.tif"),
                "--force",
            ],
            2,
            "is also an input of this run (--raster)",
        );
    }
    assert_eq!(fs::read(c.p("gr.tif")).unwrap(), before);
}

// --- devices: written through or refused, never replaced ------------------

/// A character device named `name` in the case's folder: a real node when
/// the tests run as root (as in CI), else a link to `/dev/null`.
fn device(c: &Ctx, name: &str) -> PathBuf {
    let path = c.p(name);
    let cpath = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path; makedev(1, 3) is /dev/null's number.
    let made = unsafe { libc::mknod(cpath.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if made != 0 {
        std::os::unix::fs::symlink("/dev/null", &path).unwrap();
    }
    path
}

fn is_device(path: &Path) -> bool {
    fs::metadata(path).unwrap().file_type().is_char_device()
}

#[test]
fn footprints_onto_a_device_with_force() {
    let c = Ctx::new();
    let node = device(&c, "node.gpkg");
    let ds = c.dataset();
    expect(
        &[
            "footprints",
            ds.to_str().unwrap(),
            "-o",
            node.to_str().unwrap(),
            "--force",
        ],
        2,
        "is a device; this output is a file GDAL writes by name",
    );
    assert!(is_device(&node));
}

#[test]
fn compare_lost_onto_a_device_with_force() {
    let c = Ctx::new();
    let node = device(&c, "node.gpkg");
    let src = c.source();
    expect(
        &[
            "compare",
            "--source",
            &src,
            "--raster",
            &c.gr(),
            "--lost",
            node.to_str().unwrap(),
            "--force",
        ],
        2,
        "is a device",
    );
    assert!(is_device(&node));
    expect(
        &[
            "compare",
            "--source",
            &src,
            "--raster",
            &c.gr(),
            "--lost",
            "/dev/null",
            "--force",
        ],
        2,
        "expected a .gpkg file",
    );
    assert!(is_device(Path::new("/dev/null")));
}

#[test]
fn report_onto_dev_null_is_written_through() {
    let c = Ctx::new();
    let ds = c.dataset();
    expect(
        &["validate", ds.to_str().unwrap(), "-o", "/dev/null"],
        0,
        "",
    );
    assert!(is_device(Path::new("/dev/null")));
}

// --- half-done work: all outputs or none -------------------------------------

#[test]
fn generalize_tiles_with_a_tile_twice() {
    let c = Ctx::new();
    let src = c.source();
    expect(
        &[
            "generalize",
            "--source",
            &src,
            "--tiles",
            "31UGQ,31UGQ",
            "-o",
            &c.s("g_{tile}.tif"),
        ],
        2,
        "--tiles: tile 31UGQ is given twice",
    );
    assert!(!c.p("g_31UGQ.tif").exists());
}

#[test]
fn compare_two_outputs_with_the_same_path() {
    let c = Ctx::new();
    let src = c.source();
    expect(
        &[
            "compare",
            "--source",
            &src,
            "--raster",
            &c.gr(),
            "--disagreement",
            &c.s("x.tif"),
            "-o",
            &c.s("x.tif"),
        ],
        2,
        "is also given as --output; every output needs its own name",
    );
    assert!(!c.p("x.tif").exists());
}

fn stdout_full(args: &[&str], code: i32, fragment: &str) {
    let mut c = multisenge();
    c.args(args).stdout(Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    ));
    let child = c
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    check(&wait(child), code, fragment);
}

#[test]
fn footprints_to_a_full_standard_output() {
    let c = Ctx::new();
    let ds = c.dataset();
    stdout_full(
        &["footprints", ds.to_str().unwrap(), "-o", "-"],
        3,
        "No space left on device",
    );
}

#[test]
fn list_to_a_full_standard_output_exits_3() {
    let c = Ctx::new();
    let ds = c.dataset();
    stdout_full(
        &["list", ds.to_str().unwrap(), "-o", "-"],
        3,
        "No space left on device",
    );
}

// --- wrong answers -------------------------------------------------------------

#[test]
fn dataset_root_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStringExt;
    let c = Ctx::new();
    let root = c
        .dir
        .path()
        .join(std::ffi::OsString::from_vec(b"caf\xe9".to_vec()));
    copy_tree(&sample().join("valid"), &root);
    let mut cmd = multisenge();
    cmd.arg("validate").arg(&root);
    check(&spawn(cmd), 0, "Checked 6 patches");
}

#[test]
fn relative_root_with_a_listing() {
    let c = Ctx::new();
    c.dataset();
    let listing = c.s("listing.txt");
    let mut make = multisenge();
    make.current_dir(c.dir.path())
        .args(["list", "ds", "-o", &listing]);
    assert!(spawn(make).status.success());
    for root in ["ds", "./ds", "ds/"] {
        let mut cmd = multisenge();
        cmd.current_dir(c.dir.path())
            .args(["validate", root, "--listing", &listing]);
        check(&spawn(cmd), 0, "Checked 6 patches");
    }
}

/// A local HTTP server answering every request with `answer` (none: it
/// accepts and never answers), until the test ends.
fn server(answer: Option<&'static str>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            match answer {
                None => held.push(stream),
                Some(text) => {
                    let mut buf = [0u8; 8192];
                    let _ = stream.read(&mut buf);
                    let _ = stream.write_all(text.as_bytes());
                }
            }
        }
    });
    port
}

fn s3(port: u16, args: &[&str]) -> Output {
    let mut c = multisenge();
    c.args(args)
        .env("AWS_S3_ENDPOINT", format!("127.0.0.1:{port}"))
        .env("AWS_HTTPS", "NO")
        .env("AWS_VIRTUAL_HOSTING", "FALSE")
        .env("AWS_NO_SIGN_REQUEST", "YES")
        .env_remove("GDAL_HTTP_LOW_SPEED_TIME")
        .env_remove("GDAL_HTTP_CONNECTTIMEOUT")
        .env_remove("GDAL_HTTP_TIMEOUT");
    spawn(c)
}

#[test]
fn stalled_server_fails_validate_within_30_seconds_with_the_defaults() {
    let port = server(None);
    let started = Instant::now();
    let out = s3(port, &["validate", "/vsis3/bucket/dataset"]);
    let took = started.elapsed();
    check(
        &out,
        2,
        "/vsis3/bucket/dataset: cannot read the dataset root",
    );
    check(&out, 2, "the server did not answer");
    // A guard against a hang (GDAL's own defaults would wait without end),
    // not a speed check: the message above shows the timeout ended the
    // wait; how long the defaults wait (about 20 s, under the 30 s)
    // is measured in docs/reliability.md, not asserted on a loaded machine.
    assert!(took < Duration::from_secs(180), "took {took:?}");
}

#[test]
fn missing_bucket_is_one_clear_error() {
    const NO_BUCKET: &str = "HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\n\
        Content-Length: 120\r\nConnection: close\r\n\r\n\
        <?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code>\
        <Message>The bucket does not exist</Message></Error>  ";
    let port = server(Some(NO_BUCKET));
    let out = s3(
        port,
        &["validate", "/vsis3/nobucket/dataset", "--format", "json"],
    );
    let shown = text(&out);
    assert!(!shown.contains("L001"), "{shown}");
    assert!(!shown.contains("0 patches"), "{shown}");
    assert!(
        out.status.code() == Some(2) || shown.matches("L005").count() == 1,
        "{shown}"
    );
}

#[test]
fn vsicurl_root_gdal_cannot_list_is_an_error() {
    // A plain HTTP server: an index page GDAL does not read as a listing.
    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\
        Content-Length: 5\r\nConnection: close\r\n\r\nhello";
    let port = server(Some(PAGE));
    let root = format!("/vsicurl/http://127.0.0.1:{port}/dataset/");
    let out = run(&["validate", &root]);
    let shown = text(&out);
    assert!(!shown.contains("0 errors"), "{shown}");
    assert_eq!(out.status.code(), Some(2), "{shown}");
}

/// A raster of `bands` bands of Float64 on the sample's grid.
fn float_raster(c: &Ctx) -> String {
    let path = c.s("f64.tif");
    let script = "import sys; from osgeo import gdal, osr\n\
        s = osr.SpatialReference(); s.ImportFromEPSG(32631)\n\
        d = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 256, 256, 3, gdal.GDT_Float64)\n\
        d.SetGeoTransform([699960, 10, 0, 5500020, 0, -10]); d.SetProjection(s.ExportToWkt())\n\
        d.GetRasterBand(1).Fill(9.5); d = None\n";
    assert!(generalize_common::python_ok(), "python3 with GDAL");
    generalize_common::run_python(script, &[&path]);
    path
}

#[test]
fn float_three_band_raster_is_not_a_class_raster() {
    let c = Ctx::new();
    let f64 = float_raster(&c);
    expect(
        &[
            "generalize",
            "--from",
            &f64,
            "--tile",
            "31UGQ",
            "--steps",
            "fill",
            "-o",
            &c.s("o.tif"),
        ],
        2,
        "expected a class raster (one band of 8-bit values",
    );
    expect(
        &["compare", "--source", &c.source(), "--raster", &f64],
        2,
        "found 3 bands of Float64 values",
    );
}

#[test]
fn roads_given_as_polygons_are_refused() {
    let c = Ctx::new();
    let src = c.source();
    let status = Command::new("ogr2ogr")
        .args([
            "-nlt",
            "MULTIPOLYGON",
            &c.s("roads.gpkg"),
            &src,
            "landcover",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let roads = format!("{}|layername=landcover", c.s("roads.gpkg"));
    expect(
        &[
            "generalize",
            "--source",
            &src,
            "--roads",
            &roads,
            "--tile",
            "31UGQ",
            "--like",
            &c.gr(),
            "-o",
            &c.s("o.tif"),
        ],
        2,
        "expected lines (roads or railways), found Multi Polygon",
    );
    expect(
        &[
            "compare",
            "--source",
            &src,
            "--roads",
            &roads,
            "--raster",
            &c.gr(),
        ],
        2,
        "expected lines",
    );
}

#[test]
fn compare_wide_buffer_nan() {
    let c = Ctx::new();
    expect(
        &[
            "compare",
            "--source",
            &c.source(),
            "--raster",
            &c.gr(),
            "--wide-buffer",
            "NaN",
        ],
        2,
        "'--wide-buffer <METRES>': `NaN`",
    );
}

/// The valid sample's partial `p0.json` changed by `edit`, merged with
/// `p1.json`.
fn crafted_partial(edit: impl FnOnce(&mut serde_json::Value), fragment: &str) {
    let c = Ctx::new();
    let [p0, p1] = c.partials();
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(&p0).unwrap()).unwrap();
    edit(&mut value);
    fs::write(&p0, serde_json::to_vec(&value).unwrap()).unwrap();
    expect(&["merge", &p0, &p1, "-o", &c.s("m.json")], 2, fragment);
    assert!(!c.p("m.json").exists());
}

#[test]
fn partial_with_a_count_of_u64_max() {
    crafted_partial(
        |v| v["summary"]["patches"] = serde_json::json!(u64::MAX),
        "summary.patches = 18446744073709551615: expected at most",
    );
}

#[test]
fn partial_with_epsg_999999() {
    crafted_partial(
        |v| v["footprints"][0]["epsg"] = serde_json::json!(999999),
        "EPSG:999999: expected a WGS 84 / UTM zone",
    );
}

#[test]
fn partial_with_bounds_of_1e308() {
    crafted_partial(
        |v| v["footprints"][0]["bounds"] = serde_json::json!([-1e308, 0.0, 1e308, 1.0]),
        "expected finite min x < max x",
    );
}

#[test]
fn partial_claiming_shard_5_of_2() {
    crafted_partial(
        |v| v["shard"] = serde_json::json!(5),
        "shard = 5: expected a shard index below the shard count (2)",
    );
}

#[test]
fn crafted_baseline_coordinates_are_range_checked() {
    let c = Ctx::new();
    let ds = c.dataset();
    let base = serde_json::json!({
        "schema_version": 1,
        "findings": [{
            "code": "S001", "severity": "error", "message": "m",
            "location": {"type": "polygon", "epsg": 32631,
                         "rings": [[[1e308, 0.0], [1.0, 0.0], [1.0, 1.0], [1e308, 0.0]]]}
        }]
    });
    fs::write(c.p("base.json"), base.to_string()).unwrap();
    expect(
        &[
            "validate",
            ds.to_str().unwrap(),
            "--baseline",
            &c.s("base.json"),
        ],
        2,
        "finding 1: coordinate 1e308: expected a finite value within ±4e9 m",
    );
}

#[test]
fn crafted_listing_leading_outside_the_dataset() {
    let c = Ctx::new();
    let ds = c.dataset();
    let root = ds.display().to_string();
    fs::write(
        c.p("l.txt"),
        format!("multisenge-listing 1\nroot\t{root}\nd\tlabels\nf\t../secret\n"),
    )
    .unwrap();
    expect(
        &["validate", &root, "--listing", &c.s("l.txt")],
        2,
        "with `.` or `..`",
    );
}

#[test]
fn compare_source_in_the_wrong_crs_without_crs_or_far_away() {
    let c = Ctx::new();
    let src = c.source();
    let ogr = |args: &[&str]| {
        assert!(Command::new("ogr2ogr")
            .args(args)
            .status()
            .unwrap()
            .success())
    };
    ogr(&["-a_srs", "EPSG:32630", &c.s("wrong.gpkg"), &src]);
    expect(
        &[
            "compare",
            "--source",
            &c.s("wrong.gpkg"),
            "--raster",
            &c.gr(),
        ],
        2,
        "no mapped polygon reaches the raster",
    );
    ogr(&["-f", "ESRI Shapefile", &c.s("nocrs.shp"), &src, "landcover"]);
    fs::remove_file(c.p("nocrs.prj")).unwrap();
    expect(
        &[
            "compare",
            "--source",
            &c.s("nocrs.shp"),
            "--raster",
            &c.gr(),
        ],
        2,
        "no CRS is declared",
    );
    let far = c.p("far");
    fs::create_dir(&far).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_multisenge-landcover"))
        .args(["--tile", "31TCJ", "--size-m", "2000", "-o"])
        .arg(far.join("far.gpkg"))
        .output()
        .unwrap();
    assert!(out.status.success());
    expect(
        &[
            "compare",
            "--source",
            far.join("far.gpkg").to_str().unwrap(),
            "--raster",
            &c.gr(),
        ],
        2,
        "no mapped polygon reaches the raster",
    );
}

// --- configuration ---------------------------------------------------------------

#[test]
fn profile_with_empty_labels_folder() {
    let c = Ctx::new();
    let ds = c.dataset();
    let profile = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("validators/multisenge.toml"),
    )
    .unwrap();
    let edited = profile.replacen("labels = \"labels\"", "labels = \"\"", 1);
    assert_ne!(edited, profile, "the profile names its labels folder");
    fs::write(c.p("p.toml"), edited).unwrap();
    expect(
        &[
            "validate",
            ds.to_str().unwrap(),
            "--profile",
            &c.s("p.toml"),
        ],
        2,
        "[folders] labels = \"\": expected the name of a folder",
    );
}

#[test]
fn baseline_with_shard_is_refused() {
    let c = Ctx::new();
    let ds = c.dataset();
    c.partials();
    expect(
        &[
            "validate",
            ds.to_str().unwrap(),
            "--shard",
            "0/2",
            "--baseline",
            &c.s("p0.json"),
        ],
        2,
        "cannot be used with",
    );
}

#[test]
fn http_settings_out_of_range_are_refused() {
    let mut c = multisenge();
    c.args(["validate", "/vsis3/bucket/dataset"])
        .env("GDAL_HTTP_LOW_SPEED_TIME", "0")
        .env("AWS_NO_SIGN_REQUEST", "YES");
    check(
        &spawn(c),
        2,
        "GDAL_HTTP_LOW_SPEED_TIME=`0`: expected a whole number from 1 to 3600 (seconds)",
    );
}

// --- exit codes: the user's errors are 2 -------------------------------------------

/// Runs as `nobody` when the tests run as root (permissions deny root
/// nothing), so a read-only folder is read-only.
fn as_user(args: &[&str]) -> Output {
    // SAFETY: geteuid has no precondition.
    if unsafe { libc::geteuid() } != 0 {
        return run(args);
    }
    let mut c = Command::new("setpriv");
    c.env("XDG_CACHE_HOME", common::test_cache_home());
    c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_multisenge"))
        .args(args);
    spawn(c)
}

/// A read-only folder everyone can enter, in a folder everyone can enter.
fn read_only(c: &Ctx) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let ro = c.p("ro");
    fs::create_dir(&ro).unwrap();
    for p in [c.dir.path(), ro.as_path()] {
        fs::set_permissions(p, fs::Permissions::from_mode(0o555)).unwrap();
    }
    ro
}

#[test]
fn read_only_output_folder_exits_2() {
    let c = Ctx::new();
    let ds = c.dataset();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&ds, fs::Permissions::from_mode(0o755)).unwrap();
    let ro = read_only(&c);
    let out = as_user(&[
        "validate",
        ds.to_str().unwrap(),
        "-o",
        ro.join("r.json").to_str().unwrap(),
    ]);
    check(&out, 2, "is not writable (permission denied)");
    assert!(!text(&out).contains(".multisenge-"), "{}", text(&out));
    let out = as_user(&["man", ro.to_str().unwrap()]);
    check(&out, 2, "is not writable");
    fs::set_permissions(c.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn footprints_into_a_missing_folder_exits_2() {
    let c = Ctx::new();
    let ds = c.dataset();
    expect(
        &[
            "footprints",
            ds.to_str().unwrap(),
            "-o",
            &c.s("missing/f.gpkg"),
        ],
        2,
        "the output folder does not exist",
    );
}

#[test]
fn man_into_a_file_exits_2() {
    let c = Ctx::new();
    fs::write(c.p("file"), "x").unwrap();
    expect(&["man", &c.s("file")], 2, "expected a folder to write into");
    assert_eq!(fs::read(c.p("file")).unwrap(), b"x");
}

#[test]
fn raster_with_an_infinite_origin_exits_2() {
    let c = Ctx::new();
    let path = c.s("inf.tif");
    let script = "import sys; from osgeo import gdal, osr\n\
        s = osr.SpatialReference(); s.ImportFromEPSG(32631)\n\
        d = gdal.GetDriverByName('GTiff').Create(sys.argv[1], 256, 256, 1, gdal.GDT_Byte)\n\
        d.SetGeoTransform([float('inf'), 10, 0, 5500020, 0, -10]); d.SetProjection(s.ExportToWkt()); d = None\n";
    assert!(generalize_common::python_ok(), "python3 with GDAL");
    generalize_common::run_python(script, &[&path]);
    expect(
        &["compare", "--source", &c.source(), "--raster", &path],
        2,
        "origin (inf, 5500020) and pixel size 10: expected finite numbers",
    );
    // In a dataset: a finding, not an internal error.
    let ds = c.dataset();
    fs::copy(&path, ds.join("ground_reference/31UGQ_GR_0_0.tif")).unwrap();
    let out = run(&["validate", ds.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn damaged_vector_source_is_named_without_raw_gdal_text() {
    let c = Ctx::new();
    fs::write(c.p("bad.gpkg"), b"SQLite format 3\0garbage garbage").unwrap();
    expect(
        &["compare", "--source", &c.s("bad.gpkg"), "--raster", &c.gr()],
        2,
        "bad.gpkg",
    );
}

#[test]
fn unknown_epsg_is_named_without_raw_gdal_text() {
    let c = Ctx::new();
    let ds = c.dataset();
    expect(
        &[
            "footprints",
            ds.to_str().unwrap(),
            "-o",
            &c.s("f.gpkg"),
            "--t-srs",
            "EPSG:999999",
        ],
        2,
        "EPSG:999999",
    );
}
