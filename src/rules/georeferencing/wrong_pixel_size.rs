use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The reference raster's geotransform has square pixels of the profile's
    /// `[georeferencing] pixel_size` (10 m), north-up (negative pixel height) and
    /// no rotation terms.
    ///
    /// ## Why it matters
    /// All bands are 10 m in MultiSenGE; another pixel size or a rotation means a
    /// wrong resampling, and every overlap and footprint computed from the grid
    /// is wrong.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_5654_2570.tif: pixel size 20 × -20 m, expected 10 × -10 m, north-up without rotation
    /// ```
    pub struct WrongPixelSize {
        code: "G004",
        name: "wrong-pixel-size",
        family: Georeferencing,
        severity: Error,
        summary: "A geotransform with another pixel size than 10 m, or rotated",
    }
}

/// G004 on the reference raster's geotransform, which may be missing.
pub(crate) fn check_header(gt: Option<&[f64; 6]>, pixel_size: f64) -> Option<String> {
    match gt {
        None => Some("the raster has no geotransform: pixel size and origin are unknown".into()),
        Some(gt) => check(gt, pixel_size),
    }
}

/// Pixel size and rotation of a GDAL geotransform.
pub(crate) fn check(gt: &[f64; 6], pixel_size: f64) -> Option<String> {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * pixel_size.max(1.0);
    let ok = close(gt[1], pixel_size) && close(gt[5], -pixel_size) && gt[2] == 0.0 && gt[4] == 0.0;
    (!ok).then(|| {
        let p = crate::rules::raster::value;
        let rotation = if gt[2] != 0.0 || gt[4] != 0.0 {
            format!(", rotation terms {} and {}", p(gt[2]), p(gt[4]))
        } else {
            String::new()
        };
        format!(
            "pixel size {} × {} m{rotation}, expected {} × -{} m, north-up without rotation",
            p(gt[1]),
            p(gt[5]),
            p(pixel_size),
            p(pixel_size)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn pixel_size_and_rotation() {
        assert_eq!(super::check(&[0.0, 10.0, 0.0, 0.0, 0.0, -10.0], 10.0), None);
        assert!(super::check(&[0.0, 20.0, 0.0, 0.0, 0.0, -20.0], 10.0)
            .unwrap()
            .starts_with("pixel size 20 × -20 m"));
        assert!(super::check(&[0.0, 10.0, 0.5, 0.0, 0.0, -10.0], 10.0)
            .unwrap()
            .contains("rotation terms 0.5 and 0"));
        assert!(super::check(&[0.0, 10.0, 0.0, 0.0, 0.0, 10.0], 10.0).is_some());
        assert!(super::check_header(None, 10.0)
            .unwrap()
            .starts_with("the raster has no geotransform"));
    }
}
