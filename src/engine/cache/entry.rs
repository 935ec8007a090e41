//! What the cache keeps of one file: the findings of the checks that read
//! that file alone, and the facts the checks across files read from it.
//!
//! Which is which follows the inputs rules declare (`rules::input::Input`):
//! a check of a file-local input (a label file's content, its listed names,
//! a raster's header, band descriptions, band statistics, pixel reads,
//! regions) sees nothing but the file, so its findings are kept as found;
//! an input across files (triplets, a patch's georeferencing, the label's
//! projection against the raster, the class map against the label file,
//! overlaps) is built again every run from the facts kept here.

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Location, Severity};
use crate::io::storage::stamp::Stamp;
use crate::model::{PatchKey, TileCode};
use crate::rules::Rule;

/// One file's entry.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Relative to the dataset root.
    pub path: Box<str>,
    pub stamp: Stamp,
    pub facts: Facts,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum Facts {
    Label(LabelEntry),
    Raster(RasterEntry),
}

/// A label file: what its checks found, and what the later passes read.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct LabelEntry {
    pub findings: Vec<CachedFinding>,
    pub parsed: bool,
    pub classes: Option<Vec<u8>>,
    /// Index in the cache's table of texts.
    pub projection: Option<u32>,
    pub s2: Vec<Box<str>>,
    pub s1: Vec<Box<str>>,
    pub listed_s2: u32,
    pub listed_s1: u32,
    /// The dates of the listed names that passed the naming rules, sorted,
    /// each the difference from the one before (most fit one byte).
    pub s2_dates: Vec<u32>,
    pub s1_dates: Vec<u32>,
}

/// A raster: what its checks found, its georeferencing, its class
/// histogram (ground reference) and whether its bands are undescribed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct RasterEntry {
    pub findings: Vec<CachedFinding>,
    /// `None`: it did not open.
    pub georef: Option<CachedGeoref>,
    /// (value, pixels) of the values present, when the pixels were read.
    pub histogram: Option<Vec<(u8, u32)>>,
    /// Whether every band description is empty, when they were read.
    pub undescribed: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CachedGeoref {
    pub crs: Option<CachedCrs>,
    pub geo_transform: Option<[f64; 6]>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum CachedCrs {
    Epsg(u32),
    /// Index in the cache's table of texts.
    Wkt(u32),
}

/// A finding as JSON (its record, location and patch are typed JSON in
/// the reports already; findings are few, so their size hardly counts).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CachedFinding(pub String);

#[derive(Serialize, Deserialize)]
struct FindingJson {
    code: String,
    severity: Severity,
    message: String,
    path: Option<String>,
    patch: Option<(String, u32, u32)>,
    location: Option<Location>,
    data: serde_json::Value,
}

impl CachedFinding {
    pub fn of(f: &Finding) -> CachedFinding {
        let json = FindingJson {
            code: f.rule.code().to_string(),
            severity: f.severity,
            message: f.message.clone(),
            path: f.path.clone(),
            patch: f.patch.map(|p| (p.tile.to_string(), p.x, p.y)),
            location: f.location.clone(),
            data: f.data.to_json(),
        };
        CachedFinding(serde_json::to_string(&json).unwrap_or_default())
    }

    /// The finding back; `None` when the text is not one (the file is then
    /// read again).
    pub fn finding(&self) -> Option<Finding> {
        let json: FindingJson = serde_json::from_str(&self.0).ok()?;
        let rule = Rule::from_code(&json.code)?;
        let data = rule.record_from_json(json.data).ok()?;
        let mut finding = Finding::of(rule, data);
        finding.severity = json.severity;
        finding.message = json.message;
        finding.path = json.path;
        finding.patch = match json.patch {
            Some((tile, x, y)) => Some(PatchKey {
                tile: TileCode::parse(&tile).ok()?,
                x,
                y,
            }),
            None => None,
        };
        finding.location = json.location;
        Some(finding)
    }
}

/// All the findings of `cached`, or `None` if one does not read back.
pub(crate) fn findings(cached: &[CachedFinding]) -> Option<Vec<Finding>> {
    cached.iter().map(CachedFinding::finding).collect()
}

/// `dates` sorted, as differences from the one before.
pub(crate) fn delta_encode(mut dates: Vec<u32>) -> Vec<u32> {
    dates.sort_unstable();
    let mut last = 0;
    for d in &mut dates {
        let value = *d;
        *d = value - last;
        last = value;
    }
    dates
}

/// The dates of [`delta_encode`]'s output.
pub(crate) fn delta_decode(deltas: &[u32]) -> impl Iterator<Item = u32> + '_ {
    deltas.iter().scan(0u32, |last, d| {
        *last = last.wrapping_add(*d);
        Some(*last)
    })
}

/// A histogram of 256 values as its non-zero (value, pixels) pairs.
pub(crate) fn sparse(counts: &[u32; 256]) -> Vec<(u8, u32)> {
    (0..=255u8)
        .zip(counts.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(v, n)| (v, *n))
        .collect()
}

/// The histogram of [`sparse`]'s pairs.
pub(crate) fn dense(pairs: &[(u8, u32)]) -> [u32; 256] {
    let mut counts = [0u32; 256];
    for (v, n) in pairs {
        counts[usize::from(*v)] = *n;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_back_as_a_sorted_multiset() {
        let dates = vec![20200731, 20200105, 20200731, 20201129];
        let encoded = delta_encode(dates.clone());
        assert_eq!(encoded, [20200105, 626, 0, 398]);
        let mut expected = dates;
        expected.sort_unstable();
        assert_eq!(delta_decode(&encoded).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn a_histogram_comes_back_whole() {
        let mut counts = [0u32; 256];
        counts[0] = 3;
        counts[6] = 65_000;
        counts[255] = 1;
        let pairs = sparse(&counts);
        assert_eq!(pairs, [(0, 3), (6, 65_000), (255, 1)]);
        assert_eq!(dense(&pairs), counts);
    }

    #[test]
    fn a_finding_comes_back_equal_and_a_bad_text_does_not() {
        let rule = Rule::from_code("L001").unwrap();
        let record = rule
            .record_from_json(serde_json::json!({"folder": "s2", "kind": "s2"}))
            .unwrap();
        let mut f = Finding::of(rule, record).path("s2");
        f.severity = Severity::Warning;
        f.location = Some(Location::Text { line: 3, column: 9 });
        f.patch = Some(PatchKey {
            tile: TileCode::parse("31TFN").unwrap(),
            x: 257,
            y: 514,
        });
        assert_eq!(CachedFinding::of(&f).finding().as_ref(), Some(&f));
        assert!(CachedFinding("{\"code\":\"L001\"}".into())
            .finding()
            .is_none());
        assert!(CachedFinding("not json".into()).finding().is_none());
    }
}
