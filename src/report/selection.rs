//! `multisenge select` renderings of a [`Selection`]: the selected patch
//! ids, or the full file list of each selected triplet, as text, JSON
//! (schema version 1) or CSV, ready for a training pipeline.
//!
//! File paths are relative to the dataset root and follow the profile's
//! folder names (`s2/31UER_20200530_S2_8224_9509.tif`); only the kept
//! dates' Sentinel files are listed.

use std::fmt::Write;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::data_format::{csv_field, DataFormat};
use crate::model::dataset::kind_index;
use crate::model::naming::Date;
use crate::model::FileKind;
use crate::select::{PatchDates, Selection};

/// What is listed per selected patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Patch ids (`{tile}_{x}_{y}`) and kept dates.
    Ids,
    /// Ids and the files of the triplet: label, ground reference, the kept
    /// dates' Sentinel-2 and Sentinel-1 files.
    Files,
}

impl Listing {
    pub const NAMES: [&'static str; 2] = ["ids", "files"];
}

impl FromStr for Listing {
    type Err = String;
    fn from_str(s: &str) -> Result<Listing, String> {
        match s {
            "ids" => Ok(Listing::Ids),
            "files" => Ok(Listing::Files),
            _ => Err(format!("unknown listing `{s}` (expected ids or files)")),
        }
    }
}

/// Renders `selection` in `format`.
pub fn render(selection: &Selection, format: DataFormat, listing: Listing) -> String {
    match format {
        DataFormat::Text => text(selection, listing),
        DataFormat::Json => json(selection, listing),
        DataFormat::Csv => csv(selection, listing),
    }
}

/// One line saying how many patches were selected and why the others were
/// not (for standard error, next to a machine-readable output).
pub fn summary(selection: &Selection) -> String {
    let mut out = format!(
        "selected {} of {} patches",
        selection.selected.len(),
        selection.considered
    );
    if !selection.rejected.is_empty() {
        let reasons: Vec<String> = selection
            .rejected
            .iter()
            .map(|(why, n)| format!("{n}: {why}"))
            .collect();
        let _ = write!(out, "; rejected {}", reasons.join("; "));
    }
    if !selection.skipped.is_empty() {
        let _ = write!(
            out,
            "; {} label file{} skipped (run `multisenge validate`)",
            selection.skipped.len(),
            if selection.skipped.len() == 1 {
                ""
            } else {
                "s"
            }
        );
    }
    out
}

/// The name of a file's kind in outputs (`label`, as in the JSON key).
fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Label => "label",
        other => other.key(),
    }
}

fn id(p: &PatchDates) -> String {
    p.patch.to_string()
}

fn iso(d: &Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// (kind, date, path) of each file of a selected triplet.
fn files(selection: &Selection, p: &PatchDates) -> Vec<(FileKind, Option<Date>, String)> {
    let folder = |kind: FileKind| &selection.folders[kind_index(kind)];
    let k = p.patch;
    let mut out = vec![
        (
            FileKind::Label,
            None,
            format!("{}/{}.json", folder(FileKind::Label), k),
        ),
        (
            FileKind::GroundReference,
            None,
            format!(
                "{}/{}_GR_{}_{}.tif",
                folder(FileKind::GroundReference),
                k.tile,
                k.x,
                k.y
            ),
        ),
    ];
    for (kind, sensor, dates) in [(FileKind::S2, "S2", &p.s2), (FileKind::S1, "S1", &p.s1)] {
        for d in dates {
            let path = format!(
                "{}/{}_{d}_{sensor}_{}_{}.tif",
                folder(kind),
                k.tile,
                k.x,
                k.y
            );
            out.push((kind, Some(*d), path));
        }
    }
    out
}

pub fn text(selection: &Selection, listing: Listing) -> String {
    let mut out = String::new();
    for p in &selection.selected {
        out.push_str(&id(p));
        out.push('\n');
        if listing == Listing::Files {
            for (kind, _, path) in files(selection, p) {
                let _ = writeln!(out, "  {:<16}  {path}", kind_name(kind));
            }
        }
    }
    out
}

/// One patch's JSON object (built one at a time while writing).
fn patch_json(selection: &Selection, p: &PatchDates, listing: Listing) -> Value {
    let mut v = json!({
        "id": id(p),
        "tile": p.patch.tile.to_string(),
        "x": p.patch.x,
        "y": p.patch.y,
        "s2_dates": p.s2.iter().map(iso).collect::<Vec<_>>(),
        "s1_dates": p.s1.iter().map(iso).collect::<Vec<_>>(),
    });
    if listing == Listing::Files {
        let all = files(selection, p);
        let of = |kind: FileKind| -> Vec<&str> {
            all.iter()
                .filter(|f| f.0 == kind)
                .map(|f| f.2.as_str())
                .collect()
        };
        v["label"] = json!(of(FileKind::Label)[0]);
        v["ground_reference"] = json!(of(FileKind::GroundReference)[0]);
        v["s2"] = json!(of(FileKind::S2));
        v["s1"] = json!(of(FileKind::S1));
    }
    v
}

/// The selected patches, serialized one by one: a JSON tree of 100 000
/// triplets' files held whole took 740 MB.
struct PatchList<'a> {
    selection: &'a Selection,
    listing: Listing,
}

impl Serialize for PatchList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.selection
                .selected
                .iter()
                .map(|p| patch_json(self.selection, p, self.listing)),
        )
    }
}

#[derive(Serialize)]
struct JsonSelection<'a> {
    schema_version: u32,
    root: &'a str,
    mode: &'static str,
    criteria: Value,
    considered: usize,
    selected: usize,
    rejected: Vec<Value>,
    skipped: Vec<Value>,
    patches: PatchList<'a>,
}

pub fn json(selection: &Selection, listing: Listing) -> String {
    let c = &selection.criteria;
    let (per_period, per_month) = (c.per_period_minimums(), c.per_month_minimums());
    let value = JsonSelection {
        schema_version: 1,
        root: &selection.root,
        mode: selection.mode.as_str(),
        criteria: json!({
            "min_s2_dates": c.min_s2_dates,
            "min_s1_dates": c.min_s1_dates,
            "periods": c.periods.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "min_s2_per_period": per_period.0,
            "min_s1_per_period": per_period.1,
            "months": c.months.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "min_s2_per_month": per_month.0,
            "min_s1_per_month": per_month.1,
            "s2_min_gap_days": c.s2_min_gap_days,
            "s1_nearest": c.s1_nearest,
            "s1_max_offset_days": c.s1_max_offset_days,
        }),
        considered: selection.considered,
        selected: selection.selected.len(),
        rejected: selection
            .rejected
            .iter()
            .map(|(why, n)| json!({"reason": why.to_string(), "patches": n}))
            .collect(),
        skipped: selection
            .skipped
            .iter()
            .map(|s| json!({"path": s.path, "reason": s.reason}))
            .collect(),
        patches: PatchList { selection, listing },
    };
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// Ids: `patch,tile,x,y,s2_dates,s1_dates` (dates `;`-separated).
/// Files: `patch,kind,date,path`, one row per file.
pub fn csv(selection: &Selection, listing: Listing) -> String {
    let mut out = String::new();
    match listing {
        Listing::Ids => {
            out.push_str("patch,tile,x,y,s2_dates,s1_dates\n");
            for p in &selection.selected {
                let join = |d: &[Date]| d.iter().map(iso).collect::<Vec<_>>().join(";");
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    id(p),
                    p.patch.tile,
                    p.patch.x,
                    p.patch.y,
                    join(&p.s2),
                    join(&p.s1)
                );
            }
        }
        Listing::Files => {
            out.push_str("patch,kind,date,path\n");
            for p in &selection.selected {
                for (kind, date, path) in files(selection, p) {
                    let _ = writeln!(
                        out,
                        "{},{},{},{}",
                        id(p),
                        kind_name(kind),
                        date.as_ref().map(iso).unwrap_or_default(),
                        csv_field(&path)
                    );
                }
            }
        }
    }
    out
}
