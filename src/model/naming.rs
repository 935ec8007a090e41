//! The four file nomenclatures of a MultiSenGE dataset:
//!
//! | kind | name |
//! |---|---|
//! | ground reference | `{tile}_GR_{x}_{y}.tif` |
//! | Sentinel-2 | `{tile}_{date}_S2_{x}_{y}.tif` |
//! | Sentinel-1 | `{tile}_{date}_S1_{x}_{y}.tif` |
//! | labels | `{tile}_{x}_{y}.json` |
//!
//! Splitting a name ([`NameParts::split`]) only recognises the *shape*; the
//! tile code, the date and the position are judged by the naming rules, so
//! that one name can carry several findings.

use std::fmt;

use super::tile::TileCode;

/// The kind of a dataset file, which decides its folder and nomenclature.
/// Serialized as its key: `ground_reference`, `s2`, `s1` or `labels`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
pub enum FileKind {
    #[serde(rename = "ground_reference")]
    GroundReference,
    #[serde(rename = "s2")]
    S2,
    #[serde(rename = "s1")]
    S1,
    #[serde(rename = "labels")]
    Label,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [
        FileKind::GroundReference,
        FileKind::S2,
        FileKind::S1,
        FileKind::Label,
    ];

    /// The extension every file of this kind must have (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Label => "json",
            _ => "tif",
        }
    }

    /// The nomenclature, as documented.
    pub fn nomenclature(self) -> &'static str {
        match self {
            FileKind::GroundReference => "{tile}_GR_{x}_{y}.tif",
            FileKind::S2 => "{tile}_{date}_S2_{x}_{y}.tif",
            FileKind::S1 => "{tile}_{date}_S1_{x}_{y}.tif",
            FileKind::Label => "{tile}_{x}_{y}.json",
        }
    }

    /// A short human name: "ground reference", "Sentinel-2", ...
    pub fn describe(self) -> &'static str {
        match self {
            FileKind::GroundReference => "ground reference",
            FileKind::S2 => "Sentinel-2",
            FileKind::S1 => "Sentinel-1",
            FileKind::Label => "label",
        }
    }

    /// Whether `name` ends with this kind's extension (`.tif`, `.json`),
    /// whatever its shape.
    pub fn extension_of(self, name: &str) -> bool {
        std::path::Path::new(name)
            .extension()
            .is_some_and(|e| e == self.extension())
    }

    /// The identifier used in reports and profiles.
    pub fn key(self) -> &'static str {
        match self {
            FileKind::GroundReference => "ground_reference",
            FileKind::S2 => "s2",
            FileKind::S1 => "s1",
            FileKind::Label => "labels",
        }
    }
}

/// One patch: its tile and the pixel column and row of its top-left corner.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct PatchKey {
    pub tile: TileCode,
    pub x: u32,
    pub y: u32,
}

impl PatchKey {
    /// The name of this patch's file of `kind`, in its nomenclature; `date`
    /// (`YYYYMMDD`) names a Sentinel-2 or Sentinel-1 acquisition and is not
    /// used for the ground reference and the label file. The one formatter
    /// of names: the generalization, the test-data generator and the tests
    /// all write names through it.
    ///
    /// ```
    /// use multisenge::model::{FileKind, PatchKey, TileCode};
    /// let p = PatchKey { tile: TileCode::parse("31UGQ").unwrap(), x: 257, y: 0 };
    /// assert_eq!(p.file_name(FileKind::GroundReference, ""), "31UGQ_GR_257_0.tif");
    /// assert_eq!(p.file_name(FileKind::S2, "20200325"), "31UGQ_20200325_S2_257_0.tif");
    /// assert_eq!(p.file_name(FileKind::S1, "20200106"), "31UGQ_20200106_S1_257_0.tif");
    /// assert_eq!(p.file_name(FileKind::Label, ""), "31UGQ_257_0.json");
    /// ```
    pub fn file_name(&self, kind: FileKind, date: &str) -> String {
        let (tile, x, y) = (self.tile, self.x, self.y);
        match kind {
            FileKind::GroundReference => format!("{tile}_GR_{x}_{y}.tif"),
            FileKind::S2 => format!("{tile}_{date}_S2_{x}_{y}.tif"),
            FileKind::S1 => format!("{tile}_{date}_S1_{x}_{y}.tif"),
            FileKind::Label => format!("{tile}_{x}_{y}.json"),
        }
    }
}

impl fmt::Display for PatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}_{}", self.tile, self.x, self.y)
    }
}

/// The parts of a file name that has the shape of one of the nomenclatures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameParts<'a> {
    pub kind: FileKind,
    pub tile: &'a str,
    /// `YYYYMMDD`, for Sentinel-2 and Sentinel-1 files.
    pub date: Option<&'a str>,
    pub x: u32,
    pub y: u32,
    /// What follows the last dot (may differ from the kind's extension).
    pub extension: &'a str,
}

impl<'a> NameParts<'a> {
    /// Recognises the shape of a name, whatever its extension.
    ///
    /// ```
    /// use multisenge::model::{FileKind, NameParts};
    /// let p = NameParts::split("31UER_20200731_S2_4883_0.tif").unwrap();
    /// assert_eq!((p.kind, p.tile, p.date, p.x, p.y), (FileKind::S2, "31UER", Some("20200731"), 4883, 0));
    /// assert!(NameParts::split("notes.txt").is_none());
    /// ```
    // Called for every listed name (12 million in the published dataset):
    // inlined into the label-file check, labels-only validation measured
    // 1.51 -> 1.46 s user for 30 000 files (docs/performance.md, issue 7).
    #[inline]
    pub fn split(name: &'a str) -> Option<NameParts<'a>> {
        // Bytes, not chars: `.` and `_` are ASCII, so every cut is a char
        // boundary, and a byte loop is several times faster than `split`.
        let (stem, extension) = match name.bytes().rposition(|b| b == b'.') {
            Some(dot) => (&name[..dot], &name[dot + 1..]),
            None => (name, ""),
        };
        // At most six tokens are looked at: more is no nomenclature.
        let mut tokens = [""; 6];
        let mut count = 0;
        let mut start = 0;
        for (i, b) in stem.bytes().enumerate() {
            if b == b'_' {
                if count == tokens.len() - 1 {
                    return None;
                }
                tokens[count] = &stem[start..i];
                count += 1;
                start = i + 1;
            }
        }
        tokens[count] = &stem[start..];
        count += 1;
        let (kind, tile, date, x, y) = match &tokens[..count] {
            [tile, "GR", x, y] => (FileKind::GroundReference, *tile, None, *x, *y),
            [tile, date, sensor @ ("S2" | "S1"), x, y] if is_digits(date, 8) => {
                let kind = if *sensor == "S2" {
                    FileKind::S2
                } else {
                    FileKind::S1
                };
                (kind, *tile, Some(*date), *x, *y)
            }
            [tile, x, y] => (FileKind::Label, *tile, None, *x, *y),
            _ => return None,
        };
        if tile.is_empty() {
            return None;
        }
        Some(NameParts {
            kind,
            tile,
            date,
            x: parse_position(x)?,
            y: parse_position(y)?,
            extension,
        })
    }

    /// The patch this name points at, when its tile code is valid.
    pub fn patch(&self) -> Option<PatchKey> {
        TileCode::parse(self.tile).ok().map(|tile| PatchKey {
            tile,
            x: self.x,
            y: self.y,
        })
    }

    /// Whether the extension is the one its kind requires (case-sensitive).
    pub fn has_expected_extension(&self) -> bool {
        self.extension == self.kind.extension()
    }
}

/// The names of one patch's Sentinel-2 or Sentinel-1 files, any date,
/// recognised by their fixed prefix and suffix: what
/// [`NameParts::split`] gives for them, in a third of its time (a label
/// file lists ~130 names of its own patch; docs/performance.md, issue 8).
#[derive(Clone, Debug)]
pub struct DatedNames {
    kind: FileKind,
    /// `{tile}_`
    prefix: String,
    /// `_{S2|S1}_{x}_{y}.tif`
    suffix: String,
    x: u32,
    y: u32,
}

impl DatedNames {
    /// The names [`PatchKey::file_name`] gives `patch`'s files of `kind`
    /// (S2 or S1).
    pub fn of(patch: &PatchKey, kind: FileKind) -> DatedNames {
        let dateless = patch.file_name(kind, "");
        let tile_end = patch.tile.as_str().len();
        DatedNames {
            kind,
            prefix: dateless[..=tile_end].to_string(),
            suffix: dateless[tile_end + 1..].to_string(),
            x: patch.x,
            y: patch.y,
        }
    }

    /// The length in bytes of each of these names.
    pub fn name_len(&self) -> usize {
        self.prefix.len() + 8 + self.suffix.len()
    }

    /// Where the date starts in each of these names.
    pub fn date_offset(&self) -> usize {
        self.prefix.len()
    }

    /// `name`'s parts when it is one of these names with an 8-digit date
    /// (exactly what [`NameParts::split`] gives then); `None` otherwise.
    ///
    /// ```
    /// use multisenge::model::{FileKind, NameParts, PatchKey, TileCode};
    /// use multisenge::model::naming::DatedNames;
    /// let p = PatchKey { tile: TileCode::parse("31UER").unwrap(), x: 257, y: 0 };
    /// let names = DatedNames::of(&p, FileKind::S1);
    /// let name = "31UER_20200106_S1_257_0.tif";
    /// assert_eq!(names.split(name), NameParts::split(name));
    /// assert_eq!(names.split("31UER_20200106_S2_257_0.tif"), None);
    /// ```
    #[inline]
    pub fn split<'a>(&self, name: &'a str) -> Option<NameParts<'a>> {
        let date_end = self.prefix.len() + 8;
        // Positions of more than nine digits are no nomenclature's.
        let canonical = self.x < 1_000_000_000 && self.y < 1_000_000_000;
        if !canonical
            || name.len() != date_end + self.suffix.len()
            || !name.starts_with(&self.prefix)
            || !name.ends_with(&self.suffix)
        {
            return None;
        }
        let date = name.get(self.prefix.len()..date_end)?;
        if !is_digits(date, 8) {
            return None;
        }
        Some(NameParts {
            kind: self.kind,
            tile: &name[..self.prefix.len() - 1],
            date: Some(date),
            x: self.x,
            y: self.y,
            extension: &name[name.len() - 3..],
        })
    }
}

fn is_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// A pixel position in canonical decimal: digits only, no leading zero.
fn parse_position(s: &str) -> Option<u32> {
    let canonical = !s.is_empty()
        && s.len() <= 9
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s == "0" || !s.starts_with('0'));
    if canonical {
        s.parse().ok()
    } else {
        None
    }
}

/// Why a name's date is not a calendar date (the message of rule N003).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date in the form YYYYMMDD")]
    Form(String),
    #[error("`{0}` has month {1:02}, not between 01 and 12")]
    Month(String, u16),
    #[error("`{date}` has day {day:02}, but {year:04}-{month:02} has {days} days")]
    Day {
        date: String,
        day: u16,
        year: u16,
        month: u16,
        days: u8,
    },
}

/// A calendar date in a file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYYMMDD`, rejecting dates that do not exist.
    ///
    /// ```
    /// use multisenge::model::naming::Date;
    /// assert!(Date::parse("20200229").is_ok());
    /// assert!(Date::parse("20210229").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Date, DateError> {
        if !is_digits(s, 8) {
            return Err(DateError::Form(s.to_string()));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u16>().unwrap_or(0);
        let (year, month, day) = (num(0..4), num(4..6), num(6..8));
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(s.to_string(), month));
        }
        let days = days_in_month(year, month as u8);
        if day == 0 || day > u16::from(days) {
            return Err(DateError::Day {
                date: s.to_string(),
                day,
                year,
                month,
                days,
            });
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_four_nomenclatures() {
        let gr = NameParts::split("31UER_GR_8224_9509.tif").unwrap();
        assert_eq!(
            (gr.kind, gr.x, gr.y, gr.date),
            (FileKind::GroundReference, 8224, 9509, None)
        );
        let s1 = NameParts::split("32UMU_20201129_S1_0_1028.tif").unwrap();
        assert_eq!((s1.kind, s1.date), (FileKind::S1, Some("20201129")));
        let lb = NameParts::split("32UMU_0_0.json").unwrap();
        assert_eq!(
            (lb.kind, lb.tile, lb.has_expected_extension()),
            (FileKind::Label, "32UMU", true)
        );
        let wrong_ext = NameParts::split("32UMU_GR_0_0.tiff").unwrap();
        assert!(!wrong_ext.has_expected_extension());
    }

    #[test]
    fn dated_names_agree_with_split() {
        let patch = PatchKey {
            tile: crate::model::TileCode::parse("32UMU").unwrap(),
            x: 0,
            y: 10_023,
        };
        for kind in [FileKind::S2, FileKind::S1] {
            let names = DatedNames::of(&patch, kind);
            let mut recognised = 0;
            for name in [
                "32UMU_20200807_S2_0_10023.tif",
                "32UMU_20200807_S1_0_10023.tif",
                "32UMU_2020080_S2_0_10023.tif",
                "32UMU_2020080x_S1_0_10023.tif",
                "32UMU_20200807_S2_0_10023.tiff",
                "32UMU_20200807_S1_00_10023.tif",
                "32UMU_20200807_S1_0_1002.tif",
                "32UMV_20200807_S2_0_10023.tif",
                "32UMU_20200807_S2_0_10023_x.tif",
                "32UMU_2020é807_S1_0_10023.tif",
                "",
            ] {
                if let Some(parts) = names.split(name) {
                    recognised += 1;
                    assert_eq!(Some(parts), NameParts::split(name), "{name}");
                    assert_eq!(parts.kind, kind);
                }
            }
            assert_eq!(recognised, 1, "{kind:?}");
        }
    }

    #[test]
    fn rejects_other_shapes() {
        for name in [
            "readme.md",
            "31UER_GR_x_0.tif",
            "31UER_GR_-1_0.tif",
            "31UER_GR_0257_0.tif",
            "31UER_2020073_S2_0_0.tif",
            "31UER_20200731_S3_0_0.tif",
            "_0_0.json",
            "31UER_0_0_0_0_0.json",
            "",
        ] {
            assert!(NameParts::split(name).is_none(), "{name}");
        }
    }

    #[test]
    fn dates() {
        assert!(Date::parse("20200731").is_ok());
        assert!(Date::parse("20201301")
            .unwrap_err()
            .to_string()
            .contains("month 13"));
        assert!(Date::parse("20200431")
            .unwrap_err()
            .to_string()
            .contains("has 30 days"));
        assert!(Date::parse("19000229").is_err());
        assert!(Date::parse("20000229").is_ok());
    }
}

#[cfg(test)]
mod never_panics {
    use super::*;
    use crate::model::label_file::LabelFile;

    /// Deterministic pseudo-random strings over an alphabet that hits every
    /// branch of the parsers: separators, digits, tile letters, multi-byte
    /// characters.
    fn strings(count: usize) -> Vec<String> {
        let alphabet: Vec<char> = "0123456789_._GRS12UTQJAIOXZé€😀 \"{};:json tif"
            .chars()
            .collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        (0..count)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let len = (state % 40) as usize;
                (0..len)
                    .map(|i| {
                        let mixed = state.rotate_left(i as u32 * 7) ^ (i as u64 * 0x9E37);
                        alphabet[(mixed % alphabet.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn parsers_accept_any_input_without_panicking() {
        let mut recognised = 0;
        for s in strings(50_000) {
            if let Some(parts) = NameParts::split(&s) {
                recognised += 1;
                let _ = parts.patch();
                let _ = parts.date.map(Date::parse);
            }
            let _ = TileCode::parse(&s);
            let _ = Date::parse(&s);
            let _ = LabelFile::parse(s.as_bytes());
        }
        // The generator does reach the parsers' inner branches.
        assert!(recognised > 0);
    }
}
