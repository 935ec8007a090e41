//! Inputs of `multisenge triplets` that look like the real products, over a
//! window of a real tile (from its corner), written with GDAL:
//!
//! * THEIA Level-2A products (MUSCATE format):
//!   `theia/SENTINEL2B_20200325-103818-460_L2A_T31UGQ_C_V2-2/` holding
//!   `{product}_FRE_B2.tif` … `{product}_SRE_B12.tif` (Int16, reflectance ×
//!   10 000, −10 000 where nothing was seen; B2, B3, B4, B8 at 10 m, B5,
//!   B6, B7, B8A, B11, B12 at 20 m), `{product}_MTD_ALL.xml` (tile, date,
//!   CloudPercent measured on the cloud mask) and `MASKS/` (`CLM_R1`,
//!   `CLM_R2`: cloud bits; `EDG_R1`, `EDG_R2`: 1 outside the acquisition;
//!   `SAT_R1`, `SAT_R2`: no saturation); one product zipped as THEIA
//!   distributes them;
//! * S1-Tiling outputs: `s1tiling/{tile}/s1a_{tile}_vv_DES_037_20200103t054223.tif`
//!   and its `_vh_` twin (Float32 linear σ0, DEFLATE with PREDICTOR=3 as
//!   S1-Tiling writes them, 0 where nothing was seen) with their
//!   `_BorderMask.tif`.
//!
//! Scenario `test` (6 Sentinel-2 dates, 8 Sentinel-1 acquisitions): one
//! product too cloudy (37 %), one seen only on the west 60 % of the window,
//! one with a few clouds over some patches; one Sentinel-1 acquisition seen
//! only east of the window's middle, on a day with an ascending
//! acquisition too. Scenario `bench`: one clear Sentinel-2 date and one
//! Sentinel-1 acquisition.

use std::path::{Path, PathBuf};

use gdal::raster::{Buffer, GdalType, RasterCreationOptions};
use gdal::spatial_ref::SpatialRef;
use gdal::DriverManager;
use rayon::prelude::*;

use multisenge::model::grid::TilingGrid;
use multisenge::model::TileCode;
use multisenge::triplets::metadata;

use crate::Result;

/// A Sentinel-2 acquisition of the scenario.
struct S2Date {
    platform: &'static str,
    date: &'static str,
    time: &'static str,
    /// Clouds: discs (centre x, y, radius), as shares of the window's side.
    clouds: &'static [(f64, f64, f64)],
    /// Seen only west of this share of the window's width.
    seen_west_of: f64,
    zipped: bool,
}

/// A Sentinel-1 acquisition of the scenario.
struct S1Date {
    unit: &'static str,
    direction: &'static str,
    orbit: &'static str,
    date: &'static str,
    time: &'static str,
    /// Seen only east of this share of the window's width.
    seen_east_of: f64,
}

const TEST_S2: [S2Date; 6] = [
    S2Date {
        platform: "SENTINEL2B",
        date: "20200325",
        time: "103818-460",
        clouds: &[],
        seen_west_of: 1.0,
        zipped: false,
    },
    S2Date {
        platform: "SENTINEL2A",
        date: "20200415",
        time: "104021-101",
        clouds: &[(0.3, 0.4, 0.25), (0.7, 0.6, 0.2)],
        seen_west_of: 1.0,
        zipped: false,
    },
    S2Date {
        platform: "SENTINEL2B",
        date: "20200520",
        time: "103817-332",
        clouds: &[],
        seen_west_of: 0.6,
        zipped: false,
    },
    S2Date {
        platform: "SENTINEL2A",
        date: "20200619",
        time: "104022-845",
        clouds: &[(0.15, 0.15, 0.05), (0.8, 0.85, 0.04)],
        seen_west_of: 1.0,
        zipped: false,
    },
    S2Date {
        platform: "SENTINEL2A",
        date: "20200731",
        time: "104020-512",
        clouds: &[],
        seen_west_of: 1.0,
        zipped: true,
    },
    S2Date {
        platform: "SENTINEL2B",
        date: "20200909",
        time: "103815-024",
        clouds: &[],
        seen_west_of: 1.0,
        zipped: false,
    },
];

const TEST_S1: [S1Date; 8] = [
    S1Date {
        unit: "s1a",
        direction: "DES",
        orbit: "037",
        date: "20200103",
        time: "054223",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1b",
        direction: "ASC",
        orbit: "088",
        date: "20200109",
        time: "172931",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1a",
        direction: "DES",
        orbit: "037",
        date: "20200115",
        time: "054222",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1b",
        direction: "ASC",
        orbit: "088",
        date: "20200121",
        time: "xxxxxx",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1a",
        direction: "DES",
        orbit: "037",
        date: "20200127",
        time: "054222",
        seen_east_of: 0.4,
    },
    S1Date {
        unit: "s1a",
        direction: "ASC",
        orbit: "161",
        date: "20200127",
        time: "173750",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1b",
        direction: "ASC",
        orbit: "088",
        date: "20200202",
        time: "172930",
        seen_east_of: 0.0,
    },
    S1Date {
        unit: "s1a",
        direction: "DES",
        orbit: "037",
        date: "20200208",
        time: "054222",
        seen_east_of: 0.0,
    },
];

const BENCH_S2: [S2Date; 1] = [S2Date {
    platform: "SENTINEL2B",
    date: "20200325",
    time: "103818-460",
    clouds: &[],
    seen_west_of: 1.0,
    zipped: false,
}];
const BENCH_S1: [S1Date; 1] = [S1Date {
    unit: "s1a",
    direction: "DES",
    orbit: "037",
    date: "20200103",
    time: "054223",
    seen_east_of: 0.0,
}];

/// The bands of a THEIA product: name, pixel size (m), base reflectance.
const BANDS: [(&str, usize, i32); 10] = [
    ("B2", 10, 600),
    ("B3", 10, 900),
    ("B4", 10, 800),
    ("B8", 10, 3200),
    ("B5", 20, 1200),
    ("B6", 20, 2400),
    ("B7", 20, 2900),
    ("B8A", 20, 3300),
    ("B11", 20, 2100),
    ("B12", 20, 1300),
];

/// A cheap deterministic hash of a pixel: the noise of every field.
fn hash(x: usize, y: usize, salt: u64) -> u64 {
    let mut z = (x as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (y as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ salt;
    z = (z ^ (z >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^ (z >> 29)
}

/// A reflectance field over a raster of `n` pixels of `px` m: smooth
/// landscape-sized waves plus noise, 300 to about 7 000. The waves are
/// products of per-column and per-row tables (sin(a + b) = sin a cos b +
/// cos a sin b), so that a pixel costs a few multiplications.
struct Field {
    base: i32,
    salt: u64,
    cols: Vec<[f64; 3]>,
    rows: Vec<[f64; 3]>,
}

impl Field {
    fn new(n: usize, px: usize, base: i32, salt: u64) -> Field {
        let m = |i: usize| (i * px + px / 2) as f64;
        let cols = (0..n)
            .map(|x| {
                [
                    (m(x) / 900.0 + salt as f64).sin(),
                    (m(x) / 210.0).sin(),
                    (m(x) / 210.0).cos(),
                ]
            })
            .collect();
        let rows = (0..n)
            .map(|y| {
                [
                    (m(y) / 1300.0).cos(),
                    (m(y) / 340.0).cos(),
                    (m(y) / 340.0).sin(),
                ]
            })
            .collect();
        Field {
            base,
            salt,
            cols,
            rows,
        }
    }

    fn at(&self, x: usize, y: usize) -> i16 {
        let (c, r) = (self.cols[x], self.rows[y]);
        let wave = c[0] * r[0] + 0.5 * (c[1] * r[1] + c[2] * r[2]);
        let noise = (hash(x, y, self.salt) % 101) as i32 - 50;
        (self.base + (wave * 0.25 * f64::from(self.base)) as i32 + noise).clamp(300, 7_000) as i16
    }
}

/// Where the window (`size` 10 m pixels from the tile's corner) is.
struct Window {
    epsg: u32,
    ulx: f64,
    uly: f64,
    size: usize,
}

impl Window {
    fn geo_transform(&self, px: usize) -> [f64; 6] {
        [self.ulx, px as f64, 0.0, self.uly, 0.0, -(px as f64)]
    }
    fn in_disc(&self, x: usize, y: usize, px: usize, discs: &[(f64, f64, f64)]) -> bool {
        let s = (self.size * 10) as f64;
        let (mx, my) = ((x * px + px / 2) as f64 / s, (y * px + px / 2) as f64 / s);
        discs
            .iter()
            .any(|(cx, cy, r)| (mx - cx).powi(2) + (my - cy).powi(2) <= r * r)
    }
}

/// Writes a one-band GeoTIFF of the window at `px` m, rows computed in
/// parallel by `value(x, y)`, in strips of 256 rows.
fn write_band<T: GdalType + Copy + Send>(
    path: &Path,
    w: &Window,
    px: usize,
    options: &[&str],
    nodata: Option<f64>,
    value: impl Fn(usize, usize) -> T + Sync,
) -> Result<()> {
    let n = w.size * 10 / px;
    let driver = DriverManager::get_driver_by_name("GTiff")?;
    let mut ds = driver.create_with_band_type_with_options::<T, _>(
        path,
        n,
        n,
        1,
        &RasterCreationOptions::from_iter(options.iter().copied()),
    )?;
    ds.set_geo_transform(&w.geo_transform(px))?;
    ds.set_spatial_ref(&SpatialRef::from_epsg(w.epsg)?)?;
    let mut band = ds.rasterband(1)?;
    if let Some(nd) = nodata {
        band.set_no_data_value(Some(nd))?;
    }
    for y0 in (0..n).step_by(256) {
        let rows = 256.min(n - y0);
        let data: Vec<T> = (y0..y0 + rows)
            .into_par_iter()
            .map(|y| (0..n).map(|x| value(x, y)).collect::<Vec<T>>())
            .collect::<Vec<_>>()
            .concat();
        band.write(
            (0, y0 as isize),
            (n, rows),
            &mut Buffer::new((n, rows), data),
        )?;
    }
    Ok(())
}

fn theia_product(dir: &Path, w: &Window, tile: &str, d: &S2Date, index: u64) -> Result<PathBuf> {
    let product = format!("{}_{}-{}_L2A_T{tile}_C_V2-2", d.platform, d.date, d.time);
    let root = dir.join(&product);
    std::fs::create_dir_all(root.join("MASKS"))?;
    let seen = |x: usize, px: usize| ((x * px) as f64) < d.seen_west_of * (w.size * 10) as f64;
    for (band, px, base) in BANDS {
        let field = Field::new(w.size * 10 / px, px, base, index * 131 + base as u64);
        for (refl, delta) in [("SRE", 0i16), ("FRE", 7)] {
            let path = root.join(format!("{product}_{refl}_{band}.tif"));
            write_band(&path, w, px, &[], None, |x, y| {
                if seen(x, px) {
                    field.at(x, y) + delta
                } else {
                    metadata::THEIA_NODATA
                }
            })?;
        }
    }
    let mut cloudy = 0usize;
    for (res, px) in [("R1", 10), ("R2", 20)] {
        let mask = |name: &str| {
            root.join("MASKS")
                .join(format!("{product}_{name}_{res}.tif"))
        };
        let opts = ["COMPRESS=DEFLATE"];
        // Bits 0 (clouds and shadows), 1 (clouds) and 3 (multi-temporal test).
        write_band::<u8>(&mask("CLM"), w, px, &opts, None, |x, y| {
            if w.in_disc(x, y, px, d.clouds) {
                0b1011
            } else {
                0
            }
        })?;
        write_band::<u8>(&mask("EDG"), w, px, &opts, None, |x, _| {
            u8::from(!seen(x, px))
        })?;
        write_band::<u8>(&mask("SAT"), w, px, &opts, None, |_, _| 0)?;
    }
    for y in 0..w.size {
        cloudy += (0..w.size)
            .filter(|&x| w.in_disc(x, y, 10, d.clouds))
            .count();
    }
    let percent = (100.0 * cloudy as f64 / (w.size * w.size) as f64).round();
    let stamp = format!(
        "{}-{}-{}T{}:{}:{}.{}Z",
        &d.date[..4],
        &d.date[4..6],
        &d.date[6..],
        &d.time[..2],
        &d.time[2..4],
        &d.time[4..6],
        &d.time[7..]
    );
    std::fs::write(
        root.join(format!("{product}_MTD_ALL.xml")),
        metadata::document(&product, tile, &stamp, percent),
    )?;
    if d.zipped {
        zip_folder(&root, &dir.join(format!("{product}.zip")))?;
        std::fs::remove_dir_all(&root)?;
    }
    Ok(root)
}

/// Zips `folder` (with its name as the zip's top folder) through GDAL's
/// `/vsizip/` writer: no zip program needed.
fn zip_folder(folder: &Path, zip: &Path) -> Result<()> {
    let top = folder
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut files = Vec::new();
    for e in std::fs::read_dir(folder)? {
        let p = e?.path();
        if p.is_dir() {
            for f in std::fs::read_dir(&p)? {
                files.push(f?.path());
            }
        } else {
            files.push(p);
        }
    }
    files.sort();
    let zip = std::fs::canonicalize(zip.parent().unwrap_or(Path::new(".")))?
        .join(zip.file_name().unwrap_or_default());
    for f in files {
        let rel = f.strip_prefix(folder)?.to_string_lossy().into_owned();
        let target = std::ffi::CString::new(format!("/vsizip/{}/{top}/{rel}", zip.display()))?;
        let bytes = std::fs::read(&f)?;
        // SAFETY: the handle is closed before the next file is opened.
        unsafe {
            let h = gdal_sys::VSIFOpenL(target.as_ptr(), c"wb".as_ptr());
            if h.is_null() {
                return Err(format!("cannot write {}", target.to_string_lossy()).into());
            }
            let written = gdal_sys::VSIFWriteL(bytes.as_ptr().cast(), 1, bytes.len(), h);
            gdal_sys::VSIFCloseL(h);
            if written != bytes.len() {
                return Err(format!("cannot write {}", target.to_string_lossy()).into());
            }
        }
    }
    Ok(())
}

fn s1_acquisition(dir: &Path, w: &Window, tile: &str, d: &S1Date, index: u64) -> Result<()> {
    let seen = |x: usize| (x as f64) >= d.seen_east_of * w.size as f64;
    let stamp = format!(
        "{}_{tile}_{{pol}}_{}_{}_{}t{}",
        d.unit, d.direction, d.orbit, d.date, d.time
    );
    let opts = ["COMPRESS=DEFLATE", "PREDICTOR=3"];
    for (pol, scale) in [("vv", 1.0f64), ("vh", 0.2)] {
        let name = stamp.replace("{pol}", pol);
        write_band::<f32>(
            &dir.join(format!("{name}.tif")),
            w,
            10,
            &opts,
            Some(0.0),
            |x, y| {
                if !seen(x) {
                    return 0.0;
                }
                let (mx, my) = (x as f64 * 10.0, y as f64 * 10.0);
                let wave = 0.5 + 0.4 * ((mx / 700.0 + index as f64).sin() * (my / 1100.0).cos());
                let speckle =
                    0.85 + 0.3 * (hash(x, y, index * 7 + scale as u64) % 1000) as f64 / 1000.0;
                (scale * (0.02 + 0.25 * wave) * speckle) as f32
            },
        )?;
        let mask = dir.join(format!("{name}_BorderMask.tif"));
        write_band::<u8>(&mask, w, 10, &["COMPRESS=DEFLATE"], None, |x, _| {
            u8::from(seen(x))
        })?;
    }
    Ok(())
}

/// Writes the scenario's products for the window of `size` 10 m pixels
/// whose corner is `origin` (columns, rows of 10 m pixels from the corner of
/// `tile`) into `out/theia/` and `out/s1tiling/{tile}/`.
pub fn write_region(
    out: &Path,
    tile: &str,
    size: usize,
    origin: (usize, usize),
    scenario: &str,
) -> Result<()> {
    let code = TileCode::parse(tile).map_err(|e| format!("--tile {tile}: {e}"))?;
    let g = TilingGrid::official()
        .get(&code)
        .ok_or_else(|| format!("--tile {tile}: not in the tiling grid"))?;
    if size == 0 || size % 2 != 0 || size > 10_980 {
        return Err(format!("--size {size}: expected an even number of pixels, 2 to 10980").into());
    }
    let (ox, oy) = origin;
    if ox % 2 != 0 || oy % 2 != 0 || ox + size > 10_980 || oy + size > 10_980 {
        return Err(format!(
            "--origin {ox},{oy}: expected even pixel positions with the window inside the tile"
        )
        .into());
    }
    let w = Window {
        epsg: g.epsg,
        ulx: g.ulx + ox as f64 * 10.0,
        uly: g.uly - oy as f64 * 10.0,
        size,
    };
    let (s2, s1): (&[S2Date], &[S1Date]) = match scenario {
        "test" => (&TEST_S2, &TEST_S1),
        "bench" => (&BENCH_S2, &BENCH_S1),
        other => return Err(format!("--scenario {other}: expected test or bench").into()),
    };
    let theia = out.join("theia");
    std::fs::create_dir_all(&theia)?;
    for (i, d) in s2.iter().enumerate() {
        theia_product(&theia, &w, tile, d, i as u64)?;
    }
    let s1_dir = out.join("s1tiling").join(tile);
    std::fs::create_dir_all(&s1_dir)?;
    for (i, d) in s1.iter().enumerate() {
        s1_acquisition(&s1_dir, &w, tile, d, i as u64)?;
    }
    Ok(())
}
