//! Defects of the raster, georeferencing, class and minimum-mapping-unit
//! rules: one extra, complete patch per defect (ground reference, one
//! Sentinel-2 and one Sentinel-1 file, label file) on row y = 2570 of tile
//! 31UGQ, away from the patches the other defects use. Each patch carries
//! one defect that triggers its rule once and nothing else.

use std::fs;
use std::path::Path;

use multisenge::model::PatchKey;

use crate::defects::Manifest;
use crate::rasters::{self, Georef, SIZE};
use crate::sample::{gr_name, key, label_name, s1_name, s2_name, write_label};
use crate::Result;

const S2_DATE: &str = "20200325";
const S1_DATE: &str = "20200106";

/// Top half Forests (11), bottom half Arable lands (6): two regions of
/// 32 768 pixels, both on the border, far above the MMU.
fn halves() -> Vec<u8> {
    (0..SIZE * SIZE)
        .map(|i| if i / SIZE < 128 { 11 } else { 6 })
        .collect()
}

/// Sets a `rows` × `cols` block of `map` to `value`.
fn block(map: &mut [u8], rows: std::ops::Range<usize>, cols: std::ops::Range<usize>, value: u8) {
    for r in rows {
        for c in cols.clone() {
            map[r * SIZE + c] = value;
        }
    }
}

/// One patch's files, written normally unless a step below changes them.
struct Patch {
    key: PatchKey,
    map: Vec<u8>,
    georef: Georef,
    s2: Vec<Vec<i16>>,
    s1: Vec<Vec<f32>>,
    projection_epsg: u32,
    labels: Option<Vec<u8>>,
}

impl Patch {
    fn new(index: u32, map: Vec<u8>) -> Result<Patch> {
        let key = key("31UGQ", 2570 + 257 * index, 2570);
        let georef = rasters::georef(&key)?;
        Ok(Patch {
            s2: rasters::s2_bands(&map, 0),
            s1: rasters::s1_bands(&map, 0),
            projection_epsg: key.tile.utm_epsg(),
            labels: None,
            key,
            map,
            georef,
        })
    }

    fn gr_path(&self) -> String {
        format!("ground_reference/{}", gr_name(&self.key))
    }
    fn s2_path(&self) -> String {
        format!("s2/{}", s2_name(&self.key, S2_DATE))
    }
    fn s1_path(&self) -> String {
        format!("s1/{}", s1_name(&self.key, S1_DATE))
    }
    fn label_path(&self) -> String {
        format!("labels/{}", label_name(&self.key))
    }

    fn write(&self, root: &Path) -> Result<()> {
        let size = (SIZE, SIZE);
        rasters::write_raster(
            &root.join(self.gr_path()),
            size,
            &self.georef,
            None,
            std::slice::from_ref(&self.map),
        )?;
        rasters::write_raster(
            &root.join(self.s2_path()),
            size,
            &self.georef,
            None,
            &self.s2,
        )?;
        rasters::write_raster(
            &root.join(self.s1_path()),
            size,
            &self.georef,
            None,
            &self.s1,
        )?;
        let classes = match &self.labels {
            Some(l) => l.clone(),
            None => rasters::classes_present(&self.map)
                .into_iter()
                .filter(|c| (1..=14).contains(c))
                .collect(),
        };
        let projection =
            gdal::spatial_ref::SpatialRef::from_epsg(self.projection_epsg)?.to_wkt()?;
        write_label(
            &root.join(self.label_path()),
            &[s2_name(&self.key, S2_DATE)],
            &[s1_name(&self.key, S1_DATE)],
            &projection,
            &classes,
        )?;
        Ok(())
    }
}

pub fn write(root: &Path, m: &mut Manifest) -> Result<()> {
    let mut index = 0;
    let mut next = |map: Vec<u8>| {
        index += 1;
        Patch::new(index - 1, map)
    };

    // R001: a text file where a Sentinel-1 GeoTIFF should be.
    let p = next(halves())?;
    p.write(root)?;
    fs::write(root.join(p.s1_path()), "this is not a GeoTIFF\n")?;
    m.expect("R001", &p.s1_path(), "text file named .tif");

    // R002: a Sentinel-2 file cut to 60 % of its length.
    let p = next(halves())?;
    p.write(root)?;
    let bytes = fs::read(root.join(p.s2_path()))?;
    fs::write(root.join(p.s2_path()), &bytes[..bytes.len() * 6 / 10])?;
    m.expect("R002", &p.s2_path(), "Sentinel-2 file truncated to 60 %");

    // R003: a 255 × 256 Sentinel-1 file.
    let p = next(halves())?;
    p.write(root)?;
    let narrow: Vec<Vec<f32>> =
        p.s1.iter()
            .map(|b| {
                b.chunks(SIZE)
                    .flat_map(|row| row[..SIZE - 1].to_vec())
                    .collect()
            })
            .collect();
    rasters::write_raster(
        &root.join(p.s1_path()),
        (SIZE - 1, SIZE),
        &p.georef,
        None,
        &narrow,
    )?;
    m.expect("R003", &p.s1_path(), "255 x 256 Sentinel-1 raster");

    // R004: a 9-band Sentinel-2 file.
    let mut p = next(halves())?;
    p.s2.pop();
    p.write(root)?;
    m.expect("R004", &p.s2_path(), "9-band Sentinel-2 raster");

    // R005: a UInt16 Sentinel-2 file (same values).
    let p = next(halves())?;
    p.write(root)?;
    let unsigned: Vec<Vec<u16>> =
        p.s2.iter()
            .map(|b| b.iter().map(|&v| v as u16).collect())
            .collect();
    rasters::write_raster(
        &root.join(p.s2_path()),
        (SIZE, SIZE),
        &p.georef,
        None,
        &unsigned,
    )?;
    m.expect("R005", &p.s2_path(), "UInt16 instead of Int16");

    // R006: band 1 of a Sentinel-2 file entirely nodata (0).
    let mut p = next(halves())?;
    p.s2[0].iter_mut().for_each(|v| *v = 0);
    p.write(root)?;
    rasters::write_raster(
        &root.join(p.s2_path()),
        (SIZE, SIZE),
        &p.georef,
        Some(0.0),
        &p.s2,
    )?;
    m.expect("R006", &p.s2_path(), "band 1 all nodata");

    // R007: band 3 of a Sentinel-2 file constant.
    let mut p = next(halves())?;
    p.s2[2].iter_mut().for_each(|v| *v = 1200);
    p.write(root)?;
    m.expect("R007", &p.s2_path(), "band 3 constant 1200");

    // R008: NaN and infinity in a Sentinel-1 band.
    let mut p = next(halves())?;
    p.s1[0][1000..1032].iter_mut().for_each(|v| *v = f32::NAN);
    p.s1[0][2000..2008]
        .iter_mut()
        .for_each(|v| *v = f32::NEG_INFINITY);
    p.write(root)?;
    m.expect("R008", &p.s1_path(), "32 NaN and 8 -inf in VV");

    // R009: negative reflectances in a Sentinel-2 band.
    let mut p = next(halves())?;
    p.s2[1][5000..5064].iter_mut().for_each(|v| *v = -100);
    p.write(root)?;
    m.expect("R009", &p.s2_path(), "64 reflectances of -100");

    // G001: a Sentinel-1 file without CRS.
    let p = next(halves())?;
    p.write(root)?;
    let bare = Georef {
        epsg: None,
        ..p.georef
    };
    rasters::write_raster(&root.join(p.s1_path()), (SIZE, SIZE), &bare, None, &p.s1)?;
    m.expect("G001", &p.s1_path(), "Sentinel-1 file without CRS");

    // G002: a whole patch (and its label file) in UTM zone 32 on a zone-31 tile.
    let mut p = next(halves())?;
    p.georef.epsg = Some(32632);
    p.projection_epsg = 32632;
    p.write(root)?;
    m.expect("G002", &p.gr_path(), "patch in EPSG:32632 on tile 31UGQ");

    // G003: the label file says zone 32, the rasters zone 31.
    let mut p = next(halves())?;
    p.projection_epsg = 32632;
    p.write(root)?;
    m.expect("G003", &p.label_path(), "label projection EPSG:32632");

    // G004: a whole patch with 20 m pixels.
    let mut p = next(halves())?;
    p.georef.geo_transform[1] = 20.0;
    p.georef.geo_transform[5] = -20.0;
    p.write(root)?;
    m.expect("G004", &p.gr_path(), "20 m pixels");

    // G005: a whole patch shifted one pixel east.
    let mut p = next(halves())?;
    p.georef.geo_transform[0] += 10.0;
    p.write(root)?;
    m.expect("G005", &p.gr_path(), "origin shifted by one pixel");

    // G006: one Sentinel-1 file shifted one pixel east.
    let p = next(halves())?;
    p.write(root)?;
    let mut shifted = p.georef;
    shifted.geo_transform[0] += 10.0;
    rasters::write_raster(&root.join(p.s1_path()), (SIZE, SIZE), &shifted, None, &p.s1)?;
    m.expect("G006", &p.s1_path(), "Sentinel-1 file shifted by one pixel");

    // C001: a 3 × 3 block of value 15 inside the forest.
    let mut map = halves();
    block(&mut map, 40..43, 40..43, 15);
    let p = next(map)?;
    p.write(root)?;
    m.expect("C001", &p.gr_path(), "9 pixels of value 15");

    // C002: the label file omits class 6, present in the raster.
    let mut p = next(halves())?;
    p.labels = Some(vec![11]);
    p.write(root)?;
    m.expect("C002", &p.label_path(), "labels omit class 6");

    // M001: a 40-pixel interior region of class 6 in the forest.
    let mut map = halves();
    block(&mut map, 30..35, 100..108, 6);
    let p = next(map)?;
    p.write(root)?;
    m.expect("M001", &p.gr_path(), "40-pixel interior region");

    // M002: a 40-pixel region of class 6 on the top border.
    let mut map = halves();
    block(&mut map, 0..5, 100..108, 6);
    let p = next(map)?;
    p.write(root)?;
    m.expect("M002", &p.gr_path(), "40-pixel region on the border");

    // M003: a road (class 5) across the forest and a 40-pixel region of
    // class 6 along it.
    let mut map = halves();
    block(&mut map, 60..63, 0..SIZE, 5);
    block(&mut map, 63..68, 100..108, 6);
    let p = next(map)?;
    p.write(root)?;
    m.expect("M003", &p.gr_path(), "40-pixel region next to a road");

    // R010: a Sentinel-2 file whose bands are described in another order
    // than the profile's (B8 and B5 swapped).
    let p = next(halves())?;
    p.write(root)?;
    let mut names = multisenge::profile::S2_BANDS;
    names.swap(3, 4);
    rasters::describe_bands(&root.join(p.s2_path()), &names)?;
    m.expect(
        "R010",
        &p.s2_path(),
        "bands described with B8 and B5 swapped",
    );

    // R011: a Sentinel-1 file whose bands are described VH then VV.
    let p = next(halves())?;
    p.write(root)?;
    rasters::describe_bands(&root.join(p.s1_path()), &["VH", "VV"])?;
    m.expect("R011", &p.s1_path(), "bands described VH then VV");

    // R012: a Sentinel-1 file in linear σ0 where the profile expects dB
    // (both bands converted: one finding a band).
    let mut p = next(halves())?;
    for band in &mut p.s1 {
        for v in band.iter_mut() {
            *v = 10f32.powf(*v / 10.0);
        }
    }
    p.write(root)?;
    for band in ["VV", "VH"] {
        m.expect("R012", &p.s1_path(), &format!("{band} in linear σ0"));
    }
    Ok(())
}
