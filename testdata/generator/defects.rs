//! The defective variants: a copy of the valid sample with one known defect
//! per rule, each placed so that it triggers its rule and no other. The
//! manifest lists `{code, path}` of every expected finding; the tests
//! compare the report with it exactly.

use std::fs;
use std::path::Path;

use serde_json::json;

use crate::rasters;
use crate::sample::{self, copy_dir, key, label_name, s1_name, s2_name};
use crate::Result;

#[derive(Default)]
pub(crate) struct Manifest(Vec<serde_json::Value>);

impl Manifest {
    pub(crate) fn expect(&mut self, code: &str, path: &str, defect: &str) {
        self.0
            .push(json!({ "code": code, "path": path, "defect": defect }));
    }
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        fs::write(path, serde_json::to_string_pretty(&self.0)? + "\n")?;
        Ok(())
    }
}

/// Rewrites a label file through a function of its JSON object.
fn edit_label(
    root: &Path,
    name: &str,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> Result<()> {
    let path = root.join("labels").join(name);
    let mut value: serde_json::Value = serde_json::from_slice(&fs::read(&path)?)?;
    let object = value
        .as_object_mut()
        .ok_or("sample label file is an object")?;
    edit(object);
    fs::write(&path, serde_json::to_string(&value)?)?;
    Ok(())
}

fn append_to(object: &mut serde_json::Map<String, serde_json::Value>, field: &str, suffix: &str) {
    let old = object[field].as_str().unwrap_or_default().to_string();
    object.insert(field.into(), json!(old + suffix));
}

pub fn write_defective(valid: &Path, root: &Path, manifest_path: &Path) -> Result<()> {
    copy_dir(valid, root)?;
    let mut m = Manifest(Vec::new());
    let [a, b, c, d, e, f] = sample::PATCHES.map(|(t, x, y)| key(t, x, y));
    let some_gr = root.join("ground_reference").join(sample::gr_name(&a));
    let some_s2 = root.join("s2").join(s2_name(&a, sample::S2_DATES[0]));
    let some_s1 = root.join("s1").join(s1_name(&a, sample::S1_DATES[0]));
    let some_label = root.join("labels").join(label_name(&a));

    // Layout.
    fs::create_dir(root.join("s2_backup"))?;
    m.expect("L002", "s2_backup", "unknown folder at the root");
    fs::write(root.join("s2/notes.txt"), "left-over notes\n")?;
    m.expect("L003", "s2/notes.txt", "stray text file");
    fs::copy(
        &some_gr,
        root.join("ground_reference/31UGQ_GR_514_514.tiff"),
    )?;
    m.expect(
        "L004",
        "ground_reference/31UGQ_GR_514_514.tiff",
        ".tiff instead of .tif",
    );
    std::os::unix::fs::symlink(
        "does-not-exist.tif",
        root.join("s1/31UGQ_20200615_S1_0_0.tif"),
    )?;
    m.expect(
        "L005",
        "s1/31UGQ_20200615_S1_0_0.tif",
        "dangling symbolic link",
    );
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"31UGQ_2020\xff_S2_0_0.tif");
        fs::copy(&some_s2, root.join("s2").join(name))?;
        m.expect(
            "L006",
            "s2/31UGQ_2020\u{FFFD}_S2_0_0.tif",
            "file name with a non-UTF-8 byte",
        );
    }

    // Naming: extra files, so nothing else refers to them.
    fs::copy(&some_s2, root.join("s2/31UGQ_2020-07-31_S2_0_0.tif"))?;
    m.expect("N001", "s2/31UGQ_2020-07-31_S2_0_0.tif", "date with dashes");
    fs::copy(&some_label, root.join("labels/31UJQ_0_0.json"))?;
    m.expect(
        "N002",
        "labels/31UJQ_0_0.json",
        "J is not a column letter of zone 31",
    );
    fs::copy(&some_s1, root.join("s1/31UGQ_20200231_S1_0_0.tif"))?;
    m.expect("N003", "s1/31UGQ_20200231_S1_0_0.tif", "31 February");
    fs::copy(&some_s1, root.join("s1/31UGQ_20210105_S1_0_0.tif"))?;
    m.expect(
        "N004",
        "s1/31UGQ_20210105_S1_0_0.tif",
        "2021 in a 2020 dataset",
    );
    fs::copy(&some_gr, root.join("ground_reference/31UGQ_GR_258_0.tif"))?;
    m.expect(
        "N005",
        "ground_reference/31UGQ_GR_258_0.tif",
        "x off the 257-pixel grid",
    );
    fs::copy(&some_label, root.join("labels/31UGQ_10794_0.json"))?;
    m.expect(
        "N006",
        "labels/31UGQ_10794_0.json",
        "patch beyond the tile's east edge",
    );
    let moved = s1_name(&d, sample::S1_DATES[1]);
    fs::rename(root.join("s1").join(&moved), root.join("s2").join(&moved))?;
    m.expect("N007", &format!("s2/{moved}"), "Sentinel-1 file in s2/");
    fs::copy(&some_label, root.join("labels/31UAA_0_0.json"))?;
    m.expect(
        "N008",
        "labels/31UAA_0_0.json",
        "valid MGRS square with no Sentinel-2 tile",
    );

    // Label content, one patch per unreadable file.
    let path_a = format!("labels/{}", label_name(&a));
    let text = fs::read(root.join(&path_a))?;
    fs::write(root.join(&path_a), &text[..text.len() / 2])?;
    m.expect("J001", &path_a, "truncated JSON");
    let path_b = format!("labels/{}", label_name(&b));
    let mut padded = fs::read(root.join(&path_b))?;
    padded.resize(padded.len() + (1 << 20), b' ');
    fs::write(root.join(&path_b), padded)?;
    m.expect("J006", &path_b, "label file padded beyond 1 MiB");
    let path_c = format!("labels/{}", label_name(&c));
    edit_label(root, &label_name(&c), |o| {
        o.remove("projection");
        append_to(o, "corresponding_s1", ";");
        let other = s2_name(&e, sample::S2_DATES[0]);
        append_to(o, "corresponding_s2", &format!(";{other}"));
    })?;
    m.expect("J002", &path_c, "projection removed");
    m.expect("J004", &path_c, "trailing ; in corresponding_s1");
    m.expect("T005", &path_c, "lists a Sentinel-2 file of another patch");
    let path_d = format!("labels/{}", label_name(&d));
    let duplicated = s1_name(&d, sample::S1_DATES[2]);
    edit_label(root, &label_name(&d), |o| {
        o.insert("projection".into(), json!(32632));
        append_to(o, "labels", ";15");
        append_to(o, "corresponding_s1", &format!(";{duplicated}"));
    })?;
    m.expect("J003", &path_d, "projection is a number");
    m.expect("J005", &path_d, "class 15 is not in the class table");
    m.expect("T006", &path_d, "a Sentinel-1 file listed twice");

    // Triplets.
    let path_e = format!("labels/{}", label_name(&e));
    fs::remove_file(root.join("s1").join(s1_name(&e, sample::S1_DATES[3])))?;
    m.expect("T003", &path_e, "listed Sentinel-1 file deleted");
    let unlisted = format!("s2/{}", s2_name(&e, "20200615"));
    // Written for its own patch so that only its listing is wrong.
    rasters::write_patch(
        &root.join(&unlisted),
        &e,
        &rasters::s2_bands(&rasters::class_map(1004), 0),
    )?;
    m.expect("T004", &unlisted, "Sentinel-2 file no label file lists");
    fs::remove_file(root.join("ground_reference").join(sample::gr_name(&f)))?;
    m.expect(
        "T001",
        &format!("labels/{}", label_name(&f)),
        "ground reference deleted",
    );
    rasters::write_patch(
        &root.join("ground_reference/31UGQ_GR_771_0.tif"),
        &key("31UGQ", 771, 0),
        &[rasters::class_map(1000)],
    )?;
    m.expect(
        "T002",
        "ground_reference/31UGQ_GR_771_0.tif",
        "ground reference without label file",
    );

    crate::raster_defects::write(root, &mut m)?;
    write_spatial(root, &mut m)?;

    m.write(manifest_path)
}

/// Overlapping patches (S001, S002). Patches of two 100 km tiles on the
/// 257-pixel grid overlap by 20–30 pixels or not at all, so a one-pixel
/// sliver or a duplicated footprint needs rasters placed where their name
/// does not say: those two defects also give G005 on the same file.
fn write_spatial(root: &Path, m: &mut Manifest) -> Result<()> {
    // A patch of 32ULU, and a patch of 31UGQ on (nearly) the same ground:
    // the 31UGQ grid position nearest to it, rotated by the difference of
    // meridian convergence between the zones.
    let original = key("32ULU", 4112, 0);
    sample::write_patch(root, &original, 1000)?;
    let copy = key("31UGQ", 8224, 9509);
    sample::write_patch(root, &copy, 1000)?;
    m.expect(
        "S001",
        &gr_path(&copy),
        "patch of 32ULU copied onto the same ground in 31UGQ (other UTM zone)",
    );
    // The south-east corner of the north-west neighbour tile 31UFR over
    // the corner of 31UGQ_0_0 (260 m × 200 m).
    let corner = key("31UFR", 9766, 9766);
    sample::write_patch(root, &corner, 1001)?;
    m.expect(
        "S001",
        &gr_path(&corner),
        "diagonal neighbour tile's patch over 31UGQ_0_0's corner",
    );
    // 31UGQ_2313_2570 written 20 m east of its place: 10 m over
    // 31UGQ_2570_2570 (a 10 m × 2 560 m sliver).
    let sliver = key("31UGQ", 2313, 2570);
    sample::write_patch(root, &sliver, 1002)?;
    shift_patch(root, &sliver, 20.0, 0.0)?;
    m.expect(
        "S001",
        &gr_path(&sliver),
        "one-pixel sliver over 31UGQ_2570_2570",
    );
    m.expect(
        "G005",
        &gr_path(&sliver),
        "the sliver's rasters are 20 m east",
    );
    // 32ULU_5140_5654 written on the ground of 32ULU_5397_5140.
    let duplicate = key("32ULU", 5140, 5654);
    sample::write_patch(root, &duplicate, 1003)?;
    shift_patch(root, &duplicate, 2570.0, 5140.0)?;
    m.expect(
        "S002",
        &gr_path(&duplicate),
        "rasters written on the ground of 32ULU_5397_5140",
    );
    m.expect(
        "G005",
        &gr_path(&duplicate),
        "the duplicate's rasters are not where its name says",
    );
    Ok(())
}

fn gr_path(patch: &multisenge::model::PatchKey) -> String {
    format!("ground_reference/{}", sample::gr_name(patch))
}

/// Moves every raster of a patch by (`dx`, `dy`) metres (east, north).
fn shift_patch(root: &Path, patch: &multisenge::model::PatchKey, dx: f64, dy: f64) -> Result<()> {
    let mut paths = vec![root.join(gr_path(patch))];
    paths.extend(
        sample::S2_DATES
            .iter()
            .map(|d| root.join("s2").join(s2_name(patch, d))),
    );
    paths.extend(
        sample::S1_DATES
            .iter()
            .map(|d| root.join("s1").join(s1_name(patch, d))),
    );
    for path in paths {
        let mut ds = gdal::Dataset::open_ex(
            &path,
            gdal::DatasetOptions {
                open_flags: gdal::GdalOpenFlags::GDAL_OF_UPDATE,
                ..Default::default()
            },
        )?;
        let mut gt = ds.geo_transform()?;
        gt[0] += dx;
        gt[3] += dy;
        ds.set_geo_transform(&gt)?;
    }
    Ok(())
}

/// The valid sample without its `s1/` folder.
pub fn write_missing_folder(valid: &Path, root: &Path, manifest_path: &Path) -> Result<()> {
    copy_dir(valid, root)?;
    fs::remove_dir_all(root.join("s1"))?;
    let mut m = Manifest(Vec::new());
    m.expect("L001", "s1", "Sentinel-1 folder removed");
    m.write(manifest_path)
}
