//! Every rule's finding carries its typed record (`data` in the JSON
//! report): on the defective sample, each rule's data fields with their
//! JSON types and values, as the generator wrote the defects
//! (`testdata/generator/`), and the report valid against the shipped
//! schema, whose record for each code is checked.

mod common;

use serde_json::{json, Value};

use common::{sample, validate_json};

/// The `data` of the findings of `code` in `report`, by path.
fn data<'a>(report: &'a Value, code: &str) -> Vec<(&'a str, &'a Value)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| (f["path"].as_str().unwrap_or(""), &f["data"]))
        .collect()
}

/// The one finding of `code`: its path and data.
fn one<'a>(report: &'a Value, code: &str) -> (&'a str, &'a Value) {
    let found = data(report, code);
    assert_eq!(found.len(), 1, "{code}: {found:?}");
    found[0]
}

/// Exact equality: `json!` writes integers as integers and floats as
/// floats, so this checks each field's JSON type as well as its value.
fn assert_data(report: &Value, code: &str, path: &str, expected: Value) {
    let (found_path, found) = one(report, code);
    assert_eq!(found_path, path, "{code}");
    assert_eq!(found, &expected, "{code}");
}

#[test]
fn every_rule_has_its_data_in_the_json_report() {
    let (r, _) = validate_json(&sample().join("defective"), &[]);

    assert_data(
        &r,
        "L002",
        "s2_backup",
        json!({"folder": "s2_backup", "nested": false}),
    );
    assert_data(
        &r,
        "L003",
        "s2/notes.txt",
        json!({"file_name": "notes.txt"}),
    );
    assert_data(
        &r,
        "L004",
        "ground_reference/31UGQ_GR_514_514.tiff",
        json!({"extension": "tiff", "expected_extension": "tif"}),
    );
    let (_, l005) = one(&r, "L005");
    assert_eq!(l005["what"], "entry");
    assert_eq!(l005["link_target"], "does-not-exist.tif");
    assert!(l005["error"].as_str().unwrap().contains("No such file"));
    assert_data(&r, "L006", "s2/31UGQ_2020\u{fffd}_S2_0_0.tif", json!({}));

    assert_data(
        &r,
        "N001",
        "s2/31UGQ_2020-07-31_S2_0_0.tif",
        json!({"expected_kind": "s2"}),
    );
    let (_, n002) = one(&r, "N002");
    assert_eq!(n002["tile_code"], "31UJQ");
    assert!(n002["reason"].as_str().unwrap().contains("column letter"));
    let (_, n003) = one(&r, "N003");
    assert_eq!(n003["date"], "20200231");
    assert!(n003["reason"].as_str().unwrap().contains("29 days"));
    assert_data(
        &r,
        "N004",
        "s1/31UGQ_20210105_S1_0_0.tif",
        json!({"date": "20210105", "dataset_year": 2020}),
    );
    assert_data(
        &r,
        "N005",
        "ground_reference/31UGQ_GR_258_0.tif",
        json!({"col": 258, "row": 0, "grid_stride": 257}),
    );
    assert_data(
        &r,
        "N006",
        "labels/31UGQ_10794_0.json",
        json!({"col": 10794, "row": 0, "patch_size": 256, "tile_size": 10980}),
    );
    assert_data(
        &r,
        "N007",
        "s2/32ULU_20200418_S1_5140_5140.tif",
        json!({"kind": "s1", "folder": "s1"}),
    );
    assert_data(
        &r,
        "N008",
        "labels/31UAA_0_0.json",
        json!({"tile_code": "31UAA"}),
    );

    // The sample's truncated label file stops at column 463 of its line.
    assert_data(
        &r,
        "J001",
        "labels/31UGQ_0_0.json",
        json!({"json_error": "EOF while parsing a string at line 1 column 463", "found": null}),
    );
    assert_data(
        &r,
        "J002",
        "labels/31UGQ_0_257.json",
        json!({"field": "projection"}),
    );
    assert_data(
        &r,
        "J003",
        "labels/32ULU_5140_5140.json",
        json!({"field": "projection", "found": "a number"}),
    );
    assert_data(
        &r,
        "J004",
        "labels/31UGQ_0_257.json",
        json!({"field": "corresponding_s1", "position": 5}),
    );
    assert_data(
        &r,
        "J005",
        "labels/32ULU_5140_5140.json",
        json!({"label": "15", "first_class": 1, "last_class": 14}),
    );
    // The oversized label file's length, as the file system says it.
    let size = std::fs::metadata(sample().join("defective/labels/31UGQ_257_0.json"))
        .unwrap()
        .len();
    assert_data(
        &r,
        "J006",
        "labels/31UGQ_257_0.json",
        json!({"size_bytes": size, "max_bytes": 1_048_576}),
    );

    assert_data(
        &r,
        "T001",
        "labels/32ULU_5140_5397.json",
        json!({"expected_path": "ground_reference/32ULU_GR_5140_5397.tif"}),
    );
    assert_data(
        &r,
        "T002",
        "ground_reference/31UGQ_GR_771_0.tif",
        json!({"expected_path": "labels/31UGQ_771_0.json"}),
    );
    assert_data(
        &r,
        "T003",
        "labels/32ULU_5397_5140.json",
        json!({"listed_name": "32ULU_20201103_S1_5397_5140.tif", "folder": "s1"}),
    );
    assert_data(
        &r,
        "T004",
        "s2/32ULU_20200615_S2_5397_5140.tif",
        json!({"label_file": "labels/32ULU_5397_5140.json", "label_exists": true}),
    );
    assert_data(
        &r,
        "T005",
        "labels/31UGQ_0_257.json",
        json!({
            "listed_name": "32ULU_20200325_S2_5397_5140.tif",
            "listed_in": "corresponding_s2",
            "kind": "s2",
            "expected_kind": "s2",
            "named_patch": "32ULU_5397_5140",
            "label_patch": "31UGQ_0_257"
        }),
    );
    assert_data(
        &r,
        "T006",
        "labels/32ULU_5140_5140.json",
        json!({"entry": "32ULU_20200723_S1_5140_5140.tif", "field": "corresponding_s1"}),
    );

    let (_, r001) = one(&r, "R001");
    assert_eq!(r001["reason"], "not a TIFF file GDAL can read");
    // The Sentinel-2 file cut to 60 % of its length: its length and the
    // end of its first block beyond it, as the TIFF directory says.
    let (_, r002) = one(&r, "R002");
    let cut = std::fs::metadata(sample().join("defective/s2/31UGQ_20200325_S2_2827_2570.tif"))
        .unwrap()
        .len();
    assert_eq!(r002["file_bytes"], json!(cut));
    assert!(r002["end_byte"].as_u64().unwrap() > cut);
    assert!(r002["block"].is_u64());
    assert_eq!(
        (&r002["band"], &r002["reason"]),
        (&Value::Null, &Value::Null)
    );
    assert_data(
        &r,
        "R003",
        "s1/31UGQ_20200106_S1_3084_2570.tif",
        json!({"width": 255, "height": 256, "patch_size": 256}),
    );
    assert_data(
        &r,
        "R004",
        "s2/31UGQ_20200325_S2_3341_2570.tif",
        json!({"band_count": 9, "expected_band_count": 10, "kind": "s2"}),
    );
    assert_data(
        &r,
        "R005",
        "s2/31UGQ_20200325_S2_3598_2570.tif",
        json!({"band_types": vec!["UInt16"; 10], "expected_type": "Int16", "kind": "s2"}),
    );
    assert_data(
        &r,
        "R006",
        "s2/31UGQ_20200325_S2_3855_2570.tif",
        json!({"band": 1, "pixels": 65536, "nodata": 0.0}),
    );
    assert_data(
        &r,
        "R007",
        "s2/31UGQ_20200325_S2_4112_2570.tif",
        json!({"band": 3, "value": 1200.0}),
    );
    assert_data(
        &r,
        "R008",
        "s1/31UGQ_20200106_S1_4369_2570.tif",
        json!({"band": 1, "nan": 32, "infinite": 8}),
    );
    // Band 2 of the generator's reflectances over Forests (11) and Arable
    // lands (6): 300 + 150 × class + 90 × 1 + texture (at most 96); the
    // largest is 300 + 1650 + 90 + 96 = 2136; 64 pixels set to -100.
    assert_data(
        &r,
        "R009",
        "s2/31UGQ_20200325_S2_4626_2570.tif",
        json!({
            "band": 2,
            "out_of_range": 64,
            "minimum": -100.0,
            "maximum": 2136.0,
            "valid_min": 0.0,
            "valid_max": 10000.0
        }),
    );

    // The generator describes the bands in the paper's order with B8 and
    // B5 swapped.
    let paper = multisenge::profile::S2_BANDS;
    let mut swapped = paper;
    swapped.swap(3, 4);
    assert_data(
        &r,
        "R010",
        "s2/31UGQ_20200325_S2_7710_2570.tif",
        json!({
            "band": 4,
            "description": "B5",
            "expected_description": "B8",
            "descriptions": swapped,
            "expected_descriptions": paper
        }),
    );
    // Every other Sentinel file of the sample that opens has no band
    // description (R001's Sentinel-1 file is text: it does not open).
    let s2 = r["summary"]["files"]["s2"].as_u64().unwrap();
    let s1 = r["summary"]["files"]["s1"].as_u64().unwrap();
    assert_eq!(
        r["summary"]["without_band_descriptions"],
        json!({ "s2": s2 - 1, "s1": s1 - 2 })
    );
    assert_data(
        &r,
        "R011",
        "s1/31UGQ_20200106_S1_7967_2570.tif",
        json!({
            "band": 1,
            "description": "VH",
            "expected_description": "VV",
            "descriptions": ["VH", "VV"],
            "expected_descriptions": ["VV", "VH"]
        }),
    );
    // The generator's dB values (base - 0.5 class - 0.05 (i mod 23), VV
    // base -8, VH -15; forest above arable land) written as linear σ0: the
    // upper middle value is arable land's darkest, k = 22.
    let r012 = data(&r, "R012");
    assert_eq!(r012.len(), 2);
    for ((path, record), (band, base)) in r012.into_iter().zip([(1, -8.0f32), (2, -15.0)]) {
        let darkest_arable = base - 6.0 * 0.5 - 0.0 * 0.1 - 22.0 * 0.05;
        let median = f64::from(10f32.powf(darkest_arable / 10.0));
        assert_eq!(path, "s1/31UGQ_20200106_S1_8224_2570.tif");
        assert_eq!(
            record,
            &json!({
                "band": band,
                "unit": "linear",
                "expected_unit": "dB",
                "valid_values": 65536,
                "negative_percent": 0.0,
                "median": median
            })
        );
    }

    assert_data(&r, "G001", "s1/31UGQ_20200106_S1_4883_2570.tif", json!({}));
    assert_data(
        &r,
        "G002",
        "ground_reference/31UGQ_GR_5140_2570.tif",
        json!({"crs": "EPSG:32632", "expected_epsg": 32631, "tile_code": "31UGQ"}),
    );
    assert_data(
        &r,
        "G003",
        "labels/31UGQ_5397_2570.json",
        json!({
            "projection": "EPSG:32632",
            "expected_crs": "EPSG:32631",
            "compared_with": "rasters",
            "tile_code": "31UGQ"
        }),
    );
    assert_data(
        &r,
        "G004",
        "ground_reference/31UGQ_GR_5654_2570.tif",
        json!({
            "pixel_width": 20.0,
            "pixel_height": -20.0,
            "row_rotation": 0.0,
            "column_rotation": 0.0,
            "expected_pixel_size": 10.0
        }),
    );
    // 31UGQ's upper-left corner in the tiling grid is (699 960, 5 500 020):
    // patch (5911, 2570) starts at 699 960 + 59 110, 5 500 020 - 25 700,
    // and its defect moves it one pixel east.
    let g005 = data(&r, "G005");
    let shifted = g005
        .iter()
        .find(|(p, _)| *p == "ground_reference/31UGQ_GR_5911_2570.tif")
        .unwrap();
    assert_eq!(
        shifted.1,
        &json!({
            "origin_x": 759_080.0,
            "origin_y": 5_474_320.0,
            "expected_x": 759_070.0,
            "expected_y": 5_474_320.0
        })
    );
    let (_, g006) = one(&r, "G006");
    assert_eq!(g006["mismatch"], "origin");
    assert_eq!(
        g006["reference_path"],
        "ground_reference/31UGQ_GR_6168_2570.tif"
    );
    assert_eq!(g006["reference_is_ground_reference"], true);
    assert_eq!(
        g006["geo_transform"],
        json!([761_650.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0])
    );
    assert_eq!(
        g006["reference_geo_transform"],
        json!([761_640.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0])
    );

    assert_data(
        &r,
        "C001",
        "ground_reference/31UGQ_GR_6425_2570.tif",
        json!({"pixels": 9, "values": [15], "value_pixels": [9]}),
    );
    assert_data(
        &r,
        "C002",
        "labels/31UGQ_6682_2570.json",
        json!({
            "unlisted_classes": [6],
            "unlisted_names": ["Arable lands"],
            "absent_classes": [],
            "absent_names": []
        }),
    );
    let region = |extra: Option<u8>| {
        let mut d = json!({"class": 6, "class_name": "Arable lands", "pixels": 40, "min_region_pixels": 250});
        if let Some(road) = extra {
            d["road_class"] = json!(road);
        }
        d
    };
    assert_data(
        &r,
        "M001",
        "ground_reference/31UGQ_GR_6939_2570.tif",
        region(None),
    );
    assert_data(
        &r,
        "M002",
        "ground_reference/31UGQ_GR_7196_2570.tif",
        region(None),
    );
    assert_data(
        &r,
        "M003",
        "ground_reference/31UGQ_GR_7453_2570.tif",
        region(Some(5)),
    );

    // Overlaps: the other patch by name, the area a real number of m²
    // that the message rounds; a duplicate differs by nothing.
    for (code, f) in r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (&f["code"], f))
    {
        if code != "S001" && code != "S002" {
            continue;
        }
        let d = &f["data"];
        let area = d["area_m2"].as_f64().expect("area_m2 is a number");
        assert!(d["area_m2"].is_f64());
        let shown = f["message"].as_str().unwrap().replace(' ', "");
        assert!(
            shown.contains(&format!("{:.0}m²", area)),
            "{shown} vs {area}"
        );
        assert!(shown.contains(d["other_patch"].as_str().unwrap()));
    }
    let (_, s002) = one(&r, "S002");
    assert_eq!(s002["other_patch"], "32ULU_5397_5140");
    assert_eq!(s002["difference_m2"], json!(0.0));
    // A whole 256 × 256 patch of 10 m pixels, measured in EPSG:3035 (the
    // UTM scale error is about 0.1 % here).
    let area = s002["area_m2"].as_f64().unwrap();
    assert!((area - 6_553_600.0).abs() < 0.002 * 6_553_600.0, "{area}");
    let s001: Vec<&str> = data(&r, "S001")
        .iter()
        .map(|(_, d)| d["other_patch"].as_str().unwrap())
        .collect();
    assert_eq!(s001, ["31UGQ_0_0", "31UGQ_2570_2570", "32ULU_4112_0"]);

    let (missing, _) = validate_json(&sample().join("missing-folder"), &[]);
    assert_data(
        &missing,
        "L001",
        "s1",
        json!({"folder": "s1", "kind": "s1"}),
    );

    // The dataset rules, on the sample whose declaration it breaks.
    let declared = sample().join("release-defective.toml");
    let (release, _) = validate_json(
        &sample().join("release-defective"),
        &["--profile", declared.to_str().unwrap()],
    );
    assert_data(&release, "D001", "", json!({"tile_code": "31UFQ"}));
    assert_data(
        &release,
        "D002",
        "",
        json!({"tile_code": "31UER", "patches": 1}),
    );
    assert_data(
        &release,
        "D003",
        "",
        json!({"total": "s1_files", "counted": 28, "declared": 29}),
    );
    assert_data(
        &release,
        "D004",
        "labels/31UGQ_0_0.json",
        json!({"sensor": "s2", "dates": 2, "min_dates": 3, "max_dates": 3}),
    );
    for f in release["findings"].as_array().unwrap() {
        let rule = multisenge::rules::Rule::from_code(f["code"].as_str().unwrap()).unwrap();
        let record = rule.record_from_json(f["data"].clone()).unwrap();
        assert_eq!(record.message(), f["message"].as_str().unwrap(), "{rule}");
    }

    // Every rule of the registry was looked at above.
    let seen: std::collections::BTreeSet<String> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(missing["findings"].as_array().unwrap())
        .chain(release["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect();
    for rule in multisenge::rules::Rule::ALL {
        assert!(seen.contains(rule.code()), "no finding of {}", rule.code());
    }
}

/// A finding's message says what its data says: the message rendered from
/// the record is the report's message (a record read back from the JSON
/// renders the same text).
#[test]
fn messages_are_rendered_from_the_data() {
    let (r, _) = validate_json(&sample().join("defective"), &[]);
    for f in r["findings"].as_array().unwrap() {
        let rule = multisenge::rules::Rule::from_code(f["code"].as_str().unwrap()).unwrap();
        let record = rule.record_from_json(f["data"].clone()).unwrap();
        assert_eq!(record.message(), f["message"].as_str().unwrap(), "{rule}");
    }
}
