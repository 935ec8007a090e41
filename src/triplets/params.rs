//! Every parameter of `multisenge triplets`, in one place: the request
//! ([`TripletsJob`]; its options are `crate::jobspec::triplets`), the
//! profile keys they override ([`Overrides`]), and the settings a run uses once
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
use crate::io::safety::memory::MemoryOptions;
use crate::model::TileCode;
use crate::profile::{BackscatterUnit, Profile};

/// A `triplets` run as asked for: the inputs, the output, and the profile
/// keys given (`crate::jobspec::triplets` fills it from either front end;
/// the options' help is there).
#[derive(Clone, Debug, Default)]
pub struct TripletsJob {
    /// Sentinel-2 tile: the grid every input must be on, and the patches'
    /// names.
    pub tile: String,
    /// The tile's ground reference (a class raster on its 10 m grid).
    pub ground_reference: PathBuf,
    /// Sentinel-2 inputs: THEIA products (folders or zips), dated plain
    /// GeoTIFFs, or folders holding them.
    pub s2: Vec<PathBuf>,
    /// Sentinel-1 inputs: S1-Tiling outputs, dated plain GeoTIFFs, or
    /// folders holding them.
    pub s1: Vec<PathBuf>,
    /// The dataset folder written.
    pub output: PathBuf,
    pub overrides: Overrides,
    /// Complete an interrupted run (keep what is there, write the rest).
    pub resume: bool,
    /// Rewrite the tile's patches (and remove those this run does not write).
    pub force: bool,
    /// The summary as JSON.
    pub report: Option<PathBuf>,
    /// Datasets whose patches of other tiles must not be overlapped.
    pub avoid: Vec<PathBuf>,
    /// The triplets profile (a file, or `paper`); `None`: `paper`.
    pub config: Option<PathBuf>,
    /// The dataset profile; `None`: the bundled one.
    pub profile: Option<PathBuf>,
    pub memory: MemoryOptions,
    /// In a run whose writes are staged until it succeeds
    /// (`io::safety::journal`), publish each file as soon as it is
    /// written, so that an interrupted run leaves whole files that
    /// `resume` completes (the command line); `false`: all or nothing (the
    /// QGIS plugin's job, whose Cancel leaves nothing).
    pub publish_as_written: bool,
}

/// Profile keys given as options (`None`: the profile's value).
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub reflectance: Option<Reflectance>,
    /// Percent, 0 to 100.
    pub max_cloud_cover: Option<f64>,
    /// Percent of a patch, 0 to 100.
    pub max_cloudy_pixels: Option<f64>,
    /// Dates, 1 to 366.
    pub min_s2_dates: Option<usize>,
    pub min_s1_dates: Option<usize>,
    pub same_day: Option<SameDay>,
    pub s1_unit: Option<BackscatterUnit>,
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
    /// Stacked Sentinel-1 bands, in order: VV and VH (the dataset
    /// profile's `[rasters.s1] band_names`, VV first by default).
    pub s1_bands: Vec<String>,
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
            crate::io::formats::raster::data_type_from_name(name).ok_or_else(|| {
                SettingsError::Profile {
                    kind,
                    what: format!("data_type `{name}` is not a GDAL data type"),
                }
            })
        };
        let r = &profile.rasters;
        let bands =
            r.s2.band_names
                .clone()
                .ok_or_else(|| SettingsError::Profile {
                    kind: "s2",
                    what: "band_names is missing: it names the bands stacked in every Sentinel-2 \
                   file, in their order"
                        .into(),
                })?;
        super::config::check_bands(&bands).map_err(|m| SettingsError::Profile {
            kind: "s2",
            what: format!("band_names: {}", m.trim_start_matches("bands: ")),
        })?;
        if r.s2.bands != bands.len() {
            return Err(SettingsError::Profile {
                kind: "s2",
                what: format!(
                    "bands = {} but band_names names {} ({})",
                    r.s2.bands,
                    bands.len(),
                    bands.join(", ")
                ),
            });
        }
        let s1_bands =
            r.s1.band_names
                .clone()
                .unwrap_or_else(|| vec!["VV".into(), "VH".into()]);
        let mut sorted = s1_bands.clone();
        sorted.sort();
        if sorted != ["VH", "VV"] {
            return Err(SettingsError::Profile {
                kind: "s1",
                what: format!(
                    "band_names = [{}]: a Sentinel-1 patch stacks VV and VH, in either order",
                    s1_bands.join(", ")
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
            bands,
            max_cloud_cover,
            cloud_mask_bits: s2.cloud_mask_bits,
            max_cloudy_pixels,
            min_s2_dates,
            min_s1_dates,
            same_day: o.same_day.unwrap_or(s1.same_day),
            s1_unit,
            s1_plain_unit: o.s1_plain_unit.unwrap_or(s1.plain_unit),
            s1_bands,
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
        let mut fewer = profile.clone();
        fewer.rasters.s2.band_names =
            Some(vec!["B2".into(), "B3".into(), "B4".into(), "B8".into()]);
        let e = Settings::resolve(&job(), &config, &fewer).unwrap_err();
        assert!(
            e.to_string()
                .contains("[rasters.s2] bands = 10 but band_names names 4"),
            "{e}"
        );
        let mut swapped = profile.clone();
        let names = swapped.rasters.s2.band_names.as_mut().unwrap();
        names.swap(3, 4);
        let s = Settings::resolve(&job(), &config, &swapped).unwrap();
        assert_eq!(s.bands[3..5], ["B5", "B8"], "the dataset profile's order");
        let mut unnamed = profile.clone();
        unnamed.rasters.s2.band_names = None;
        let e = Settings::resolve(&job(), &config, &unnamed).unwrap_err();
        assert!(e.to_string().contains("band_names is missing"), "{e}");
        assert_eq!(
            Settings::resolve(&job(), &config, &profile)
                .unwrap()
                .s1_bands,
            ["VV", "VH"]
        );
        let mut vh_first = profile.clone();
        vh_first.rasters.s1.band_names = Some(vec!["VH".into(), "VV".into()]);
        let s = Settings::resolve(&job(), &config, &vh_first).unwrap();
        assert_eq!(s.s1_bands, ["VH", "VV"]);
        vh_first.rasters.s1.band_names = Some(vec!["VV".into(), "HV".into()]);
        let e = Settings::resolve(&job(), &config, &vh_first).unwrap_err();
        assert!(
            e.to_string().contains("[rasters.s1] band_names = [VV, HV]"),
            "{e}"
        );
        let mut odd = profile.clone();
        odd.rasters.s2.band_names.as_mut().unwrap()[0] = "B1".into();
        let e = Settings::resolve(&job(), &config, &odd).unwrap_err();
        assert!(
            e.to_string().contains("band_names: `B1` is not a band"),
            "{e}"
        );
    }
}
