//! Raster, georeferencing, class and MMU rules end to end on the sample
//! datasets written by `multisenge-testdata`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use multisenge::engine::{validate, Options, Report};
use multisenge::profile::LoadedProfile;

fn sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s");
    let status = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .arg("sample")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    dir
}

fn run(root: &Path, profile: &LoadedProfile) -> Report {
    validate(root, profile, &Options::default()).unwrap()
}

fn pairs(report: &Report) -> BTreeSet<(String, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.path.clone().unwrap_or_default(),
            )
        })
        .collect()
}

const OUR_FAMILIES: [char; 4] = ['R', 'G', 'C', 'M'];

#[test]
fn each_raster_defect_is_reported_by_its_rule_only() {
    let dir = sample();
    let root = dir.path().join("s");
    let manifest: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(root.join("defective.manifest.json")).unwrap())
            .unwrap();
    let expected: BTreeSet<(String, String)> = manifest
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_string(),
                e["path"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let ours: BTreeSet<&str> = expected
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| c.starts_with(OUR_FAMILIES))
        .collect();
    let profile = LoadedProfile::default_profile();
    let every_rule: BTreeSet<&str> = multisenge::rules::Rule::ALL
        .iter()
        .map(|r| r.code())
        .filter(|c| c.starts_with(OUR_FAMILIES))
        .collect();
    assert_eq!(ours, every_rule, "one defect per rule in the manifest");

    let report = run(&root.join("defective"), &profile);
    assert_eq!(pairs(&report), expected);
    assert_eq!(
        report.findings.len(),
        manifest.len(),
        "one finding per manifest line (R012: one a band)"
    );
    let valid = run(&root.join("valid"), &profile);
    assert!(valid.findings.is_empty(), "{:#?}", valid.findings);
}

#[test]
fn a_corrupt_file_in_the_middle_does_not_stop_the_run() {
    let dir = sample();
    let valid = dir.path().join("s/valid");
    // Patches in index order: 31UGQ_0_0, 31UGQ_0_257, 31UGQ_257_0, 32ULU...
    let middle = valid.join("ground_reference/31UGQ_257_0.tif");
    let middle = middle.with_file_name("31UGQ_GR_257_0.tif");
    let len = std::fs::metadata(&middle).unwrap().len() as usize;
    std::fs::write(&middle, vec![0x49u8; len]).unwrap();
    let s1 = valid.join("s1/31UGQ_20200418_S1_0_257.tif");
    std::fs::write(&s1, b"II*\0garbage").unwrap();
    let last = valid.join("s2/32ULU_20200909_S2_5140_5397.tif");
    let bytes = std::fs::read(&last).unwrap();
    std::fs::write(&last, &bytes[..bytes.len() / 3]).unwrap();

    let report = run(&valid, &LoadedProfile::default_profile());
    let got = pairs(&report);
    let want: BTreeSet<(String, String)> = [
        ("R001", "ground_reference/31UGQ_GR_257_0.tif"),
        ("R001", "s1/31UGQ_20200418_S1_0_257.tif"),
        ("R002", "s2/32ULU_20200909_S2_5140_5397.tif"),
    ]
    .iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    assert_eq!(got, want);
    let message = &report.findings[0].message;
    assert!(
        message.starts_with("cannot be opened as a GeoTIFF"),
        "{message}"
    );
    assert_eq!(report.summary.patches, 6);
}

#[test]
fn header_only_selection_reports_header_rules_only() {
    // A ground reference whose pixels are wrong (value 15) but whose header is
    // right: with the pixel rules off it gives no finding.
    let dir = sample();
    let root = dir.path().join("s");
    let mut profile = LoadedProfile::default_profile();
    let header_rules: Vec<_> = ["R001", "R002", "R003", "R004", "R005", "G"]
        .iter()
        .flat_map(|c| multisenge::rules::select::matching(c).unwrap())
        .collect();
    profile.rules.select(&header_rules);
    let report = run(&root.join("defective"), &profile);
    let codes: BTreeSet<&str> = report.findings.iter().map(|f| f.rule.code()).collect();
    let want: BTreeSet<&str> = [
        "R001", "R002", "R003", "R004", "R005", "G001", "G002", "G003", "G004", "G005", "G006",
    ]
    .into();
    assert_eq!(codes, want);
}

#[test]
fn labels_only_checks_projection_against_the_tile() {
    let dir = sample();
    let labels = dir.path().join("s/defective/labels");
    let report = run(&labels, &LoadedProfile::default_profile());
    let g003: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule.code().starts_with(OUR_FAMILIES))
        .collect();
    // The G002 patch's label says zone 32 like its rasters: without rasters
    // it disagrees with the tile. The G003 patch's label says zone 32 too.
    let paths: BTreeSet<&str> = g003.iter().filter_map(|f| f.path.as_deref()).collect();
    assert_eq!(
        paths,
        ["31UGQ_5140_2570.json", "31UGQ_5397_2570.json"].into()
    );
    assert!(g003.iter().all(|f| f.rule.code() == "G003"));
    assert!(
        g003[0].message.contains("tile 31UGQ is in EPSG:32631"),
        "{}",
        g003[0].message
    );
}

#[test]
fn mmu_connectivity_four_from_the_profile() {
    // With 4-connectivity the valid sample's diagonal contacts split regions;
    // the profile key must reach the rule (findings or not, no error), and
    // the MMU threshold too: at 40 000 pixels every region is small.
    let dir = sample();
    let root = dir.path().join("s/valid");
    let text = multisenge::profile::DEFAULT_PROFILE
        .replace("min_region_pixels = 250", "min_region_pixels = 40000");
    let profile = LoadedProfile::parse(&text, "p.toml").unwrap();
    let report = run(&root, &profile);
    let mmu: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule.code().starts_with('M'))
        .collect();
    assert!(!mmu.is_empty());
    assert!(mmu.iter().all(|f| f.location.is_some()));
    let four = LoadedProfile::parse(
        &text.replace("connectivity = 8", "connectivity = 4"),
        "p.toml",
    )
    .unwrap();
    let report4 = run(&root, &four);
    let n4 = report4
        .findings
        .iter()
        .filter(|f| f.rule.code().starts_with('M'))
        .count();
    assert!(
        n4 >= mmu.len(),
        "4-connectivity never merges more: {n4} < {}",
        mmu.len()
    );
}

#[test]
fn rasters_without_geotransform_are_reported() {
    let dir = sample();
    let valid = dir.path().join("s/valid");
    let write = |path: &Path, bands: usize, data_type_byte: bool| {
        let driver = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
        let mut ds = if data_type_byte {
            driver
                .create_with_band_type::<u8, _>(path, 256, 256, bands)
                .unwrap()
        } else {
            driver
                .create_with_band_type::<f32, _>(path, 256, 256, bands)
                .unwrap()
        };
        ds.set_spatial_ref(&gdal::spatial_ref::SpatialRef::from_epsg(32631).unwrap())
            .unwrap();
    };
    // A member without geotransform: compared with the ground reference.
    write(&valid.join("s1/31UGQ_20200106_S1_0_0.tif"), 2, false);
    // A reference without geotransform: no pixel size, no origin.
    write(&valid.join("ground_reference/31UGQ_GR_0_257.tif"), 1, true);
    let mut profile = LoadedProfile::default_profile();
    profile
        .rules
        .select(&multisenge::rules::select::matching("G").unwrap());
    let report = run(&valid, &profile);
    let got: Vec<(String, String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.path.clone().unwrap_or_default(),
                f.message.clone(),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, "G004");
    assert_eq!(got[0].1, "ground_reference/31UGQ_GR_0_257.tif");
    assert!(got[0].2.contains("no geotransform"), "{}", got[0].2);
    assert_eq!(
        (got[1].0.as_str(), got[1].1.as_str()),
        ("G006", "s1/31UGQ_20200106_S1_0_0.tif")
    );
    assert_eq!(got[1].2, "no geotransform, unlike the ground reference");
}

#[test]
fn header_rules_do_not_decode_pixels() {
    // A ground reference whose directory and strip extents are intact but
    // whose first compressed strip is garbage: only a pixel read finds it.
    let dir = sample();
    let valid = dir.path().join("s/valid");
    let gr = valid.join("ground_reference/31UGQ_GR_0_0.tif");
    let mut bytes = std::fs::read(&gr).unwrap();
    let strip = multisenge::io::formats::tiff::read_directory(&gr).unwrap();
    assert_eq!(strip.beyond_end, None);
    let first_strip: usize = {
        use gdal::Metadata;
        let ds = gdal::Dataset::open(&gr).unwrap();
        let band = ds.rasterband(1).unwrap();
        band.metadata_item("BLOCK_OFFSET_0_0", "TIFF")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(bytes.len() > first_strip + 60);
    bytes[first_strip + 4..first_strip + 60].fill(0xFF);
    std::fs::write(&gr, &bytes).unwrap();

    let mut header_only = LoadedProfile::default_profile();
    let header_rules: Vec<_> = ["R001", "R002", "R003", "R004", "R005", "G"]
        .iter()
        .flat_map(|c| multisenge::rules::select::matching(c).unwrap())
        .collect();
    header_only.rules.select(&header_rules);
    assert!(run(&valid, &header_only).findings.is_empty());

    let report = run(&valid, &LoadedProfile::default_profile());
    let got: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.rule.code(), f.path.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(got, [("R002", "ground_reference/31UGQ_GR_0_0.tif")]);
    assert!(
        report.findings[0].message.contains("pixels cannot be read"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn band_order_is_judged_on_described_sentinel2_files_only() {
    let dir = sample();
    let valid = dir.path().join("s/valid");
    let describe = |name: &str, names: &[&str]| {
        use gdal::Metadata;
        let path = valid.join("s2").join(name);
        let options = gdal::DatasetOptions {
            open_flags: gdal::GdalOpenFlags::GDAL_OF_RASTER | gdal::GdalOpenFlags::GDAL_OF_UPDATE,
            ..Default::default()
        };
        let ds = gdal::Dataset::open_ex(&path, options).unwrap();
        for (i, n) in names.iter().enumerate() {
            ds.rasterband(i + 1).unwrap().set_description(n).unwrap();
        }
    };
    let paper = multisenge::profile::S2_BANDS;
    let s2: Vec<String> = std::fs::read_dir(valid.join("s2"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let profile = LoadedProfile::default_profile();
    let before = run(&valid, &profile);
    assert!(before.findings.is_empty());
    let undescribed = |r: &Report| {
        r.summary
            .undescribed
            .get(&multisenge::model::FileKind::S2)
            .copied()
    };
    assert_eq!(
        undescribed(&before),
        Some(s2.len()),
        "none has descriptions"
    );

    // The paper's order: silent, and no longer counted as undescribed.
    describe(&s2[0], &paper);
    // B8A and B11 swapped, and one band without description.
    let mut swapped = paper;
    swapped.swap(7, 8);
    describe(&s2[1], &swapped);
    let mut partial = paper;
    partial[9] = "";
    describe(&s2[2], &partial);
    let after = run(&valid, &profile);
    let got: Vec<(&str, &str, String)> = after
        .findings
        .iter()
        .map(|f| (f.rule.code(), f.path.as_deref().unwrap(), f.message.clone()))
        .collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got.iter().all(|(code, _, _)| *code == "R010"));
    let at = |name: &str| got.iter().find(|g| g.1 == format!("s2/{name}")).unwrap();
    assert!(
        at(&s2[1])
            .2
            .starts_with("band 8 is described as `B11`, expected `B8A`"),
        "{}",
        at(&s2[1]).2
    );
    assert!(
        at(&s2[2])
            .2
            .starts_with("band 10 has no description, expected `B12`"),
        "{}",
        at(&s2[2]).2
    );
    assert_eq!(undescribed(&after), Some(s2.len() - 3));

    // Without the rule, band descriptions are not read nor counted.
    let mut ignored = LoadedProfile::default_profile();
    ignored
        .rules
        .ignore(&multisenge::rules::select::matching("R010").unwrap());
    let without = run(&valid, &ignored);
    assert!(without.findings.is_empty());
    assert_eq!(undescribed(&without), None);
}

/// Writes `bands` (Float32) over the Sentinel-1 file at `path`, keeping its
/// georeferencing; `names` describes them.
fn rewrite_s1(path: &Path, bands: &[Vec<f32>], names: &[&str]) {
    use gdal::Metadata;
    let options = gdal::DatasetOptions {
        open_flags: gdal::GdalOpenFlags::GDAL_OF_RASTER | gdal::GdalOpenFlags::GDAL_OF_UPDATE,
        ..Default::default()
    };
    let ds = gdal::Dataset::open_ex(path, options).unwrap();
    for (i, data) in bands.iter().enumerate() {
        let mut band = ds.rasterband(i + 1).unwrap();
        let mut buffer = gdal::raster::Buffer::new((256, 256), data.clone());
        band.write((0, 0), (256, 256), &mut buffer).unwrap();
        if let Some(name) = names.get(i) {
            band.set_description(name).unwrap();
        }
    }
}

/// The Sentinel-1 file names of the valid sample, sorted.
fn s1_names(valid: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(valid.join("s1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The Float32 bands of a Sentinel-1 file.
fn read_s1(path: &Path) -> Vec<Vec<f32>> {
    let ds = gdal::Dataset::open(path).unwrap();
    (1..=2)
        .map(|b| {
            ds.rasterband(b)
                .unwrap()
                .read_as::<f32>((0, 0), (256, 256), (256, 256), None)
                .unwrap()
                .data()
                .to_vec()
        })
        .collect()
}

#[test]
fn polarisations_are_judged_on_described_sentinel1_files_only() {
    let dir = sample();
    let valid = dir.path().join("s/valid");
    let s1 = s1_names(&valid);
    let profile = LoadedProfile::default_profile();
    let undescribed = |r: &Report| {
        r.summary
            .undescribed
            .get(&multisenge::model::FileKind::S1)
            .copied()
    };
    let before = run(&valid, &profile);
    assert!(before.findings.is_empty());
    assert_eq!(
        undescribed(&before),
        Some(s1.len()),
        "none has descriptions"
    );
    let path = |i: usize| valid.join("s1").join(&s1[i]);
    for (i, names) in [(0, ["VV", "VH"]), (1, ["VH", "VV"]), (2, ["HH", "HV"])] {
        rewrite_s1(&path(i), &read_s1(&path(i)), &names);
    }
    let after = run(&valid, &profile);
    let got: Vec<(&str, String, &str)> = after
        .findings
        .iter()
        .map(|f| (f.rule.code(), f.path.clone().unwrap(), f.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "R011",
                format!("s1/{}", s1[1]),
                "band 1 is described as `VH`, expected `VV` (bands VH, VV; expected VV, VH)"
            ),
            (
                "R011",
                format!("s1/{}", s1[2]),
                "band 1 is described as `HH`, expected `VV` (bands HH, HV; expected VV, VH)"
            ),
        ]
    );
    assert_eq!(undescribed(&after), Some(s1.len() - 3));
}

/// Linear σ0 of a patch of land-cover parcels, log-normal speckle around
/// each parcel's mean (as `rules::raster::wrong_backscatter_unit`'s unit
/// tests), VV and VH.
fn speckled_linear(seed: u64) -> Vec<Vec<f32>> {
    let mut state = seed;
    let mut uniform = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    [
        [0.006, 0.04, 0.06, 0.1, 0.5],
        [0.0015, 0.008, 0.012, 0.025, 0.1],
    ]
    .iter()
    .map(|means| {
        (0..256 * 256)
            .map(|i| {
                let (u, v) = (uniform().max(1e-300), uniform());
                let normal = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
                let parcel = (i / 256 / 32 * 8 + i % 256 / 32) % means.len();
                (means[parcel] * (0.3 * normal).exp()) as f32
            })
            .collect()
    })
    .collect()
}

#[test]
fn backscatter_unit_is_told_from_the_distribution_and_checked_with_numpy() {
    let dir = sample();
    let valid = dir.path().join("s/valid");
    let s1 = s1_names(&valid);
    let path = |i: usize| valid.join("s1").join(&s1[i]);
    let db = |bands: &[Vec<f32>]| -> Vec<Vec<f32>> {
        bands
            .iter()
            .map(|b| b.iter().map(|v| 10.0 * v.log10()).collect())
            .collect()
    };
    let linear = speckled_linear(7);
    // 0: realistic linear σ0; 1: the same in dB; 2: the generator's dB
    // values as linear; 3: a constant band (0.05) beside a dB band.
    rewrite_s1(&path(0), &linear, &[]);
    rewrite_s1(&path(1), &db(&linear), &[]);
    let generator_linear: Vec<Vec<f32>> = read_s1(&path(2))
        .iter()
        .map(|b| b.iter().map(|v| 10f32.powf(v / 10.0)).collect())
        .collect();
    rewrite_s1(&path(2), &generator_linear, &[]);
    let constant = vec![vec![0.05f32; 256 * 256], db(&linear)[1].clone()];
    rewrite_s1(&path(3), &constant, &[]);

    let judged = |unit: &str| -> Vec<(String, u16, serde_json::Value)> {
        let mut profile = LoadedProfile::default_profile();
        profile.profile.rasters.s1.unit = Some(match unit {
            "dB" => multisenge::profile::BackscatterUnit::Db,
            _ => multisenge::profile::BackscatterUnit::Linear,
        });
        profile
            .rules
            .select(&multisenge::rules::select::matching("R012").unwrap());
        let report = validate(&valid, &profile, &Options::default()).unwrap();
        report
            .findings
            .iter()
            .map(|f| {
                let data = f.data.to_json();
                let band = data["band"].as_u64().unwrap() as u16;
                (f.path.clone().unwrap(), band, data)
            })
            .collect()
    };
    let in_db = judged("dB");
    let at = |i: usize| format!("s1/{}", s1[i]);
    let found: Vec<(String, u16)> = in_db.iter().map(|(p, b, _)| (p.clone(), *b)).collect();
    assert_eq!(
        found,
        [(at(0), 1), (at(0), 2), (at(2), 1), (at(2), 2)],
        "linear files under a dB profile; the constant band is not judged"
    );
    let in_linear = judged("linear");
    let mut expected: Vec<(String, u16)> = (0..s1.len())
        .filter(|i| ![0, 2].contains(i))
        .flat_map(|i| [(at(i), 1), (at(i), 2)])
        .filter(|(p, b)| !(p == &at(3) && *b == 1))
        .collect();
    expected.sort();
    let mut found: Vec<(String, u16)> = in_linear.iter().map(|(p, b, _)| (p.clone(), *b)).collect();
    found.sort();
    assert_eq!(found, expected, "dB files under a linear profile");

    // numpy: the same statistics and the same unit for every band written.
    let python = "/usr/bin/python3";
    let found = Command::new(python)
        .args(["-c", "import numpy; from osgeo import gdal"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").map_or(true, |v| matches!(v.as_str(), "" | "0" | "false")),
            "python3-gdal (numpy) is required in CI: scripts/install-deps.sh installs it"
        );
        eprintln!("skipped the numpy oracle: python3-gdal is not installed");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/backscatter_unit.py");
    let find = |records: &[(String, u16, serde_json::Value)], i: usize, band: u16| {
        records
            .iter()
            .find(|(p, b, _)| *p == at(i) && *b == band)
            .map(|r| r.2.clone())
    };
    for i in [0, 1, 2, 3] {
        let out = Command::new(python)
            .arg(&script)
            .arg(path(i))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let oracle: serde_json::Value = serde_json::from_str(line).unwrap();
            let band = oracle["band"].as_u64().unwrap() as u16;
            // A band in one unit is a finding under the other unit's
            // profile only; a band of neither, under none.
            let (under_db, under_linear) = (find(&in_db, i, band), find(&in_linear, i, band));
            let record = match (oracle["unit"].as_str(), under_db, under_linear) {
                (None, None, None) => None,
                (Some("linear"), Some(data), None) | (Some("dB"), None, Some(data)) => Some(data),
                other => panic!("{} band {band}: oracle and tool disagree: {other:?}", at(i)),
            };
            if let Some(data) = record {
                let unit = oracle["unit"].as_str().unwrap();
                {
                    assert_eq!(data["unit"], unit, "{} band {band}", at(i));
                    assert_eq!(data["valid_values"], oracle["valid"]);
                    let pct = data["negative_percent"].as_f64().unwrap();
                    assert!((pct - oracle["negative_percent"].as_f64().unwrap()).abs() < 1e-9);
                    let median = data["median"].as_f64().unwrap();
                    let numpy = oracle["median"].as_f64().unwrap();
                    // The upper middle value against numpy's mean of the two.
                    assert!(
                        (median - numpy).abs() <= 1e-3 * numpy.abs().max(1e-3),
                        "{median} {numpy}"
                    );
                }
            }
        }
    }
}
