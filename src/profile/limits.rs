//! The allowed range of every numeric key of a dataset profile, checked on
//! load: a value outside it is a configuration error (exit code 2) naming
//! the file, the line, the key and the range, before anything is read.
//!
//! Why these bounds: a patch is a cut of a tile, and every patch raster's
//! band is read whole as 8-byte values, so `patch_size` is bounded (20 000
//! pixels: 3.2 GB a band, far above any published patch; the run's memory
//! limit, `--max-memory`, refuses less than that on a small machine); a
//! TIFF has at most 65 535 samples a pixel; a label file is read into
//! memory whole, so `max_bytes` is at most 1 GiB; lengths in metres are
//! bounded by 100 km, a Sentinel-2 tile's width. The table is the one of
//! docs/profiles.md (a test checks every key is there with its range).

use super::Profile;

/// One numeric key and the values it takes, as shown in messages and in
/// docs/profiles.md.
#[derive(Debug, Clone, Copy)]
pub struct KeyLimit {
    /// Section, `rasters.*` for the three raster kinds.
    pub section: &'static str,
    pub key: &'static str,
    pub expected: &'static str,
}

const fn limit(section: &'static str, key: &'static str, expected: &'static str) -> KeyLimit {
    KeyLimit {
        section,
        key,
        expected,
    }
}

/// Largest `[dataset] patch_size`, pixels.
pub const MAX_PATCH_SIZE: u32 = 20_000;
/// Largest `[dataset] tile_size`, pixels.
pub const MAX_TILE_SIZE: u32 = 200_000;
/// Largest `[label_files] max_bytes`.
pub const MAX_LABEL_BYTES: u64 = 1 << 30;
/// Largest `[rasters.*] bands`.
pub const MAX_BANDS: usize = 65_535;
/// Largest `[georeferencing]` length, metres.
pub const MAX_METRES: f64 = 100_000.0;

/// Every numeric key of a dataset profile with its range.
pub const LIMITS: &[KeyLimit] = &[
    limit(
        "dataset",
        "year",
        "an integer from 1000 to 9999 (a four-digit year)",
    ),
    limit("dataset", "patch_size", "an integer from 1 to 20000 pixels"),
    limit(
        "dataset",
        "grid_stride",
        "an integer from patch_size to tile_size pixels",
    ),
    limit(
        "dataset",
        "tile_size",
        "an integer from patch_size to 200000 pixels",
    ),
    limit(
        "label_files",
        "max_bytes",
        "an integer from 1 to 1073741824 bytes (1 GiB)",
    ),
    limit("rasters.*", "bands", "an integer from 1 to 65535"),
    limit("rasters.*", "min", "a finite number, at most max"),
    limit("rasters.*", "max", "a finite number, at least min"),
    limit(
        "rasters.*",
        "nodata",
        "a number (nan, inf and -inf allowed)",
    ),
    limit(
        "rasters.*",
        "band_names",
        "in [rasters.s2] and [rasters.s1] only: one name per band (bands of them), each 1 to 64 characters without control characters",
    ),
    limit(
        "rasters.*",
        "unit",
        "in [rasters.s1] only: `linear` or `dB`",
    ),
    limit(
        "georeferencing",
        "pixel_size",
        "a number above 0 and at most 100000 metres",
    ),
    limit(
        "georeferencing",
        "origin_tolerance",
        "a number from 0 to 100000 metres",
    ),
    limit(
        "mmu",
        "min_region_pixels",
        "an integer from 0 to 4294967295 pixels",
    ),
    limit("mmu", "connectivity", "4 or 8"),
    limit(
        "mmu",
        "exempt_classes",
        "class values, integers from 0 to 255",
    ),
    limit(
        "mmu",
        "road_class",
        "a class value, an integer from 0 to 255 (0: none)",
    ),
    limit(
        "spatial",
        "overlap_tolerance",
        "a finite area of at least 0 m²",
    ),
    limit(
        "spatial",
        "equal_area_epsg",
        "the EPSG code of a projected CRS in metres",
    ),
    limit(
        "release",
        "tiles",
        "1 to 60000 distinct tile codes of the Sentinel-2 tiling grid, without the `T`",
    ),
    limit("release", "patches", "an integer from 0 to 100000000"),
    limit("release", "s2_files", "an integer from 0 to 10000000000"),
    limit("release", "s1_files", "an integer from 0 to 10000000000"),
    limit(
        "release",
        "s2_dates",
        "[min, max]: integers from 0 to 100000, min at most max",
    ),
    limit(
        "release",
        "s1_dates",
        "[min, max]: integers from 0 to 100000, min at most max",
    ),
];

/// Largest `[release] patches`.
pub const MAX_RELEASE_PATCHES: u64 = 100_000_000;
/// Largest `[release] s2_files` and `s1_files`.
pub const MAX_RELEASE_FILES: u64 = 10_000_000_000;
/// Largest bound of `[release] s2_dates` and `s1_dates`.
pub const MAX_RELEASE_DATES: u32 = 100_000;
/// Most `[release] tiles`.
pub const MAX_RELEASE_TILES: usize = 60_000;

/// The limit of `key` in `section` (`rasters.s2` finds `rasters.*`).
pub fn find(section: &str, key: &str) -> Option<&'static KeyLimit> {
    let family = section.split('.').next().unwrap_or(section);
    LIMITS
        .iter()
        .find(|l| l.key == key && (l.section == section || l.section == format!("{family}.*")))
}

/// A key outside its range: where it is and what it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct OutOfRange {
    /// `rasters.s2` for a raster kind.
    pub section: String,
    pub key: &'static str,
    pub message: String,
}

fn out_of_range(section: &str, key: &'static str, value: impl std::fmt::Display) -> OutOfRange {
    let expected = find(section, key).map_or("", |l| l.expected);
    OutOfRange {
        section: section.to_string(),
        key,
        message: format!("[{section}] {key} = {value}: expected {expected}"),
    }
}

/// A float as written by a user: huge ones in exponent form (`1e300`).
fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// Checks the numeric keys of `profile` against [`LIMITS`]; the first one
/// out of range is the error.
///
/// ```
/// use multisenge::profile::{limits, LoadedProfile};
/// let mut profile = LoadedProfile::default_profile().profile;
/// assert!(limits::check(&profile).is_ok());
/// profile.dataset.patch_size = 0;
/// let e = limits::check(&profile).unwrap_err();
/// assert_eq!(e.message, "[dataset] patch_size = 0: expected an integer from 1 to 20000 pixels");
/// ```
pub fn check(profile: &Profile) -> Result<(), OutOfRange> {
    let d = &profile.dataset;
    if let Some(year) = d.year.filter(|y| !(1000..=9999).contains(y)) {
        return Err(out_of_range("dataset", "year", year));
    }
    if d.patch_size == 0 || d.patch_size > MAX_PATCH_SIZE {
        return Err(out_of_range("dataset", "patch_size", d.patch_size));
    }
    if d.tile_size < d.patch_size || d.tile_size > MAX_TILE_SIZE {
        return Err(out_of_range("dataset", "tile_size", d.tile_size));
    }
    if d.grid_stride < d.patch_size || d.grid_stride > d.tile_size {
        return Err(out_of_range("dataset", "grid_stride", d.grid_stride));
    }
    let max_bytes = profile.label_files.max_bytes;
    if max_bytes == 0 || max_bytes > MAX_LABEL_BYTES {
        return Err(out_of_range("label_files", "max_bytes", max_bytes));
    }
    let r = &profile.rasters;
    for (name, kind) in [
        ("ground_reference", &r.ground_reference),
        ("s2", &r.s2),
        ("s1", &r.s1),
    ] {
        let section = format!("rasters.{name}");
        if kind.bands == 0 || kind.bands > MAX_BANDS {
            return Err(out_of_range(&section, "bands", kind.bands));
        }
        for (key, value) in [("min", kind.min), ("max", kind.max)] {
            if let Some(v) = value.filter(|v| !v.is_finite()) {
                return Err(out_of_range(&section, key, number(v)));
            }
        }
        if let (Some(min), Some(max)) = (kind.min, kind.max) {
            if min > max {
                return Err(out_of_range(
                    &section,
                    "min",
                    format!("{} (max = {})", number(min), number(max)),
                ));
            }
        }
        if let Some(names) = &kind.band_names {
            let name_ok = |n: &String| {
                (1..=64).contains(&n.chars().count()) && !n.chars().any(char::is_control)
            };
            let sentinel = name == "s2" || name == "s1";
            if !sentinel || names.len() != kind.bands || !names.iter().all(name_ok) {
                return Err(out_of_range(&section, "band_names", format!("{names:?}")));
            }
        }
        if let Some(unit) = kind.unit.filter(|_| name != "s1") {
            return Err(out_of_range(
                &section,
                "unit",
                format!("\"{}\"", unit.name()),
            ));
        }
    }
    check_release(&profile.release)?;
    let g = &profile.georeferencing;
    if !(g.pixel_size > 0.0 && g.pixel_size <= MAX_METRES) {
        return Err(out_of_range(
            "georeferencing",
            "pixel_size",
            number(g.pixel_size),
        ));
    }
    if !(0.0..=MAX_METRES).contains(&g.origin_tolerance) {
        let tolerance = number(g.origin_tolerance);
        return Err(out_of_range(
            "georeferencing",
            "origin_tolerance",
            tolerance,
        ));
    }
    Ok(())
}

/// The `[release]` keys: counts within their range, date bounds in order,
/// tiles of the grid, each once.
fn check_release(r: &super::release::ReleaseSection) -> Result<(), OutOfRange> {
    if let Some(n) = r.patches.filter(|n| *n > MAX_RELEASE_PATCHES) {
        return Err(out_of_range("release", "patches", n));
    }
    for (key, value) in [("s2_files", r.s2_files), ("s1_files", r.s1_files)] {
        if let Some(n) = value.filter(|n| *n > MAX_RELEASE_FILES) {
            return Err(out_of_range("release", key, n));
        }
    }
    for (key, value) in [("s2_dates", r.s2_dates), ("s1_dates", r.s1_dates)] {
        if let Some([min, max]) = value.filter(|[a, b]| a > b || *b > MAX_RELEASE_DATES) {
            return Err(out_of_range("release", key, format!("[{min}, {max}]")));
        }
    }
    if let Some(tiles) = &r.tiles {
        let grid = crate::model::grid::TilingGrid::official();
        let mut seen = std::collections::HashSet::new();
        let bad = tiles.iter().find(|t| {
            let known = crate::model::TileCode::parse(t).is_ok_and(|c| grid.get(&c).is_some());
            !known || !seen.insert(t.as_str())
        });
        if let Some(t) = bad {
            return Err(out_of_range(
                "release",
                "tiles",
                format!("[.., \"{t}\", ..]"),
            ));
        }
        if tiles.is_empty() || tiles.len() > MAX_RELEASE_TILES {
            return Err(out_of_range(
                "release",
                "tiles",
                format!("{} tiles", tiles.len()),
            ));
        }
    }
    Ok(())
}

/// The line (1-based) where `key` is set in `[section]` of `text`, if it is
/// written there (`rasters.s2` also finds `[rasters.s2]`).
pub(crate) fn line_of_key(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header.trim_end_matches(']').trim().to_string();
        } else if current == section
            && line
                .split('=')
                .next()
                .is_some_and(|k| line.contains('=') && k.trim() == key)
        {
            return Some(i + 1);
        }
    }
    None
}

/// The section and key set on line `line` (1-based) of `text`.
pub(crate) fn key_at_line(text: &str, line: usize) -> Option<(String, String)> {
    let mut section = String::new();
    for (i, l) in text.lines().enumerate().take(line) {
        let l = l.trim();
        if let Some(header) = l.strip_prefix('[') {
            section = header.trim_end_matches(']').trim().to_string();
        } else if i + 1 == line {
            let key = l.split_once('=')?.0.trim().to_string();
            return Some((section, key));
        }
    }
    None
}

/// `[folders]`: each a folder name at the dataset root (not empty, no
/// `/`, not `.` or `..`), the four different; the error names the key.
pub(super) fn check_folders(f: &super::Folders) -> Result<(), (&'static str, String)> {
    let keys = [
        ("ground_reference", &f.ground_reference),
        ("s2", &f.s2),
        ("s1", &f.s1),
        ("labels", &f.labels),
    ];
    for (i, (key, name)) in keys.iter().enumerate() {
        if name.is_empty() || name.contains('/') || *name == "." || *name == ".." {
            return Err((
                key,
                format!(
                    "[folders] {key} = \"{name}\": expected the name of a folder at the dataset \
                     root (not empty, no `/`, not `.` or `..`)"
                ),
            ));
        }
        if let Some((other, _)) = keys[..i].iter().find(|(_, n)| n == name) {
            return Err((
                key,
                format!("[folders] {key} = \"{name}\": the same folder as [folders] {other}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{LoadedProfile, DEFAULT_PROFILE};

    fn error_of(from: &str, to: &str) -> String {
        assert!(DEFAULT_PROFILE.contains(from), "{from}");
        let text = DEFAULT_PROFILE.replacen(from, to, 1);
        LoadedProfile::parse(&text, "p.toml")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn every_bound_is_enforced_with_file_line_key_and_range() {
        let cases = [
            (
                "patch_size = 256",
                "patch_size = 0",
                "p.toml:9: [dataset] patch_size = 0: expected an integer from 1 to 20000",
            ),
            (
                "patch_size = 256",
                "patch_size = 100000",
                "[dataset] patch_size = 100000",
            ),
            (
                "tile_size = 10980",
                "tile_size = 0",
                "[dataset] tile_size = 0: expected an integer from patch_size to 200000",
            ),
            (
                "tile_size = 10980",
                "tile_size = 200001",
                "[dataset] tile_size = 200001: expected an integer from patch_size to 200000",
            ),
            (
                "grid_stride = 257",
                "grid_stride = 255",
                "[dataset] grid_stride = 255",
            ),
            (
                "grid_stride = 257",
                "grid_stride = 10981",
                "[dataset] grid_stride = 10981",
            ),
            (
                "year = 2020",
                "year = 20",
                "[dataset] year = 20: expected an integer from 1000 to 9999",
            ),
            (
                "max_bytes = 1048576",
                "max_bytes = 0",
                "[label_files] max_bytes = 0",
            ),
            (
                "max_bytes = 1048576",
                "max_bytes = 1073741825",
                "[label_files] max_bytes = 1073741825",
            ),
            (
                "bands = 10",
                "bands = 0",
                "p.toml:84: [rasters.s2] bands = 0: expected an integer from 1 to 65535",
            ),
            ("bands = 10", "bands = 70000", "[rasters.s2] bands = 70000"),
            (
                "max = 10000",
                "max = -1",
                "[rasters.s2] min = 0 (max = -1): expected a finite number, at most max",
            ),
            ("min = 0\n", "min = nan\n", "[rasters.s2] min = NaN"),
            ("max = 20.0", "max = inf", "[rasters.s1] max = inf"),
            (
                "pixel_size = 10.0",
                "pixel_size = 0.0",
                "[georeferencing] pixel_size = 0: expected a number above 0",
            ),
            (
                "pixel_size = 10.0",
                "pixel_size = nan",
                "[georeferencing] pixel_size = NaN",
            ),
            (
                "pixel_size = 10.0",
                "pixel_size = 1e300",
                "[georeferencing] pixel_size = 1e300",
            ),
            (
                "origin_tolerance = 0.5",
                "origin_tolerance = -1.0",
                "[georeferencing] origin_tolerance = -1",
            ),
            (
                "origin_tolerance = 0.5",
                "origin_tolerance = inf",
                "[georeferencing] origin_tolerance = inf",
            ),
        ];
        for (from, to, want) in cases {
            let got = error_of(from, to);
            assert!(got.contains(want), "{to}: {got}");
        }
    }

    #[test]
    fn band_names_are_s2_only_one_per_band_and_short() {
        let paper =
            r#"band_names = ["B2", "B3", "B4", "B8", "B5", "B6", "B7", "B8A", "B11", "B12"]"#;
        let expected = "in [rasters.s2] and [rasters.s1] only: one name per band";
        for (to, want) in [
            (
                r#"band_names = ["B2", "B3"]"#.to_string(),
                r#"[rasters.s2] band_names = ["B2", "B3"]: expected in [rasters.s2] and [rasters.s1] only"#
                    .to_string(),
            ),
            (
                paper.replace("\"B12\"", "\"\""),
                "[rasters.s2] band_names".into(),
            ),
            (
                paper.replace("B12", &"x".repeat(65)),
                "[rasters.s2] band_names".into(),
            ),
            (
                paper.replace("B12", "B\\u0007"),
                "[rasters.s2] band_names".into(),
            ),
        ] {
            let got = error_of(paper, &to);
            assert!(got.contains(&want) && got.contains(expected), "{to}: {got}");
        }
        let s1 = r#"band_names = ["VV", "VH"]"#;
        let three = DEFAULT_PROFILE.replacen(s1, r#"band_names = ["VV", "VH", "HH"]"#, 1);
        let got = LoadedProfile::parse(&three, "p.toml")
            .unwrap_err()
            .to_string();
        assert!(
            got.contains(r#"[rasters.s1] band_names = ["VV", "VH", "HH"]"#),
            "{got}"
        );
        let in_gr = DEFAULT_PROFILE.replacen(
            "data_type = \"Byte\"",
            "data_type = \"Byte\"\nband_names = [\"class\"]",
            1,
        );
        let got = LoadedProfile::parse(&in_gr, "p.toml")
            .unwrap_err()
            .to_string();
        assert!(
            got.contains("[rasters.ground_reference] band_names"),
            "{got}"
        );
        let unit_in_s2 = DEFAULT_PROFILE.replacen("max = 10000", "max = 10000\nunit = \"dB\"", 1);
        let got = LoadedProfile::parse(&unit_in_s2, "p.toml")
            .unwrap_err()
            .to_string();
        assert!(
            got.contains("[rasters.s2] unit = \"dB\": expected in [rasters.s1] only"),
            "{got}"
        );
        let other_unit = DEFAULT_PROFILE.replacen("unit = \"dB\"", "unit = \"neper\"", 1);
        let got = LoadedProfile::parse(&other_unit, "p.toml")
            .unwrap_err()
            .to_string();
        assert!(got.contains("unit"), "{got}");
        let other = paper.replace("\"B8\", \"B5\"", "\"B5\", \"B8\"");
        let text = DEFAULT_PROFILE.replacen(paper, &other, 1);
        let profile = LoadedProfile::parse(&text, "p.toml").unwrap();
        let names = profile.profile.rasters.s2.expectation().band_names;
        assert_eq!(
            names[3..5],
            ["B5", "B8"],
            "another order is a profile's choice"
        );
    }

    #[test]
    fn type_errors_name_the_key_and_its_range() {
        for (to, want) in [
            (
                "patch_size = -1",
                "[dataset] patch_size: expected an integer from 1 to 20000",
            ),
            (
                "patch_size = 1e9",
                "[dataset] patch_size: expected an integer",
            ),
            ("patch_size = 99999999999", "[dataset] patch_size:"),
            ("patch_size = nan", "[dataset] patch_size:"),
        ] {
            let got = error_of("patch_size = 256", to);
            assert!(got.starts_with("p.toml:9: "), "{got}");
            assert!(got.contains(want), "{to}: {got}");
        }
        let got = error_of("min_region_pixels = 250", "min_region_pixels = -4");
        assert!(
            got.contains("[mmu] min_region_pixels: expected an integer from 0 to 4294967295"),
            "{got}"
        );
    }

    #[test]
    fn bounds_themselves_are_accepted() {
        for (from, to) in [
            ("patch_size = 256", "patch_size = 1"),
            ("max_bytes = 1048576", "max_bytes = 1073741824"),
            ("origin_tolerance = 0.5", "origin_tolerance = 0.0"),
            ("max = 10000", "max = 0"),
        ] {
            let text = DEFAULT_PROFILE.replacen(from, to, 1);
            LoadedProfile::parse(&text, "p.toml").unwrap_or_else(|e| panic!("{to}: {e}"));
        }
    }

    #[test]
    fn every_limit_is_documented() {
        let doc = include_str!("../../docs/profiles.md");
        for l in LIMITS {
            let row = format!("| `[{}]` | `{}` | {} |", l.section, l.key, l.expected);
            assert!(doc.contains(&row), "docs/profiles.md lacks the row\n{row}");
        }
    }

    #[test]
    fn keys_are_found_by_section_and_line() {
        let text = "[a]\nx = 1\n[b.c]\n x = 2\ny=3\n";
        assert_eq!(line_of_key(text, "b.c", "x"), Some(4));
        assert_eq!(line_of_key(text, "a", "y"), None);
        assert_eq!(key_at_line(text, 5), Some(("b.c".into(), "y".into())));
        assert_eq!(find("rasters.s1", "bands").map(|l| l.key), Some("bands"));
        assert!(find("dataset", "bands").is_none());
    }
}
