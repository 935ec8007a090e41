//! Finding and checking the inputs of `triplets` before any pixel is read:
//! THEIA products (folders or zips, read through GDAL's `/vsizip/`), plain
//! dated GeoTIFFs, S1-Tiling outputs, and the ground reference. Every file
//! is checked against the tile's grid from its header; a bad input is an
//! error naming the file and what was expected ([`InputError`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gdal::raster::GdalDataType;

pub use super::grid::{Placement, TileGrid};

use super::metadata;
use super::names::{self, Direction, Polarisation};
use super::params::Settings;
use super::stack::native_pixel_size;
use crate::io::formats::bands::{self, Header};
use crate::io::storage::vfs;
use crate::profile::BackscatterUnit;

/// An input that cannot be used: the file (or product) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {why}", path.display())]
pub struct InputError {
    pub path: PathBuf,
    pub why: String,
}

fn bad(path: &Path, why: impl Into<String>) -> InputError {
    InputError {
        path: path.to_path_buf(),
        why: why.into(),
    }
}

/// A raster file and where it lies.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub path: PathBuf,
    pub placement: Placement,
    /// Nodata of the band read.
    pub nodata: Option<f64>,
}

/// A Sentinel-2 acquisition.
#[derive(Clone, Debug, PartialEq)]
pub struct S2Input {
    pub date: String,
    /// Product or file name: reports and the same-day tie-break.
    pub name: String,
    pub path: PathBuf,
    /// The product's cloud cover, percent (THEIA products).
    pub cloud_percent: Option<f64>,
    pub kind: S2Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum S2Kind {
    /// A THEIA product: one file per band (in the profile's order), the
    /// cloud mask and the edge mask at 10 m.
    Theia {
        bands: Vec<Placed>,
        clouds: Placed,
        edge: Placed,
    },
    /// A plain GeoTIFF: the file band holding each profile band (1-based).
    Plain {
        file: Placed,
        band_index: Vec<usize>,
    },
}

/// A Sentinel-1 acquisition.
#[derive(Clone, Debug, PartialEq)]
pub struct S1Input {
    pub date: String,
    pub name: String,
    pub path: PathBuf,
    pub direction: Option<Direction>,
    /// Unit of the values read.
    pub unit: BackscatterUnit,
    pub kind: S1Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum S1Kind {
    /// S1-Tiling: one file per polarisation.
    Pair { vv: Placed, vh: Placed },
    /// A plain GeoTIFF and its VV and VH bands (1-based).
    Plain { file: Placed, vv: usize, vh: usize },
}

/// A Sentinel-2 product left out before any pixel is read.
#[derive(Clone, Debug, PartialEq)]
pub struct DroppedProduct {
    pub name: String,
    pub date: String,
    pub cloud_percent: f64,
}

/// Every input, checked.
#[derive(Debug, Default)]
pub struct Inputs {
    pub s2: Vec<S2Input>,
    pub s1: Vec<S1Input>,
    /// Products whose cloud cover is at or above the limit.
    pub s2_cloudy: Vec<DroppedProduct>,
    /// Files in the folders given that are no input (S1-Tiling masks,
    /// files without a date...).
    pub ignored: usize,
}

fn entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, InputError> {
    let mut out = Vec::new();
    for e in vfs::read_dir(dir).map_err(|e| bad(dir, format!("cannot be listed: {e}")))? {
        let e = e.map_err(|e| bad(dir, format!("cannot be listed: {e}")))?;
        let is_dir = e.is_dir().unwrap_or(false);
        out.push((
            e.file_name().to_string_lossy().into_owned(),
            e.path(),
            is_dir,
        ));
    }
    out.sort();
    Ok(out)
}

fn is_tif(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".tif") || lower.ends_with(".tiff")
}

/// What one `--s2` path holds.
enum S2Path {
    Product(PathBuf),
    Zip(PathBuf),
    Plain(PathBuf),
}

fn classify_s2(path: &Path, ignored: &mut usize) -> Result<Vec<S2Path>, InputError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !vfs::is_virtual(path) && !path.exists() {
        return Err(bad(path, "does not exist"));
    }
    if vfs::is_dir(path) {
        if names::theia_product(&name).is_some() {
            return Ok(vec![S2Path::Product(path.to_path_buf())]);
        }
        let mut out = Vec::new();
        for (n, p, dir) in entries(path)? {
            if names::theia_product(&n).is_some() {
                out.push(if dir {
                    S2Path::Product(p)
                } else if n.ends_with(".zip") {
                    S2Path::Zip(p)
                } else {
                    *ignored += 1;
                    continue;
                });
            } else if !dir && is_tif(&n) && names::date_in_name(&n).is_some() {
                out.push(S2Path::Plain(p));
            } else {
                *ignored += 1;
            }
        }
        return Ok(out);
    }
    if name.ends_with(".zip") {
        if names::theia_product(&name).is_none() {
            return Err(bad(path, "not a THEIA Level-2A product zip: expected a name like SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2.zip"));
        }
        return Ok(vec![S2Path::Zip(path.to_path_buf())]);
    }
    if is_tif(&name) {
        if names::date_in_name(&name).is_none() {
            return Err(bad(
                path,
                "no date YYYYMMDD in the name of this plain Sentinel-2 GeoTIFF",
            ));
        }
        return Ok(vec![S2Path::Plain(path.to_path_buf())]);
    }
    Err(bad(
        path,
        "not a THEIA product (folder or zip), a plain GeoTIFF or a folder holding them",
    ))
}

fn read_text(path: &Path) -> Result<String, String> {
    let file = vfs::RandomAccess::open(path).map_err(|e| e.to_string())?;
    let len = file.byte_len().map_err(|e| e.to_string())?;
    let bytes = file
        .read_prefix(len.min(64 << 20))
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// Finds, checks and sorts every input of a run.
pub fn scan(
    s2_paths: &[PathBuf],
    s1_paths: &[PathBuf],
    settings: &Settings,
    grid: &mut TileGrid,
) -> Result<Inputs, InputError> {
    let mut inputs = Inputs::default();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for given in s2_paths {
        for item in classify_s2(given, &mut inputs.ignored)? {
            let input = match item {
                S2Path::Product(dir) => theia(&dir, &dir, settings, grid, &mut inputs)?,
                S2Path::Zip(zip) => {
                    let root = zip_root(&zip)?;
                    theia(&zip, &root, settings, grid, &mut inputs)?
                }
                S2Path::Plain(file) => Some(plain_s2(&file, settings, grid)?),
            };
            if let Some(input) = input {
                if let Some(first) = seen.insert(input.name.clone(), input.path.clone()) {
                    return Err(bad(
                        &input.path,
                        format!("the same product as {}", first.display()),
                    ));
                }
                inputs.s2.push(input);
            }
        }
    }
    for given in s1_paths {
        for input in s1(given, settings, grid, &mut inputs.ignored)? {
            if let Some(first) = seen.insert(input.name.clone(), input.path.clone()) {
                return Err(bad(
                    &input.path,
                    format!("the same acquisition as {}", first.display()),
                ));
            }
            inputs.s1.push(input);
        }
    }
    inputs
        .s2
        .sort_by(|a, b| (&a.date, &a.name).cmp(&(&b.date, &b.name)));
    inputs
        .s1
        .sort_by(|a, b| (&a.date, &a.name).cmp(&(&b.date, &b.name)));
    Ok(inputs)
}

/// The folder holding a zipped product's files: `/vsizip/ZIP/PRODUCT` when
/// the zip holds the product's folder (as THEIA's do), else `/vsizip/ZIP`.
fn zip_root(zip: &Path) -> Result<PathBuf, InputError> {
    let absolute =
        std::fs::canonicalize(zip).map_err(|e| bad(zip, format!("cannot be read: {e}")))?;
    let root = PathBuf::from(format!("/vsizip/{}", absolute.display()));
    let list = vfs::read_dir(&root)
        .map_err(|e| bad(zip, format!("cannot be read as a zip: {e}")))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(zip, format!("cannot be read as a zip: {e}")))?;
    if list.is_empty() {
        return Err(bad(zip, "cannot be read as a zip, or holds nothing"));
    }
    let product = names::theia_product(&zip.file_name().unwrap_or_default().to_string_lossy())
        .map(|n| n.product)
        .unwrap_or_default();
    let inner = root.join(&product);
    Ok(
        if list
            .iter()
            .any(|e| e.file_name().to_string_lossy() == product && e.is_dir().unwrap_or(false))
        {
            inner
        } else {
            root
        },
    )
}

/// A THEIA product at `root` (`path` names it in messages); `None` when
/// its cloud cover leaves it out.
fn theia(
    path: &Path,
    root: &Path,
    settings: &Settings,
    grid: &mut TileGrid,
    inputs: &mut Inputs,
) -> Result<Option<S2Input>, InputError> {
    let files = entries(root)?;
    let Some((mtd_name, mtd, _)) = files
        .iter()
        .find(|(n, _, d)| !d && n.ends_with("_MTD_ALL.xml"))
    else {
        return Err(bad(path, "no *_MTD_ALL.xml: not a THEIA Level-2A product"));
    };
    let product = mtd_name.trim_end_matches("_MTD_ALL.xml").to_string();
    let text = read_text(mtd).map_err(|e| bad(mtd, format!("cannot be read: {e}")))?;
    let meta = metadata::parse(&text).map_err(|e| bad(mtd, e))?;
    if meta.tile != grid.code {
        return Err(bad(
            path,
            format!(
                "a product of tile {}; expected tile {} (--tile)",
                meta.tile, grid.code
            ),
        ));
    }
    if let Some(n) = names::theia_product(&product) {
        if n.date != meta.date {
            return Err(bad(
                mtd,
                format!(
                    "acquired on {}, but the product's name says {}",
                    meta.date, n.date
                ),
            ));
        }
    }
    if meta.cloud_percent >= settings.max_cloud_cover {
        inputs.s2_cloudy.push(DroppedProduct {
            name: product,
            date: meta.date,
            cloud_percent: meta.cloud_percent,
        });
        return Ok(None);
    }
    let refl = settings.reflectance.code();
    let mut bands = Vec::new();
    for band in &settings.bands {
        let file = names::theia_band_file(&product, refl, band);
        if !files.iter().any(|(n, _, d)| !d && *n == file) {
            return Err(bad(
                path,
                format!("no band {band}: expected {file} in the product"),
            ));
        }
        let size = native_pixel_size(band).unwrap_or(10.0);
        let p = root.join(&file);
        let header = bands::header(&p).map_err(|e| bad(&p, e))?;
        let placement = grid.place(&header, size).map_err(|e| {
            let why = match (size == 10.0, header.geo_transform) {
                (true, Some(gt)) if (gt[1] - 20.0).abs() < 1e-6 => format!("20 m pixels; {band} is a 10 m band: expected 10 m pixels on the grid of tile {}", grid.code),
                (false, Some(gt)) if (gt[1] - 10.0).abs() < 1e-6 => format!("10 m pixels; {band} is a 20 m band: expected 20 m pixels on the grid of tile {}", grid.code),
                _ => e,
            };
            bad(&p, why)
        })?;
        check_integer(&p, &header)?;
        bands.push(Placed {
            path: p,
            placement,
            nodata: Some(header.nodata[0].unwrap_or(f64::from(meta.nodata))),
        });
    }
    let masks = root.join("MASKS");
    let mask_files = entries(&masks).map_err(|_| {
        bad(
            path,
            "no MASKS/ folder: expected the cloud and edge masks there",
        )
    })?;
    let mut mask = |kind: &str| -> Result<Placed, InputError> {
        let file = names::theia_mask_file(&product, kind);
        if !mask_files.iter().any(|(n, _, _)| *n == file) {
            return Err(bad(path, format!("no MASKS/{file}")));
        }
        let p = masks.join(&file);
        let header = bands::header(&p).map_err(|e| bad(&p, e))?;
        let placement = grid.place(&header, 10.0).map_err(|e| bad(&p, e))?;
        Ok(Placed {
            path: p,
            placement,
            nodata: None,
        })
    };
    let clouds = mask("CLM")?;
    let edge = mask("EDG")?;
    Ok(Some(S2Input {
        date: meta.date,
        name: product,
        path: path.to_path_buf(),
        cloud_percent: Some(meta.cloud_percent),
        kind: S2Kind::Theia {
            bands,
            clouds,
            edge,
        },
    }))
}

fn check_integer(path: &Path, header: &Header) -> Result<(), InputError> {
    use GdalDataType::*;
    match header.types.first() {
        Some(UInt8 | UInt16 | Int16 | UInt32 | Int32) => Ok(()),
        Some(t) => Err(bad(
            path,
            format!(
                "{} bands; expected reflectance × 10 000 as integers (Int16)",
                t.name()
            ),
        )),
        None => Err(bad(path, "has no band")),
    }
}

fn plain_s2(file: &Path, settings: &Settings, grid: &mut TileGrid) -> Result<S2Input, InputError> {
    let header = bands::header(file).map_err(|e| bad(file, e))?;
    let placement = grid
        .place(&header, settings.pixel_size)
        .map_err(|e| bad(file, e))?;
    check_integer(file, &header)?;
    let n = settings.bands.len();
    let described: Option<Vec<usize>> = settings
        .bands
        .iter()
        .map(|b| {
            header
                .descriptions
                .iter()
                .position(|d| d.eq_ignore_ascii_case(b))
                .map(|i| i + 1)
        })
        .collect();
    let band_index = match described {
        Some(index) => index,
        None if header.types.len() == n => (1..=n).collect(),
        None => {
            return Err(bad(
                file,
                format!(
                    "{} bands; expected {n} ({}), in that order or described by their names",
                    header.types.len(),
                    settings.bands.join(", ")
                ),
            ))
        }
    };
    let name = file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    Ok(S2Input {
        date: names::date_in_name(&name).unwrap_or_default(),
        name,
        path: file.to_path_buf(),
        cloud_percent: None,
        kind: S2Kind::Plain {
            file: Placed {
                path: file.to_path_buf(),
                placement,
                nodata: header.nodata[0],
            },
            band_index,
        },
    })
}

/// The Sentinel-1 acquisitions of one `--s1` path.
fn s1(
    given: &Path,
    settings: &Settings,
    grid: &mut TileGrid,
    ignored: &mut usize,
) -> Result<Vec<S1Input>, InputError> {
    if !vfs::is_virtual(given) && !given.exists() {
        return Err(bad(given, "does not exist"));
    }
    let files: Vec<(String, PathBuf)> = if vfs::is_dir(given) {
        entries(given)?
            .into_iter()
            .filter(|(_, _, d)| !d)
            .map(|(n, p, _)| (n, p))
            .collect()
    } else {
        let name = given
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !is_tif(&name) {
            return Err(bad(given, "not a GeoTIFF or a folder of GeoTIFFs"));
        }
        // An S1-Tiling file given alone brings its other polarisation.
        let twin = names::s1_tiling(&name).map(|n| match n.polarisation {
            Polarisation::Vv => name.replacen("_vv_", "_vh_", 1),
            Polarisation::Vh => name.replacen("_vh_", "_vv_", 1),
        });
        let twin = twin.map(|t| (t.clone(), given.with_file_name(t)));
        std::iter::once((name, given.to_path_buf()))
            .chain(twin.filter(|(_, p)| p.exists()))
            .collect()
    };
    let single = !vfs::is_dir(given);
    let mut pairs: BTreeMap<String, [Option<(PathBuf, names::S1TilingName)>; 2]> = BTreeMap::new();
    let mut out = Vec::new();
    for (name, path) in files {
        if let Some(n) = names::s1_tiling(&name) {
            if n.tile != grid.code {
                return Err(bad(
                    &path,
                    format!(
                        "a file of tile {}; expected tile {} (--tile)",
                        n.tile, grid.code
                    ),
                ));
            }
            let slot = usize::from(n.polarisation == Polarisation::Vh);
            let acquisition = n.acquisition();
            pairs.entry(acquisition).or_default()[slot] = Some((path, n));
        } else if !is_tif(&name) || name.contains("BorderMask") {
            *ignored += 1;
        } else if names::date_in_name(&name).is_some() {
            out.push(plain_s1(&path, &name, settings, grid)?);
        } else if single {
            return Err(bad(
                &path,
                "no date YYYYMMDD in the name of this plain Sentinel-1 GeoTIFF",
            ));
        } else {
            *ignored += 1;
        }
    }
    for (_, [vv, vh]) in pairs {
        let (vv, vh) = match (vv, vh) {
            (Some(vv), Some(vh)) => (vv, vh),
            (Some((p, _)), None) => {
                let want = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .replacen("_vv_", "_vh_", 1);
                return Err(bad(&p, format!("VV without VH: expected {want} beside it")));
            }
            (None, Some((p, _))) => {
                let want = p
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .replacen("_vh_", "_vv_", 1);
                return Err(bad(&p, format!("VH without VV: expected {want} beside it")));
            }
            (None, None) => continue,
        };
        let mut placed = |path: &Path| -> Result<Placed, InputError> {
            let header = bands::header(path).map_err(|e| bad(path, e))?;
            if header.types.len() != 1 {
                return Err(bad(
                    path,
                    format!(
                        "{} bands; an S1-Tiling file holds one polarisation",
                        header.types.len()
                    ),
                ));
            }
            let placement = grid
                .place(&header, settings.pixel_size)
                .map_err(|e| bad(path, e))?;
            // S1-Tiling reserves 0 for nodata.
            Ok(Placed {
                path: path.to_path_buf(),
                placement,
                nodata: Some(header.nodata[0].unwrap_or(0.0)),
            })
        };
        let (vv_path, n) = vv;
        let vv_placed = placed(&vv_path)?;
        let vh_placed = placed(&vh.0)?;
        out.push(S1Input {
            date: n.date.clone(),
            name: vv_path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            path: vv_path,
            direction: Some(n.direction),
            unit: BackscatterUnit::Linear,
            kind: S1Kind::Pair {
                vv: vv_placed,
                vh: vh_placed,
            },
        });
    }
    Ok(out)
}

fn plain_s1(
    path: &Path,
    name: &str,
    settings: &Settings,
    grid: &mut TileGrid,
) -> Result<S1Input, InputError> {
    let header = bands::header(path).map_err(|e| bad(path, e))?;
    let placement = grid
        .place(&header, settings.pixel_size)
        .map_err(|e| bad(path, e))?;
    if header.types.len() != 2 {
        return Err(bad(
            path,
            format!("{} bands; expected 2, VV and VH", header.types.len()),
        ));
    }
    let find = |p: &str| {
        header
            .descriptions
            .iter()
            .position(|d| d.eq_ignore_ascii_case(p))
            .map(|i| i + 1)
    };
    let (vv, vh) = match (find("VV"), find("VH")) {
        (Some(vv), Some(vh)) => (vv, vh),
        _ => (1, 2),
    };
    Ok(S1Input {
        date: names::date_in_name(name).unwrap_or_default(),
        name: name.to_string(),
        path: path.to_path_buf(),
        direction: None,
        unit: settings.s1_plain_unit,
        kind: S1Kind::Plain {
            file: Placed {
                path: path.to_path_buf(),
                placement,
                nodata: header.nodata[0],
            },
            vv,
            vh,
        },
    })
}

/// The ground reference: where it lies in the tile (10 m pixels) and its
/// nodata, checked to be an 8-bit class raster on the tile's grid.
pub fn ground_reference(
    path: &Path,
    settings: &Settings,
    grid: &mut TileGrid,
) -> Result<(Placed, super::patches::Window), InputError> {
    let header = bands::header(path).map_err(|e| bad(path, e))?;
    let placement = grid
        .place(&header, settings.pixel_size)
        .map_err(|e| bad(path, e))?;
    if header.types.first() != Some(&GdalDataType::UInt8) {
        let t = header
            .types
            .first()
            .map(|t| t.name())
            .unwrap_or_else(|| "no".into());
        return Err(bad(
            path,
            format!("{t} band; expected a Byte class raster (what generalize writes)"),
        ));
    }
    let tile = settings.tile_size as i64;
    let (x0, y0) = (placement.x0.max(0), placement.y0.max(0));
    let x1 = (placement.x0 + placement.width as i64).min(tile);
    let y1 = (placement.y0 + placement.height as i64).min(tile);
    if x1 <= x0 || y1 <= y0 {
        return Err(bad(path, format!("lies outside tile {}", grid.code)));
    }
    let window = super::patches::Window {
        x: x0 as usize,
        y: y0 as usize,
        width: (x1 - x0) as usize,
        height: (y1 - y0) as usize,
    };
    Ok((
        Placed {
            path: path.to_path_buf(),
            placement,
            nodata: header.nodata[0],
        },
        window,
    ))
}
