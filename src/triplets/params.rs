//! Every parameter of `multisenge triplets`, in one place: the options
//! ([`TripletsJob`], whose field comments are the `--help`), the profile
//! keys they override ([`Overrides`]), and the settings a run uses once
//! both, and the dataset profile, are resolved and checked ([`Settings`]).
//!
//! | option | profile key | default | unit | limits |
//! |---|---|---|---|---|
//! | `--reflectance` | `[sentinel2] reflectance` | `SRE` | | `SRE`, `FRE` |
//! | `--max-cloud-cover` | `[sentinel2] max_cloud_cover` | 10 | percent, strictly below | 0 – 100 |
//! | `--max-cloudy-pixels` | `[sentinel2] max_cloudy_pixels` | 0 | percent of a patch | 0 – 100 |
//! | `--min-s2-dates` | `[sentinel2] min_dates` | 1 | dates | 1 – 366 |
//! | `--min-s1-dates` | `[sentinel1] min_dates` | 1 | dates | 1 – 366 |
//! | `--same-day` | `[sentinel1] same_day` | `descending` | | `descending`, `ascending` |
//! | `--s1-plain-unit` | `[sentinel1] plain_unit` | `linear` | | `linear`, `dB` |
//! | `--s1-unit` | dataset profile `[rasters.s1] unit` | `dB` | | `linear`, `dB` |

use std::path::PathBuf;

use gdal::raster::GdalDataType;

use super::config::{Reflectance, TripletsConfig, MAX_MIN_DATES};
use super::select::SameDay;
use crate::generalize::limits::{within, OutOfRange};
use crate::io::memory::MemoryOptions;
use crate::model::TileCode;
use crate::profile::{BackscatterUnit, Profile};

/// Cut Sentinel-2 and Sentinel-1 time series into triplets with the ground
/// reference.
///
/// For each 256 × 256 patch of the tile's 257-pixel grid whose ground
/// reference has no empty pixel: one Sentinel-2 file per date kept (the
/// profile's bands stacked, 20 m bands resampled to 10 m by cubic
/// convolution), one Sentinel-1 file per date kept (VV, VH), the ground
/// reference, and the label file listing them, in the published layout. A
/// date is kept for a patch when it covers the patch (no nodata pixel, few
/// enough cloudy pixels). Options left out take the triplets profile's
/// values (--config); the defaults shown are those of the bundled profile,
/// `paper`. See docs/triplets.md.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct TripletsJob {
    /// Sentinel-2 tile (e.g. 31UGQ): the grid every input must be on (its
    /// UTM zone, its corner from the official tiling grid, 10 m pixels, or
    /// 20 m for the 20 m bands) and the name of every patch.
    #[arg(long, value_name = "CODE")]
    pub tile: String,
    /// The tile's ground reference: a class raster on the tile's 10 m grid
    /// (what `generalize` writes), the whole tile or a window of it.
    /// Patches holding an empty pixel (0, or the raster's nodata) are not
    /// written.
    #[arg(long, value_name = "FILE")]
    pub ground_reference: PathBuf,
    /// Sentinel-2 input: a THEIA Level-2A product (folder or zip), a plain
    /// GeoTIFF named with its date (the profile's bands, in order, on the
    /// tile's 10 m grid), or a folder holding them; repeatable.
    #[arg(long = "s2", value_name = "PATH", required = true)]
    pub s2: Vec<PathBuf>,
    /// Sentinel-1 input: S1-Tiling outputs (one GeoTIFF per acquisition and
    /// polarisation, VV and VH side by side), a plain two-band GeoTIFF (VV,
    /// VH) named with its date, or a folder holding them; repeatable.
    #[arg(long = "s1", value_name = "PATH", required = true)]
    pub s1: Vec<PathBuf>,
    /// The dataset folder written: ground_reference/, s2/, s1/, labels/
    /// (names from the dataset profile). Created if missing, in an
    /// existing folder.
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    #[command(flatten)]
    pub overrides: Overrides,
    /// Complete an interrupted run into the same folder: patches whose
    /// label file exists are left as they are, files already written are
    /// kept, only what is missing is written.
    #[arg(long)]
    pub resume: bool,
    /// Rewrite the patches of this tile in the output folder (their files
    /// that this run does not write are removed).
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
    /// Also write the run's summary as JSON: per sensor, inputs read,
    /// dates and patch dates kept and dropped (and why), and each written
    /// patch's dates. Default: none.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Skip patches whose footprint overlaps (by more than the default
    /// dataset profile's [spatial] overlap_tolerance, 10 m²) a patch of
    /// another tile in DATASET (a dataset or a folder of label files;
    /// repeatable) or already in the output folder, which is always
    /// avoided. Default: the output folder only.
    #[arg(long, value_name = "DATASET")]
    pub avoid: Vec<PathBuf>,
    /// Triplets profile (TOML): band order, reflectance, cloud limits,
    /// minimum dates, same-day rule; or `paper`, the bundled one
    /// (validators/triplets-paper.toml). [default: paper]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Dataset profile (TOML): folder names, patch size and grid, data
    /// types, Sentinel-2 nodata, Sentinel-1 unit. [default: the bundled
    /// validators/multisenge.toml]
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    #[command(flatten)]
    pub memory: MemoryOptions,
}

/// Profile keys given on the command line (`None`: the profile's value).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Overrides {
    /// THEIA reflectance stacked: SRE (surface reflectance, corrected for
    /// atmospheric effects: the paper's wording) or FRE (also corrected for
    /// slope effects). [default: SRE]
    #[arg(long, value_enum, value_name = "SRE|FRE")]
    pub reflectance: Option<Reflectance>,
    /// A Sentinel-2 product is kept only when its cloud cover (MTD_ALL.xml
    /// CloudPercent) is strictly below this, percent, 0 to 100. [default: 10]
    #[arg(long, value_name = "PERCENT")]
    pub max_cloud_cover: Option<f64>,
    /// A Sentinel-2 date is kept for a patch only when at most this share
    /// of the patch's pixels is cloudy in the product's cloud mask
    /// (MASKS/*_CLM_R1.tif), percent, 0 to 100. [default: 0]
    #[arg(long, value_name = "PERCENT")]
    pub max_cloudy_pixels: Option<f64>,
    /// Patches with fewer Sentinel-2 dates kept are not written, 1 to 366.
    /// [default: 1]
    #[arg(long, value_name = "N")]
    pub min_s2_dates: Option<usize>,
    /// Patches with fewer Sentinel-1 dates kept are not written, 1 to 366.
    /// [default: 1]
    #[arg(long, value_name = "N")]
    pub min_s1_dates: Option<usize>,
    /// Two Sentinel-1 acquisitions of one day: a patch keeps the one of this
    /// orbit direction that covers it, then the first by name.
    /// [default: descending]
    #[arg(long, value_enum, value_name = "DIRECTION")]
    pub same_day: Option<SameDay>,
    /// Unit of the Sentinel-1 files written; values are converted when the
    /// input's differs. [default: the dataset profile's [rasters.s1] unit,
    /// dB]
    #[arg(long, value_enum, value_name = "linear|dB")]
    pub s1_unit: Option<BackscatterUnit>,
    /// Unit of plain (not S1-Tiling) Sentinel-1 GeoTIFFs; S1-Tiling's are
    /// linear σ0. [default: linear]
    #[arg(long, value_enum, value_name = "linear|dB")]
    pub s1_plain_unit: Option<BackscatterUnit>,
}

/// A run's settings, resolved and checked.
#[derive(Clone, Debug)]
pub struct Settings {
    pub tile: TileCode,
    pub reflectance: Reflectance,
    /// Stacked Sentinel-2 bands, in order.
    pub bands: Vec<String>,
    pub max_cloud_cover: f64,
    pub cloud_mask_bits: u8,
    pub max_cloudy_pixels: f64,
    pub min_s2_dates: usize,
    pub min_s1_dates: usize,
    pub same_day: SameDay,
    pub s1_unit: BackscatterUnit,
    pub s1_plain_unit: BackscatterUnit,
    /// Data types and nodata of the files written (dataset profile).
    pub s2_type: GdalDataType,
    pub s2_nodata: Option<f64>,
    pub s1_type: GdalDataType,
    /// Patch size and grid stride, pixels; pixel size, metres; tile size,
    /// pixels (dataset profile).
    pub patch_size: usize,
    pub stride: usize,
    pub pixel_size: f64,
    pub tile_size: usize,
    /// Folder names: ground reference, Sentinel-2, Sentinel-1, labels.
    pub folders: [String; 4],
}

/// Why settings cannot be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    #[error("--tile `{code}`: {why}")]
    Tile {
        code: String,
        why: crate::model::tile::TileCodeError,
    },
    #[error(transparent)]
    OutOfRange(#[from] OutOfRange),
    #[error("the dataset profile's [rasters.{kind}] {what}")]
    Profile { kind: &'static str, what: String },
}

impl Settings {
    /// The job's options over the triplets profile `config`, with the
    /// dataset `profile`'s shape, types and units.
    pub fn resolve(
        job: &TripletsJob,
        config: &TripletsConfig,
        profile: &Profile,
    ) -> Result<Settings, SettingsError> {
        let tile = TileCode::parse(&job.tile).map_err(|why| SettingsError::Tile {
            code: job.tile.clone(),
            why,
        })?;
        let (o, s2, s1) = (&job.overrides, &config.sentinel2, &config.sentinel1);
        let max_cloud_cover = o.max_cloud_cover.unwrap_or(s2.max_cloud_cover);
        within(
            "--max-cloud-cover (max_cloud_cover)",
            max_cloud_cover,
            0.0,
            100.0,
            " percent",
        )?;
        let max_cloudy_pixels = o.max_cloudy_pixels.unwrap_or(s2.max_cloudy_pixels);
        within(
            "--max-cloudy-pixels (max_cloudy_pixels)",
            max_cloudy_pixels,
            0.0,
            100.0,
            " percent",
        )?;
        let min_s2_dates = o.min_s2_dates.unwrap_or(s2.min_dates);
        let min_s1_dates = o.min_s1_dates.unwrap_or(s1.min_dates);
        let max = MAX_MIN_DATES as f64;
        within(
            "--min-s2-dates (min_dates)",
            min_s2_dates as f64,
            1.0,
            max,
            " dates",
        )?;
        within(
            "--min-s1-dates (min_dates)",
            min_s1_dates as f64,
            1.0,
            max,
            " dates",
        )?;
        let raster_type = |kind: &'static str, name: &str| {
            crate::io::raster::data_type_from_name(name).ok_or_else(|| SettingsError::Profile {
                kind,
                what: format!("data_type `{name}` is not a GDAL data type"),
            })
        };
        let r = &profile.rasters;
        if r.s2.bands != s2.bands.len() {
            return Err(SettingsError::Profile {
                kind: "s2",
                what: format!(
                    "bands = {} but the triplets profile stacks {} ({})",
                    r.s2.bands,
                    s2.bands.len(),
                    s2.bands.join(", ")
                ),
            });
        }
        if r.s1.bands != 2 {
            return Err(SettingsError::Profile {
                kind: "s1",
                what: format!(
                    "bands = {}, but a Sentinel-1 patch stacks VV and VH",
                    r.s1.bands
                ),
            });
        }
        let s1_unit = match (o.s1_unit, r.s1.unit) {
            (Some(u), _) | (None, Some(u)) => u,
            (None, None) => BackscatterUnit::Db,
        };
        let folders = &profile.folders;
        Ok(Settings {
            tile,
            reflectance: o.reflectance.unwrap_or(s2.reflectance),
            bands: s2.bands.clone(),
            max_cloud_cover,
            cloud_mask_bits: s2.cloud_mask_bits,
            max_cloudy_pixels,
            min_s2_dates,
            min_s1_dates,
            same_day: o.same_day.unwrap_or(s1.same_day),
            s1_unit,
            s1_plain_unit: o.s1_plain_unit.unwrap_or(s1.plain_unit),
            s2_type: raster_type("s2", &r.s2.data_type)?,
            s2_nodata: r.s2.nodata,
            s1_type: raster_type("s1", &r.s1.data_type)?,
            patch_size: profile.dataset.patch_size as usize,
            stride: profile.dataset.grid_stride as usize,
            pixel_size: profile.georeferencing.pixel_size,
            tile_size: profile.dataset.tile_size as usize,
            folders: [
                folders.ground_reference.clone(),
                folders.s2.clone(),
                folders.s1.clone(),
                folders.labels.clone(),
            ],
        })
    }

    /// The Sentinel-2 nodata written, as a 16-bit value (THEIA's −10 000
    /// when the dataset profile has none).
    pub fn s2_nodata_i16(&self) -> i16 {
        self.s2_nodata
            .filter(|v| v.fract() == 0.0 && *v >= f64::from(i16::MIN) && *v <= f64::from(i16::MAX))
            .map(|v| v as i16)
            .unwrap_or(super::metadata::THEIA_NODATA)
    }
}

/// The folder of each file kind, under the output.
pub fn folder(
    settings: &Settings,
    output: &std::path::Path,
    kind: crate::model::FileKind,
) -> PathBuf {
    use crate::model::FileKind;
    let i = match kind {
        FileKind::GroundReference => 0,
        FileKind::S2 => 1,
        FileKind::S1 => 2,
        FileKind::Label => 3,
    };
    output.join(&settings.folders[i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::LoadedProfile;

    fn job() -> TripletsJob {
        TripletsJob {
            tile: "31UGQ".into(),
            ..TripletsJob::default()
        }
    }

    #[test]
    fn options_win_over_the_profiles_and_limits_are_checked() {
        let profile = LoadedProfile::default_profile().profile;
        let config = TripletsConfig::paper();
        let s = Settings::resolve(&job(), &config, &profile).unwrap();
        assert_eq!((s.max_cloud_cover, s.min_s2_dates), (10.0, 1));
        assert_eq!(s.s1_unit, BackscatterUnit::Db);
        assert_eq!(
            (s.s2_type, s.s1_type),
            (GdalDataType::Int16, GdalDataType::Float32)
        );
        assert_eq!(s.s2_nodata_i16(), -10_000);
        assert_eq!((s.patch_size, s.stride, s.tile_size), (256, 257, 10_980));
        let mut j = job();
        j.overrides.max_cloud_cover = Some(30.0);
        j.overrides.s1_unit = Some(BackscatterUnit::Linear);
        j.overrides.reflectance = Some(Reflectance::Fre);
        let s = Settings::resolve(&j, &config, &profile).unwrap();
        assert_eq!(
            (s.max_cloud_cover, s.s1_unit),
            (30.0, BackscatterUnit::Linear)
        );
        assert_eq!(s.reflectance, Reflectance::Fre);
        for (set, what) in [
            ((Some(f64::NAN), None, None), "--max-cloud-cover"),
            ((None, Some(100.5), None), "--max-cloudy-pixels"),
            ((None, None, Some(0)), "--min-s2-dates"),
        ] {
            let mut j = job();
            j.overrides.max_cloud_cover = set.0;
            j.overrides.max_cloudy_pixels = set.1;
            j.overrides.min_s2_dates = set.2;
            let e = Settings::resolve(&j, &config, &profile).unwrap_err();
            assert!(e.to_string().starts_with(what), "{e}");
        }
        let mut j = job();
        j.overrides.min_s1_dates = Some(367);
        assert!(Settings::resolve(&j, &config, &profile).is_err());
        let bad_tile = TripletsJob {
            tile: "31XYZ1".into(),
            ..job()
        };
        assert!(matches!(
            Settings::resolve(&bad_tile, &config, &profile),
            Err(SettingsError::Tile { .. })
        ));
        let mut fewer = config.clone();
        fewer.sentinel2.bands.truncate(4);
        let e = Settings::resolve(&job(), &fewer, &profile).unwrap_err();
        assert!(
            e.to_string()
                .contains("bands = 10 but the triplets profile stacks 4"),
            "{e}"
        );
    }
}
