//! The validation cache against its oracle, a run without it (issue 22):
//! after each change a dataset can go through — a file added, removed,
//! rewritten with its size and modification time kept, renamed, a label
//! file edited, a profile key changed, a rule selected — the first run
//! with the cache gives, in every format, the bytes and exit code of a run
//! with `--no-cache`. On the valid and defective samples and on a
//! generated dataset. Then the cache's own failures: damaged, of another
//! version, in a folder that cannot be written, two runs at once, shards.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, multisenge, sample, stderr, stdout};

const FORMATS: [&str; 6] = ["text", "json", "junit", "sarif", "github", "geojson"];

/// Every format's output and exit code of `validate dataset extra` with
/// `cache` (`--cache-dir`, `-v`) or without (`--no-cache`); with the cache,
/// the cache file as it was before the run is put back before each format,
/// so that each is a first run after the change. Returns the outputs and,
/// for a run with the cache, the last run's `-v` cache line.
fn reports(dataset: &Path, extra: &[&str], cache: Option<&Path>) -> (Vec<(String, i32)>, String) {
    let before = cache.map(snapshot);
    let mut line = String::new();
    let outputs = FORMATS
        .iter()
        .map(|format| {
            let mut cmd = multisenge();
            cmd.arg("validate").arg(dataset).args(["--format", format]);
            match cache {
                Some(dir) => {
                    restore(dir, before.as_ref().unwrap());
                    cmd.arg("--cache-dir").arg(dir).arg("-v");
                }
                None => {
                    cmd.arg("--no-cache");
                }
            }
            let out = cmd.args(extra).output().expect("multisenge runs");
            let err = stderr(&out);
            assert!(!err.contains("warning: cache"), "{format}: {err}");
            if cache.is_some() {
                line = err
                    .lines()
                    .find(|l| l.starts_with("cache "))
                    .unwrap_or_else(|| panic!("{format}: no cache line in {err}"))
                    .to_string();
            }
            (stdout(&out), out.status.code().unwrap_or(-1))
        })
        .collect();
    (outputs, line)
}

/// The cache folder's files and their bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn restore(dir: &Path, files: &[(PathBuf, Vec<u8>)]) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    for (path, bytes) in files {
        std::fs::write(path, bytes).unwrap();
    }
}

/// `(files reused, files read)` of a `-v` cache line.
fn counts(line: &str) -> (usize, usize) {
    let number = |word: &str| {
        let before = line.split(word).next().unwrap();
        before
            .rsplit(|c: char| !c.is_ascii_digit())
            .find(|s| !s.is_empty())
            .unwrap()
            .parse()
            .unwrap()
    };
    (number(" files reused"), number(" read"))
}

/// Warms the cache on `dataset` (with `extra`), applies `change`, and
/// checks the first cached run against a run without cache in every
/// format. Returns `(reused, read)` of that run and whether the change
/// changed the report.
fn check_change(
    what: &str,
    dataset: &Path,
    extra: &[&str],
    after: &[&str],
    change: impl FnOnce(&Path),
) -> (usize, usize, bool) {
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().join("c");
    let warm = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", "json", "--cache-dir"])
        .arg(&dir)
        .args(extra)
        .output()
        .unwrap();
    let before = stdout(&warm);
    change(dataset);
    let (with, line) = reports(dataset, after, Some(&dir));
    let (without, _) = reports(dataset, after, None);
    for ((format, w), o) in FORMATS.iter().zip(&with).zip(&without) {
        assert_eq!(w.1, o.1, "{what}: exit code of {format}");
        assert!(
            w.0 == o.0,
            "{what}: {format} differs with the cache\n--- cached\n{}\n--- without\n{}",
            w.0,
            o.0
        );
    }
    // Only a run with nothing changed takes the last run's findings and
    // counts (without reading the entries); after any change it may not.
    assert_eq!(
        line.contains("nothing changed since the last run"),
        what == "unchanged",
        "{what}: {line}"
    );
    let (reused, read) = counts(&line);
    (reused, read, before != without[1].0)
}

/// Sets the modification time of `path` back to `mtime`.
fn set_mtime(path: &Path, mtime: std::time::SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_times(std::fs::FileTimes::new().set_modified(mtime))
        .unwrap();
}

/// Overwrites bytes of `path` at `offset` (from the end when negative),
/// keeping its size and modification time.
fn poke(path: &Path, offset: i64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let meta = std::fs::metadata(path).unwrap();
    let mtime = meta.modified().unwrap();
    // The change time has a resolution of the file system's clock tick.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut file = std::fs::File::options().write(true).open(path).unwrap();
    let at = if offset < 0 {
        SeekFrom::End(offset)
    } else {
        SeekFrom::Start(offset as u64)
    };
    file.seek(at).unwrap();
    file.write_all(bytes).unwrap();
    drop(file);
    set_mtime(path, mtime);
    let now = std::fs::metadata(path).unwrap();
    assert_eq!((now.len(), now.modified().unwrap()), (meta.len(), mtime));
}

/// The first file of `folder` under `dataset`.
fn first(dataset: &Path, folder: &str) -> PathBuf {
    first_where(dataset, folder, |_, _| true)
}

/// The first file of `folder` under `dataset` whose name and bytes pass
/// `test`.
fn first_where(dataset: &Path, folder: &str, test: impl Fn(&str, &[u8]) -> bool) -> PathBuf {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dataset.join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .into_iter()
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            test(&name, &std::fs::read(p).unwrap_or_default())
        })
        .expect("a file")
}

/// A label file with a `labels` field of class values, and a name the
/// naming rules accept (so that it is read).
fn sound_label(dataset: &Path) -> PathBuf {
    let (names, _) = common::validate_json(dataset, &["--select", "N,L", "--no-cache"]);
    let judged: Vec<String> = common::code_paths(&names)
        .into_iter()
        .map(|(_, path)| path)
        .collect();
    first_where(dataset, "labels", |name, b| {
        let text = String::from_utf8_lossy(b);
        serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|v| {
            v["labels"]
                .as_str()
                .is_some_and(|l| !l.is_empty() && l.split(';').all(|c| c.parse::<u8>().is_ok()))
        }) && text.contains("\"labels\": \"")
            && !judged.iter().any(|p| *p == format!("labels/{name}"))
    })
}

/// Rewrites `path` (a GeoTIFF) without compression, so that its pixels
/// can be changed in place.
fn uncompress(path: &Path) {
    let out = path.with_extension("plain.tif");
    let status = std::process::Command::new("gdal_translate")
        .args(["-q", "-co", "COMPRESS=NONE"])
        .arg(path)
        .arg(&out)
        .status()
        .expect("gdal_translate (gdal-bin) runs");
    assert!(status.success());
    std::fs::rename(&out, path).unwrap();
}

/// A copy of `from` in a fresh folder.
fn copy_of(from: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("ds");
    copy_tree(from, &to);
    (dir, to)
}

/// A generated dataset at the published proportions, scaled down: 4
/// patches of 1 ground reference, 3 Sentinel-2 and 5 Sentinel-1 files.
fn generated() -> &'static Path {
    static DATA: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &DATA
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("scale");
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
                .args(["scale", "--patches", "4", "--s2", "3", "--s1", "5"])
                .arg(&out)
                .output()
                .unwrap();
            assert!(status.status.success(), "{}", stderr(&status));
            (dir, out)
        })
        .1
}

/// Every change of the list on `base`.
fn every_change(base: &Path) {
    let name = base.display().to_string();
    // Nothing changed: everything comes from the cache.
    let (ds_dir, ds) = copy_of(base);
    let (reused, read, changed) = check_change("unchanged", &ds, &[], &[], |_| {});
    assert!(
        !changed && reused > 0 && read == 0,
        "{name}: {reused} {read}"
    );
    drop(ds_dir);

    // A file added: a Sentinel-2 file under another date, listed nowhere.
    let (_d, ds) = copy_of(base);
    let (reused, read, changed) = check_change("added", &ds, &[], &[], |ds| {
        let s2 = first(ds, "s2");
        let name = s2.file_name().unwrap().to_str().unwrap().to_string();
        let date = &name[6..14];
        let other = name.replace(date, "20201231");
        std::fs::copy(&s2, s2.with_file_name(other)).unwrap();
    });
    assert!(
        changed && read == 1 && reused > 0,
        "{name}: added {reused} {read}"
    );

    // A file removed: a listed Sentinel-1 file.
    let (_d, ds) = copy_of(base);
    let (_, read, changed) = check_change("removed", &ds, &[], &[], |ds| {
        std::fs::remove_file(first(ds, "s1")).unwrap();
    });
    assert!(changed && read == 0, "{name}: removed");

    // Renamed: a Sentinel-2 file under another date.
    let (_d, ds) = copy_of(base);
    let (_, read, changed) = check_change("renamed", &ds, &[], &[], |ds| {
        let s2 = first(ds, "s2");
        let name = s2.file_name().unwrap().to_str().unwrap().to_string();
        let other = name.replace(&name[6..14], "20201230");
        std::fs::rename(&s2, s2.with_file_name(other)).unwrap();
    });
    assert!(
        changed && read == 1,
        "{name}: renamed: changed {changed}, read {read}"
    );

    // A label file edited: one class more in `labels`.
    let (_d, ds) = copy_of(base);
    let (_, read, changed) = check_change("label edited", &ds, &[], &[], |ds| {
        let label = sound_label(ds);
        let text = std::fs::read_to_string(&label).unwrap();
        let text = text.replacen("\"labels\": \"", "\"labels\": \"13;", 1);
        std::fs::write(&label, text).unwrap();
    });
    assert!(
        changed && read == 1,
        "{name}: label edited: changed {changed}, read {read}"
    );

    // A label file rewritten with its size and modification time kept:
    // only its change time tells.
    let (_d, ds) = copy_of(base);
    let (_, read, changed) =
        check_change("label rewritten, same size and time", &ds, &[], &[], |ds| {
            let label = sound_label(ds);
            let text = std::fs::read(&label).unwrap();
            let at = text
                .windows(10)
                .position(|w| w == b"\"labels\": ")
                .expect("a labels field")
                + 11;
            // Its first class becomes `99` or `98` (not classes): same length
            // when the first class has two digits, else `9` → another digit.
            let end = at + text[at..].iter().position(|b| !b.is_ascii_digit()).unwrap();
            let digits = vec![b'9'; end - at];
            let digits = if text[at..end] == digits[..] {
                vec![b'8'; end - at]
            } else {
                digits
            };
            poke(&label, at as i64, &digits);
        });
    assert!(
        changed && read == 1,
        "{name}: label rewritten: changed {changed}, read {read}"
    );

    // A ground reference rewritten in place (uncompressed first, then its
    // last pixel set to 200, not a class), size and modification time kept.
    let (_d, ds) = copy_of(base);
    uncompress(&first(&ds, "ground_reference"));
    let (_, read, changed) = check_change(
        "raster rewritten, same size and time",
        &ds,
        &[],
        &[],
        |ds| {
            poke(&first(ds, "ground_reference"), -1, &[200]);
        },
    );
    assert!(
        changed && read == 1,
        "{name}: raster rewritten: changed {changed}, read {read}"
    );

    // A Sentinel-2 file rewritten in place: its last pixel out of range.
    let (_d, ds) = copy_of(base);
    uncompress(&first(&ds, "s2"));
    let (_, read, changed) =
        check_change("s2 rewritten, same size and time", &ds, &[], &[], |ds| {
            poke(&first(ds, "s2"), -2, &0x7fffi16.to_le_bytes());
        });
    assert!(
        changed && read == 1,
        "{name}: s2 rewritten: changed {changed}, read {read}"
    );

    // A profile key changed: Sentinel-2's largest value.
    let (_d, ds) = copy_of(base);
    let profile = _d.path().join("profile.toml");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("validators/multisenge.toml"),
    )
    .unwrap();
    let changed_text = text.replacen("max = 10000", "max = 100", 1);
    assert_ne!(text, changed_text);
    std::fs::write(&profile, changed_text).unwrap();
    let profile_arg = profile.to_str().unwrap();
    let (_, read, changed) = check_change(
        "profile key changed",
        &ds,
        &[],
        &["--profile", profile_arg],
        |_| {},
    );
    assert!(
        changed && read > 0,
        "{name}: profile: changed {changed}, read {read}"
    );

    // A rule selected, a severity changed.
    let (_d, ds) = copy_of(base);
    let (_, read, _) = check_change("rule selected", &ds, &[], &["--select", "R,T"], |_| {});
    // The valid sample's reports are the same with fewer rules (no
    // finding); the cache was not trusted under another selection.
    assert!(read > 0, "{name}: select: read {read}");
    let (_d, ds) = copy_of(base);
    check_change(
        "severity",
        &ds,
        &[],
        &["--severity", "R=info", "--fail-on", "warning"],
        |_| {},
    );
}

#[test]
fn warm_equals_cold_after_every_change_on_the_valid_sample() {
    every_change(&sample().join("valid"));
}

#[test]
fn warm_equals_cold_after_every_change_on_the_defective_sample() {
    every_change(&sample().join("defective"));
}

#[test]
fn warm_equals_cold_after_every_change_on_a_generated_dataset() {
    every_change(generated());
}

#[test]
fn warm_equals_cold_in_labels_only_mode() {
    let (_d, ds) = copy_of(&sample().join("valid"));
    for folder in ["ground_reference", "s2", "s1"] {
        std::fs::remove_dir_all(ds.join(folder)).unwrap();
    }
    let (reused, read, _) = check_change("labels-only, label edited", &ds, &[], &[], |ds| {
        let label = first(ds, "labels");
        let text = std::fs::read_to_string(&label).unwrap();
        std::fs::write(&label, text.replacen("_S1_", "_S9_", 1)).unwrap();
    });
    assert_eq!((reused, read), (5, 1));
}

/// Runs `validate --format json` on `dataset` with the cache in `dir`;
/// stdout, stderr, exit code.
fn cached_json(dataset: &Path, dir: &Path) -> (String, String, i32) {
    let out = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", "json", "-v", "--cache-dir"])
        .arg(dir)
        .output()
        .unwrap();
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

fn cold_json(dataset: &Path) -> (String, i32) {
    let out = multisenge()
        .arg("validate")
        .arg(dataset)
        .args(["--format", "json", "--no-cache"])
        .output()
        .unwrap();
    (stdout(&out), out.status.code().unwrap_or(-1))
}

/// Each way of damaging a file: what, the damaged bytes, the reason the
/// warning gives.
fn damaged(good: &[u8]) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut random = vec![0u8; good.len()];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for b in &mut random {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    let mut other_version = good.to_vec();
    other_version[8..12].copy_from_slice(&7u32.to_le_bytes());
    let mut flipped = good.to_vec();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x10;
    vec![
        ("truncated", good[..good.len() / 3].to_vec(), "truncated"),
        ("random bytes", random, "not a multisenge cache"),
        ("another version", other_version, "version 7"),
        ("one bit flipped", flipped, "checksum"),
        ("empty", Vec::new(), "not a multisenge cache"),
    ]
}

#[test]
fn a_damaged_cache_is_a_warning_and_the_report_is_right() {
    let dataset = sample().join("defective");
    let cold = cold_json(&dataset);
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path();
    let (_, err, _) = cached_json(&dataset, dir);
    assert!(!err.contains("warning"), "{err}");
    let file_of = |extension: &str| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == extension))
            .unwrap_or_else(|| panic!("a .{extension} file"))
    };
    // The entries, and the last run's outcome (which a run with nothing
    // changed reads alone).
    let (entries, last) = (file_of("cache"), file_of("last"));
    let good = (
        std::fs::read(&entries).unwrap(),
        std::fs::read(&last).unwrap(),
    );
    let cases = damaged(&good.0).into_iter().zip(damaged(&good.1));
    for ((what, entries_bytes, reason), (_, last_bytes, _)) in cases {
        // Both damaged.
        std::fs::write(&entries, &entries_bytes).unwrap();
        std::fs::write(&last, &last_bytes).unwrap();
        let (report, err, code) = cached_json(&dataset, dir);
        assert_eq!((report, code), cold, "{what}");
        for file in [&entries, &last] {
            let warned = format!("warning: cache {} ignored and rebuilt", file.display());
            assert!(err.contains(&warned), "{what}: {err}");
        }
        assert!(err.contains(reason), "{what}: {err}");
        // Rebuilt: the next run trusts it and reads nothing.
        let (report, err, code) = cached_json(&dataset, dir);
        assert_eq!((report, code), cold, "{what}, rebuilt");
        assert!(!err.contains("warning"), "{what}: {err}");
        assert!(err.contains(" 0 read"), "{what}: {err}");
        // The outcome alone damaged: the entries are used, nothing read.
        std::fs::write(&last, &last_bytes).unwrap();
        let (report, err, code) = cached_json(&dataset, dir);
        assert_eq!((report, code), cold, "{what}, outcome alone");
        let warned = format!("warning: cache {} ignored and rebuilt", last.display());
        assert!(
            err.contains(&warned) && err.contains(reason),
            "{what}: {err}"
        );
        assert!(
            err.contains(" 0 read") && !err.contains("nothing changed"),
            "{what}: {err}"
        );
    }
}

#[test]
fn a_cache_folder_that_cannot_be_written_is_a_warning() {
    let dataset = sample().join("defective");
    let cold = cold_json(&dataset);
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the cache folder's parent should be.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let (report, err, code) = cached_json(&dataset, &blocker.join("cache"));
    assert_eq!((report, code), cold);
    assert!(
        err.contains("warning: cache") && err.contains("not written"),
        "{err}"
    );
}

#[test]
fn runs_at_once_never_corrupt_the_cache() {
    let dataset = sample().join("defective");
    let cold = cold_json(&dataset);
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().join("c");
    let children: Vec<_> = (0..4)
        .map(|_| {
            multisenge()
                .arg("validate")
                .arg(&dataset)
                .args(["--format", "json", "-v", "--cache-dir"])
                .arg(&dir)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!((stdout(&out), out.status.code().unwrap_or(-1)), cold);
        assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    }
    // The cache file and the last run's outcome, whole: the next run
    // reads nothing.
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let (report, err, code) = cached_json(&dataset, &dir);
    assert_eq!((report, code), cold);
    assert!(err.contains(" 0 read") && !err.contains("warning"), "{err}");
}

#[test]
fn shards_keep_their_own_caches_and_merge_is_unchanged() {
    let (_d, ds) = copy_of(&sample().join("defective"));
    let cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let partial = |k: u32, cached: bool, name: &str| {
        let path = out.path().join(name);
        let mut cmd = multisenge();
        cmd.arg("validate")
            .arg(&ds)
            .args(["--shard", &format!("{k}/2"), "-o"])
            .arg(&path);
        if cached {
            cmd.arg("--cache-dir").arg(cache.path());
        } else {
            cmd.arg("--no-cache");
        }
        let run = cmd.output().unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        std::fs::read_to_string(path).unwrap()
    };
    for k in 0..2 {
        partial(k, true, &format!("warm{k}.json"));
    }
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 2);
    std::fs::remove_file(first(&ds, "s1")).unwrap();
    for k in 0..2 {
        let cached = partial(k, true, &format!("c{k}.json"));
        let cold = partial(k, false, &format!("n{k}.json"));
        assert_eq!(cached, cold, "shard {k}");
    }
    let merge = |a: &str, b: &str| {
        let run = multisenge()
            .arg("merge")
            .arg(out.path().join(a))
            .arg(out.path().join(b))
            .args(["--format", "json"])
            .output()
            .unwrap();
        (stdout(&run), run.status.code())
    };
    assert_eq!(merge("c0.json", "c1.json"), merge("n0.json", "n1.json"));
}

#[test]
fn the_default_folder_follows_xdg_and_beside_puts_it_next_to_the_dataset() {
    let (d, ds) = copy_of(&sample().join("valid"));
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], xdg: Option<&Path>| {
        let mut cmd = multisenge();
        cmd.arg("validate")
            .arg(&ds)
            .args(args)
            .env("HOME", home.path());
        match xdg {
            Some(x) => cmd.env("XDG_CACHE_HOME", x),
            None => cmd.env_remove("XDG_CACHE_HOME"),
        };
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    };
    run(&[], None);
    assert_eq!(
        std::fs::read_dir(home.path().join(".cache/multisenge"))
            .unwrap()
            .count(),
        2
    );
    let xdg = tempfile::tempdir().unwrap();
    run(&[], Some(xdg.path()));
    assert_eq!(
        std::fs::read_dir(xdg.path().join("multisenge"))
            .unwrap()
            .count(),
        2
    );
    run(&["--cache-beside"], Some(xdg.path()));
    assert_eq!(
        std::fs::read_dir(d.path().join(".multisenge-cache"))
            .unwrap()
            .count(),
        2
    );
    // --no-cache writes nothing anywhere.
    let empty = tempfile::tempdir().unwrap();
    run(&["--no-cache"], Some(empty.path()));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

/// `validate DATASET --shard 0/1` (whose partial report carries the listed
/// names per tile and date, which the cache keeps as totals) with the
/// cache in `dir` and without: both partial reports.
fn partials(dataset: &Path, dir: &Path) -> (String, String) {
    let out = tempfile::tempdir().unwrap();
    let run = |cached: bool| {
        let path = out.path().join(if cached { "c.json" } else { "n.json" });
        let mut cmd = multisenge();
        cmd.arg("validate")
            .arg(dataset)
            .args(["--shard", "0/1", "-o"])
            .arg(&path);
        if cached {
            cmd.arg("--cache-dir").arg(dir);
        } else {
            cmd.arg("--no-cache");
        }
        let run = cmd.output().unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(!stderr(&run).contains("warning: cache"), "{}", stderr(&run));
        std::fs::read_to_string(path).unwrap()
    };
    (run(true), run(false))
}

/// The results across files the cache keeps and updates: the overlap pass's
/// pairs (a patch moved onto another, then back) and the listed names per
/// tile and date (a label file's dates changed, a label file removed and
/// put back, one added under another tile). After each change, in turn on
/// one cache, the cached run's reports equal a run without cache.
#[test]
fn warm_equals_cold_when_kept_dataset_wide_results_change() {
    let (_d, ds) = copy_of(&sample().join("valid"));
    for folder in ["ground_reference", "s2", "s1"] {
        std::fs::remove_dir_all(ds.join(folder)).unwrap();
    }
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().join("c");
    let agree = |what: &str| -> String {
        let (with, _) = reports(&ds, &[], Some(&dir));
        let (without, _) = reports(&ds, &[], None);
        assert_eq!(with, without, "{what}");
        // The JSON report.
        with[1].0.clone()
    };
    let first_report = agree("first run");
    assert!(!first_report.contains("\"S001\""), "{first_report}");
    let labels = ds.join("labels");
    let from = labels.join("31UGQ_0_257.json");
    // In the tile west of 31UGQ, whose eastern columns 31UGQ's western
    // ones overlap: 10 023 pixels (100.23 km) east of 31UFQ's corner is
    // 230 m east of 31UGQ's.
    let to = labels.join("31UFQ_10023_0.json");

    // Moved onto 31UGQ_0_0 (its listed names moved too).
    let text = std::fs::read_to_string(&from).unwrap();
    let moved_text = text
        .replace("31UGQ_", "31UFQ_")
        .replace("_0_257.tif", "_10023_0.tif");
    std::fs::write(&to, moved_text).unwrap();
    std::fs::remove_file(&from).unwrap();
    let moved = agree("moved onto another patch");
    assert!(moved.contains("\"S001\""), "an overlap: {moved}");
    // Nothing changed since: the kept pairs, checked again.
    assert_eq!(agree("moved, then nothing changed"), moved);
    // Back where it was: the report of the first run.
    std::fs::write(&from, &text).unwrap();
    std::fs::remove_file(&to).unwrap();
    assert_eq!(agree("moved back"), first_report);

    // The listed names per tile and date (the shard's partial report).
    let (warm, cold) = partials(&ds, &dir);
    assert_eq!(warm, cold, "partial, nothing changed");
    let dated = labels.join("31UGQ_0_0.json");
    let before = std::fs::read_to_string(&dated).unwrap();
    assert!(before.contains("31UGQ_20200325_S2_0_0.tif"));
    std::fs::write(
        &dated,
        before.replace("31UGQ_20200325_S2_0_0.tif", "31UGQ_20200326_S2_0_0.tif"),
    )
    .unwrap();
    let (warm, cold) = partials(&ds, &dir);
    assert_eq!(warm, cold, "partial, a tile's dates changed");
    assert!(warm.contains("20200326"), "{warm}");
    // A label file removed, then put back.
    let other = labels.join("32ULU_5140_5140.json");
    let kept = std::fs::read(&other).unwrap();
    std::fs::remove_file(&other).unwrap();
    let (warm_removed, cold) = partials(&ds, &dir);
    assert_eq!(warm_removed, cold, "partial, a label file removed");
    std::fs::write(&other, &kept).unwrap();
    let (warm, cold) = partials(&ds, &dir);
    assert_eq!(warm, cold, "partial, the label file put back");
    assert_ne!(warm, warm_removed);
    // The same label file under another tile's name as well.
    let copy = labels.join("31UGQ_514_0.json");
    std::fs::write(&copy, &kept).unwrap();
    let (warm, cold) = partials(&ds, &dir);
    assert_eq!(warm, cold, "partial, a label file added");
    // And a report with the cache still equal to one without.
    agree("after the dates changed");
}
