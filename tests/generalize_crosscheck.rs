//! Cross-checks of the generalization steps against real implementations,
//! on the same inputs: gdal_rasterize, scipy.ndimage.label,
//! scipy.ndimage.binary_closing, and GEOS buffers (python3-gdal) rasterized
//! by GDAL. Each test states the agreement it requires and why any
//! difference is legitimate.

#![allow(clippy::needless_range_loop)]

mod generalize_common;

use generalize_common::*;
use multisenge::generalize::burn_roads::{burn_roads, RoadLine};
use multisenge::generalize::close::BitMask;
use multisenge::generalize::config::{GeneralizeConfig, PixelRule};
use multisenge::generalize::rasterize::{rasterize, ClassPolygon};
use multisenge::generalize::remove_small_regions::{remove_small_regions, Connectivity};
use multisenge::generalize::{Raster, OUTSIDE};
use multisenge::io::formats::geotiff::{self, WriteOptions};
use multisenge::io::formats::vector;

const PIXELS: usize = 600;

/// Our rasterization of the synthetic source, and the polygons, in UTM.
fn polygons(dir: &std::path::Path) -> Vec<vector::SourcePolygon> {
    let src = source(dir, 6000);
    let (grid, wkt) = grid(PIXELS);
    let srs = gdal::spatial_ref::SpatialRef::from_wkt(&wkt).unwrap();
    let mut srs = srs;
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let b = [grid.ulx, grid.uly - 6000.0, grid.ulx + 6000.0, grid.uly];
    vector::read_land_cover(&src, &GeneralizeConfig::bundled(), &srs, Some(b))
        .unwrap()
        .polygons
}

/// Agreement with `gdal_rasterize` (default rule: pixel centre inside the
/// polygon, later features over earlier ones) on ~1 000 polygons with holes,
/// slivers, multipolygons and bow-tie rings, reprojected once and written to
/// a GeoPackage read by both. Required: ≥ 99.9 % identical pixels. Pixel
/// centres lying on a polygon edge (to floating-point precision) may go
/// either way; nothing else may differ.
#[test]
fn rasterize_agrees_with_gdal_rasterize() {
    if !tool("gdal_rasterize", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let polys = polygons(dir.path());
    let (grid, wkt) = grid(PIXELS);
    let mut srs = gdal::spatial_ref::SpatialRef::from_wkt(&wkt).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let utm = dir.path().join("utm.gpkg");
    let rows: Vec<_> = polys.iter().map(|p| (p.id, p.class, &p.geometry)).collect();
    vector::write_polygons(&utm, &srs, &rows, true).unwrap();
    let like = like(dir.path(), PIXELS);
    let theirs = dir.path().join("gdal.tif");
    std::fs::copy(&like, &theirs).unwrap();
    let out = std::process::Command::new("gdal_rasterize")
        .args(["-q", "-a", "class", "-l", "lost_polygons"])
        .arg(&utm)
        .arg(&theirs)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shapes: Vec<ClassPolygon> = polys
        .iter()
        .map(|p| ClassPolygon {
            class: p.class,
            geometry: p.geometry.clone(),
        })
        .collect();
    let mut ours = rasterize(&shapes, &grid, PixelRule::Centre, 1);
    // gdal_rasterize leaves 0 where no polygon is; ours tells it apart
    // (255, outside the source's coverage).
    for v in &mut ours.data {
        if *v == OUTSIDE {
            *v = 0;
        }
    }
    let theirs = read(&theirs);
    let same = ours
        .data
        .iter()
        .zip(&theirs.data)
        .filter(|(a, b)| a == b)
        .count();
    let share = same as f64 / ours.data.len() as f64;
    eprintln!(
        "rasterize vs gdal_rasterize: {:.4} % identical ({} polygons)",
        share * 100.0,
        shapes.len()
    );
    assert!(share >= 0.999, "only {:.4} % identical", share * 100.0);
}

/// Small-region removal against scipy: per class, `ndimage.label` with the
/// 8-connected 3 × 3 structure (and the 4-connected cross), region sizes by
/// `bincount`, regions below 250 pixels set to 0 (class 5 exempt, and 255,
/// outside the source's coverage: the gaps of the synthetic source). Same
/// semantics, so required: 100 % identical pixels.
#[test]
fn small_region_removal_agrees_with_scipy_label() {
    if !python_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let polys = polygons(dir.path());
    let (grid, wkt) = grid(PIXELS);
    let shapes: Vec<ClassPolygon> = polys
        .iter()
        .map(|p| ClassPolygon {
            class: p.class,
            geometry: p.geometry.clone(),
        })
        .collect();
    let input = rasterize(&shapes, &grid, PixelRule::Centre, 1);
    let in_path = dir.path().join("in.tif");
    geotiff::write_u8(
        &in_path,
        &input,
        &grid,
        &wkt,
        WriteOptions {
            overwrite: true,
            nodata: None,
        },
    )
    .unwrap();
    for (conn, connectivity) in [(8, Connectivity::Eight), (4, Connectivity::Four)] {
        let (ours, stats) = remove_small_regions(&input, 250, connectivity, &[5]);
        assert!(
            stats.removed_regions > 10,
            "fixture should have small regions"
        );
        let out_path = dir.path().join(format!("scipy{conn}.tif"));
        run_python(
            r#"
import sys
import numpy as np
from osgeo import gdal
from scipy import ndimage
src, dst, conn = sys.argv[1], sys.argv[2], int(sys.argv[3])
ds = gdal.Open(src)
a = ds.GetRasterBand(1).ReadAsArray()
out = a.copy()
structure = np.ones((3, 3), bool) if conn == 8 else ndimage.generate_binary_structure(2, 1)
for c in np.unique(a):
    # Empty, roads (exempt) and pixels outside the source's coverage (255:
    # not a class) stay.
    if c == 0 or c == 5 or c == 255:
        continue
    labels, n = ndimage.label(a == c, structure=structure)
    sizes = np.bincount(labels.ravel())
    small = sizes < 250
    small[0] = False
    out[small[labels]] = 0
drv = gdal.GetDriverByName("GTiff")
o = drv.CreateCopy(dst, ds)
o.GetRasterBand(1).WriteArray(out)
o = None
"#,
            &[
                in_path.to_str().unwrap(),
                out_path.to_str().unwrap(),
                &conn.to_string(),
            ],
        );
        let theirs = read(&out_path);
        let differ = ours
            .data
            .iter()
            .zip(&theirs.data)
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(
            differ, 0,
            "{conn}-connectivity: {differ} pixels differ from scipy"
        );
    }
}

/// Binary closing against `scipy.ndimage.binary_closing` with rectangular
/// structures (3 × 3 and 5 × 3), on a class mask of the rasterized source.
/// Ours is the closing on an unbounded canvas (empty outside); scipy on the
/// raster alone also erodes from the outside, so scipy runs on a copy padded
/// by half the element with zeros, cropped back: same definition. Required:
/// 100 % identical pixels.
#[test]
fn closing_agrees_with_scipy_binary_closing() {
    if !python_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let polys = polygons(dir.path());
    let (grid, wkt) = grid(PIXELS);
    let shapes: Vec<ClassPolygon> = polys
        .iter()
        .map(|p| ClassPolygon {
            class: p.class,
            geometry: p.geometry.clone(),
        })
        .collect();
    let input = rasterize(&shapes, &grid, PixelRule::Centre, 1);
    let hist = input.histogram();
    let class = (1..15u8).max_by_key(|&c| hist[c as usize]).unwrap();
    let mut mask_raster = Raster::filled(PIXELS, PIXELS, 0);
    for (o, &v) in mask_raster.data.iter_mut().zip(&input.data) {
        *o = u8::from(v == class);
    }
    let in_path = dir.path().join("mask.tif");
    geotiff::write_u8(
        &in_path,
        &mask_raster,
        &grid,
        &wkt,
        WriteOptions {
            overwrite: true,
            nodata: None,
        },
    )
    .unwrap();
    let mask = BitMask::of_value(&mask_raster, 1);
    for (w, h) in [(3usize, 3usize), (5, 3)] {
        let out_path = dir.path().join(format!("closed{w}x{h}.tif"));
        run_python(
            r#"
import sys
import numpy as np
from osgeo import gdal
from scipy import ndimage
src, dst, w, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ds = gdal.Open(src)
a = ds.GetRasterBand(1).ReadAsArray() == 1
ry, rx = h // 2, w // 2
padded = np.pad(a, ((ry, ry), (rx, rx)))
c = ndimage.binary_closing(padded, structure=np.ones((h, w), bool))[ry:ry + a.shape[0], rx:rx + a.shape[1]].astype(np.uint8)
o = gdal.GetDriverByName("GTiff").CreateCopy(dst, ds)
o.GetRasterBand(1).WriteArray(c)
o = None
"#,
            &[
                in_path.to_str().unwrap(),
                out_path.to_str().unwrap(),
                &w.to_string(),
                &h.to_string(),
            ],
        );
        let theirs = read(&out_path);
        let ours = mask.close(w / 2, h / 2);
        let (mut differ, mut changed) = (0, 0);
        for y in 0..PIXELS {
            for x in 0..PIXELS {
                let (o, t) = (ours.get(x, y), theirs.get(x, y) == 1);
                differ += usize::from(o != t);
                changed += usize::from(o != mask.get(x, y));
            }
        }
        assert!(changed > 0, "the closing should change something");
        assert_eq!(differ, 0, "{w}x{h}: pixels differ from scipy");
    }
}

/// Road buffers against GEOS (`ogr.Geometry.Buffer`, 8 segments a quarter
/// circle) rasterized by GDAL (pixel centre rule), on the generated roads
/// reprojected by ogr2ogr. GEOS approximates round ends and joins by
/// polygons (up to 0.5 % of the distance inside the true circle), so pixel
/// centres within that sliver may differ. Required: ≥ 99.5 % of the pixels
/// burned by either agree, and no difference on pixels farther than 0.5 m
/// from the exact buffer boundary.
#[test]
fn road_buffers_agree_with_geos() {
    if !tool("ogr2ogr", &["--version"]) || !python_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = source(dir.path(), 6000);
    let (grid, wkt) = grid(PIXELS);
    let utm = dir.path().join("roads_utm.gpkg");
    let out = std::process::Command::new("ogr2ogr")
        .args(["-f", "GPKG", "-t_srs", "EPSG:32631"])
        .arg(&utm)
        .arg(&src)
        .args(["roads", "-nln", "roads"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut srs = gdal::spatial_ref::SpatialRef::from_wkt(&wkt).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let lines = vector::read_lines(&utm, "roads", "importance", &srs, None, false)
        .unwrap()
        .unwrap();
    let roads: Vec<RoadLine> = lines
        .iter()
        .filter_map(|l| {
            match l.importance.as_str() {
                "1" => Some(30.0),
                "2" | "3" => Some(10.0),
                _ => None,
            }
            .map(|d| RoadLine {
                geometry: l.geometry.clone(),
                buffer_m: d,
            })
        })
        .collect();
    assert!(roads.len() >= 5, "fixture should hold roads");
    let (ours, _) = burn_roads(&Raster::filled(PIXELS, PIXELS, 0), &grid, &roads);
    let like = like(dir.path(), PIXELS);
    let theirs_path = dir.path().join("geos.tif");
    std::fs::copy(&like, &theirs_path).unwrap();
    run_python(
        r#"
import sys
from osgeo import gdal, ogr
src, dst = sys.argv[1], sys.argv[2]
src_ds = ogr.Open(src)
lyr = src_ds.GetLayer("roads")
mem = ogr.GetDriverByName("Memory").CreateDataSource("m")
out = mem.CreateLayer("b", lyr.GetSpatialRef(), ogr.wkbPolygon)
for f in lyr:
    d = {"1": 30.0, "2": 10.0, "3": 10.0}.get(f.GetField("importance"))
    if d is None:
        continue
    g = ogr.Feature(out.GetLayerDefn())
    g.SetGeometry(f.GetGeometryRef().Buffer(d))
    out.CreateFeature(g)
ds = gdal.Open(dst, gdal.GA_Update)
gdal.RasterizeLayer(ds, [1], out, burn_values=[5])
ds = None
"#,
        &[utm.to_str().unwrap(), theirs_path.to_str().unwrap()],
    );
    let theirs = read(&theirs_path);
    let (mut union, mut differ) = (0usize, Vec::new());
    for i in 0..ours.data.len() {
        let (o, t) = (ours.data[i] == 5, theirs.data[i] == 5);
        union += usize::from(o || t);
        if o != t {
            differ.push(i);
        }
    }
    // Every difference must sit within 0.5 m of the exact buffer boundary.
    for &i in &differ {
        let (x, y) = (
            grid.ulx + (i % PIXELS) as f64 * 10.0 + 5.0,
            grid.uly - (i / PIXELS) as f64 * 10.0 - 5.0,
        );
        let near = roads.iter().any(|r| {
            r.geometry.0.windows(2).any(|s| {
                let (ax, ay, bx, by) = (s[0].x, s[0].y, s[1].x, s[1].y);
                let (vx, vy) = (bx - ax, by - ay);
                let l2 = vx * vx + vy * vy;
                let t = if l2 == 0.0 {
                    0.0
                } else {
                    (((x - ax) * vx + (y - ay) * vy) / l2).clamp(0.0, 1.0)
                };
                let d = ((x - ax - t * vx).powi(2) + (y - ay - t * vy).powi(2)).sqrt();
                (d - r.buffer_m).abs() <= 0.5
            })
        });
        assert!(near, "pixel {i} differs but is not on a buffer boundary");
    }
    let agree = 1.0 - differ.len() as f64 / union.max(1) as f64;
    eprintln!(
        "buffers vs GEOS: {:.3} % of {union} burned pixels agree",
        agree * 100.0
    );
    assert!(agree >= 0.995, "only {:.3} % agree", agree * 100.0);
}
