use crate::model::grid::GridTile;
use crate::model::PatchKey;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// The reference raster's upper-left corner equals the tile's upper-left
    /// corner (from the official tiling grid) plus (x, y) × 10 m, within the
    /// profile's `[georeferencing] origin_tolerance` (metres, per axis).
    ///
    /// ## Why it matters
    /// A patch shifted by a pixel no longer lines up with its neighbours or with
    /// the source land-cover data: every label along region edges is wrong.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_5911_2570.tif: origin (761070, 5474320) is (10, 0) m from the expected (761060, 5474320)
    /// ```
    pub struct MisplacedOrigin {
        code: "G005",
        name: "misplaced-origin",
        family: Georeferencing,
        severity: Error,
        summary: "A patch whose origin is not where its name puts it",
    }
}

/// Where the patch `key` must start: its tile's upper-left corner plus
/// (x, y) pixels of `pixel_size` metres.
pub(crate) fn expected_origin(tile: &GridTile, key: &PatchKey, pixel_size: f64) -> (f64, f64) {
    (
        tile.ulx + f64::from(key.x) * pixel_size,
        tile.uly - f64::from(key.y) * pixel_size,
    )
}

/// Compares a geotransform's origin with the expected one.
pub(crate) fn check(gt: &[f64; 6], expected: (f64, f64), tolerance: f64) -> Option<String> {
    let (dx, dy) = (gt[0] - expected.0, gt[3] - expected.1);
    (dx.abs() > tolerance || dy.abs() > tolerance).then(|| {
        let p = crate::rules::raster::value;
        format!(
            "origin ({}, {}) is ({}, {}) m from the expected ({}, {})",
            p(gt[0]),
            p(gt[3]),
            p(dx),
            p(dy),
            p(expected.0),
            p(expected.1)
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn tolerance() {
        let gt = [761_070.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0];
        assert_eq!(super::check(&gt, (761_070.2, 5_474_320.0), 0.5), None);
        assert_eq!(
            super::check(&gt, (761_060.0, 5_474_320.0), 0.5).as_deref(),
            Some("origin (761070, 5474320) is (10, 0) m from the expected (761060, 5474320)")
        );
        let tile = super::GridTile {
            epsg: 32631,
            ulx: 699_960.0,
            uly: 5_500_020.0,
        };
        let key = crate::model::PatchKey {
            tile: crate::model::TileCode::parse("31UGQ").unwrap(),
            x: 6168,
            y: 2570,
        };
        assert_eq!(
            super::expected_origin(&tile, &key, 10.0),
            (761_640.0, 5_474_320.0)
        );
    }
}
