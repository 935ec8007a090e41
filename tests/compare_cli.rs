//! `multisenge compare` end to end, and the snapshots of what users see.

#![allow(clippy::needless_range_loop)]

mod generalize_common;

use generalize_common::*;

const PIXELS: usize = 300;

fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Rasterized only (no steps 2–5): the raster must agree with its source on
/// ≥ 99 % of the covered area (differences: sub-pixel edges, polygons that
/// hide under others, slivers).
#[test]
fn rasterized_source_agrees_at_99_percent_and_outputs_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 3000);
    let like = like(dir.path(), PIXELS);
    let (s, l) = (src.to_str().unwrap(), like.to_str().unwrap());
    let raster = dir.path().join("r.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--like",
        l,
        "--steps",
        "rasterize",
        "-o",
        raster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lost = dir.path().join("lost.gpkg");
    let dis = dir.path().join("dis.tif");
    let png = dir.path().join("q.png");
    let o = multisenge(&[
        "compare",
        "--source",
        s,
        "--raster",
        raster.to_str().unwrap(),
        "--format",
        "json",
        "--lost",
        lost.to_str().unwrap(),
        "--disagreement",
        dis.to_str().unwrap(),
        "--quicklook",
        png.to_str().unwrap(),
    ]);
    let v = json(&o);
    let oa = v["overall_accuracy"].as_f64().unwrap();
    assert!(oa >= 0.99, "overall accuracy {oa}");
    assert!(lost.exists() && dis.exists() && png.exists());
    assert_eq!(v["schema_version"], 1);

    // All steps: lower, with polygons lost (those below the MMU). With road
    // surfaces (the corner holds none): one polygon in 10, left blank by
    // the paper profile's mapping; and every road burned (most of the
    // corner's 20 are of importance 3–5, not burned).
    sql(
        &src,
        "UPDATE landcover SET code_cs = 'CS1.1.1.2', code_us = 'US4.1.1' WHERE id % 10 = 3",
    );
    sql(&src, "UPDATE roads SET importance = '1' WHERE id % 2 = 0");
    sql(&src, "UPDATE roads SET importance = '2' WHERE id % 2 = 1");
    let gr = dir.path().join("gr.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        s,
        "--roads",
        s,
        "--like",
        l,
        "-o",
        gr.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let compare_gr = |extra: &[&str]| {
        let mut args = vec!["compare", "--source", s, "--raster", gr.to_str().unwrap()];
        args.extend(["--format", "json"]);
        args.extend(extra);
        json(&multisenge(&args))
    };
    let v = compare_gr(&[]);
    assert!(v["overall_accuracy"].as_f64().unwrap() < oa);
    let lost = &v["lost_polygons"];
    assert!(lost["count"].as_u64().unwrap() > 0);
    // Per class: the counts and areas add up to the totals.
    let by_class = lost["by_class"].as_array().unwrap();
    let count: u64 = by_class.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    let area: f64 = by_class.iter().map(|b| b["area"].as_f64().unwrap()).sum();
    assert_eq!(count, lost["count"].as_u64().unwrap());
    assert!((area - lost["area"].as_f64().unwrap()).abs() < 0.01 * by_class.len() as f64);
    assert!(v["network"].is_null());

    // --roads: the roads step's pixels are set apart, never judged against
    // the buffers that made them: out of the classes and the matrix, and
    // measured against the source's transport surfaces. With the paper
    // profile every class 5 pixel is on the network, so class 5 leaves the
    // table, and no other class loses to the roads.
    let with_roads = compare_gr(&["--roads", s]);
    let class = |v: &serde_json::Value, c: u64| -> serde_json::Value {
        v["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["class"].as_u64() == Some(c))
            .cloned()
            .unwrap_or_default()
    };
    assert!(!class(&v, 5).is_null());
    assert!(class(&with_roads, 5).is_null(), "{}", class(&with_roads, 5));
    let net = &with_roads["network"];
    let f = |k: &str| net[k].as_f64().unwrap();
    assert_eq!(f("buffered_area"), f("class_5_area"));
    assert!(f("buffered_area") > 0.0);
    // The road surfaces set above are not along the road lines: some of the
    // network lies on them, most does not.
    assert!(f("transport_surface_area") > 0.0);
    assert!(f("on_transport_surfaces") > 0.0);
    assert!(f("on_transport_surfaces") <= f("buffered_area").min(f("transport_surface_area")));
    let precision = f("on_transport_surfaces") / f("buffered_area");
    assert!((f("precision") - precision).abs() < 1e-3, "{net}");
    let recall = f("on_transport_surfaces") / f("transport_surface_area");
    assert!((f("recall") - recall).abs() < 1e-3, "{net}");
    assert!(f("precision") < 1.0 && f("recall") < 1.0, "{net}");
    assert!(
        with_roads["overall_accuracy"].as_f64().unwrap() > v["overall_accuracy"].as_f64().unwrap()
    );
    for c in [6, 9, 11] {
        let (a, b) = (class(&v, c), class(&with_roads, c));
        if a.is_null() {
            continue;
        }
        let (ra, rb) = (a["recall"].as_f64().unwrap(), b["recall"].as_f64().unwrap());
        assert!(
            rb >= ra,
            "class {c}: recall {ra} without --roads, {rb} with"
        );
    }
    // The distance reading burns a wider network, which covers more of the
    // transport surfaces.
    let wide = compare_gr(&["--roads", s, "--road-buffer-mode", "distance"]);
    let wide_net = &wide["network"];
    assert!(wide_net["buffered_area"].as_f64().unwrap() > 1.5 * f("buffered_area"));
    assert!(wide_net["on_transport_surfaces"].as_f64().unwrap() >= f("on_transport_surfaces"));
}

#[test]
fn compare_text_report_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 1000);
    let like = like(dir.path(), 100);
    let raster = dir.path().join("r.tif");
    let o = multisenge(&[
        "generalize",
        "--source",
        src.to_str().unwrap(),
        "--roads",
        src.to_str().unwrap(),
        "--like",
        like.to_str().unwrap(),
        "-o",
        raster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = multisenge(&[
        "compare",
        "--source",
        src.to_str().unwrap(),
        "--raster",
        raster.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout)
        .unwrap()
        .replace(dir.path().to_str().unwrap(), "[TMP]");
    insta::assert_snapshot!("compare_text_report", text);
}

#[test]
fn help_snapshots() {
    for cmd in ["generalize", "compare"] {
        let o = multisenge(&[cmd, "--help"]);
        assert!(o.status.success());
        insta::assert_snapshot!(format!("{cmd}_help"), String::from_utf8(o.stdout).unwrap());
    }
}
