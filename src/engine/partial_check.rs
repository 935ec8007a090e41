//! The ranges of what a partial report may say, checked when it is read
//! (as a profile's keys are on load): a crafted or damaged partial is
//! refused naming the file, the field and what was expected, never merged
//! into counts that overflow, footprints in a CRS that does not exist or
//! bounds at ±1e308.

use super::partial::{Partial, MAX_SHARDS};
use crate::model::grid::{is_utm_epsg, MAX_COORDINATE};

/// The largest count a partial may give (patches, files, listed dates):
/// a thousand times the 110 million files a dataset may reach
/// (docs/scale.md); counts of a merge add up within `u64` and stay exact
/// in a JSON reader's `f64`.
pub const MAX_COUNT: u64 = 1 << 40;

/// The largest pixel count of one class in one partial (`MAX_COUNT`
/// patches of 65 536 pixels stays below 2⁵⁶).
pub const MAX_PIXELS: u64 = 1 << 56;

fn count(field: &str, n: u64) -> Result<(), String> {
    if n > MAX_COUNT {
        return Err(format!("{field} = {n}: expected at most {MAX_COUNT}"));
    }
    Ok(())
}

/// Checks every field of `p` against its range.
pub fn check(p: &Partial) -> Result<(), String> {
    if !(1..=MAX_SHARDS).contains(&p.shards) {
        return Err(format!(
            "shards = {}: expected a shard count from 1 to {MAX_SHARDS}",
            p.shards
        ));
    }
    if p.shard >= p.shards {
        return Err(format!(
            "shard = {}: expected a shard index below the shard count ({})",
            p.shard, p.shards
        ));
    }
    let max = crate::profile::limits::MAX_PATCH_SIZE;
    if !(1..=max).contains(&p.patch_size) {
        return Err(format!(
            "patch_size = {}: expected 1 to {max} pixels",
            p.patch_size
        ));
    }
    if !p.overlap_tolerance_m2.is_finite() || p.overlap_tolerance_m2 < 0.0 {
        return Err(format!(
            "overlap_tolerance_m2 = {}: expected a finite area of at least 0",
            p.overlap_tolerance_m2
        ));
    }
    if !(1024..=999_999).contains(&p.equal_area_epsg) {
        return Err(format!(
            "equal_area_epsg = {}: expected an EPSG code from 1024 to 999999",
            p.equal_area_epsg
        ));
    }
    let s = &p.summary;
    let counts = [
        ("summary.patches", s.patches),
        ("summary.other_files", s.other_files),
        ("summary.listed_s2", s.listed_s2),
        ("summary.listed_s1", s.listed_s1),
    ];
    for (field, n) in counts {
        count(field, n as u64)?;
    }
    for (kind, n) in &s.files {
        count(&format!("summary.files.{kind}"), *n as u64)?;
    }
    for (tile, kind, date, n) in &s.listed_by_date {
        count(
            &format!("summary.listed_by_date ({tile} {kind} {date})"),
            *n as u64,
        )?;
    }
    for (tile, n) in &s.patches_per_tile {
        count(&format!("summary.patches_per_tile ({tile})"), *n as u64)?;
    }
    for (tile, class, n) in &s.label_class_patches {
        count(
            &format!("summary.label_class_patches ({tile} class {class})"),
            *n as u64,
        )?;
    }
    for (tile, rasters, pixels) in &s.class_pixels {
        count(
            &format!("summary.class_pixels ({tile}) rasters"),
            *rasters as u64,
        )?;
        if let Some(n) = pixels.iter().find(|&&n| n > MAX_PIXELS) {
            return Err(format!(
                "summary.class_pixels ({tile}) = {n}: expected at most {MAX_PIXELS} pixels"
            ));
        }
    }
    for (i, f) in p.footprints.iter().enumerate() {
        let at = format!(
            "footprints[{i}] ({}_{}_{})",
            f.patch.tile, f.patch.x, f.patch.y
        );
        if !is_utm_epsg(f.epsg) {
            return Err(format!(
                "{at}: EPSG:{}: expected a WGS 84 / UTM zone (EPSG:32601–32660, 32701–32760)",
                f.epsg
            ));
        }
        let [min_x, min_y, max_x, max_y] = f.bounds;
        let plausible = f
            .bounds
            .iter()
            .all(|v| v.is_finite() && v.abs() <= MAX_COORDINATE);
        if !plausible || min_x >= max_x || min_y >= max_y {
            return Err(format!(
                "{at}: bounds {:?}: expected finite min x < max x, min y < max y within ±{MAX_COORDINATE:e} m",
                f.bounds
            ));
        }
    }
    Ok(())
}

/// `a + b`, or the error naming `field` when the sum overflows.
pub fn add(a: usize, b: usize, field: &str) -> Result<usize, String> {
    a.checked_add(b)
        .ok_or_else(|| format!("{field}: the shards' counts overflow when added"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_ranges() {
        assert!(count("x", MAX_COUNT).is_ok());
        assert!(count("x", u64::MAX)
            .unwrap_err()
            .contains("expected at most"));
        assert!(add(usize::MAX, 1, "summary.patches").is_err());
        assert_eq!(add(2, 3, "x"), Ok(5));
    }
}
