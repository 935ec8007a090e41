//! Plausible patch content: class maps that respect the minimum mapping unit,
//! Sentinel-2 reflectances and Sentinel-1 backscatter, written as GeoTIFF on
//! the Sentinel-2 tile grid.

use std::path::Path;

use gdal::raster::{Buffer, GdalType, RasterCreationOptions};
use gdal::spatial_ref::SpatialRef;
use gdal::DriverManager;

use multisenge::model::grid::TilingGrid;
use multisenge::model::PatchKey;

use crate::Result;

pub const SIZE: usize = 256;

/// splitmix64: small, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A class map: six jittered Voronoi cells (each several thousand pixels)
/// with classes drawn from the non-road classes, crossed by a 3-pixel road
/// (class 5) along a row, so every region is far above 250 pixels.
pub fn class_map(seed: u64) -> Vec<u8> {
    let map = voronoi_map(seed);
    assert!(
        smallest_region(&map) >= 250,
        "class map {seed} breaks the minimum mapping unit"
    );
    map
}

/// The class map of [`class_map`] without the minimum-mapping-unit check:
/// some seeds give a sliver cell or a road cutting off a corner, as real
/// ground references do.
pub fn voronoi_map(seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let palette = [1u8, 2, 3, 6, 9, 11, 13, 14];
    let seeds: Vec<(i64, i64, u8)> = (0..6)
        .map(|i| {
            let (gx, gy) = ((i % 3) as i64, (i / 3) as i64);
            let x = gx * 85 + 20 + rng.below(45) as i64;
            let y = gy * 128 + 30 + rng.below(60) as i64;
            (x, y, palette[rng.below(palette.len() as u64) as usize])
        })
        .collect();
    let road_row = 100 + rng.below(50) as usize;
    let mut map = vec![0u8; SIZE * SIZE];
    for row in 0..SIZE {
        for col in 0..SIZE {
            map[row * SIZE + col] = if (road_row..road_row + 3).contains(&row) {
                5
            } else {
                seeds
                    .iter()
                    .min_by_key(|(x, y, _)| (x - col as i64).pow(2) + (y - row as i64).pow(2))
                    .map_or(6, |s| s.2)
            };
        }
    }
    map
}

/// Size of the smallest 8-connected same-class region (brute-force flood fill).
fn smallest_region(map: &[u8]) -> usize {
    let mut seen = vec![false; map.len()];
    let mut smallest = usize::MAX;
    for start in 0..map.len() {
        if seen[start] {
            continue;
        }
        let class = map[start];
        let (mut stack, mut size) = (vec![start], 0);
        seen[start] = true;
        while let Some(p) = stack.pop() {
            size += 1;
            let (r, c) = ((p / SIZE) as i64, (p % SIZE) as i64);
            for dr in -1..=1 {
                for dc in -1..=1 {
                    let (nr, nc) = (r + dr, c + dc);
                    if (0..SIZE as i64).contains(&nr) && (0..SIZE as i64).contains(&nc) {
                        let q = nr as usize * SIZE + nc as usize;
                        if !seen[q] && map[q] == class {
                            seen[q] = true;
                            stack.push(q);
                        }
                    }
                }
            }
        }
        smallest = smallest.min(size);
    }
    smallest
}

/// Classes present in a map, sorted.
pub fn classes_present(map: &[u8]) -> Vec<u8> {
    let mut present = [false; 256];
    for &v in map {
        present[v as usize] = true;
    }
    (0..=255u8).filter(|&v| present[v as usize]).collect()
}

/// Ten Sentinel-2 bands (Int16 surface reflectance × 10 000) that follow
/// the class map, with a date-dependent offset.
pub fn s2_bands(map: &[u8], date_index: usize) -> Vec<Vec<i16>> {
    (0..10)
        .map(|band| {
            map.iter()
                .enumerate()
                .map(|(i, &class)| {
                    let texture = ((i * 7 + band * 13) % 97) as i16;
                    300 + i16::from(class) * 150
                        + band as i16 * 90
                        + date_index as i16 * 40
                        + texture
                })
                .collect()
        })
        .collect()
}

/// Two Sentinel-1 bands (VV, VH backscatter in dB, Float32).
pub fn s1_bands(map: &[u8], date_index: usize) -> Vec<Vec<f32>> {
    [-8.0f32, -15.0]
        .iter()
        .map(|base| {
            map.iter()
                .enumerate()
                .map(|(i, &class)| {
                    base - f32::from(class) * 0.5 - date_index as f32 * 0.1 - (i % 23) as f32 * 0.05
                })
                .collect()
        })
        .collect()
}

/// WKT of the tile's CRS, as GDAL writes it (the published `projection`).
pub fn crs_wkt(patch: &PatchKey) -> Result<String> {
    Ok(SpatialRef::from_epsg(patch.tile.utm_epsg())?.to_wkt()?)
}

/// Where a raster sits: GDAL geotransform and EPSG code (`None`: no CRS).
#[derive(Clone, Copy, Debug)]
pub struct Georef {
    pub geo_transform: [f64; 6],
    pub epsg: Option<u32>,
}

/// The georeferencing of patch (x, y) of its tile: 10 m, north-up, UTM.
pub fn georef(patch: &PatchKey) -> Result<Georef> {
    let grid = TilingGrid::official()
        .get(&patch.tile)
        .ok_or_else(|| format!("tile {} is not in the tiling grid", patch.tile))?;
    Ok(Georef {
        geo_transform: [
            grid.ulx + f64::from(patch.x) * 10.0,
            10.0,
            0.0,
            grid.uly - f64::from(patch.y) * 10.0,
            0.0,
            -10.0,
        ],
        epsg: Some(grid.epsg),
    })
}

/// Writes a GeoTIFF patch whose geotransform puts it at (x, y) of its tile.
pub fn write_patch<T: GdalType + Copy>(
    path: &Path,
    patch: &PatchKey,
    bands: &[Vec<T>],
) -> Result<()> {
    write_raster(path, (SIZE, SIZE), &georef(patch)?, None, bands)
}

/// Writes a DEFLATE GeoTIFF of `size` (width, height) pixels.
pub fn write_raster<T: GdalType + Copy>(
    path: &Path,
    size: (usize, usize),
    georef: &Georef,
    nodata: Option<f64>,
    bands: &[Vec<T>],
) -> Result<()> {
    let driver = DriverManager::get_driver_by_name("GTiff")?;
    let options = RasterCreationOptions::from_iter(["COMPRESS=DEFLATE", "PREDICTOR=2"]);
    let mut ds = driver.create_with_band_type_with_options::<T, _>(
        path,
        size.0,
        size.1,
        bands.len(),
        &options,
    )?;
    ds.set_geo_transform(&georef.geo_transform)?;
    if let Some(epsg) = georef.epsg {
        ds.set_spatial_ref(&SpatialRef::from_epsg(epsg)?)?;
    }
    for (i, data) in bands.iter().enumerate() {
        let mut band = ds.rasterband(i + 1)?;
        if let Some(nodata) = nodata {
            band.set_no_data_value(Some(nodata))?;
        }
        let mut buffer = Buffer::new(size, data[..size.0 * size.1].to_vec());
        band.write((0, 0), size, &mut buffer)?;
    }
    Ok(())
}

/// Gives the bands of the GeoTIFF at `path` the descriptions `names`, in
/// band order (GDAL keeps them in the file's `GDAL_METADATA` tag).
pub fn describe_bands(path: &Path, names: &[&str]) -> Result<()> {
    use gdal::Metadata;
    let options = gdal::DatasetOptions {
        open_flags: gdal::GdalOpenFlags::GDAL_OF_RASTER | gdal::GdalOpenFlags::GDAL_OF_UPDATE,
        ..Default::default()
    };
    let ds = gdal::Dataset::open_ex(path, options)?;
    for (i, name) in names.iter().enumerate() {
        ds.rasterband(i + 1)?.set_description(name)?;
    }
    Ok(())
}
