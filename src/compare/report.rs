//! The comparison report: what `compare` prints, as text or JSON.
//!
//! JSON schema (version 1): `{"schema_version": 1, "source": …, "raster": …,
//! "supersampling": 10, "unit": "ha", "classes": [{"class", "name",
//! "vector_area", "raster_area", "difference", "precision", "recall", "f1",
//! "iou"}], "overall_accuracy", "kappa", "weighted_f1", "uncovered_area",
//! "outside_coverage_area", "empty_area": {"outside_coverage",
//! "inside_coverage"}, "confusion_matrix": {"classes": [...], "rows":
//! [[...]]} (rows: vector class, columns: raster value, hectares),
//! "lost_polygons": {"count", "area", "ids", "by_class": [{"class",
//! "count", "area"}]}, "unmapped_features", "network": null or
//! {"buffered_area", "class_5_area", "transport_surface_area",
//! "on_transport_surfaces", "precision", "recall"}}`. `by_class`,
//! `network`, `outside_coverage_area` and `empty_area` were added to
//! version 1 (additions only). `uncovered_area` is the area without a class
//! in the source (no polygon, a hole, or a polygon the mapping leaves
//! blank), `outside_coverage_area` the part of it in no polygon at all;
//! `empty_area` splits the raster's empty pixels by cause. `network` is set
//! by `compare --roads`: the roads step's pixels are then left out of the
//! classes and the matrix, and measured against the source's transport
//! surfaces (`precision`: share of the network on them; `recall`: share of
//! them under the network).

use serde::Serialize;

use super::coverage::Coverage;
use super::metrics::Metrics;

#[derive(Clone, Debug, Serialize)]
pub struct ClassLine {
    pub class: u8,
    pub name: String,
    pub vector_area: f64,
    pub raster_area: f64,
    pub difference: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub iou: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct LostSummary {
    pub count: usize,
    pub area: f64,
    pub ids: Vec<i64>,
    /// Per class of the lost polygons, ascending.
    pub by_class: Vec<LostClass>,
}

/// The polygons of one class lost entirely: count and area (ha).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LostClass {
    pub class: u8,
    pub count: usize,
    pub area: f64,
}

/// With `--roads`: the buffered network, the raster's class 5, and the
/// network against the source's transport surfaces, ha.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NetworkSummary {
    pub buffered_area: f64,
    pub class_5_area: f64,
    pub transport_surface_area: f64,
    pub on_transport_surfaces: f64,
    /// Share of the network on transport surfaces.
    pub precision: f64,
    /// Share of the transport surfaces under the network.
    pub recall: f64,
}

/// The raster's empty pixels by cause, ha.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EmptyArea {
    /// Outside the source's coverage.
    pub outside_coverage: f64,
    /// Inside it (not reached by the fill, or another reason).
    pub inside_coverage: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct MatrixOut {
    pub classes: Vec<u8>,
    pub rows: Vec<Vec<f64>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub source: String,
    pub raster: String,
    pub supersampling: usize,
    pub unit: &'static str,
    pub classes: Vec<ClassLine>,
    pub overall_accuracy: f64,
    pub kappa: f64,
    pub weighted_f1: f64,
    pub uncovered_area: f64,
    pub outside_coverage_area: f64,
    pub empty_area: EmptyArea,
    pub confusion_matrix: MatrixOut,
    pub lost_polygons: LostSummary,
    pub unmapped_features: u64,
    pub network: Option<NetworkSummary>,
}

fn round(v: f64, digits: i32) -> f64 {
    let p = 10f64.powi(digits);
    (v * p).round() / p
}

/// What a comparison report is built from.
#[derive(Clone, Copy, Debug)]
pub struct ReportInputs<'a> {
    /// The vector source and the raster, as shown.
    pub source: &'a str,
    pub raster: &'a str,
    pub coverage: &'a Coverage,
    /// The raster's histogram (with `--roads`, off the network).
    pub raster_hist: &'a [u64; 256],
    /// The raster's class 5 pixels, network or not.
    pub class_5_pixels: u64,
    /// Metres.
    pub pixel_size: f64,
    /// Area of each lost polygon (in `coverage.lost`'s order), m².
    pub lost_areas_m2: &'a [f64],
    /// Source features whose codes are not in the mapping table.
    pub unmapped: u64,
    /// Pixels of the buffered network, with `--roads`.
    pub network_pixels: Option<u64>,
}

/// Builds the report; `name` names a class.
pub fn build(inputs: &ReportInputs, name: impl Fn(u8) -> String) -> Report {
    let ReportInputs {
        source,
        raster,
        coverage,
        raster_hist,
        class_5_pixels,
        pixel_size,
        lost_areas_m2,
        unmapped,
        network_pixels,
    } = *inputs;
    let m = &coverage.matrix;
    let metrics = Metrics::from_matrix(m);
    let sub_ha = (pixel_size / coverage.factor as f64).powi(2) / 10_000.0;
    let px_ha = pixel_size * pixel_size / 10_000.0;
    let mut classes: Vec<u8> = m.classes();
    for c in 1..=255u8 {
        if raster_hist[c as usize] > 0 && !classes.contains(&c) {
            classes.push(c);
        }
    }
    classes.sort_unstable();
    let lines = classes
        .iter()
        .filter(|&&c| c != 0)
        .map(|&c| {
            let cm = metrics.classes.iter().find(|x| x.class == c);
            let vector_area = m.row_sum(c) as f64 * sub_ha;
            let raster_area = raster_hist[c as usize] as f64 * px_ha;
            ClassLine {
                class: c,
                name: name(c),
                vector_area: round(vector_area, 2),
                raster_area: round(raster_area, 2),
                difference: round(raster_area - vector_area, 2),
                precision: round(cm.map_or(0.0, |x| x.precision), 4),
                recall: round(cm.map_or(0.0, |x| x.recall), 4),
                f1: round(cm.map_or(0.0, |x| x.f1), 4),
                iou: round(cm.map_or(0.0, |x| x.iou), 4),
            }
        })
        .collect();
    let rows = classes
        .iter()
        .map(|&v| {
            classes
                .iter()
                .map(|&r| round(m.get(v, r) as f64 * sub_ha, 2))
                .collect()
        })
        .collect();
    let mut ids: Vec<i64> = coverage.lost.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    let mut by_class: Vec<LostClass> = Vec::new();
    for (l, a) in coverage.lost.iter().zip(lost_areas_m2) {
        match by_class.iter_mut().find(|b| b.class == l.class) {
            Some(b) => (b.count, b.area) = (b.count + 1, b.area + a),
            None => by_class.push(LostClass {
                class: l.class,
                count: 1,
                area: *a,
            }),
        }
    }
    by_class.sort_by_key(|b| b.class);
    for b in &mut by_class {
        b.area = round(b.area / 10_000.0, 2);
    }
    Report {
        schema_version: 1,
        source: source.to_string(),
        raster: raster.to_string(),
        supersampling: coverage.factor,
        unit: "ha",
        classes: lines,
        overall_accuracy: round(metrics.overall_accuracy, 4),
        kappa: round(metrics.kappa, 4),
        weighted_f1: round(metrics.weighted_f1, 4),
        uncovered_area: round(coverage.uncovered as f64 * sub_ha, 2),
        outside_coverage_area: round(coverage.outside as f64 * sub_ha, 2),
        empty_area: EmptyArea {
            outside_coverage: round(coverage.empty_outside as f64 * px_ha, 2),
            inside_coverage: round(coverage.empty_inside as f64 * px_ha, 2),
        },
        confusion_matrix: MatrixOut { classes, rows },
        lost_polygons: LostSummary {
            count: coverage.lost.len(),
            area: round(lost_areas_m2.iter().sum::<f64>() / 10_000.0, 2),
            ids,
            by_class,
        },
        unmapped_features: unmapped,
        network: network_pixels.map(|n| {
            let c = coverage.network.unwrap_or_default();
            let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
            NetworkSummary {
                buffered_area: round(n as f64 * px_ha, 2),
                class_5_area: round(class_5_pixels as f64 * px_ha, 2),
                transport_surface_area: round(c.transport as f64 * sub_ha, 2),
                on_transport_surfaces: round(c.on_transport as f64 * sub_ha, 2),
                precision: round(ratio(c.on_transport, c.network), 4),
                recall: round(ratio(c.on_transport, c.transport), 4),
            }
        }),
    }
}

/// Plain-text rendering.
pub fn to_text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "Comparison of {} with {}", r.raster, r.source);
    let _ = writeln!(
        s,
        "(vector classes by {0} x {0} supersampling; areas in hectares)\n",
        r.supersampling
    );
    let _ = writeln!(
        s,
        "{:>5}  {:<34} {:>11} {:>11} {:>11} {:>7} {:>7} {:>7} {:>7}",
        "class", "name", "vector", "raster", "difference", "prec.", "recall", "F1", "IoU"
    );
    for c in &r.classes {
        let _ = writeln!(
            s,
            "{:>5}  {:<34} {:>11.2} {:>11.2} {:>+11.2} {:>7.4} {:>7.4} {:>7.4} {:>7.4}",
            c.class,
            c.name,
            c.vector_area,
            c.raster_area,
            c.difference,
            c.precision,
            c.recall,
            c.f1,
            c.iou
        );
    }
    let _ = writeln!(
        s,
        "\nConfusion matrix (rows: vector class, columns: raster value, ha)"
    );
    let _ = write!(s, "{:>6}", "");
    for c in &r.confusion_matrix.classes {
        let _ = write!(s, " {c:>9}");
    }
    let _ = writeln!(s);
    for (c, row) in r
        .confusion_matrix
        .classes
        .iter()
        .zip(&r.confusion_matrix.rows)
    {
        if row.iter().all(|&v| v == 0.0) {
            continue;
        }
        let _ = write!(s, "{c:>6}");
        for v in row {
            let _ = write!(s, " {v:>9.2}");
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Overall accuracy: {:.4}", r.overall_accuracy);
    let _ = writeln!(s, "Kappa:            {:.4}", r.kappa);
    let _ = writeln!(s, "Weighted F1:      {:.4}", r.weighted_f1);
    let _ = writeln!(
        s,
        "Area without a class in the source: {:.2} ha (in no polygon: {:.2} ha)",
        r.uncovered_area, r.outside_coverage_area
    );
    let _ = writeln!(
        s,
        "Empty raster pixels: {:.2} ha outside the source's coverage, {:.2} ha inside it",
        r.empty_area.outside_coverage, r.empty_area.inside_coverage
    );
    let ids: Vec<String> = r
        .lost_polygons
        .ids
        .iter()
        .take(20)
        .map(i64::to_string)
        .collect();
    let more = if r.lost_polygons.count > 20 {
        ", ..."
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "Polygons lost entirely: {} ({:.2} ha){}{}{}",
        r.lost_polygons.count,
        r.lost_polygons.area,
        if ids.is_empty() { "" } else { ", ids " },
        ids.join(", "),
        more
    );
    if !r.lost_polygons.by_class.is_empty() {
        let parts: Vec<String> = r
            .lost_polygons
            .by_class
            .iter()
            .map(|b| format!("{}: {} ({:.2} ha)", b.class, b.count, b.area))
            .collect();
        let _ = writeln!(s, "  by class: {}", parts.join(", "));
    }
    if let Some(n) = &r.network {
        let _ = writeln!(
            s,
            "Road and railway network (the roads step's pixels, left out of the figures above): {:.2} ha; class 5 in the raster: {:.2} ha",
            n.buffered_area, n.class_5_area
        );
        let _ = writeln!(
            s,
            "  against the source's transport surfaces ({:.2} ha): {:.2} ha of the network on them (precision {:.4}), recall {:.4}",
            n.transport_surface_area, n.on_transport_surfaces, n.precision, n.recall
        );
    }
    if r.unmapped_features > 0 {
        let _ = writeln!(
            s,
            "Features with unmapped codes (not compared): {}",
            r.unmapped_features
        );
    }
    s
}
