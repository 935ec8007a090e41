//! One million points from EPSG:32632 to EPSG:3035 through the `proj`
//! crate and through GDAL, timed, and the largest difference between them.

use std::time::Instant;

fn main() {
    let n = 1_000_000usize;
    let pts: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            (
                300_000.0 + (k * 7919 % 100_000) as f64,
                5_400_000.0 + (k * 104_729 % 100_000) as f64,
            )
        })
        .collect();
    // proj crate
    let t0 = Instant::now();
    let p = proj::Proj::new_known_crs("EPSG:32632", "EPSG:3035", None).unwrap();
    let build = t0.elapsed();
    let mut a = pts.clone();
    let t0 = Instant::now();
    p.convert_array(&mut a).unwrap();
    let conv = t0.elapsed();
    println!(
        "proj crate: build {:?}, {} points {:?} ({:.0} ns/pt)",
        build,
        n,
        conv,
        conv.as_nanos() as f64 / n as f64
    );
    // gdal
    use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
    let t0 = Instant::now();
    let mut s = SpatialRef::from_epsg(32632).unwrap();
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let mut d = SpatialRef::from_epsg(3035).unwrap();
    d.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let t = CoordTransform::new(&s, &d).unwrap();
    let build = t0.elapsed();
    let mut xs: Vec<f64> = pts.iter().map(|p| p.0).collect();
    let mut ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let t0 = Instant::now();
    t.transform_coords(&mut xs, &mut ys, &mut []).unwrap();
    let conv = t0.elapsed();
    println!(
        "gdal: build {:?}, {} points {:?} ({:.0} ns/pt)",
        build,
        n,
        conv,
        conv.as_nanos() as f64 / n as f64
    );
    let worst = a
        .iter()
        .zip(xs.iter().zip(&ys))
        .map(|(p, (x, y))| (p.0 - x).hypot(p.1 - y))
        .fold(0.0, f64::max);
    println!("largest difference between the two: {worst} m");
}
