//! `multisenge stats`: the figures a maintainer puts in a release note:
//! patches per tile, acquisitions listed per month and sensor, and class
//! frequencies (patches whose label file lists the class).
//!
//! Counts come from the same pass as `validate`: names that fail a naming
//! rule are not counted, and the number of findings is shown so that a
//! dataset with problems is not described as if it had none.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{json, Value};

use crate::engine::Report;
use crate::model::FileKind;
use crate::profile::LoadedProfile;

pub fn text(report: &Report, profile: &LoadedProfile) -> String {
    let s = &report.summary;
    let mut out = format!(
        "{} statistics for {} ({} mode)\n\n",
        profile.profile.dataset.name,
        report.root,
        report.mode.as_str()
    );
    out.push_str("Patches per tile\n");
    let _ = writeln!(out, "  {:<7}  {:>8}", "tile", "patches");
    for (tile, n) in &s.patches_per_tile {
        let _ = writeln!(out, "  {:<7}  {n:>8}", tile.as_str());
    }
    let _ = writeln!(out, "  {:<7}  {:>8}\n", "total", s.patches);

    out.push_str("Acquisitions listed in label files, per month\n");
    let _ = writeln!(out, "  {:<7}  {:>8}  {:>8}", "month", "S2", "S1");
    for (month, (s2, s1)) in &by_month(report) {
        let _ = writeln!(out, "  {:<7}  {s2:>8}  {s1:>8}", month_label(*month));
    }
    let _ = writeln!(
        out,
        "  {:<7}  {:>8}  {:>8}\n",
        "total", s.listed_s2, s.listed_s1
    );

    out.push_str("Classes (patches whose label file lists the class)\n");
    out.push_str("  value  name                                patches  share\n");
    for (value, name) in &profile.classes {
        let n = s.label_class_patches.get(value).copied().unwrap_or(0);
        let share = if s.patches == 0 {
            0.0
        } else {
            100.0 * n as f64 / s.patches as f64
        };
        let _ = writeln!(out, "  {value:>5}  {name:<34}  {n:>7}  {share:>5.1}%");
    }
    let findings = report.findings.len();
    let _ = writeln!(
        out,
        "\n{findings} finding{} (run `multisenge validate` for details).",
        if findings == 1 { "" } else { "s" }
    );
    out
}

pub fn json(report: &Report, profile: &LoadedProfile) -> String {
    let s = &report.summary;
    let months = by_month(report);
    let per_sensor = |pick: fn(&(usize, usize)) -> usize| -> BTreeMap<String, usize> {
        months
            .iter()
            .map(|(m, c)| (month_label(*m), pick(c)))
            .collect()
    };
    let classes: Vec<Value> = profile
        .classes
        .iter()
        .map(|(value, name)| {
            json!({
                "value": value,
                "name": name,
                "patches": s.label_class_patches.get(value).copied().unwrap_or(0),
            })
        })
        .collect();
    let value = json!({
        "schema_version": 1,
        "root": report.root,
        "mode": report.mode.as_str(),
        "patches": s.patches,
        "patches_per_tile": s.patches_per_tile.iter().map(|(t, n)| (t.to_string(), *n)).collect::<BTreeMap<_, _>>(),
        "listed_per_month": { "s2": per_sensor(|c| c.0), "s1": per_sensor(|c| c.1) },
        "listed": { "s2": s.listed_s2, "s1": s.listed_s1 },
        "classes": classes,
        "findings": report.findings.len(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// (S2, S1) counts per month `YYYYMM`.
fn by_month(report: &Report) -> BTreeMap<u32, (usize, usize)> {
    let mut months: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for ((kind, month), n) in &report.summary.listed_by_month {
        let entry = months.entry(*month).or_default();
        match kind {
            FileKind::S2 => entry.0 += n,
            FileKind::S1 => entry.1 += n,
            _ => {}
        }
    }
    months
}

fn month_label(yyyymm: u32) -> String {
    format!("{:04}-{:02}", yyyymm / 100, yyyymm % 100)
}
