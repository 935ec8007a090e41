//! `multisenge stats` renderings of [`DatasetStats`]: text for a release
//! note, JSON (schema version 2) and CSV (one long table) for programs.
//! Every format carries the same figures; `docs/report-format.md`
//! documents the JSON and CSV fields.

use std::fmt::Write;

use serde_json::{json, Map, Value};

use super::data_format::{csv_field, iso_date, iso_month, DataFormat};
use crate::dataset_stats::{DatasetStats, SensorStats, TileStats};
use crate::model::Mode;

/// Renders `stats` in `format`.
pub fn render(stats: &DatasetStats, format: DataFormat) -> String {
    match format {
        DataFormat::Text => text(stats),
        DataFormat::Json => json(stats),
        DataFormat::Csv => csv(stats),
    }
}

fn tile_name(t: &TileStats) -> String {
    t.tile.map_or_else(|| "all".to_string(), |t| t.to_string())
}

fn date_or_dash(date: Option<u32>) -> String {
    date.map_or_else(|| "-".to_string(), iso_date)
}

fn share(n: u64, of: u64) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

pub fn text(stats: &DatasetStats) -> String {
    let t = &stats.total;
    let mut out = format!(
        "{} statistics for {} ({} mode)\n\n",
        stats.dataset_name,
        stats.root,
        stats.mode.as_str()
    );
    out.push_str("Totals\n");
    let _ = writeln!(out, "  {:<24}  {:>9}", "tiles", stats.tiles.len());
    let _ = writeln!(out, "  {:<24}  {:>9}", "patches", t.patches);
    for (name, sensor, listed, key) in [
        ("Sentinel-2 patch files", &t.s2, stats.listed_s2, "s2"),
        ("Sentinel-1 patch files", &t.s1, stats.listed_s1, "s1"),
    ] {
        let _ = write!(
            out,
            "  {name:<24}  {:>9}  listed in label files",
            sensor.files
        );
        match stats.files_on_disk.get(key) {
            Some(n) if stats.mode == Mode::Full => {
                let _ = writeln!(out, ", {n} on disk");
            }
            _ => out.push('\n'),
        }
        if listed > sensor.files {
            let more = listed - sensor.files;
            let (s, verb) = if more == 1 {
                ("", "fails")
            } else {
                ("s", "fail")
            };
            let _ = writeln!(
                out,
                "  {:<24}  {more:>9}  more listed name{s} {verb} a naming rule (not counted)",
                ""
            );
        }
    }
    let _ = writeln!(
        out,
        "  {:<24}  {:>9}\n  {:<24}  {:>9}\n",
        "Sentinel-2 dates", t.s2.dates, "Sentinel-1 dates", t.s1.dates
    );

    out.push_str(
        "Per tile (dates: distinct acquisition dates; files: patch files listed for them)\n",
    );
    let _ = writeln!(
        out,
        "  {:<6} {:>7}  {:>8} {:>8}  {:<10}  {:<10}  {:>8} {:>8}  {:<10}  {:<10}",
        "tile",
        "patches",
        "S2 dates",
        "S2 files",
        "S2 first",
        "S2 last",
        "S1 dates",
        "S1 files",
        "S1 first",
        "S1 last"
    );
    for tile in stats.tiles.iter().chain([t]) {
        let _ = writeln!(
            out,
            "  {:<6} {:>7}  {:>8} {:>8}  {:<10}  {:<10}  {:>8} {:>8}  {:<10}  {:<10}",
            tile_name(tile),
            tile.patches,
            tile.s2.dates,
            tile.s2.files,
            date_or_dash(tile.s2.first),
            date_or_dash(tile.s2.last),
            tile.s1.dates,
            tile.s1.files,
            date_or_dash(tile.s1.first),
            date_or_dash(tile.s1.last)
        );
    }
    out.push('\n');

    let sections = std::iter::once(t).chain(&stats.tiles);
    for tile in sections {
        let title = match tile.tile {
            Some(code) => format!("Tile {code}"),
            None => "All tiles".to_string(),
        };
        let _ = writeln!(out, "{title}: acquisitions per month");
        months_text(&mut out, &tile.s2, &tile.s1);
        let _ = writeln!(out, "{title}: classes");
        classes_text(&mut out, stats, tile);
    }
    let findings = stats.findings;
    let _ = writeln!(
        out,
        "{findings} finding{} (run `multisenge validate` for details).",
        if findings == 1 { "" } else { "s" }
    );
    // Left-aligned last columns leave trailing blanks.
    out.lines()
        .map(|l| l.trim_end().to_string() + "\n")
        .collect()
}

fn months_text(out: &mut String, s2: &SensorStats, s1: &SensorStats) {
    let _ = writeln!(
        out,
        "  {:<7}  {:>8}  {:>8}  {:>8}  {:>8}",
        "month", "S2 dates", "S2 files", "S1 dates", "S1 files"
    );
    let mut months: Vec<u32> = s2.months.keys().chain(s1.months.keys()).copied().collect();
    months.sort_unstable();
    months.dedup();
    for month in months {
        let a = s2.months.get(&month).copied().unwrap_or_default();
        let b = s1.months.get(&month).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {:<7}  {:>8}  {:>8}  {:>8}  {:>8}",
            iso_month(month),
            a.dates,
            a.files,
            b.dates,
            b.files
        );
    }
    let _ = writeln!(
        out,
        "  {:<7}  {:>8}  {:>8}  {:>8}  {:>8}\n",
        "year", s2.dates, s2.files, s1.dates, s1.files
    );
}

fn classes_text(out: &mut String, stats: &DatasetStats, tile: &TileStats) {
    let pixels = tile.class_pixels.as_ref();
    let total_pixels: u64 = pixels.map_or(0, |p| p.counts.iter().sum());
    let _ = write!(
        out,
        "  {:>5}  {:<34}  {:>7}  {:>6}",
        "value", "name", "patches", "share"
    );
    if pixels.is_some() {
        let _ = write!(out, "  {:>12}  {:>6}", "pixels", "share");
    }
    out.push('\n');
    let mut class_pixels = 0;
    for (value, name) in &stats.classes {
        let n = tile.class_patches.get(value).copied().unwrap_or(0);
        let _ = write!(
            out,
            "  {value:>5}  {name:<34}  {n:>7}  {:>5.1}%",
            share(n as u64, tile.patches as u64)
        );
        if let Some(p) = pixels {
            let px = p.counts[usize::from(*value)];
            class_pixels += px;
            let _ = write!(out, "  {px:>12}  {:>5.1}%", share(px, total_pixels));
        }
        out.push('\n');
    }
    match pixels {
        Some(p) => {
            let other = total_pixels - class_pixels;
            let _ = writeln!(
                out,
                "  {:>5}  {:<34}  {:>7}  {:>6}  {other:>12}  {:>5.1}%",
                "",
                "values outside the class table",
                "",
                "",
                share(other, total_pixels)
            );
            let _ = writeln!(
                out,
                "  (patches: label files listing the class; pixels: {} ground-reference rasters)\n",
                p.rasters
            );
        }
        None if stats.mode == Mode::LabelsOnly => {
            out.push_str(
                "  (patches: label files listing the class; no pixels in labels-only mode)\n\n",
            );
        }
        None => {
            out.push_str(
                "  (patches: label files listing the class; no ground-reference raster could be read for pixels)\n\n",
            );
        }
    }
}

fn sensor_json(s: &SensorStats) -> Value {
    let months: Map<String, Value> = s
        .months
        .iter()
        .map(|(m, c)| {
            (
                iso_month(*m),
                json!({ "distinct_dates": c.dates, "files": c.files }),
            )
        })
        .collect();
    json!({
        "distinct_dates": s.dates,
        "files": s.files,
        "first_date": s.first.map(iso_date),
        "last_date": s.last.map(iso_date),
        "months": months,
        "dates": s.by_date.iter().map(|(d, n)| (iso_date(*d), json!(n))).collect::<Map<String, Value>>(),
    })
}

fn tile_json(stats: &DatasetStats, t: &TileStats) -> Value {
    let classes: Vec<Value> = stats
        .classes
        .iter()
        .map(|(value, name)| {
            json!({
                "value": value,
                "name": name,
                "patches": t.class_patches.get(value).copied().unwrap_or(0),
                "pixels": t.class_pixels.as_ref().map(|p| p.counts[usize::from(*value)]),
            })
        })
        .collect();
    let other_pixels = t.class_pixels.as_ref().map(|p| {
        let total: u64 = p.counts.iter().sum();
        let classes: u64 = stats
            .classes
            .iter()
            .map(|(v, _)| p.counts[usize::from(*v)])
            .sum();
        total - classes
    });
    json!({
        "tile": tile_name(t),
        "patches": t.patches,
        "s2": sensor_json(&t.s2),
        "s1": sensor_json(&t.s1),
        "classes": classes,
        "pixels_outside_class_table": other_pixels,
        "ground_reference_rasters": t.class_pixels.as_ref().map_or(0, |p| p.rasters),
    })
}

pub fn json(stats: &DatasetStats) -> String {
    let value = json!({
        "schema_version": 2,
        "dataset": stats.dataset_name,
        "root": stats.root,
        "mode": stats.mode.as_str(),
        "total": tile_json(stats, &stats.total),
        "tiles": stats.tiles.iter().map(|t| tile_json(stats, t)).collect::<Vec<_>>(),
        "listed_names": { "s2": stats.listed_s2, "s1": stats.listed_s1 },
        "files_on_disk": stats.files_on_disk,
        "findings": stats.findings,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// One long table, `tile,sensor,month,class,measure,value`: every figure
/// once, empty fields where a column does not apply.
pub fn csv(stats: &DatasetStats) -> String {
    let mut out = String::from("tile,sensor,month,class,measure,value\n");
    let mut row = |tile: &str, sensor: &str, month: &str, class: &str, measure: &str, value| {
        let _ = writeln!(
            out,
            "{},{sensor},{month},{class},{measure},{value}",
            csv_field(tile)
        );
    };
    for (key, n) in [("s2", stats.listed_s2), ("s1", stats.listed_s1)] {
        row("all", key, "", "", "listed_names", n.to_string());
    }
    if stats.mode == Mode::Full {
        for (key, n) in &stats.files_on_disk {
            row("all", key, "", "", "files_on_disk", n.to_string());
        }
    }
    for t in std::iter::once(&stats.total).chain(&stats.tiles) {
        let tile = tile_name(t);
        row(&tile, "", "", "", "patches", t.patches.to_string());
        for (key, s) in [("s2", &t.s2), ("s1", &t.s1)] {
            row(&tile, key, "", "", "distinct_dates", s.dates.to_string());
            row(&tile, key, "", "", "files", s.files.to_string());
            if let (Some(first), Some(last)) = (s.first, s.last) {
                row(&tile, key, "", "", "first_date", iso_date(first));
                row(&tile, key, "", "", "last_date", iso_date(last));
            }
            for (m, c) in &s.months {
                let month = iso_month(*m);
                row(
                    &tile,
                    key,
                    &month,
                    "",
                    "distinct_dates",
                    c.dates.to_string(),
                );
                row(&tile, key, &month, "", "files", c.files.to_string());
            }
        }
        for (value, _) in &stats.classes {
            let class = value.to_string();
            let n = t.class_patches.get(value).copied().unwrap_or(0);
            row(&tile, "", "", &class, "patches", n.to_string());
            if let Some(p) = &t.class_pixels {
                let px = p.counts[usize::from(*value)];
                row(&tile, "", "", &class, "pixels", px.to_string());
            }
        }
    }
    out
}
