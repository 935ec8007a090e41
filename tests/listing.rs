//! A listing made once (`multisenge list`) and read instead of listing the
//! folders (`validate --listing`): the same report byte for byte, in one
//! run and in shards merged; an S3 Inventory report read as a listing
//! (made here with Python's csv and gzip modules, in the format AWS
//! documents); bad listings refused with a message naming the file.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{multisenge, require_tool, sample, stderr, stdout};

fn run(args: &[&std::ffi::OsStr]) -> Output {
    multisenge().args(args).output().unwrap()
}

/// `multisenge list DATASET -o OUT` (more arguments after).
fn list(dataset: &Path, out: &Path, more: &[&str]) -> Output {
    multisenge()
        .arg("list")
        .arg(dataset)
        .arg("-o")
        .arg(out)
        .args(more)
        .output()
        .unwrap()
}

/// `validate DATASET ARGS` with or without `--listing LISTING`.
fn validate(dataset: &Path, listing: Option<&Path>, args: &[&str]) -> Output {
    let mut command = multisenge();
    command.arg("validate").arg(dataset).args(args);
    if let Some(listing) = listing {
        command.arg("--listing").arg(listing);
    }
    command.output().unwrap()
}

/// The `count` shards of `dataset` read from `listing`, merged, in `format`.
fn sharded(dataset: &Path, listing: &Path, count: u32, dir: &Path, format: &str) -> Output {
    let partials: Vec<PathBuf> = (0..count)
        .map(|k| {
            let out = dir.join(format!("part-{k}-of-{count}.json"));
            let shard = format!("{k}/{count}");
            let args = ["--shard", &shard, "-o", out.to_str().unwrap()];
            let run = validate(dataset, Some(listing), &args);
            assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
            out
        })
        .collect();
    multisenge()
        .arg("merge")
        .args(&partials)
        .args(["--format", format])
        .output()
        .unwrap()
}

#[test]
fn validating_from_a_listing_gives_the_report_of_listing_the_folders() {
    let dir = tempfile::tempdir().unwrap();
    let labels_only = sample().join("valid").join("labels");
    let datasets = [
        sample().join("defective"),
        sample().join("valid"),
        sample().join("missing-folder"),
        labels_only,
    ];
    for (i, dataset) in datasets.iter().enumerate() {
        // gzip is read the same way: tried on the first dataset only.
        let names: &[&str] = if i == 0 {
            &["listing.txt", "listing.txt.gz"]
        } else {
            &["listing.txt"]
        };
        for name in names {
            let listing = dir.path().join(format!("{i}-{name}"));
            let made = list(dataset, &listing, &[]);
            assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
            for format in ["json", "text"] {
                let live = validate(dataset, None, &["--format", format]);
                let listed = validate(dataset, Some(&listing), &["--format", format]);
                assert_eq!(
                    stdout(&listed),
                    stdout(&live),
                    "{dataset:?} {name} {format}"
                );
                assert_eq!(listed.status.code(), live.status.code());
                assert!(!stdout(&live).is_empty());
            }
        }
        let listing = dir.path().join(format!("{i}-listing.txt"));
        let live = validate(dataset, None, &["--format", "json"]);
        for count in [1, 3] {
            let merged = sharded(dataset, &listing, count, dir.path(), "json");
            assert_eq!(stdout(&merged), stdout(&live), "{dataset:?} {count} shards");
        }
        // `-o -`: the same text on standard output.
        let shown = list(dataset, Path::new("-"), &[]);
        assert_eq!(shown.stdout, std::fs::read(&listing).unwrap());
        // The same dataset listed twice: the same file (records sorted).
        let again = dir.path().join(format!("{i}-again.txt"));
        assert!(list(dataset, &again, &[]).status.success());
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&listing).unwrap()
        );
    }
    // The defective sample's listing keeps what the folders hold that
    // object storage cannot: a broken link, a name that is not UTF-8.
    let text = std::fs::read_to_string(dir.path().join("0-listing.txt")).unwrap();
    assert!(text.starts_with("multisenge-listing 2\nroot\t"), "{text}");
    assert!(text.contains("\tdoes-not-exist.tif\n"), "{text}");
    // A local file's record carries its size and modification time (whole
    // seconds), no ETag.
    let labels = sample().join("defective/labels");
    let label = std::fs::read_dir(&labels)
        .unwrap()
        .map(|e| e.unwrap())
        .find(|e| e.file_type().unwrap().is_file())
        .unwrap();
    let meta = label.metadata().unwrap();
    let mtime = meta
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let record = format!(
        "f\tlabels/{}\t{}\t{mtime}\n",
        label.file_name().to_str().unwrap(),
        meta.len()
    );
    assert!(text.contains(&record), "{record:?} in {text}");
    assert!(text.contains("%FF"), "{text}");
    let records = text.lines().count() - 3;
    assert!(text.ends_with(&format!("end\t{records}\n")), "{text}");
}

/// A copy of the valid sample and its listing, in a temporary folder.
fn listed_copy_of_valid() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::copy_tree(&sample().join("valid"), &data);
    let listing = dir.path().join("listing.txt");
    assert!(list(&data, &listing, &[]).status.success());
    (dir, data, listing)
}

#[test]
fn a_stale_listing_reports_the_files_gone_and_misses_the_new_ones() {
    let (_dir, data, listing) = listed_copy_of_valid();
    let first = |folder: &str| {
        let mut names: Vec<String> = std::fs::read_dir(data.join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        format!("{folder}/{}", names[0])
    };
    let (gone_label, gone_raster) = (first("labels"), first("s2"));
    std::fs::remove_file(data.join(&gone_label)).unwrap();
    std::fs::remove_file(data.join(&gone_raster)).unwrap();
    std::fs::write(data.join("s1/added.txt"), "new").unwrap();
    let run = validate(&data, Some(&listing), &["--format", "json"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let found = common::code_paths(&report);
    assert_eq!(
        found,
        [
            ("L005".to_string(), gone_label.clone()),
            ("R001".to_string(), gone_raster.clone())
        ],
        "{report:#}"
    );
    // Listing the folders now sees the new file and not the old ones.
    let (now, _) = common::validate_json(&data, &[]);
    assert!(common::code_paths(&now).contains(&("L003".into(), "s1/added.txt".into())));
    assert!(!common::code_paths(&now)
        .iter()
        .any(|(_, p)| *p == gone_raster));
}

#[test]
fn bad_listings_are_usage_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let valid = sample().join("valid");
    let good = dir.path().join("good.txt");
    assert!(list(&valid, &good, &[]).status.success());
    let text = std::fs::read_to_string(&good).unwrap();
    let cut = &text[..text.len() / 2];
    let cases: Vec<(&str, String, &str)> = vec![
        ("truncated.txt", cut.to_string(), "truncated listing"),
        (
            "no-end.txt",
            text.replace(&text[text.rfind("end\t").unwrap()..], ""),
            "truncated listing (no `end` line)",
        ),
        (
            "version.txt",
            text.replacen("multisenge-listing 2", "multisenge-listing 7", 1),
            "listing format version 7, this multisenge reads versions 1 to 2",
        ),
        ("other.txt", "a,b\n1,2\n".into(), "not a multisenge listing"),
        ("empty.txt", String::new(), "not a multisenge listing"),
        (
            "manifest.json",
            r#"{"sourceBucket": "b"}"#.into(),
            "not an S3 Inventory manifest.json",
        ),
    ];
    for (name, content, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let run = validate(&valid, Some(&path), &[]);
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{name}: {message}");
        assert!(message.contains(says), "{name}: {message}");
        assert!(message.contains(path.to_str().unwrap()), "{message}");
        assert!(stdout(&run).is_empty());
    }
    // A listing of another dataset.
    let run = validate(&sample().join("defective"), Some(&good), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("is the listing of"),
        "{}",
        stderr(&run)
    );
    // A gzip listing cut short.
    let gz = dir.path().join("good.txt.gz");
    assert!(list(&valid, &gz, &[]).status.success());
    let bytes = std::fs::read(&gz).unwrap();
    let cut_gz = dir.path().join("cut.txt.gz");
    std::fs::write(&cut_gz, &bytes[..bytes.len() - 12]).unwrap();
    let run = validate(&valid, Some(&cut_gz), &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("cut.txt.gz"), "{}", stderr(&run));
    // What `list` refuses: a missing root, an output in a missing folder.
    let nowhere = dir.path().join("nowhere");
    let run = list(&nowhere, &dir.path().join("l.txt"), &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("does not exist or is not a folder"));
    let run = list(&valid, &nowhere.join("l.txt"), &[]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(!nowhere.exists());
}

/// Writes an S3 Inventory report of the files under `data` as if they were
/// in `s3://BUCKET/PREFIX/` (plus objects outside the prefix, an old
/// version and a delete marker), with Python's csv and gzip modules, in the
/// layout S3 writes; returns the manifest's path.
/// An inventory of `data`; `stamps`: with LastModifiedDate and ETag.
fn inventory(
    python: &str,
    data: &Path,
    out: &Path,
    bucket: &str,
    prefix: &str,
    stamps: bool,
) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/s3/make_inventory.py");
    let run = Command::new(python)
        .arg(script)
        .arg(data)
        .arg(out)
        .args([bucket, prefix, "inventories"])
        .args(stamps.then_some("stamps"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    PathBuf::from(stdout(&run).trim())
}

fn python3() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    require_tool("python3", found).then_some("python3")
}

#[test]
fn an_s3_inventory_gives_the_listing_of_the_folders() {
    let Some(python) = python3() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The valid sample, with names that URL encoding changes, a nested
    // folder and a stray file at the root.
    let data = dir.path().join("data");
    common::copy_tree(&sample().join("valid"), &data);
    std::fs::write(data.join("s2/a b+c é,\"q\".txt"), "x").unwrap();
    std::fs::create_dir_all(data.join("s1/deeper/still")).unwrap();
    std::fs::write(data.join("s1/deeper/still/z.tif"), "x").unwrap();
    std::fs::write(data.join("notes.txt"), "x").unwrap();
    let manifest = inventory(python, &data, dir.path(), "bucket", "data/set", false);

    let root = "/vsis3/bucket/data/set";
    let from_inventory = dir.path().join("inventory.txt");
    let made = list(
        Path::new(root),
        &from_inventory,
        &["--from", manifest.to_str().unwrap()],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let from_folders = dir.path().join("folders.txt");
    assert!(list(&data, &from_folders, &[]).status.success());
    // The records, a file's with its first `columns` fields.
    let body = |path: &Path, columns: usize| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines: Vec<String> = text
            .lines()
            .map(|l| match l.strip_prefix("f\t") {
                Some(_) => l.split('\t').take(columns).collect::<Vec<_>>().join("\t"),
                None => l.to_string(),
            })
            .collect();
        lines.remove(1); // the root
        lines
    };
    // Names and sizes (this inventory has no times or ETags).
    let expected = body(&from_folders, 3);
    assert_eq!(body(&from_inventory, 5), expected);
    // ... and the time and ETag columns left out, being unknown.
    assert!(expected.contains(&"f\ts2/a b+c é,\"q\".txt\t1".to_string()));
    assert!(expected.contains(&"d\ts1/deeper".to_string()));
    let text = std::fs::read_to_string(&from_inventory).unwrap();
    assert!(text.contains(&format!("root\t{root}\n")), "{text}");
    assert!(text.contains("f\tnotes.txt\t1\n"), "{text}");

    // With LastModifiedDate and ETag in the fileSchema: the folders'
    // sizes and times, and each object's ETag (the MD5 of its content,
    // computed here by Python's hashlib).
    let stamped_dir = dir.path().join("stamped");
    let stamped = inventory(python, &data, &stamped_dir, "bucket", "data/set", true);
    let from_stamped = dir.path().join("stamped.txt");
    let made = list(
        Path::new(root),
        &from_stamped,
        &["--from", stamped.to_str().unwrap()],
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    assert_eq!(body(&from_stamped, 4), body(&from_folders, 4));
    let md5 = Command::new(python)
        .args([
            "-c",
            "import hashlib,sys; print(hashlib.md5(open(sys.argv[1],'rb').read()).hexdigest())",
        ])
        .arg(data.join("notes.txt"))
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&from_stamped).unwrap();
    let notes = text
        .lines()
        .find(|l| l.starts_with("f\tnotes.txt\t"))
        .unwrap();
    assert_eq!(
        notes.split('\t').nth(4),
        Some(stdout(&md5).trim()),
        "{notes}"
    );
    assert!(
        text.lines()
            .filter(|l| l.starts_with("f\t"))
            .all(|l| l.split('\t').nth(4).is_some_and(|e| e.len() == 32)),
        "{text}"
    );
    // A malformed Size, LastModifiedDate or ETag: refused, naming the data
    // file and the line.
    let part = stamped
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("data/part-0.csv.gz");
    let rows = {
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(&part).unwrap()),
            &mut text,
        )
        .unwrap();
        text
    };
    // The first row of an object in the dataset (rows outside the prefix
    // are left out before their columns are read).
    let (at_line, first) = rows
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"data/set/"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .unwrap();
    let fields: Vec<&str> = first.split(',').collect();
    for (at, bad, says) in [
        (5, "\"12x\"", "Size `12x` is not a whole number of bytes"),
        (
            6,
            "\"2026-13-01T00:00:00Z\"",
            "LastModifiedDate `2026-13-01T00:00:00Z` is not a date",
        ),
        (7, "\"a\u{7}b\"", "an ETag holding a control character"),
    ] {
        let mut row = fields.clone();
        row[at] = bad;
        let changed = rows.replacen(&first, &row.join(","), 1);
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&part).unwrap(),
            flate2::Compression::fast(),
        );
        std::io::Write::write_all(&mut gz, changed.as_bytes()).unwrap();
        gz.finish().unwrap();
        let run = list(
            Path::new(root),
            &dir.path().join("bad.txt"),
            &["--from", stamped.to_str().unwrap()],
        );
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(2), "{message}");
        assert!(
            message.contains(&format!("{}, line {at_line}: {says}", part.display())),
            "{message}"
        );
    }

    // The inventory of another bucket, a root outside S3, a missing data
    // file, an ORC inventory: refused, naming what is wrong.
    let other = list(
        Path::new("/vsis3/other/data/set"),
        &dir.path().join("o.txt"),
        &["--from", manifest.to_str().unwrap()],
    );
    assert_eq!(other.status.code(), Some(2));
    assert!(stderr(&other).contains("inventory of bucket `bucket`"));
    let local = validate(&data, Some(&manifest), &[]);
    assert_eq!(local.status.code(), Some(2));
    assert!(stderr(&local).contains("must be /vsis3/BUCKET/PREFIX"));
    let text = std::fs::read_to_string(&manifest).unwrap();
    let orc = dir.path().join("orc.json");
    std::fs::write(&orc, text.replace("\"CSV\"", "\"ORC\"")).unwrap();
    let run = list(
        Path::new(root),
        &dir.path().join("o.txt"),
        &["--from", orc.to_str().unwrap()],
    );
    assert!(
        stderr(&run).contains("only CSV inventories"),
        "{}",
        stderr(&run)
    );
    let data_file = manifest.parent().unwrap().parent().unwrap().join("data");
    std::fs::remove_file(data_file.join("part-1.csv.gz")).unwrap();
    let run = list(
        Path::new(root),
        &dir.path().join("o.txt"),
        &["--from", manifest.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("part-1.csv.gz"), "{}", stderr(&run));
    assert!(!dir.path().join("o.txt").exists());
}

#[test]
fn list_help() {
    let out = run(&["list".as_ref(), "--help".as_ref()]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("list_help", stdout(&out));
}

#[test]
fn stats_and_footprints_read_a_listing_too() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = sample().join("defective");
    let listing = dir.path().join("listing.txt.gz");
    assert!(list(&dataset, &listing, &[]).status.success());
    let with = |args: &[&str], listed: bool| {
        let mut command = multisenge();
        command.arg(args[0]).arg(&dataset).args(&args[1..]);
        if listed {
            command.arg("--listing").arg(&listing);
        }
        command.output().unwrap()
    };
    let stats = ["stats", "--format", "json"];
    let (live, listed) = (with(&stats, false), with(&stats, true));
    assert_eq!(live.status.code(), Some(0), "{}", stderr(&live));
    assert_eq!(stdout(&listed), stdout(&live));
    let (a, b) = (dir.path().join("a.geojson"), dir.path().join("b.geojson"));
    let live = with(&["footprints", "-o", a.to_str().unwrap()], false);
    let listed = with(&["footprints", "-o", b.to_str().unwrap()], true);
    assert_eq!(live.status.code(), Some(0), "{}", stderr(&live));
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let layer = std::fs::read_to_string(&a).unwrap();
    assert!(layer.contains("\"Feature\""));
    assert_eq!(std::fs::read_to_string(&b).unwrap(), layer);
}

#[test]
fn shards_that_saw_different_files_are_not_merged() {
    let (dir, data, listing) = listed_copy_of_valid();
    let shard = |k: u32, listed: bool| {
        let out = dir.path().join(format!("part-{k}-{listed}.json"));
        let spec = format!("{k}/2");
        let args = ["--shard", &spec, "-o", out.to_str().unwrap()];
        let run = validate(&data, listed.then_some(listing.as_path()), &args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        out
    };
    let first = shard(0, true);
    // The dataset changes between the shards: a Sentinel-1 file goes.
    let s1 = data.join("s1");
    let gone = std::fs::read_dir(&s1).unwrap().next().unwrap().unwrap();
    std::fs::remove_file(gone.path()).unwrap();
    let live = shard(1, false);
    let run = multisenge()
        .arg("merge")
        .arg(&first)
        .arg(&live)
        .output()
        .unwrap();
    let message = stderr(&run);
    assert_eq!(run.status.code(), Some(2), "{message}");
    assert!(
        message.contains("view of the dataset's files") && message.contains("part-1-false.json")
    );
    // With the one listing, both shards cut the dataset the same way.
    let listed = shard(1, true);
    // (The file gone is reported if shard 1 owns it: R001, exit code 1.)
    let run = multisenge()
        .arg("merge")
        .arg(&first)
        .arg(&listed)
        .output()
        .unwrap();
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("Checked 6 patches"),
        "{}",
        stdout(&run)
    );
}
