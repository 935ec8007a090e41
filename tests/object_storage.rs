//! Datasets in object storage, against a real S3-protocol server: moto in
//! server mode (`tests/s3/moto_s3.py`, in the virtual environment
//! scripts/install-deps.sh makes under target/venv), the sample datasets
//! uploaded to it, and `validate /vsis3/bucket/prefix` compared with
//! `validate` of the same files on disk. The server logs every request it
//! answers, so the requests and bytes per file are counted on its side.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::{code_paths, multisenge, require_tool, sample, stderr, stdout};

const BUCKET: &str = "multisenge";

/// The Python of target/venv when it has moto and boto3; in CI it must.
fn python() -> Option<PathBuf> {
    let python = std::env::var_os("MULTISENGE_S3_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python"));
    let found = Command::new(&python)
        .args(["-c", "import moto.server, boto3, werkzeug"])
        .output()
        .is_ok_and(|o| o.status.success());
    require_tool("moto[server] in target/venv", found).then_some(python)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3/moto_s3.py")
}

/// One request as the server logged it.
#[derive(Debug, serde::Deserialize)]
struct Request {
    method: String,
    path: String,
    status: u16,
    range: String,
    bytes: u64,
}

/// A moto server, killed when dropped (a failing test included).
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
    python: PathBuf,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts a server on a free port (the server picks it and prints it)
    /// and waits until it answers; `check_credentials` makes it refuse
    /// every request signed with unknown keys.
    fn start(python: &Path, check_credentials: bool) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("requests.jsonl");
        let errors = dir.path().join("server.err");
        let mut command = Command::new(python);
        command
            .arg(script())
            .arg("serve")
            .arg(&log)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&errors).unwrap());
        if check_credentials {
            command.env("INITIAL_NO_AUTH_ACTION_COUNT", "0");
        }
        let mut child = command.spawn().expect("the moto server starts");
        let out = child.stdout.take().unwrap();
        let mut server = Server {
            child,
            port: 0,
            log,
            python: python.to_path_buf(),
            _dir: dir,
        };
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = send.send(line);
        });
        let line = receive
            .recv_timeout(Duration::from_secs(120))
            .expect("the moto server prints its port within 2 minutes");
        server.port = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                let why = std::fs::read_to_string(&errors).unwrap_or_default();
                panic!("no port from the moto server: {line:?}\n{why}")
            });
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", server.port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the moto server does not answer on port {}", server.port);
    }

    fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Uploads the files under `dir` to `s3://BUCKET/prefix/`.
    fn upload(&self, dir: &Path, prefix: &str) {
        let run = Command::new(&self.python)
            .arg(script())
            .arg("upload")
            .arg(format!("http://{}", self.endpoint()))
            .arg(BUCKET)
            .arg(dir)
            .arg(prefix)
            .output()
            .unwrap();
        assert!(run.status.success(), "upload: {}", stderr(&run));
    }

    /// The requests logged since the last call.
    fn take_requests(&self) -> Vec<Request> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        std::fs::write(&self.log, "").unwrap();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `multisenge ARGS` with GDAL pointed at `endpoint` (path-style, plain
/// HTTP, short timeouts and no retries so that a failure shows at once).
fn s3_run(endpoint: &str, args: &[&str]) -> Output {
    multisenge()
        .args(args)
        .env("AWS_S3_ENDPOINT", endpoint)
        .env("AWS_HTTPS", "NO")
        .env("AWS_VIRTUAL_HOSTING", "FALSE")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("GDAL_HTTP_TIMEOUT", "20")
        .env("GDAL_HTTP_CONNECTTIMEOUT", "5")
        .env("GDAL_HTTP_MAX_RETRY", "0")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .output()
        .expect("multisenge runs")
}

fn local_run(args: &[&Path], more: &[&str]) -> Output {
    multisenge().args(args).args(more).output().unwrap()
}

/// The JSON report with its `root` (the only field naming the dataset
/// root) replaced.
fn without_root(json: &[u8]) -> serde_json::Value {
    let mut report: serde_json::Value = serde_json::from_slice(json)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(json)));
    report["root"] = "ROOT".into();
    report
}

/// `merge PARTS --format json`, its `root` replaced.
fn merged_json(parts: &[PathBuf]) -> serde_json::Value {
    let merged = multisenge()
        .arg("merge")
        .args(parts)
        .args(["--format", "json"])
        .output()
        .unwrap();
    without_root(&merged.stdout)
}

/// Copies what object storage can hold: regular files with UTF-8 names
/// (no symbolic links, no empty folders, which S3 has not); returns the
/// paths left out, relative to `from`.
fn copy_storable(from: &Path, to: &Path, rel: &str, left_out: &mut Vec<String>) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let shown = format!("{rel}{}", name.to_string_lossy());
        let kind = entry.file_type().unwrap();
        let Some(name) = name.to_str() else {
            left_out.push(shown);
            continue;
        };
        if kind.is_dir() {
            let before = left_out.len();
            copy_storable(
                &entry.path(),
                &to.join(name),
                &format!("{shown}/"),
                left_out,
            );
            if !to.join(name).exists() && left_out.len() == before {
                left_out.push(shown);
            }
        } else if kind.is_file() {
            std::fs::create_dir_all(to).unwrap();
            std::fs::copy(entry.path(), to.join(name)).unwrap();
        } else {
            left_out.push(shown);
        }
    }
}

/// Validates `local` and `s3://BUCKET/prefix` in JSON and text; asserts
/// that the reports are the same (the JSON `root` aside) and returns the
/// JSON report.
fn assert_same_reports(server: &Server, local: &Path, prefix: &str) -> serde_json::Value {
    let root = format!("/vsis3/{BUCKET}/{prefix}");
    let mut json = None;
    for format in ["json", "text"] {
        let remote = s3_run(&server.endpoint(), &["validate", &root, "--format", format]);
        let here = local_run(&[Path::new("validate"), local], &["--format", format]);
        assert_eq!(
            remote.status.code(),
            here.status.code(),
            "{format}: {}",
            stderr(&remote)
        );
        if format == "json" {
            let remote_report = without_root(&remote.stdout);
            assert_eq!(remote_report, without_root(&here.stdout), "{prefix}");
            let shown: serde_json::Value = serde_json::from_slice(&remote.stdout).unwrap();
            assert_eq!(shown["root"], root.as_str());
            json = Some(remote_report);
        } else {
            assert_eq!(stdout(&remote), stdout(&here), "{prefix}, text");
        }
    }
    json.unwrap()
}

#[test]
fn reports_from_s3_equal_the_local_reports() {
    let Some(python) = python() else { return };
    let server = Server::start(&python, false);
    let dir = tempfile::tempdir().unwrap();

    // The valid sample: every file is storable.
    let valid = dir.path().join("valid");
    let mut left_out = Vec::new();
    copy_storable(&sample().join("valid"), &valid, "", &mut left_out);
    assert_eq!(left_out, Vec::<String>::new());
    server.upload(&valid, "valid");
    let report = assert_same_reports(&server, &valid, "valid");
    assert_eq!(report["findings"].as_array().unwrap().len(), 0);

    // stats, select and footprints read through the same file system.
    let remote = s3_run(&server.endpoint(), &["stats", "/vsis3/multisenge/valid"]);
    let here = local_run(&[Path::new("stats"), &valid], &[]);
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    let body = |o: &Output| stdout(o).lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&remote), body(&here));
    assert!(stdout(&remote).starts_with("MultiSenGE statistics for /vsis3/multisenge/valid"));
    let files = ["--list", "files", "--format", "json"];
    let remote = s3_run(
        &server.endpoint(),
        &[&["select", "/vsis3/multisenge/valid"], &files[..]].concat(),
    );
    let here = local_run(&[Path::new("select"), &valid], &files);
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    assert_eq!(without_root(&remote.stdout), without_root(&here.stdout));
    let (remote_layer, local_layer) = (
        dir.path().join("s3.geojson"),
        dir.path().join("local.geojson"),
    );
    let remote = s3_run(
        &server.endpoint(),
        &[
            "footprints",
            "/vsis3/multisenge/valid",
            "-o",
            remote_layer.to_str().unwrap(),
        ],
    );
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    local_run(
        &[
            Path::new("footprints"),
            &valid,
            Path::new("-o"),
            &local_layer,
        ],
        &[],
    );
    assert_eq!(
        std::fs::read_to_string(&remote_layer).unwrap(),
        std::fs::read_to_string(&local_layer).unwrap()
    );

    // The defective sample, without what S3 cannot hold: a broken symbolic
    // link, a name that is not UTF-8 and an empty folder.
    let defective = dir.path().join("defective");
    let mut left_out = Vec::new();
    copy_storable(&sample().join("defective"), &defective, "", &mut left_out);
    left_out.sort();
    assert_eq!(left_out.len(), 3, "{left_out:?}");
    server.upload(&defective, "defective");
    let report = assert_same_reports(&server, &defective, "defective");
    // The findings are those of the whole defective sample but for the
    // three entries left out.
    let (original, _) = common::validate_json(&sample().join("defective"), &[]);
    let mut lost: Vec<(String, String)> = code_paths(&original)
        .into_iter()
        .filter(|f| !code_paths(&report).contains(f))
        .collect();
    lost.sort();
    let mut lost_paths: Vec<&str> = lost.iter().map(|(_, p)| p.as_str()).collect();
    lost_paths.sort_unstable();
    assert_eq!(lost_paths, left_out, "{lost:?}");
    assert!(code_paths(&report)
        .iter()
        .all(|f| code_paths(&original).contains(f)));
    assert!(report["findings"].as_array().unwrap().len() > 40);

    // SARIF names the files under the bucket's own URL.
    let sarif = |out: &Output| {
        let mut report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let base = &mut report["runs"][0]["originalUriBaseIds"];
        let key = base.as_object().unwrap().keys().next().unwrap().clone();
        let uri = base[&key]["uri"].as_str().unwrap().to_string();
        base[&key]["uri"] = "ROOT".into();
        (uri, report)
    };
    let remote = s3_run(
        &server.endpoint(),
        &[
            "validate",
            "/vsis3/multisenge/defective",
            "--format",
            "sarif",
        ],
    );
    let here = local_run(&[Path::new("validate"), &defective], &["--format", "sarif"]);
    let ((remote_uri, remote_sarif), (_, local_sarif)) = (sarif(&remote), sarif(&here));
    assert_eq!(remote_uri, "s3://multisenge/defective/");
    assert_eq!(remote_sarif, local_sarif);

    // Three shards read from S3, merged: the single local run.
    let parts: Vec<PathBuf> = (0..3)
        .map(|k| {
            let out = dir.path().join(format!("part-{k}.json"));
            let run = s3_run(
                &server.endpoint(),
                &[
                    "validate",
                    &format!("/vsis3/{BUCKET}/defective"),
                    "--shard",
                    &format!("{k}/3"),
                    "-o",
                    out.to_str().unwrap(),
                ],
            );
            assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
            out
        })
        .collect();
    assert_eq!(merged_json(&parts), report);
    let merged_text = multisenge().arg("merge").args(&parts).output().unwrap();
    let local_text = local_run(&[Path::new("validate"), &defective], &[]);
    assert_eq!(stdout(&merged_text), stdout(&local_text));
}

/// Sizes of the uploaded objects, by key under the bucket.
fn sizes(dir: &Path, prefix: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for folder in ["ground_reference", "s2", "s1", "labels"] {
        for e in std::fs::read_dir(dir.join(folder)).unwrap() {
            let e = e.unwrap();
            let key = format!(
                "/{BUCKET}/{prefix}/{folder}/{}",
                e.file_name().to_string_lossy()
            );
            out.push((key, e.metadata().unwrap().len()));
        }
    }
    out
}

/// A server holding a copy of the valid sample, changed by `change`,
/// under `prefix`; the copy on disk and its temporary folder.
fn valid_sample_on_s3(
    prefix: &str,
    change: impl FnOnce(&Path),
) -> Option<(Server, tempfile::TempDir, PathBuf)> {
    let python = python()?;
    let server = Server::start(&python, false);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join(prefix);
    common::copy_tree(&sample().join("valid"), &data);
    change(&data);
    server.upload(&data, prefix);
    server.take_requests();
    Some((server, dir, data))
}

#[test]
fn requests_per_file_header_only_and_full() {
    let Some((server, _dir, valid)) = valid_sample_on_s3("valid", |_| {}) else {
        return;
    };
    let objects = sizes(&valid, "valid");
    let chunk = 16_384;

    let header_only = "R006,R007,R008,R009,R012,C001,C002,M001,M002,M003";
    for (pass, ignore) in [("header-only", Some(header_only)), ("full", None)] {
        let mut args = vec!["validate", "/vsis3/multisenge/valid"];
        if let Some(codes) = ignore {
            args.extend(["--ignore", codes]);
        }
        let run = s3_run(&server.endpoint(), &args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let requests = server.take_requests();
        // Read-only, GETs only: no HEAD, no write.
        assert!(requests.iter().all(|r| r.method == "GET"), "{requests:?}");
        let listings: Vec<&Request> = requests
            .iter()
            .filter(|r| r.path.starts_with(&format!("/{BUCKET}/?")))
            .collect();
        let mut per_file = Vec::new();
        for (key, size) in &objects {
            let reads: Vec<&Request> = requests.iter().filter(|r| &r.path == key).collect();
            assert!(
                reads
                    .iter()
                    .all(|r| r.status == 206 && r.range.starts_with("bytes=")),
                "{key}: ranged GETs only: {reads:?}"
            );
            let bytes: u64 = reads.iter().map(|r| r.bytes).sum();
            let pixels_read = pass == "full" && !key.contains("/labels/");
            if pixels_read {
                // The whole file, in chunks of at most 16 KB then the rest.
                assert_eq!(bytes, *size, "{key}");
                assert_eq!(reads.len(), if *size > chunk { 2 } else { 1 }, "{key}");
            } else {
                // One ranged GET of the first 16 KB (or the whole smaller
                // file): never the whole of a larger file.
                assert_eq!(reads.len(), 1, "{pass}: {key}: {reads:?}");
                assert_eq!(bytes, (*size).min(chunk), "{pass}: {key}");
            }
            per_file.push((reads.len(), bytes));
        }
        let other: Vec<&Request> = requests
            .iter()
            .filter(|r| {
                !r.path.starts_with(&format!("/{BUCKET}/?"))
                    && !objects.iter().any(|(k, _)| *k == r.path)
            })
            .collect();
        // The root's existence (one GET of the prefix as a key, answered
        // 404) and nothing else.
        assert!(other.len() <= 1, "{other:?}");
        // One listing per folder and two for the root.
        assert!(listings.len() <= 7, "{listings:?}");
        let files = per_file.len();
        let gets: usize = per_file.iter().map(|(n, _)| n).sum();
        let bytes: u64 = per_file.iter().map(|(_, b)| b).sum();
        let total: u64 = objects.iter().map(|(_, s)| s).sum();
        eprintln!(
            "{pass}: {files} files, {} requests ({} listings, {gets} GETs of files, {} other), \
             {bytes} of {total} bytes of files read, {} bytes of listings",
            requests.len(),
            listings.len(),
            other.len(),
            listings.iter().map(|r| r.bytes).sum::<u64>()
        );
    }
}

#[test]
fn unreachable_storage_is_a_clear_error() {
    let Some(python) = python() else { return };
    let server = Server::start(&python, false);
    let dir = tempfile::tempdir().unwrap();
    server.upload(&sample().join("valid").join("labels"), "labels");
    let expect = |endpoint: &str, root: &str, says: &[&str]| {
        let run = s3_run(endpoint, &["validate", root]);
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{root}: {message}");
        assert!(message.contains(root), "{message}");
        assert!(
            says.iter().any(|s| message.contains(s)),
            "{root}: {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    };
    expect(
        &server.endpoint(),
        "/vsis3/no-such-bucket/data",
        &["The specified bucket does not exist"],
    );
    expect(
        &server.endpoint(),
        "/vsis3/multisenge/no-such-prefix",
        &["does not exist or is not a folder"],
    );
    // A closed port: the connection is refused at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    expect(
        &format!("127.0.0.1:{port}"),
        "/vsis3/multisenge/labels",
        &[
            "Couldn't connect",
            "Failed to connect",
            "Connection refused",
        ],
    );
    // A server that checks credentials refuses the test keys.
    let strict = Server::start(&python, true);
    expect(
        &strict.endpoint(),
        "/vsis3/multisenge/labels",
        &["Access Key Id you provided does not exist"],
    );
    // The labels-only dataset itself reads fine from the lenient server.
    let run = s3_run(
        &server.endpoint(),
        &["validate", "/vsis3/multisenge/labels"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stdout(&run).contains("labels-only"), "{}", stdout(&run));
    drop(dir);
}

#[test]
fn long_folders_are_listed_page_by_page() {
    // More names than one listing page (1 000) in one folder: stray files.
    let Some((server, _dir, data)) = valid_sample_on_s3("long", |data| {
        for i in 0..1_100 {
            std::fs::write(data.join(format!("s1/extra-{i:04}.txt")), "x").unwrap();
        }
    }) else {
        return;
    };
    let report = assert_same_reports(&server, &data, "long");
    let strays = code_paths(&report)
        .iter()
        .filter(|(code, _)| code == "L003")
        .count();
    assert_eq!(strays, 1_100);
    let s1_pages = server
        .take_requests()
        .iter()
        .filter(|r| r.path.contains("prefix=long%2Fs1%2F"))
        .count();
    // Two validations (JSON and text), each listing s1/ in two pages.
    assert_eq!(s1_pages, 4);
}

/// Whether a request lists objects (ListObjects: a query on the bucket).
fn is_list(r: &Request) -> bool {
    r.path.starts_with(&format!("/{BUCKET}?")) || r.path.starts_with(&format!("/{BUCKET}/?"))
}

#[test]
fn with_a_listing_the_shards_send_no_list_request() {
    let Some((server, dir, data)) = valid_sample_on_s3("listed", |_| {}) else {
        return;
    };
    let root = format!("/vsis3/{BUCKET}/listed");
    let objects = sizes(&data, "listed");
    let (local, _) = common::validate_json(&data, &[]);

    // The listing, made once: a LIST request per folder and page.
    let listing = dir.path().join("meta/listing.txt.gz");
    std::fs::create_dir_all(listing.parent().unwrap()).unwrap();
    let made = s3_run(
        &server.endpoint(),
        &["list", &root, "-o", listing.to_str().unwrap()],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let requests = server.take_requests();
    let lists = requests.iter().filter(|r| is_list(r)).count();
    assert!((5..=7).contains(&lists), "{requests:?}");
    // Read from a local copy, and from the bucket itself.
    server.upload(&dir.path().join("meta"), "meta");
    // An S3 Inventory of the same objects, stored in the bucket as S3
    // stores one.
    let inventory_dir = dir.path().join("inventory-out");
    let made = Command::new(&server.python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3/make_inventory.py"))
        .arg(&data)
        .arg(&inventory_dir)
        .args([BUCKET, "listed", BUCKET])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let manifest = stdout(&made);
    let manifest = manifest.trim();
    server.upload(&inventory_dir.join("inventory"), "inventory");
    let remote_manifest = format!(
        "/vsis3/{BUCKET}/inventory/{}",
        manifest.split("/inventory/").nth(1).unwrap()
    );
    server.take_requests();

    // Listing the folders: the baseline the shards are compared with.
    let sources = [
        String::new(),
        listing.to_str().unwrap().to_string(),
        format!("/vsis3/{BUCKET}/meta/listing.txt.gz"),
        remote_manifest,
    ];
    let mut file_gets = None;
    for source in &sources {
        let parts: Vec<PathBuf> = (0..3)
            .map(|k| {
                let out = dir.path().join(format!("part-{k}.json"));
                let shard = format!("{k}/3");
                // Without the validation cache: its stats would change
                // what is asked of each object (see the test below).
                let mut args = vec!["validate", &root, "--no-cache", "--shard", &shard, "-o"];
                args.push(out.to_str().unwrap());
                if !source.is_empty() {
                    args.extend(["--listing", source]);
                }
                let run = s3_run(&server.endpoint(), &args);
                assert_eq!(run.status.code(), Some(0), "{source}: {}", stderr(&run));
                out
            })
            .collect();
        let requests = server.take_requests();
        let lists: Vec<&Request> = requests.iter().filter(|r| is_list(r)).collect();
        if source.is_empty() {
            // Each shard lists the root (twice) and the four folders.
            assert!(lists.len() >= 15, "{lists:?}");
        } else {
            assert!(lists.is_empty(), "{source}: {lists:?}");
        }
        assert!(requests.iter().all(|r| r.method == "GET"), "{requests:?}");
        // Every file read by one shard only, with ranged GETs (the
        // header pass and the pixels of the content rules).
        for (key, _) in &objects {
            let reads: Vec<&Request> = requests.iter().filter(|r| &r.path == key).collect();
            assert!(!reads.is_empty(), "{source}: {key} not read");
            assert!(reads.iter().all(|r| r.status == 206), "{key}: {reads:?}");
        }
        let files: usize = requests
            .iter()
            .filter(|r| objects.iter().any(|(k, _)| *k == r.path))
            .count();
        // The same reads of files as when the folders are listed.
        let baseline = *file_gets.get_or_insert(files);
        assert_eq!(files, baseline, "{source}");
        let other: Vec<&Request> = requests
            .iter()
            .filter(|r| !objects.iter().any(|(k, _)| *k == r.path) && !is_list(r))
            .collect();
        eprintln!(
            "--listing {source:?}: {} requests: {files} GETs of {} files, {} LIST, {} other: {:?}",
            requests.len(),
            objects.len(),
            lists.len(),
            other.len(),
            other.iter().map(|r| &r.path).collect::<Vec<_>>()
        );
        assert_eq!(
            merged_json(&parts),
            without_root(&serde_json::to_vec(&local).unwrap())
        );
    }
}

/// The validation cache on object storage (issue 22, item 4): a second run
/// over unchanged objects reads none of them (their size and time come
/// with the LIST answer), and its report is the first's; an object
/// uploaded again is the only one read. With a `--listing` of version 2,
/// which gives each object's size and ETag, the warm run asks nothing of
/// any object (a version 1 listing: the test above).
#[test]
fn unchanged_objects_are_not_read_again() {
    let Some((server, dir, data)) = valid_sample_on_s3("cached", |_| {}) else {
        return;
    };
    let root = format!("/vsis3/{BUCKET}/cached");
    let objects = sizes(&data, "cached");
    let cache = dir.path().join("cache");
    let cache_arg = cache.to_str().unwrap();
    let run = |more: &[&str]| {
        let mut args = vec![
            "validate",
            &root,
            "--format",
            "json",
            "--cache-dir",
            cache_arg,
        ];
        args.extend(more);
        let run = s3_run(&server.endpoint(), &args);
        assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
        (stdout(&run), run.status.code(), server.take_requests())
    };
    let reads = |requests: &[Request]| -> Vec<String> {
        requests
            .iter()
            .filter(|r| objects.iter().any(|(k, _)| *k == r.path))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    };
    let (cold, cold_code, requests) = run(&["--no-cache"]);
    assert!(reads(&requests).len() >= objects.len(), "every object read");
    let (first, code, _) = run(&[]);
    assert_eq!((&first, code), (&cold, cold_code));
    let (second, code, requests) = run(&[]);
    assert_eq!((&second, code), (&cold, cold_code));
    assert!(reads(&requests).is_empty(), "{:?}", reads(&requests));
    assert!(requests.iter().all(|r| r.method == "GET"), "{requests:?}");
    assert!(
        requests.iter().all(|r| is_list(r) || r.status == 404),
        "{requests:?}"
    );
    eprintln!(
        "warm run: {} requests, all LIST (or the root's 404), none of {} objects",
        requests.len(),
        objects.len()
    );

    // One label file uploaded again, edited: it alone is read.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let changed = dir.path().join("changed");
    let name = std::fs::read_dir(data.join("labels"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let text = std::fs::read_to_string(data.join("labels").join(&name)).unwrap();
    let text = text.replacen("\"labels\": \"", "\"labels\": \"13;", 1);
    std::fs::create_dir_all(changed.join("labels")).unwrap();
    std::fs::write(changed.join("labels").join(&name), &text).unwrap();
    std::fs::write(data.join("labels").join(&name), &text).unwrap();
    server.upload(&changed, "cached");
    server.take_requests();
    let (after, after_code, requests) = run(&[]);
    let key = format!("/{BUCKET}/cached/labels/{}", name.to_str().unwrap());
    let read = reads(&requests);
    assert!(
        !read.is_empty() && read.iter().all(|r| r.ends_with(&key)),
        "{read:?}"
    );
    let (cold_after, cold_after_code, _) = run(&["--no-cache"]);
    assert_eq!((&after, after_code), (&cold_after, cold_after_code));
    assert_ne!(cold_after, cold);

    // From a listing: no LIST, and no request for any object.
    let listing = dir.path().join("listing.txt");
    let made = s3_run(
        &server.endpoint(),
        &["list", &root, "-o", listing.to_str().unwrap()],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let listing_arg = listing.to_str().unwrap();
    let (listed, code, _) = run(&["--listing", listing_arg]);
    assert_eq!((&listed, code), (&cold_after, cold_after_code));
    let (listed, code, requests) = run(&["--listing", listing_arg]);
    assert_eq!((&listed, code), (&cold_after, cold_after_code));
    assert!(requests.is_empty(), "{requests:?}");
    let (_, _, cold_requests) = run(&["--listing", listing_arg, "--no-cache"]);
    let bytes = |requests: &[Request]| -> u64 {
        requests
            .iter()
            .filter(|r| objects.iter().any(|(k, _)| *k == r.path))
            .map(|r| r.bytes)
            .sum()
    };
    assert!(bytes(&requests) < bytes(&cold_requests));
    eprintln!(
        "from a listing: warm run {} requests, {} bytes of objects; without cache {} requests, {} bytes",
        requests.len(),
        bytes(&requests),
        cold_requests.len(),
        bytes(&cold_requests)
    );
}

/// A listing's records of files: path, then the size, time and ETag
/// columns (format version 2).
fn listed_files(listing: &str) -> Vec<Vec<String>> {
    listing
        .lines()
        .filter(|l| l.starts_with("f\t"))
        .map(|l| l.split('\t').skip(1).map(str::to_string).collect())
        .collect()
}

/// Issue 22, item 4, with a listing made once: a version 2 listing gives
/// every object's size and ETag (from the LIST answer, through GDAL's
/// directory entries), so a warm run asks the server nothing at all for
/// the unchanged objects; an object overwritten with the same size (and,
/// forced here, the same time) but another content has another ETag and
/// is read again; an S3 Inventory with Size and ETag columns, and a run
/// that lists the folders itself, stamp the objects the same way; a
/// version 1 listing still works.
#[test]
fn a_version_2_listing_spares_every_request_for_unchanged_objects() {
    let Some((server, dir, data)) = valid_sample_on_s3("tagged", |_| {}) else {
        return;
    };
    let root = format!("/vsis3/{BUCKET}/tagged");
    let objects = sizes(&data, "tagged");
    let cache = dir.path().join("cache");
    let listing = dir.path().join("listing.txt");
    let make_listing = || {
        let made = s3_run(
            &server.endpoint(),
            &["list", &root, "-o", listing.to_str().unwrap()],
        );
        assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
        server.take_requests();
        std::fs::read_to_string(&listing).unwrap()
    };
    let run = |source: &Path, format: &str, cached: bool| {
        let mut args = vec![
            "validate",
            &root,
            "--format",
            format,
            "--listing",
            source.to_str().unwrap(),
            "--cache-dir",
            cache.to_str().unwrap(),
        ];
        if !cached {
            args.push("--no-cache");
        }
        let run = s3_run(&server.endpoint(), &args);
        assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
        (run.stdout, run.status.code(), server.take_requests())
    };
    let object_requests = |requests: &[Request]| -> Vec<String> {
        requests
            .iter()
            .filter(|r| objects.iter().any(|(k, _)| *k == r.path))
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    };

    // The listing: every object with its size and ETag (moto, as S3 for a
    // single PUT, gives the MD5 of the content).
    let text = make_listing();
    assert!(text.starts_with("multisenge-listing 2\n"), "{text}");
    let files = listed_files(&text);
    assert_eq!(files.len(), objects.len() + 1, "the objects and README.md");
    for (key, size) in &objects {
        let rel = key.strip_prefix(&format!("/{BUCKET}/tagged/")).unwrap();
        let record = files.iter().find(|f| f[0] == rel).unwrap();
        assert_eq!(record[1], size.to_string(), "{record:?}");
        assert!(
            record[2].parse::<i64>().unwrap() > 1_700_000_000,
            "{record:?}"
        );
        assert!(
            record[3].len() == 32 && record[3].bytes().all(|b| b.is_ascii_hexdigit()),
            "{record:?}"
        );
    }

    // Cold, then the run that fills the cache, then warm.
    let mut cold = Vec::new();
    for format in ["json", "text"] {
        cold.push(run(&listing, format, false));
    }
    let (filled, code, requests) = run(&listing, "json", true);
    assert_eq!((&filled, code), (&cold[0].0, cold[0].1));
    assert!(object_requests(&requests).len() >= objects.len());
    for (format, (cold_report, cold_code, _)) in ["json", "text"].iter().zip(&cold) {
        let (warm, code, requests) = run(&listing, format, true);
        assert_eq!(
            (&warm, code),
            (cold_report, *cold_code),
            "{format}: the warm report is the cold one, byte for byte"
        );
        assert_eq!(
            requests.iter().map(|r| &r.path).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{format}: no request at all"
        );
    }
    let cold_requests = cold[0].2.len();
    eprintln!(
        "version 2 listing, {} objects: cold run {} requests ({} of objects), warm run 0",
        objects.len(),
        cold_requests,
        object_requests(&cold[0].2).len()
    );

    // One label file overwritten: same size, other content (a class
    // digit changed), so another ETag; its listed time is put back to the
    // old one, so that only the ETag tells.
    let labels = data.join("labels");
    let name = std::fs::read_dir(&labels)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .file_name();
    let old_text = std::fs::read_to_string(labels.join(&name)).unwrap();
    let at = old_text.find("\"labels\": \"").unwrap() + "\"labels\": \"".len();
    let digit = old_text.as_bytes()[at];
    let other = if digit == b'7' { "8" } else { "7" };
    let new_text = format!("{}{other}{}", &old_text[..at], &old_text[at + 1..]);
    assert_eq!(new_text.len(), old_text.len());
    std::fs::write(labels.join(&name), &new_text).unwrap();
    let changed = dir.path().join("changed");
    std::fs::create_dir_all(changed.join("labels")).unwrap();
    std::fs::write(changed.join("labels").join(&name), &new_text).unwrap();
    server.upload(&changed, "tagged");
    let rel = format!("labels/{}", name.to_str().unwrap());
    let before = files.iter().find(|f| f[0] == rel).unwrap().clone();
    let text = make_listing();
    let after = listed_files(&text)
        .into_iter()
        .find(|f| f[0] == rel)
        .unwrap();
    assert_eq!(after[1], before[1], "same size");
    assert_ne!(after[3], before[3], "another ETag");
    let same_time = format!("{rel}\t{}\t{}\t{}", after[1], before[2], after[3]);
    let text = text.replace(&after.join("\t"), &same_time);
    std::fs::write(&listing, &text).unwrap();
    let (warm, code, requests) = run(&listing, "json", true);
    let key = format!("/{BUCKET}/tagged/{rel}");
    let read = object_requests(&requests);
    assert!(
        !read.is_empty() && read.iter().all(|r| r.ends_with(&key)),
        "only the overwritten object is read: {read:?}"
    );
    let (cold_after, cold_after_code, _) = run(&listing, "json", false);
    assert_eq!((&warm, code), (&cold_after, cold_after_code));
    assert_ne!(cold_after, cold[0].0, "the report changed with the content");
    let (again, _, requests) = run(&listing, "json", true);
    assert_eq!(again, cold_after);
    assert!(requests.is_empty(), "{requests:?}");

    // An S3 Inventory with Size, LastModifiedDate and ETag columns: its
    // ETags (Python's MD5 of the files) are the server's, so the entries
    // the listing's run kept are reused: no request either.
    let inventory_dir = dir.path().join("inventory-out");
    let made = Command::new(&server.python)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3/make_inventory.py"))
        .arg(&data)
        .arg(&inventory_dir)
        .args([BUCKET, "tagged", BUCKET, "stamps"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", stderr(&made));
    let manifest = PathBuf::from(stdout(&made).trim());
    let (from_inventory, code, requests) = run(&manifest, "json", true);
    assert_eq!((&from_inventory, code), (&cold_after, cold_after_code));
    assert!(requests.is_empty(), "{requests:?}");

    // The root listed by the run itself (no --listing): the LIST answer
    // gives the same ETags, so the same entries serve; only LIST requests.
    let live = s3_run(
        &server.endpoint(),
        &[
            "validate",
            &root,
            "--format",
            "json",
            "--cache-dir",
            cache.to_str().unwrap(),
        ],
    );
    assert_eq!(
        (&live.stdout, live.status.code()),
        (&cold_after, cold_after_code)
    );
    let requests = server.take_requests();
    assert!(object_requests(&requests).is_empty(), "{requests:?}");
    assert!(
        requests.iter().all(|r| is_list(r) || r.status == 404),
        "{requests:?}"
    );

    // A version 1 listing (names only): each object's stamp is GDAL's
    // examination of it, the report is the same.
    let v1: String = text
        .lines()
        .map(|l| match l.strip_prefix("f\t") {
            Some(rest) => format!("f\t{}\n", rest.split('\t').next().unwrap()),
            None if l.starts_with("multisenge-listing ") => "multisenge-listing 1\n".into(),
            None => format!("{l}\n"),
        })
        .collect();
    let v1_path = dir.path().join("listing-v1.txt");
    std::fs::write(&v1_path, v1).unwrap();
    let (first, code, _) = run(&v1_path, "json", true);
    assert_eq!((&first, code), (&cold_after, cold_after_code));
    let (warm, code, requests) = run(&v1_path, "json", true);
    assert_eq!((&warm, code), (&cold_after, cold_after_code));
    assert!(!requests.iter().any(is_list), "{requests:?}");
    // At most one ranged GET of the first 16 KB per object (GDAL's
    // examination): that is what a version 1 listing costs a warm run.
    for (key, _) in &objects {
        let asked: Vec<&Request> = requests.iter().filter(|r| &r.path == key).collect();
        assert!(asked.len() <= 1, "{key}: {asked:?}");
        assert!(asked.iter().all(|r| r.bytes <= 16_384), "{key}: {asked:?}");
    }
    eprintln!(
        "version 1 listing: warm run {} requests ({} of objects); version 2: 0",
        requests.len(),
        object_requests(&requests).len()
    );
}
