//! Mutation fuzzing of the parsers that read untrusted bytes: label files,
//! file names, profiles (dataset and generalization), the TIFF header
//! reader and its GeoTIFF key reader. Stable Rust, no extra dependency: a
//! seeded generator mutates valid seeds (bit flips, byte replacement with
//! boundary values, insertions, deletions, truncation, splicing, repeated
//! blocks) and every input must be answered without a panic.
//!
//! In `make test` each target runs `FUZZ_CASES` inputs (default 2 000). To
//! fuzz one target for N minutes (see docs/reliability.md):
//!
//! ```text
//! FUZZ_SECONDS=600 FUZZ_SEED=$RANDOM cargo test --release --test fuzz label_parser -- --nocapture
//! ```
//!
//! A failure prints the seed and the case number, and writes the input to
//! `target/fuzz-failures/`, so that it can be replayed and kept as a case.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use multisenge::model::label_file::LabelFile;
use multisenge::model::NameParts;

/// xorshift64*: deterministic, seedable, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: [u8; 12] = [
    0, 1, 0x7f, 0x80, 0xff, b'"', b'{', b'}', b'[', b'\\', b'\n', b'_',
];

/// One to four mutations of `input`, within `range` of it (the whole input
/// when `None`), spliced now and then with `other`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], range: Option<(usize, usize)>) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let (lo, hi) = range.unwrap_or((0, v.len()));
        let hi = hi.min(v.len());
        let at = if hi > lo { lo + rng.below(hi - lo) } else { 0 };
        match rng.below(8) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => v.insert(at.min(v.len()), rng.next() as u8),
            3 if !v.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(v.len());
                v.drain(at.min(end)..end);
            }
            4 => v.truncate(rng.below(v.len() + 1)),
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let len = rng.below(other.len() - from + 1);
                let at = at.min(v.len());
                v.splice(at..at, other[from..from + len].iter().copied());
            }
            6 if !v.is_empty() => {
                // A block repeated: deep nesting, long runs.
                let end = (at + 1 + rng.below(8)).min(v.len());
                let block = v[at.min(end)..end].to_vec();
                for _ in 0..rng.below(64) {
                    v.splice(at..at, block.iter().copied());
                }
            }
            _ if v.len() >= 4 => {
                // A 32-bit boundary value (offsets, counts).
                let at = at.min(v.len() - 4);
                let value = [0u32, 1, 0x7fff_ffff, 0xffff_ffff, 0x8000_0000][rng.below(5)];
                v[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            _ => {}
        }
    }
    v
}

/// How many inputs, or for how long, from the environment.
fn budget() -> (u64, Option<Duration>, u64) {
    let var = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let seconds = var("FUZZ_SECONDS").map(Duration::from_secs);
    (
        var("FUZZ_CASES").unwrap_or(2_000),
        seconds,
        var("FUZZ_SEED").unwrap_or(0x5eed),
    )
}

/// Runs `target` on mutations of `seeds`; panics name the seed and case.
fn fuzz(name: &str, seeds: &[Vec<u8>], range: Option<(usize, usize)>, target: impl Fn(&[u8])) {
    let (cases, seconds, seed) = budget();
    let mut rng = Rng(seed | 1);
    let start = Instant::now();
    let mut n = 0u64;
    loop {
        let done = match seconds {
            Some(s) => start.elapsed() >= s,
            None => n >= cases,
        };
        if done {
            break;
        }
        let a = &seeds[rng.below(seeds.len())];
        let b = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, a, b, range);
        if catch_unwind(AssertUnwindSafe(|| target(&input))).is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("{name}-{seed}-{n}"));
            std::fs::write(&file, &input).unwrap();
            panic!(
                "{name}: panic on case {n} (FUZZ_SEED={seed}); input in {}",
                file.display()
            );
        }
        n += 1;
    }
    eprintln!(
        "{name}: {n} inputs in {:.1} s, no panic",
        start.elapsed().as_secs_f64()
    );
}

fn label_seeds() -> Vec<Vec<u8>> {
    let label = br#"{"corresponding_s2": "31UGQ_20200301_S2_257_0.tif;31UGQ_20200406_S2_257_0.tif", "corresponding_s1": "31UGQ_20200302_S1_257_0.tif", "corresponding_gr": "31UGQ_GR_257_0.tif", "tile": "31UGQ", "patch_x": 257, "patch_y": 0}"#;
    vec![
        label.to_vec(),
        b"{}".to_vec(),
        b"[1, 2.5e308, null]".to_vec(),
    ]
}

#[test]
fn label_parser() {
    fuzz("label_parser", &label_seeds(), None, |bytes| {
        let _ = LabelFile::parse(bytes);
    });
}

#[test]
fn name_parser() {
    let seeds: Vec<Vec<u8>> = [
        "31UGQ_20200301_S2_257_0.tif",
        "31UGQ_GR_4883_10794.tif",
        "31UGQ_257_0.json",
        "31UGQ_20201231_S1_0_0.tif",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    fuzz("name_parser", &seeds, None, |bytes| {
        let name = String::from_utf8_lossy(bytes);
        if let Some(parts) = NameParts::split(&name) {
            let _ = parts.patch();
            let _ = parts.has_expected_extension();
        }
    });
}

#[test]
fn profile_parser() {
    let dataset = std::fs::read("validators/multisenge.toml").unwrap();
    let generalize = std::fs::read("validators/generalize-ocsge-plus.toml").unwrap();
    fuzz("profile_parser", &[dataset, generalize], None, |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let _ = multisenge::profile::LoadedProfile::parse(&text, "fuzz.toml");
        let _ = multisenge::generalize::config::GeneralizeConfig::parse(&text, "fuzz.toml");
    });
}

/// The sample's rasters: a ground reference (one band, u8) and an S2 patch.
fn tiff_seeds() -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .arg("sample")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let valid = out.join("valid");
    let gr = std::fs::read(valid.join("ground_reference/31UGQ_GR_0_0.tif")).unwrap();
    let s2 = std::fs::read_dir(valid.join("s2"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    vec![gr, std::fs::read(s2.path()).unwrap()]
}

/// Reads the mutated bytes as a file, as the engine does.
fn read_tiff(dir: &Path) -> impl Fn(&[u8]) + '_ {
    move |bytes: &[u8]| {
        let path = dir.join("f.tif");
        std::fs::write(&path, bytes).unwrap();
        let _ = multisenge::io::formats::tiff::read_directory(&path);
    }
}

#[test]
fn tiff_header_reader() {
    let dir = tempfile::tempdir().unwrap();
    // The header and first directory are in the first kilobytes.
    fuzz(
        "tiff_header_reader",
        &tiff_seeds(),
        Some((0, 4096)),
        read_tiff(dir.path()),
    );
}

/// Where the GeoKeyDirectory's values are in a classic little-endian TIFF.
fn geokey_range(tiff: &[u8]) -> (usize, usize) {
    let u16_at = |i: usize| u16::from_le_bytes([tiff[i], tiff[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(tiff[i..i + 4].try_into().unwrap()) as usize;
    assert_eq!(
        &tiff[..4],
        b"II*\0",
        "the sample is a classic little-endian TIFF"
    );
    let ifd = u32_at(4);
    for e in 0..u16_at(ifd) {
        let entry = ifd + 2 + 12 * e;
        if u16_at(entry) == 34735 {
            let count = u32_at(entry + 4);
            let offset = u32_at(entry + 8);
            return (offset, offset + 2 * count);
        }
    }
    panic!("the sample has no GeoKeyDirectory");
}

#[test]
fn geotiff_key_reader() {
    let seeds = tiff_seeds();
    let range = geokey_range(&seeds[0]);
    let dir = tempfile::tempdir().unwrap();
    fuzz(
        "geotiff_key_reader",
        &seeds[..1],
        Some(range),
        read_tiff(dir.path()),
    );
}

/// A listing, the two partial reports of `validate --shard` and a JSON
/// report (a baseline) of the sample, made by the program itself; the
/// dataset root they name.
struct Made {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    listing: Vec<u8>,
    partials: [Vec<u8>; 2],
    baseline: Vec<u8>,
}

fn made() -> &'static Made {
    static MADE: std::sync::OnceLock<Made> = std::sync::OnceLock::new();
    MADE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("sample");
        let run = |args: &[&std::ffi::OsStr]| {
            let status = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
                // The validation cache in the sample's temporary folder,
                // not the user's.
                .env("XDG_CACHE_HOME", dir.path())
                .args(args)
                .output()
                .unwrap();
            assert!(status.status.code().is_some_and(|c| c <= 1), "{args:?}");
        };
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
            .arg("sample")
            .arg(&out)
            .output()
            .unwrap();
        assert!(status.status.success());
        let root = out.join("defective");
        let file = |name: &str| dir.path().join(name);
        let os = |p: &Path| p.as_os_str().to_owned();
        run(&[
            "list".as_ref(),
            root.as_os_str(),
            "-o".as_ref(),
            &os(&file("listing.txt")),
        ]);
        for k in 0..2 {
            run(&[
                "validate".as_ref(),
                root.as_os_str(),
                "--shard".as_ref(),
                format!("{k}/2").as_ref(),
                "-o".as_ref(),
                &os(&file(&format!("p{k}.json"))),
            ]);
        }
        run(&[
            "validate".as_ref(),
            root.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "-o".as_ref(),
            &os(&file("report.json")),
        ]);
        let read = |name: &str| std::fs::read(file(name)).unwrap();
        Made {
            listing: read("listing.txt"),
            partials: [read("p0.json"), read("p1.json")],
            baseline: read("report.json"),
            root,
            _dir: dir,
        }
    })
}

#[test]
fn listing_reader() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("listing.txt");
    fuzz(
        "listing_reader",
        std::slice::from_ref(&m.listing),
        None,
        |bytes| {
            std::fs::write(&path, bytes).unwrap();
            if let Ok(listing) = multisenge::io::storage::listing::Listing::load(&path, &m.root) {
                // Written back, as `list --from` does.
                let _ = listing.write(&dir.path().join("again.txt"));
            }
        },
    );
}

#[test]
fn partial_report_reader_and_merge() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let paths = [dir.path().join("p0.json"), dir.path().join("p1.json")];
    std::fs::write(&paths[1], &m.partials[1]).unwrap();
    fuzz("partial_report_reader", &m.partials, None, |bytes| {
        std::fs::write(&paths[0], bytes).unwrap();
        let _ = multisenge::engine::shard::merge_files(&paths);
    });
}

#[test]
fn baseline_reader() {
    let m = made();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    fuzz(
        "baseline_reader",
        std::slice::from_ref(&m.baseline),
        None,
        |bytes| {
            std::fs::write(&path, bytes).unwrap();
            let _ = multisenge::report::baseline::Baseline::load(&path);
        },
    );
}
