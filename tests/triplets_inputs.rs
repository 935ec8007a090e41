//! What `multisenge triplets` reads: THEIA products as folders and zips,
//! plain dated GeoTIFFs (bands found by their descriptions), S1-Tiling
//! outputs; and every bad input refused before anything is written, with
//! an error naming the file and what was expected (exit code 2).

mod triplets_common;

use std::path::{Path, PathBuf};
use std::process::Command;

use triplets_common::*;

const CLEAR: &str = "SENTINEL2B_20200325-103818-460_L2A_T31UGQ_C_V2-2";
const ZIPPED: &str = "SENTINEL2A_20200731-104020-512_L2A_T31UGQ_C_V2-2.zip";

/// Runs triplets with these Sentinel-2 and Sentinel-1 inputs into `out`.
fn run(s2: &Path, s1: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_multisenge"))
        .args(["triplets", "--tile", TILE, "--ground-reference"])
        .arg(&fixture().gr)
        .arg("--s2")
        .arg(s2)
        .arg("--s1")
        .arg(s1)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Asserts a refusal naming `file` and saying `why`, with nothing written.
fn refused(o: &std::process::Output, file: &Path, why: &str, out: &Path) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.starts_with("multisenge triplets: "), "{e}");
    assert!(
        e.contains(&file.display().to_string()),
        "{e} (expected {})",
        file.display()
    );
    assert!(e.contains(why), "{e} (expected `{why}`)");
    assert!(!out.exists(), "nothing is written");
}

/// A copy of the clear product in its own folder.
fn product_copy(dir: &Path) -> PathBuf {
    let p = dir.join("theia").join(CLEAR);
    copy_dir(&fixture().theia.join(CLEAR), &p);
    p
}

fn s1_copy(dir: &Path) -> PathBuf {
    let p = dir.join("s1");
    copy_dir(&fixture().s1, &p);
    p
}

#[test]
fn bad_inputs_are_refused_naming_the_file() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");

    // A product of another tile (31UFQ, written by the generator).
    let other = dir.path().join("other");
    let g = Command::new(env!("CARGO_BIN_EXE_multisenge-testdata"))
        .args([
            "region",
            other.to_str().unwrap(),
            "--tile",
            "31UFQ",
            "--size",
            "40",
            "--scenario",
            "bench",
        ])
        .output()
        .unwrap();
    assert!(g.status.success(), "{}", stderr(&g));
    let product = other.join("theia").join(CLEAR.replace("T31UGQ", "T31UFQ"));
    let o = run(&product, &f.s1, &out, &[]);
    refused(
        &o,
        &product,
        "a product of tile 31UFQ; expected tile 31UGQ",
        &out,
    );

    // A band missing from a product.
    let d = tempfile::tempdir().unwrap();
    let p = product_copy(d.path());
    std::fs::remove_file(p.join(format!("{CLEAR}_SRE_B8A.tif"))).unwrap();
    let o = run(&p, &f.s1, &out, &[]);
    refused(
        &o,
        &p,
        &format!("no band B8A: expected {CLEAR}_SRE_B8A.tif"),
        &out,
    );

    // A 20 m band given where a 10 m one is expected.
    let d = tempfile::tempdir().unwrap();
    let p = product_copy(d.path());
    let b2 = p.join(format!("{CLEAR}_SRE_B2.tif"));
    std::fs::copy(p.join(format!("{CLEAR}_SRE_B5.tif")), &b2).unwrap();
    let o = run(&p, &f.s1, &out, &[]);
    refused(&o, &b2, "20 m pixels; B2 is a 10 m band", &out);

    // A Sentinel-1 file not on the tile's grid (its corner 5 m off).
    let d = tempfile::tempdir().unwrap();
    let s1 = s1_copy(d.path());
    let vv = s1.join("s1a_31UGQ_vv_DES_037_20200115t054222.tif");
    {
        let mut ds = gdal::Dataset::open_ex(
            &vv,
            gdal::DatasetOptions {
                open_flags: gdal::GdalOpenFlags::GDAL_OF_UPDATE,
                ..Default::default()
            },
        )
        .unwrap();
        let mut gt = ds.geo_transform().unwrap();
        gt[0] += 5.0;
        ds.set_geo_transform(&gt).unwrap();
    }
    let o = run(&f.theia, &s1, &out, &[]);
    refused(&o, &vv, "not on the grid of tile 31UGQ", &out);

    // VV without VH.
    let d = tempfile::tempdir().unwrap();
    let s1 = s1_copy(d.path());
    std::fs::remove_file(s1.join("s1b_31UGQ_vh_ASC_088_20200202t172930.tif")).unwrap();
    let vv = s1.join("s1b_31UGQ_vv_ASC_088_20200202t172930.tif");
    let o = run(&f.theia, &s1, &out, &[]);
    refused(
        &o,
        &vv,
        "VV without VH: expected s1b_31UGQ_vh_ASC_088_20200202t172930.tif beside it",
        &out,
    );

    // An unreadable zip.
    let d = tempfile::tempdir().unwrap();
    let zip = d
        .path()
        .join("SENTINEL2A_20200101-104020-512_L2A_T31UGQ_C_V2-2.zip");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    let o = run(&zip, &f.s1, &out, &[]);
    refused(&o, &zip, "cannot be read as a zip", &out);

    // A special file where a product or a folder is expected: refused by
    // the input gate before anything is opened (a FIFO would block).
    let fifo = d
        .path()
        .join("SENTINEL2A_20200102-104020-512_L2A_T31UGQ_C_V2-2.zip");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = run(&fifo, &f.s1, &out, &[]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(
        e.contains("--s2") && e.contains(&fifo.display().to_string()) && e.contains("FIFO"),
        "{e}"
    );
    assert!(!out.exists(), "nothing is written");

    // A ground reference that is not on the tile's grid.
    let shifted = d.path().join("gr.tif");
    std::fs::copy(&f.gr, &shifted).unwrap();
    {
        let mut ds = gdal::Dataset::open_ex(
            &shifted,
            gdal::DatasetOptions {
                open_flags: gdal::GdalOpenFlags::GDAL_OF_UPDATE,
                ..Default::default()
            },
        )
        .unwrap();
        let mut gt = ds.geo_transform().unwrap();
        gt[3] -= 3.0;
        ds.set_geo_transform(&gt).unwrap();
    }
    let o = triplets_with(&shifted, &out, &[]).output().unwrap();
    refused(&o, &shifted, "not on the grid of tile 31UGQ", &out);
}

/// The zipped product (as THEIA distributes them) gives the same patches
/// as the same product unzipped; FRE is stacked when asked.
#[test]
fn a_zipped_product_reads_as_its_folder_and_fre_is_a_choice() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let zip = f.theia.join(ZIPPED);
    let zipped = dir.path().join("zipped");
    let o = run(&zip, &f.s1, &zipped, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Unzipped with Python's standard library (no unzip program needed).
    assert!(tool("/usr/bin/python3", &["--version"]));
    let unzip = Command::new("/usr/bin/python3")
        .args([
            "-c",
            "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        ])
        .arg(&zip)
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(unzip.success());
    let folder = dir.path().join(ZIPPED.trim_end_matches(".zip"));
    let unzipped = dir.path().join("unzipped");
    assert!(run(&folder, &f.s1, &unzipped, &[]).status.success());
    assert_eq!(names(&zipped.join("s2")).len(), 4);
    for n in names(&zipped.join("s2")) {
        let a = std::fs::read(zipped.join("s2").join(&n)).unwrap();
        let b = std::fs::read(unzipped.join("s2").join(&n)).unwrap();
        assert!(a == b, "{n}");
    }
    // FRE: the generator's FRE is SRE + 7 everywhere.
    let fre = dir.path().join("fre");
    let clear = f.theia.join(CLEAR);
    assert!(run(&clear, &f.s1, &fre, &["--reflectance", "FRE"])
        .status
        .success());
    let sre = dir.path().join("sre");
    assert!(run(&clear, &f.s1, &sre, &[]).status.success());
    let band1 = |p: &Path| -> Vec<i16> {
        let ds =
            gdal::Dataset::open(p.join("s2").join(format!("{TILE}_20200325_S2_0_0.tif"))).unwrap();
        ds.rasterband(1)
            .unwrap()
            .read_band_as::<i16>()
            .unwrap()
            .data()
            .to_vec()
    };
    let (a, b) = (band1(&fre), band1(&sre));
    assert!(a.iter().zip(&b).all(|(x, y)| x - y == 7));
}

/// Plain GeoTIFFs: a 10-band Sentinel-2 file whose bands are described in
/// another order, and a two-band linear Sentinel-1 file, each named with
/// its date, give the patches the THEIA product and S1-Tiling files give.
#[test]
fn plain_dated_geotiffs_give_the_same_patches() {
    if !python_ok() {
        return;
    }
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::create_dir_all(plain.join("s2")).unwrap();
    std::fs::create_dir_all(plain.join("s1")).unwrap();
    // The THEIA run's patches, then the same from plain files made with GDAL.
    let theia = dir.path().join("theia");
    let s1_file = f.s1.join("s1a_31UGQ_vv_DES_037_20200103t054223.tif");
    let o = run(&f.theia.join(CLEAR), &s1_file, &theia, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    run_python(
        r#"
import os, sys
from osgeo import gdal
gdal.UseExceptions()
product, s1, out = sys.argv[1:4]
name = os.path.basename(product)
shuffled = ["B12", "B8", "B2", "B5", "B3", "B4", "B6", "B8A", "B7", "B11"]
ref = gdal.Open(os.path.join(product, f"{name}_SRE_B2.tif"))
layers = []
for b in shuffled:
    src = os.path.join(product, f"{name}_SRE_{b}.tif")
    if gdal.Open(src).GetGeoTransform()[1] == 20:
        dst = os.path.join(out, f"{b}.tif")
        gdal.Warp(dst, src, xRes=10, yRes=10, resampleAlg="cubic")
        src = dst
    layers.append(gdal.Open(src).ReadAsArray())
drv = gdal.GetDriverByName("GTiff")
ds = drv.Create(os.path.join(out, "s2", "S2B_31UGQ_20200325.tif"), ref.RasterXSize, ref.RasterYSize, 10, gdal.GDT_Int16)
ds.SetGeoTransform(ref.GetGeoTransform()); ds.SetProjection(ref.GetProjection())
for i, (b, a) in enumerate(zip(shuffled, layers)):
    band = ds.GetRasterBand(i + 1); band.SetDescription(b); band.WriteArray(a)
ds = None
vv = gdal.Open(os.path.join(s1, "s1a_31UGQ_vv_DES_037_20200103t054223.tif"))
vh = gdal.Open(os.path.join(s1, "s1a_31UGQ_vh_DES_037_20200103t054223.tif"))
ds = drv.Create(os.path.join(out, "s1", "S1_20200103_VVVH.tif"), vv.RasterXSize, vv.RasterYSize, 2, gdal.GDT_Float32)
ds.SetGeoTransform(vv.GetGeoTransform()); ds.SetProjection(vv.GetProjection())
for i, src in enumerate([vv, vh]):
    ds.GetRasterBand(i + 1).WriteArray(src.ReadAsArray()); ds.GetRasterBand(i + 1).SetNoDataValue(0)
ds = None
"#,
        &[
            f.theia.join(CLEAR).to_str().unwrap(),
            f.s1.to_str().unwrap(),
            plain.to_str().unwrap(),
        ],
    );
    let from_plain = dir.path().join("from-plain");
    let o = run(&plain.join("s2"), &plain.join("s1"), &from_plain, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for kind in ["s2", "s1", "labels"] {
        assert_eq!(
            names(&from_plain.join(kind)),
            names(&theia.join(kind)),
            "{kind}"
        );
    }
    let pixels = |root: &Path, kind: &str, name: &str, band: usize| -> Vec<f64> {
        let ds = gdal::Dataset::open(root.join(kind).join(name)).unwrap();
        ds.rasterband(band)
            .unwrap()
            .read_band_as::<f64>()
            .unwrap()
            .data()
            .to_vec()
    };
    for band in 1..=10 {
        let n = format!("{TILE}_20200325_S2_257_0.tif");
        assert_eq!(
            pixels(&from_plain, "s2", &n, band),
            pixels(&theia, "s2", &n, band),
            "band {band}"
        );
    }
    for band in 1..=2 {
        let n = format!("{TILE}_20200103_S1_0_257.tif");
        assert_eq!(
            pixels(&from_plain, "s1", &n, band),
            pixels(&theia, "s1", &n, band),
            "band {band}"
        );
    }
}
