//! The dataset rules' samples (D001-D004): `release.toml`, a profile
//! declaring the valid sample's tiles and totals (the valid sample passes
//! it), and `release-defective/` with `release-defective.toml`, whose
//! declaration the dataset breaks once per rule, listed in
//! `release-defective.manifest.json`.

use std::fs;
use std::path::Path;

use crate::defects::Manifest;
use crate::sample::{self, copy_dir, key, label_name, s2_name};
use crate::Result;

/// The default profile with a `[release]` section.
fn profile(release: &str) -> String {
    format!(
        "{}\n[release]\n{release}",
        multisenge::profile::DEFAULT_PROFILE
    )
}

pub fn write_release(valid: &Path, out: &Path) -> Result<()> {
    // The valid sample: 2 tiles, 6 patches, 3 Sentinel-2 and 4 Sentinel-1
    // dates each.
    let (s2, s1) = (sample::S2_DATES.len(), sample::S1_DATES.len());
    let patches = sample::PATCHES.len();
    fs::write(
        out.join("release.toml"),
        profile(&format!(
            "tiles = [\"31UGQ\", \"32ULU\"]\npatches = {patches}\ns2_files = {}\n\
             s1_files = {}\ns2_dates = [{s2}, {s2}]\ns1_dates = [{s1}, {s1}]\n",
            patches * s2,
            patches * s1
        )),
    )?;

    let root = out.join("release-defective");
    copy_dir(valid, &root)?;
    let mut m = Manifest::default();
    // D002: a complete patch of tile 31UER, which the declaration leaves
    // out (far from the other tiles: no overlap).
    let extra = key("31UER", 0, 0);
    sample::write_patch(&root, &extra, 2000)?;
    m.expect("D002", "", "tile 31UER not declared");
    // D004: the first patch lists (and has) one Sentinel-2 date fewer.
    let short = key(
        sample::PATCHES[0].0,
        sample::PATCHES[0].1,
        sample::PATCHES[0].2,
    );
    let dropped = s2_name(&short, sample::S2_DATES[s2 - 1]);
    fs::remove_file(root.join("s2").join(&dropped))?;
    let label = root.join("labels").join(label_name(&short));
    let mut object: serde_json::Value = serde_json::from_slice(&fs::read(&label)?)?;
    let list = object["corresponding_s2"].as_str().unwrap_or_default();
    let kept: Vec<&str> = list.split(';').filter(|n| *n != dropped).collect();
    object["corresponding_s2"] = kept.join(";").into();
    fs::write(&label, serde_json::to_string(&object)?)?;
    m.expect(
        "D004",
        &format!("labels/{}", label_name(&short)),
        "2 Sentinel-2 dates, 3 declared",
    );
    // D001: a declared tile without patches; D003: one Sentinel-1 file more
    // declared than listed. The other totals match the dataset.
    let patches = patches + 1;
    fs::write(
        out.join("release-defective.toml"),
        profile(&format!(
            "tiles = [\"31UGQ\", \"32ULU\", \"31UFQ\"]\npatches = {patches}\ns2_files = {}\n\
             s1_files = {}\ns2_dates = [{s2}, {s2}]\ns1_dates = [{s1}, {s1}]\n",
            patches * s2 - 1,
            patches * s1 + 1
        )),
    )?;
    m.expect("D001", "", "tile 31UFQ declared, without patches");
    m.expect("D003", "", "one Sentinel-1 file more declared than listed");
    m.write(&out.join("release-defective.manifest.json"))
}
