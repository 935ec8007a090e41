//! The summary of a `triplets` run: per sensor, the acquisitions and dates
//! read, kept and dropped (and why), the patches written and dropped (and
//! why), the files written; as text lines (standard error) and as JSON
//! (`--report FILE`, `schema_version` 1, documented in docs/triplets.md).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::Serialize;

use super::inputs::DroppedProduct;
use super::select::PatchDrop;
use super::strip::{SensorCounts, WrittenPatch};

/// One sensor's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SensorSummary {
    /// Acquisitions found (products, VV + VH pairs, plain files),
    /// cloudy products included.
    pub acquisitions: usize,
    /// Distinct dates among them.
    pub dates: usize,
    /// Sentinel-2 products left out by their cloud cover.
    pub cloudy_products: Vec<CloudyProduct>,
    /// Distinct dates of the patches written.
    pub dates_kept: usize,
    /// Dates read that no written patch keeps.
    pub dates_dropped: usize,
    /// Per patch and acquisition: kept, and dropped by reason.
    pub patch_dates: SensorCounts,
    /// The same per acquisition date (dates of products left out by their
    /// cloud cover aside).
    pub by_date: BTreeMap<String, SensorCounts>,
}

impl SensorSummary {
    /// The dates read (products left out by their cloud cover aside) that
    /// no written patch keeps, each with what its patches were.
    pub fn dropped_dates(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (date, c) in self.by_date.iter().filter(|(_, c)| c.kept == 0) {
            let mut why = Vec::new();
            for (n, what) in [
                (c.not_covered, "not fully covered"),
                (c.cloudy, "cloudy"),
                (c.same_day, "another acquisition that day"),
                (c.patch_not_written, "of a patch not written"),
            ] {
                if n > 0 {
                    why.push(format!("{n} {what}"));
                }
            }
            if why.is_empty() {
                why.push("no patch".into());
            }
            out.push(format!("{date} ({})", why.join(", ")));
        }
        out.sort();
        out
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct CloudyProduct {
    pub product: String,
    pub date: String,
    pub cloud_percent: f64,
}

impl From<&DroppedProduct> for CloudyProduct {
    fn from(d: &DroppedProduct) -> Self {
        CloudyProduct {
            product: d.name.clone(),
            date: d.date.clone(),
            cloud_percent: d.cloud_percent,
        }
    }
}

/// Patches considered, written and dropped.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PatchSummary {
    /// Patches of the grid lying inside the ground reference.
    pub considered: usize,
    pub written: usize,
    /// Left as they were (`--resume`: their label file was there).
    pub already_complete: usize,
    pub empty_ground_reference: usize,
    pub overlapping_other_tiles: usize,
    pub too_few_s2_dates: usize,
    pub too_few_s1_dates: usize,
}

/// A whole run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub schema_version: u32,
    pub tile: String,
    pub patches: PatchSummary,
    /// One avoided patch and what it overlaps, for the message.
    #[serde(skip)]
    pub avoided_example: Option<String>,
    pub sentinel2: SensorSummary,
    pub sentinel1: SensorSummary,
    pub files_written: usize,
    /// Files already there and kept (`--resume`).
    pub files_kept: usize,
    /// Files removed: those of patches left with too few dates, and with
    /// --resume or --force the patch files this run did not write.
    pub files_removed: usize,
    /// Files of the input folders that are no input (S1-Tiling masks...).
    pub ignored_inputs: usize,
    /// Every patch written, with its dates.
    pub written: Vec<WrittenPatch>,
    /// The products' cloud-cover limit, percent, for the text.
    #[serde(skip)]
    pub max_cloud_cover: f64,
    #[serde(skip)]
    pub scan_time: Duration,
    #[serde(skip)]
    pub total_time: Duration,
}

/// The dates of the written patches, per sensor.
pub fn kept_dates(written: &[WrittenPatch]) -> (BTreeSet<&str>, BTreeSet<&str>) {
    let s2 = written
        .iter()
        .flat_map(|p| p.s2.iter().map(String::as_str))
        .collect();
    let s1 = written
        .iter()
        .flat_map(|p| p.s1.iter().map(String::as_str))
        .collect();
    (s2, s1)
}

/// The counts of dropped patches, by reason, into the summary.
pub fn patch_drops(p: &mut PatchSummary, dropped: &BTreeMap<PatchDrop, usize>) {
    let get = |k| dropped.get(&k).copied().unwrap_or(0);
    p.empty_ground_reference = get(PatchDrop::EmptyGroundReference);
    p.overlapping_other_tiles = get(PatchDrop::Avoided);
    p.too_few_s2_dates = get(PatchDrop::TooFewS2);
    p.too_few_s1_dates = get(PatchDrop::TooFewS1);
}

fn sensor_lines(name: &str, what: &str, s: &SensorSummary, max_cloud: Option<f64>) -> Vec<String> {
    let c = &s.patch_dates;
    let mut out = vec![format!(
        "{name}: {} {what} read ({} dates); {} dates kept, {} dropped",
        s.acquisitions, s.dates, s.dates_kept, s.dates_dropped
    )];
    if let (Some(limit), false) = (max_cloud, s.cloudy_products.is_empty()) {
        let list: Vec<String> = s
            .cloudy_products
            .iter()
            .map(|p| format!("{} ({} %)", p.date, p.cloud_percent))
            .collect();
        out.push(format!(
            "  {} product(s) dropped, cloud cover at or above {limit} %: {}",
            s.cloudy_products.len(),
            list.join(", ")
        ));
    }
    out.push(format!(
        "  patch dates: {} kept; dropped: {} not fully covered (nodata), {} cloudy, {} same day as the one kept, {} of patches not written",
        c.kept, c.not_covered, c.cloudy, c.same_day, c.patch_not_written
    ));
    let dropped = s.dropped_dates();
    if !dropped.is_empty() {
        out.push(format!("  dates kept by no patch: {}", dropped.join("; ")));
    }
    out
}

impl Summary {
    /// The text printed on standard error.
    pub fn lines(&self) -> Vec<String> {
        let max_cloud_cover = self.max_cloud_cover;
        let p = &self.patches;
        let mut out = vec![format!(
            "tile {}: {} patches written of {} considered{}",
            self.tile,
            p.written,
            p.considered,
            if p.already_complete > 0 {
                format!(
                    " ({} already complete, left as they were)",
                    p.already_complete
                )
            } else {
                String::new()
            }
        )];
        out.push(format!(
            "  patches not written: {} with an empty ground-reference pixel, {} overlapping patches of other tiles{}, {} with too few Sentinel-2 dates, {} with too few Sentinel-1 dates",
            p.empty_ground_reference,
            p.overlapping_other_tiles,
            self.avoided_example.as_ref().map(|e| format!(" (e.g. {e})")).unwrap_or_default(),
            p.too_few_s2_dates,
            p.too_few_s1_dates
        ));
        out.extend(sensor_lines(
            "Sentinel-2",
            "products and files",
            &self.sentinel2,
            Some(max_cloud_cover),
        ));
        out.extend(sensor_lines(
            "Sentinel-1",
            "acquisitions",
            &self.sentinel1,
            None,
        ));
        out.push(format!(
            "files: {} written, {} already there and kept, {} removed; {} files of the input folders are no input",
            self.files_written, self.files_kept, self.files_removed, self.ignored_inputs
        ));
        out.push(format!(
            "time: {:.2} s finding and checking the inputs, {:.2} s in all",
            self.scan_time.as_secs_f64(),
            self.total_time.as_secs_f64()
        ));
        out
    }

    /// The JSON report.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_kept_by_no_patch_says_why() {
        let c = |kept, not_covered, cloudy| SensorCounts {
            kept,
            not_covered,
            cloudy,
            ..SensorCounts::default()
        };
        let s = SensorSummary {
            by_date: [
                ("20200101".to_string(), c(3, 1, 0)),
                ("20200201".to_string(), c(0, 2, 2)),
                ("20200301".to_string(), c(0, 0, 0)),
            ]
            .into(),
            ..SensorSummary::default()
        };
        assert_eq!(
            s.dropped_dates(),
            [
                "20200201 (2 not fully covered, 2 cloudy)",
                "20200301 (no patch)"
            ]
        );
        let lines = sensor_lines("Sentinel-2", "products", &s, None);
        assert!(lines
            .last()
            .unwrap()
            .starts_with("  dates kept by no patch: 20200201"));
    }
}
