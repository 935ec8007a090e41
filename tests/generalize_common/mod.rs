//! Shared helpers of the generalize and compare integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use multisenge::generalize::{Grid, Raster};
use multisenge::io::formats::geotiff::{self, WriteOptions};
use multisenge::model::grid::TilingGrid;
use multisenge::model::tile::TileCode;

pub const TILE: &str = "31UGQ";

/// Is `program` runnable? When not: fail under CI (env CI set), otherwise
/// print why the test is skipped and return false.
pub fn tool(program: &str, probe: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false")) {
            panic!("{program} is required under CI (scripts/install-deps.sh installs it)");
        }
        eprintln!("SKIPPED: {program} not available (scripts/install-deps.sh installs it)");
    }
    ok
}

/// Python with GDAL and scipy.
pub fn python_ok() -> bool {
    tool(
        "/usr/bin/python3",
        &[
            "-c",
            "import numpy, scipy.ndimage; from osgeo import gdal, ogr",
        ],
    )
}

pub fn run_python(script: &str, args: &[&str]) -> String {
    let out = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn multisenge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .env("XDG_CACHE_HOME", cache_home())
        .args(args)
        .output()
        .unwrap()
}

/// The validation cache of the runs above: a temporary folder per test
/// program, never the user's `~/.cache/multisenge`.
pub fn cache_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("temporary folder"))
        .path()
}

/// Writes a synthetic source of `size_m` metres from the tile corner.
pub fn source(dir: &Path, size_m: u32) -> PathBuf {
    let path = dir.join("source.gpkg");
    let out = Command::new(env!("CARGO_BIN_EXE_multisenge-landcover"))
        .args(["--tile", TILE, "--size-m", &size_m.to_string(), "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// Runs an SQL statement (e.g. an UPDATE) on a GeoPackage in place.
pub fn sql(gpkg: &Path, statement: &str) {
    let options = gdal::DatasetOptions {
        open_flags: gdal::GdalOpenFlags::GDAL_OF_VECTOR | gdal::GdalOpenFlags::GDAL_OF_UPDATE,
        ..Default::default()
    };
    let ds = gdal::Dataset::open_ex(gpkg, options).unwrap();
    ds.execute_sql(statement, None, gdal::vector::sql::Dialect::DEFAULT)
        .unwrap();
}

/// The tile's grid, cut to `pixels` × `pixels` from its corner.
pub fn grid(pixels: usize) -> (Grid, String) {
    let g = TilingGrid::official()
        .get(&TileCode::parse(TILE).unwrap())
        .unwrap();
    let srs = multisenge::io::formats::vector::srs_from_epsg(g.epsg).unwrap();
    (
        Grid {
            ulx: g.ulx,
            uly: g.uly,
            pixel_size: 10.0,
            width: pixels,
            height: pixels,
        },
        srs.to_wkt().unwrap(),
    )
}

/// An empty raster on the grid, for `--like`.
pub fn like(dir: &Path, pixels: usize) -> PathBuf {
    let (grid, wkt) = grid(pixels);
    let path = dir.join("like.tif");
    geotiff::write_u8(
        &path,
        &Raster::filled(pixels, pixels, 0),
        &grid,
        &wkt,
        WriteOptions {
            overwrite: true,
            nodata: None,
        },
    )
    .unwrap();
    path
}

pub fn read(path: &Path) -> Raster {
    geotiff::read_u8(path).unwrap().raster
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The 8 neighbours' indices of pixel `i` of an `n` × `n` raster.
pub fn neighbours8(i: usize, n: usize) -> impl Iterator<Item = usize> {
    let (r, c) = ((i / n) as i64, (i % n) as i64);
    (-1..=1i64)
        .flat_map(move |dr| (-1..=1i64).map(move |dc| (r + dr, c + dc)))
        .filter(move |&(nr, nc)| (nr, nc) != (r, c))
        .filter(move |&(nr, nc)| (0..n as i64).contains(&nr) && (0..n as i64).contains(&nc))
        .map(move |(nr, nc)| nr as usize * n + nc as usize)
}

/// Chessboard distance of every pixel of an `n` × `n` raster to the nearest
/// pixel where `at` is true (`u32::MAX` when there is none), by BFS.
pub fn chessboard_distance(at: &[bool], n: usize) -> Vec<u32> {
    let mut dist = vec![u32::MAX; n * n];
    let mut queue: std::collections::VecDeque<usize> = (0..n * n).filter(|&i| at[i]).collect();
    for &i in &queue {
        dist[i] = 0;
    }
    while let Some(i) = queue.pop_front() {
        for j in neighbours8(i, n) {
            if dist[j] == u32::MAX {
                dist[j] = dist[i] + 1;
                queue.push_back(j);
            }
        }
    }
    dist
}
