//! A generalization's inputs: the target grid (a tile of the Sentinel-2
//! tiling grid, the grid of a raster, or the raster to start from) and its
//! halo, the land cover mapped to classes and the road and railway lines
//! sorted into buffer widths, read within the work grid's bounds; and the
//! inputs read once for several tiles, reprojected to each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gdal::spatial_ref::SpatialRef;
use geo::BoundingRect;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::burn_roads::{Network, RoadLine, RoadSurface};
use super::config::{GeneralizeConfig, RoadsSection};
use super::error::JobError;
use super::pipeline::Step;
use super::rasterize::ClassPolygon;
use super::request::{job_tile, Job, PatchLayout, RoadOverrides, DEFAULT_HALO};
use crate::io::formats::geotiff;
use crate::io::formats::vector::{self, transform_points, Unmapped, VectorError};
use crate::model::grid::{TilingGrid, TILE_SIZE_M};
use crate::model::TileCode;
use crate::raster::Grid;

/// The grid of a Sentinel-2 tile at `pixel_size` metres (10 980 × 10 980
/// pixels at 10 m) and its CRS.
pub fn tile_grid(tile: &TileCode, pixel_size: f64) -> Result<(Grid, SpatialRef), JobError> {
    let g = TilingGrid::official()
        .get(tile)
        .ok_or(JobError::TileNotInGrid(*tile))?;
    let srs = vector::srs_from_epsg(g.epsg)?;
    let size = (TILE_SIZE_M / pixel_size).round() as usize;
    let grid = Grid {
        ulx: g.ulx,
        uly: g.uly,
        pixel_size,
        width: size,
        height: size,
    };
    Ok((grid, srs))
}

/// The target grid, its CRS (as WKT and as GDAL's, in easting/northing
/// order) and the raster to start from, when there is one (its pixels are
/// read once the memory they take has been checked).
pub(super) struct Target {
    pub(super) grid: Grid,
    pub(super) wkt: String,
    pub(super) srs: SpatialRef,
    pub(super) start: Option<PathBuf>,
}

pub(super) fn target(
    job: &Job,
    tile: Option<&TileCode>,
    layout: &PatchLayout,
) -> Result<Target, JobError> {
    if let Some(from) = &job.from {
        let (grid, wkt) = geotiff::read_class_grid(from)?;
        let srs = vector::srs_from_wkt(&wkt, from)?;
        return Ok(Target {
            grid,
            wkt,
            srs,
            start: Some(from.clone()),
        });
    }
    if let Some(like) = &job.like {
        let (grid, wkt) = geotiff::read_grid(like)?;
        let srs = vector::srs_from_wkt(&wkt, like)?;
        return Ok(Target {
            grid,
            wkt,
            srs,
            start: None,
        });
    }
    let tile = tile.ok_or(JobError::NoTargetGrid)?;
    let (grid, srs) = tile_grid(tile, layout.pixel_size)?;
    Ok(Target {
        grid,
        wkt: srs.to_wkt()?,
        srs,
        start: None,
    })
}

/// The halo of a job on `target`: none when starting from a raster.
pub(super) fn halo(job: &Job, target: &Target) -> usize {
    match target.start {
        Some(_) => 0,
        None => job.halo.unwrap_or(DEFAULT_HALO),
    }
}

/// The grid a job works on: its target grid and halo.
pub(super) fn work_grid(job: &Job, layout: &PatchLayout) -> Result<(Grid, SpatialRef), JobError> {
    let target = target(job, job_tile(job)?.as_ref(), layout)?;
    let halo = halo(job, &target);
    Ok((target.grid.expanded(halo), target.srs))
}

/// The land-cover polygons reaching the target grid (those without a class
/// too: they mark the source's coverage), and its rail surfaces when
/// `rail_buffer` is given (they are burned with it); unmapped codes are
/// reported through `note`.
fn land_cover(
    source: &Path,
    config: &GeneralizeConfig,
    (srs, grid): (&SpatialRef, &Grid),
    (strict, rail_buffer): (bool, Option<f64>),
    note: &mut dyn FnMut(&str),
) -> Result<(Vec<ClassPolygon>, Vec<RoadSurface>), JobError> {
    let lc = vector::read_land_cover(source, config, srs, Some(grid.bounds()))?;
    if !lc.unmapped.is_empty() {
        note_unmapped(source, &lc.unmapped, note);
        if strict {
            return Err(JobError::Unmapped(source.to_path_buf()));
        }
    }
    if lc.polygons.iter().all(|p| p.class == 0) {
        return Err(JobError::NoPolygons {
            path: source.to_path_buf(),
            layer: lc.layer,
            read: lc.features_read,
        });
    }
    let surfaces = match rail_buffer {
        Some(buffer_m) => super::network::rail_surfaces(&lc.polygons, buffer_m),
        None => Vec::new(),
    };
    let polygons = lc
        .polygons
        .into_iter()
        .map(|p| ClassPolygon {
            class: p.class,
            geometry: p.geometry,
        })
        .collect();
    Ok((polygons, surfaces))
}

fn note_unmapped(
    source: &Path,
    unmapped: &BTreeMap<(String, String), Unmapped>,
    note: &mut dyn FnMut(&str),
) {
    let total: u64 = unmapped.values().map(|u| u.count).sum();
    note(&format!(
        "{}: {total} features with codes missing from the mapping table were skipped:",
        source.display()
    ));
    for ((cs, us), u) in unmapped {
        let ids: Vec<String> = u.ids.iter().map(i64::to_string).collect();
        note(&format!(
            "  cover `{cs}`, usage `{us}`: {} features (ids {})",
            u.count,
            ids.join(", ")
        ));
    }
}

/// The buffer distance (each side, metres) of a road of `importance`:
/// `wide` for the profile's `wide_values`, `narrow` for its
/// `narrow_values`; `None`: the road is not burned.
pub fn road_buffer(
    importance: &str,
    roads: &RoadsSection,
    (wide, narrow): (f64, f64),
) -> Option<f64> {
    if roads.wide_values.iter().any(|v| v == importance) {
        Some(wide)
    } else if roads.narrow_values.iter().any(|v| v == importance) {
        Some(narrow)
    } else {
        None
    }
}

/// Road and railway lines of `path` reaching `grid` (in `srs`), with their
/// buffer distance on each side: the profile's wide and narrow importance
/// values (others are not burned), railways apart, the values read by the
/// buffer mode. `note` receives "no railway layer".
pub fn network_lines(
    path: &Path,
    config: &GeneralizeConfig,
    o: &RoadOverrides,
    (srs, grid): (&SpatialRef, &Grid),
    note: &mut dyn FnMut(&str),
) -> Result<Vec<RoadLine>, VectorError> {
    let r = &config.roads;
    let mode = o.mode.unwrap_or(r.buffer_mode);
    let wide = mode.each_side(o.wide_buffer.unwrap_or(r.wide_buffer_m));
    let narrow = mode.each_side(o.narrow_buffer.unwrap_or(r.narrow_buffer_m));
    let bounds = Some(grid.bounds());
    let lines = vector::read_lines(path, &r.layer, &r.importance_field, srs, bounds, false)?
        .unwrap_or_default();
    let mut roads: Vec<RoadLine> = lines
        .into_iter()
        .filter_map(|l| {
            let buffer_m = road_buffer(&l.importance, r, (wide, narrow))?;
            Some(RoadLine {
                geometry: l.geometry,
                buffer_m,
            })
        })
        .collect();
    let rail = &config.railways;
    if !rail.layer.is_empty() && super::network::railway_source(config, o).lines() {
        let buffer_m = super::network::railway_each_side(config, o);
        match vector::read_lines(path, &rail.layer, "", srs, bounds, true)? {
            Some(lines) => roads.extend(lines.into_iter().map(|l| RoadLine {
                geometry: l.geometry,
                buffer_m,
            })),
            None => note(&format!(
                "{}: no layer `{}`: no railway burned",
                path.display(),
                rail.layer
            )),
        }
    }
    Ok(roads)
}

/// The land cover and the network a job needs, read over `grid`.
pub(super) fn read_inputs(
    job: &Job,
    config: &GeneralizeConfig,
    (srs, grid): (&SpatialRef, &Grid),
    steps: &[Step],
    note: &mut dyn FnMut(&str),
) -> Result<(Vec<ClassPolygon>, Network), JobError> {
    let o = &job.overrides.roads;
    let rasterizing = steps.contains(&Step::Rasterize);
    let roads_step = steps.contains(&Step::Roads);
    let rail_buffer = (roads_step && super::network::railway_source(config, o).surfaces())
        .then(|| super::network::railway_each_side(config, o));
    let (polygons, surfaces) = match &job.source {
        Some(source) if rasterizing || rail_buffer.is_some() => {
            let strict = (job.strict_mapping, rail_buffer);
            let (polygons, surfaces) = land_cover(source, config, (srs, grid), strict, note)?;
            (if rasterizing { polygons } else { Vec::new() }, surfaces)
        }
        _ => {
            if rail_buffer.is_some() {
                note("no --source: no rail surface burned (railways come from the land cover's rail surfaces; --railways-from lines takes the railway lines)");
            }
            (Vec::new(), Vec::new())
        }
    };
    let lines = match (&job.roads, roads_step) {
        (Some(path), true) => network_lines(path, config, o, (srs, grid), note)?,
        _ => Vec::new(),
    };
    Ok((polygons, Network { lines, surfaces }))
}

/// Inputs read once for several tiles, in `srs`.
pub struct Inputs {
    pub srs: SpatialRef,
    pub polygons: Vec<ClassPolygon>,
    pub network: Network,
}

/// Whether the extent `r` (xmin, ymin, xmax, ymax) meets `b`.
fn meets(r: Option<geo_types::Rect<f64>>, b: [f64; 4]) -> bool {
    r.is_some_and(|r| {
        r.min().x <= b[2] && r.max().x >= b[0] && r.min().y <= b[3] && r.max().y >= b[1]
    })
}

const BETWEEN_TILES: &str = "(reprojection between tiles)";

impl Inputs {
    /// The polygons, lines and surfaces in `srs`, those reaching `grid`
    /// only.
    pub fn for_grid(
        &self,
        srs: &SpatialRef,
        grid: &Grid,
    ) -> Result<(Vec<ClassPolygon>, Network), JobError> {
        let b = grid.bounds();
        let same = *srs == self.srs;
        let (polygons, lines, surfaces) = if same {
            (
                self.polygons.clone(),
                self.network.lines.clone(),
                self.network.surfaces.clone(),
            )
        } else {
            let classes: Vec<u8> = self.polygons.iter().map(|p| p.class).collect();
            let geometries: Vec<&MultiPolygon<f64>> =
                self.polygons.iter().map(|p| &p.geometry).collect();
            let polygons = reproject_polygons(&geometries, &self.srs, srs)?
                .into_iter()
                .zip(classes)
                .map(|(geometry, class)| ClassPolygon { class, geometry })
                .collect();
            let geometries: Vec<&MultiPolygon<f64>> =
                self.network.surfaces.iter().map(|s| &s.geometry).collect();
            let surfaces = reproject_polygons(&geometries, &self.srs, srs)?
                .into_iter()
                .zip(&self.network.surfaces)
                .map(|(geometry, s)| RoadSurface {
                    geometry,
                    buffer_m: s.buffer_m,
                })
                .collect();
            let lines = reproject_lines(&self.network.lines, &self.srs, srs)?;
            (polygons, lines, surfaces)
        };
        let network = Network {
            lines: lines
                .into_iter()
                .filter(|l| meets(l.geometry.bounding_rect(), b))
                .collect(),
            surfaces: surfaces
                .into_iter()
                .filter(|s: &RoadSurface| meets(s.geometry.bounding_rect(), b))
                .collect(),
        };
        Ok((
            polygons
                .into_iter()
                .filter(|p| meets(p.geometry.bounding_rect(), b))
                .collect(),
            network,
        ))
    }
}

fn rings(p: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(p.exterior()).chain(p.interiors())
}

/// Transforms the coordinates of `lines` in order, and rebuilds each.
fn transformed(
    lines: &[&LineString<f64>],
    from: &SpatialRef,
    to: &SpatialRef,
) -> Result<Vec<LineString<f64>>, JobError> {
    let (mut xs, mut ys): (Vec<f64>, Vec<f64>) = lines
        .iter()
        .flat_map(|l| l.0.iter().map(|c| (c.x, c.y)))
        .unzip();
    transform_points(from, to, &mut xs, &mut ys, Path::new(BETWEEN_TILES))?;
    let mut at = 0;
    Ok(lines
        .iter()
        .map(|l| {
            let n = l.0.len();
            at += n;
            LineString((at - n..at).map(|i| Coord { x: xs[i], y: ys[i] }).collect())
        })
        .collect())
}

fn reproject_polygons(
    polygons: &[&MultiPolygon<f64>],
    from: &SpatialRef,
    to: &SpatialRef,
) -> Result<Vec<MultiPolygon<f64>>, JobError> {
    let all: Vec<&LineString<f64>> = polygons
        .iter()
        .flat_map(|p| p.0.iter().flat_map(rings))
        .collect();
    let mut moved = transformed(&all, from, to)?.into_iter();
    let mut next = || moved.next().unwrap_or_else(|| LineString(Vec::new()));
    Ok(polygons
        .iter()
        .map(|p| {
            MultiPolygon(
                p.0.iter()
                    .map(|g| {
                        let exterior = next();
                        let holes = (0..g.interiors().len()).map(|_| next()).collect();
                        Polygon::new(exterior, holes)
                    })
                    .collect(),
            )
        })
        .collect())
}

fn reproject_lines(
    lines: &[RoadLine],
    from: &SpatialRef,
    to: &SpatialRef,
) -> Result<Vec<RoadLine>, JobError> {
    let all: Vec<&LineString<f64>> = lines.iter().map(|l| &l.geometry).collect();
    let moved = transformed(&all, from, to)?;
    Ok(lines
        .iter()
        .zip(moved)
        .map(|(l, geometry)| RoadLine {
            geometry,
            buffer_m: l.buffer_m,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generalize::config::BufferMode;
    use crate::raster::Raster;

    #[test]
    fn road_classes_of_the_bundled_profile() {
        let roads = &GeneralizeConfig::bundled().roads;
        assert_eq!(road_buffer("1", roads, (30.0, 10.0)), Some(30.0));
        assert_eq!(road_buffer("2", roads, (30.0, 10.0)), Some(10.0));
        assert_eq!(road_buffer("2", roads, (30.0, 12.5)), Some(12.5));
        assert_eq!(road_buffer("5", roads, (30.0, 10.0)), None);
        assert_eq!(road_buffer("", roads, (30.0, 10.0)), None);
    }

    /// The two readings of a buffer, measured on a long straight road at a
    /// slight angle (so that pixel centres sample every offset): burned
    /// area / length is the corridor's width.
    #[test]
    fn buffer_modes_give_corridors_of_the_documented_widths() {
        use super::super::burn_roads::burn_roads;
        use geo_types::line_string;
        let grid = Grid {
            ulx: 0.0,
            uly: 4000.0,
            pixel_size: 10.0,
            width: 400,
            height: 400,
        };
        // From (0, 1000) to (4000, 1370): slope 0.0925.
        let (dx, dy) = (4000.0f64, 370.0f64);
        let road = line_string![(x: 0.0, y: 1000.0), (x: dx, y: 1000.0 + dy)];
        for (mode, value, expected) in [
            (BufferMode::Width, 30.0, 30.0),
            (BufferMode::Distance, 30.0, 60.0),
            (BufferMode::Width, 10.0, 10.0),
            (BufferMode::Distance, 10.0, 20.0),
        ] {
            let line = RoadLine {
                geometry: road.clone(),
                buffer_m: mode.each_side(value),
            };
            let (out, _) = burn_roads(&Raster::filled(400, 400, 6), &grid, &[line]);
            // Columns 50..350: away from the round ends.
            let burned = (0..400)
                .flat_map(|y| (50..350).map(move |x| (x, y)))
                .filter(|&(x, y)| out.get(x, y) == 5)
                .count() as f64;
            let length = 300.0 * 10.0 * (dx * dx + dy * dy).sqrt() / dx;
            let width = burned * 100.0 / length;
            assert!(
                (width - expected).abs() < 0.5,
                "{mode:?} {value} m: corridor {width:.2} m wide, expected {expected}"
            );
        }
    }
    #[test]
    fn tile_grids_from_the_tiling_grid() {
        let tile = TileCode::parse("31UGQ").unwrap();
        let (grid, _) = tile_grid(&tile, 10.0).unwrap();
        assert_eq!(
            (grid.width, grid.height, grid.pixel_size),
            (10_980, 10_980, 10.0)
        );
        let (coarse, _) = tile_grid(&tile, 20.0).unwrap();
        assert_eq!(coarse.width, 5_490);
        let ocean = TileCode::parse("31UAA").unwrap();
        assert!(matches!(
            tile_grid(&ocean, 10.0),
            Err(JobError::TileNotInGrid(_))
        ));
    }
}
