//! What a generalization job asks for: the options of `multisenge
//! generalize` as a [`Job`] (target grid, inputs, steps, outputs), the
//! step parameters given over the profile's defaults ([`Overrides`]), the
//! dataset's patch layout, and the parsing of the values they hold (MMU,
//! closing, steps, dates, tile code).

use std::path::PathBuf;

use super::config::{BufferMode, PixelRule, RailwaySource};
use super::error::JobError;
use super::pipeline::Step;
use super::remove_small_regions::hectares_to_pixels;
use crate::model::TileCode;
use crate::spatial::avoid::AvoidPatches;

/// Everything a generalization is asked to do: the options of
/// `multisenge generalize` (parsed by [`crate::jobspec::generalize`]).
/// Options left `None` take the generalization profile's default.
#[derive(Clone, Debug, Default)]
pub struct Job {
    /// Land-cover polygons: any OGR format (GeoPackage, Shapefile, GeoJSON,
    /// FlatGeobuf) in any declared CRS; reprojected to the tile's UTM zone.
    pub source: Option<PathBuf>,
    /// Road and railway lines (layers and fields named in the profile).
    /// Without it, step `roads` burns nothing.
    pub roads: Option<PathBuf>,
    /// Target grid: the 10 980 × 10 980 px, 10 m grid of this Sentinel-2
    /// tile (e.g. 31UGQ, from the official tiling grid). Also names patches.
    pub tile: Option<String>,
    /// Several tiles in one run, comma-separated: the source is read once;
    /// -o must hold `{tile}` (e.g. out/{tile}_GR.tif). Replaces --tile.
    pub tiles: Vec<String>,
    /// Target grid: the grid and CRS of this raster instead of a tile.
    pub like: Option<PathBuf>,
    /// Start from this class raster instead of rasterizing (to run later
    /// steps alone, e.g. on a kept intermediate); its grid is the target grid.
    pub from: Option<PathBuf>,
    /// Steps to run, comma-separated, always in pipeline order: rasterize,
    /// sieve, fill, close, roads, final-mmu, or `all`.
    pub steps: Vec<String>,
    /// Final ground-reference raster (GeoTIFF, tiled, DEFLATE).
    pub output: Option<PathBuf>,
    /// Also write every step's raster beside the output, as
    /// OUTPUT-STEM.N-STEP.tif.
    pub keep_intermediate: bool,
    /// Cut 256 × 256 patches on the 257-pixel grid into DIR/ground_reference
    /// ({tile}_GR_{x}_{y}.tif) and DIR/labels ({tile}_{x}_{y}.json); patches
    /// holding any empty pixel (outside the source's coverage, or not
    /// reached by the fill) are skipped. Needs --tile for the names.
    pub patches: Option<PathBuf>,
    /// With --patches: also write NAME.tif.aux.xml beside every patch
    /// (category names and attribute table, which QGIS shows as the
    /// legend). Default: none, as in the published dataset; the colour
    /// table, nodata and band description are in every patch.
    pub patch_sidecars: bool,
    /// Sentinel-2 dates listed in every label file's corresponding_s2 as
    /// {tile}_{date}_S2_{x}_{y}.tif, comma-separated YYYYMMDD. Default: none
    /// (the field is an empty string).
    pub s2_dates: Vec<String>,
    /// Sentinel-1 dates for corresponding_s1, as --s2-dates. Default: none.
    pub s1_dates: Vec<String>,
    pub overrides: Overrides,
    /// Fail (exit 2) when source features have codes missing from the
    /// mapping table, instead of reporting and skipping them.
    pub strict_mapping: bool,
    /// Write the output as a Cloud Optimized GeoTIFF (tiled 512 px, DEFLATE,
    /// internal overviews). Default: a tiled GeoTIFF, with internal
    /// overviews from 1 024 px a side.
    pub cog: bool,
    /// Also write a QGIS style (`NAME.qml`) beside the output and each
    /// patch.
    pub qml: bool,
    /// Overwrite existing outputs.
    pub force: bool,
    /// Patches of other tiles the written patches must not overlap (read by
    /// the caller: `footprints::existing_patches`).
    pub avoid: Option<AvoidPatches>,
    /// Pixels read and processed beyond each side of the target grid, then
    /// cropped, so that decisions at its edge see the ground beyond; 0
    /// disables; ignored with --from. [default: 512]
    pub halo: Option<usize>,
    pub memory: crate::io::safety::memory::MemoryOptions,
}

/// The default halo, pixels (5.12 km at 10 m): beyond the fill's search
/// radius (16 px), the closing and an MMU region's extent, so that the
/// decisions at the tile's edge see the ground beyond it.
pub const DEFAULT_HALO: usize = 512;

/// Step parameters given on the command line, over the profile's defaults.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// Step 1 pixel rule: `centre` (class of the polygon containing the pixel
    /// centre, as gdal_rasterize) or `majority` (class covering most of the
    /// pixel, on N × N samples). [default: majority]
    pub pixel_rule: Option<PixelRule>,
    /// N of the majority rule, samples per pixel side. [default: 3]
    pub majority_samples: Option<usize>,
    /// Minimum mapping unit of steps sieve and final-mmu: regions with fewer
    /// pixels are removed; pixels (`250`, `250px`) or hectares (`2.5ha`).
    /// [default: 250 px = 2.5 ha]
    pub mmu: Option<String>,
    /// Region connectivity, 4 or 8 neighbours. [default: 8]
    pub connectivity: Option<u8>,
    /// Step fill: number of nearest labelled pixels voting. [default: 8]
    pub fill_k: Option<usize>,
    /// Step fill: power p of the vote weight 1 / distance^p. [default: 1]
    pub fill_power: Option<f64>,
    /// Step fill: search radius of the vote, pixels; farther pixels take the
    /// class of their nearest labelled pixel by propagation. [default: 16]
    pub fill_max_radius: Option<usize>,
    /// Step fill: how far the propagation may go beyond --fill-max-radius,
    /// pixels; farther pixels stay empty and patches holding them are not
    /// written. [default: no limit]
    pub fill_propagation_limit: Option<usize>,
    /// Step fill: also fill the pixels outside the source's coverage (no
    /// source polygon covers them), propagating classes over the whole
    /// grid; `false` leaves them empty (nodata) and no patch holding them
    /// is written. [default: false]
    pub fill_beyond_coverage: Option<bool>,
    /// Step close: structuring element WIDTHxHEIGHT, pixels, odd. [default: 3x3]
    pub closing: Option<String>,
    pub roads: RoadOverrides,
    /// Step roads: also burn roads and railways over pixels outside the
    /// source's coverage; `false` leaves them empty. [default: false]
    pub burn_outside_coverage: Option<bool>,
    /// Step final-mmu (not in the paper): regions below the MMU left by
    /// steps 3–5 (class 5 exempt) merge into the neighbouring class with the
    /// longest shared boundary, or into class 5 when enclosed by roads; at
    /// most N passes; 0 disables. [default: 0]
    pub final_mmu_passes: Option<usize>,
}

/// Road and railway buffer options over the profile's `[roads]` and
/// `[railways]` values (shared by `generalize` and `compare --roads`).
#[derive(Clone, Debug, Default)]
pub struct RoadOverrides {
    /// Step roads: buffer of the most important roads, metres. [default: 30]
    pub wide_buffer: Option<f64>,
    /// Step roads: buffer of secondary roads, metres. [default: 10]
    pub narrow_buffer: Option<f64>,
    /// Step roads: buffer of railways, metres. [default: 10]
    pub railway_buffer: Option<f64>,
    /// Step roads: the buffers are the corridor's total `width` or a
    /// `distance` on each side. [default: width]
    pub mode: Option<BufferMode>,
    /// Step roads: railways from the railway `lines` of the roads file, the
    /// rail `surfaces` of the land-cover source, or `both`.
    /// [default: surfaces]
    pub railways_from: Option<RailwaySource>,
}

/// The shape of the dataset's patches, from the dataset profile
/// (`[dataset] patch_size`, `grid_stride`, `[georeferencing] pixel_size`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PatchLayout {
    /// Patch width and height, pixels.
    pub size: usize,
    /// Step between patch origins, pixels.
    pub stride: usize,
    /// Pixel size of a tile's grid, metres.
    pub pixel_size: f64,
}

impl PatchLayout {
    /// The layout of a dataset profile.
    pub fn of(profile: &crate::profile::Profile) -> PatchLayout {
        PatchLayout {
            size: profile.dataset.patch_size as usize,
            stride: profile.dataset.grid_stride as usize,
            pixel_size: profile.georeferencing.pixel_size,
        }
    }
}

/// Parses `250`, `250px` or `2.5ha` into pixels at `pixel_size` metres.
pub fn parse_mmu(text: &str, pixel_size: f64) -> Result<usize, JobError> {
    let t = text.trim();
    let bad = || JobError::Mmu(text.to_string());
    if let Some(ha) = t.strip_suffix("ha") {
        let v: f64 = ha.trim().parse().map_err(|_| bad())?;
        if !(v >= 0.0 && v.is_finite()) {
            return Err(bad());
        }
        Ok(hectares_to_pixels(v, pixel_size))
    } else {
        t.strip_suffix("px")
            .unwrap_or(t)
            .trim()
            .parse()
            .map_err(|_| bad())
    }
}

/// Parses `WIDTHxHEIGHT` with odd sizes.
pub fn parse_closing(text: &str) -> Result<(usize, usize), JobError> {
    let bad = || JobError::Closing(text.to_string());
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (usize, usize) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if w % 2 == 0 || h % 2 == 0 {
        return Err(bad());
    }
    Ok((w, h))
}

/// The steps named, in the order given (the pipeline sorts them).
pub fn parse_steps(names: &[String]) -> Result<Vec<Step>, JobError> {
    let mut steps = Vec::new();
    for s in names {
        if s == "all" {
            steps.extend(Step::ALL);
        } else {
            steps.push(Step::parse(s).ok_or_else(|| JobError::UnknownStep(s.clone()))?);
        }
    }
    Ok(steps)
}

/// The dates listed in every label file are calendar dates, as `validate`
/// requires of them (rule N003): checked before any work.
pub(super) fn check_dates(job: &Job) -> Result<(), JobError> {
    for (option, dates) in [("--s2-dates", &job.s2_dates), ("--s1-dates", &job.s1_dates)] {
        for date in dates {
            crate::model::naming::Date::parse(date)
                .map_err(|why| JobError::BadDate { option, why })?;
        }
    }
    Ok(())
}

/// Parses the job's tile code, if any.
pub(super) fn job_tile(job: &Job) -> Result<Option<TileCode>, JobError> {
    match &job.tile {
        Some(code) => Ok(Some(TileCode::parse(code).map_err(|why| {
            JobError::InvalidTile {
                code: code.clone(),
                why,
            }
        })?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mmu_accepts_pixels_and_hectares() {
        assert_eq!(parse_mmu("250", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("250px", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("2.5ha", 10.0).unwrap(), 250);
        assert_eq!(parse_mmu("1 ha", 10.0).unwrap(), 100);
        assert!(parse_mmu("big", 10.0).is_err());
        assert!(parse_mmu("-1ha", 10.0).is_err());
        assert!(parse_mmu("NaNha", 10.0).is_err());
        assert_eq!(parse_closing("5x3").unwrap(), (5, 3));
        assert!(parse_closing("4x4").is_err());
        assert!(parse_closing("3").is_err());
    }
    #[test]
    fn steps_are_named_or_all() {
        let all = parse_steps(&["all".into()]).unwrap();
        assert_eq!(all, Step::ALL.to_vec());
        assert!(matches!(
            parse_steps(&["smooth".into()]),
            Err(JobError::UnknownStep(s)) if s == "smooth"
        ));
    }
}
