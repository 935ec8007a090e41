use crate::rules::declare::declare_rule;
use crate::rules::input::{GeoreferencingFacts, Out};
use crate::rules::raster::value;
use crate::rules::record::Record;

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
        reads: [Georeferencing(check)],
    }
    data {
        /// The reference raster's upper-left corner: easting, metres in its
        /// CRS.
        origin_x: f64,
        /// The reference raster's upper-left corner: northing, metres.
        origin_y: f64,
        /// Where the name puts it: the tile's upper-left easting plus x
        /// pixels.
        expected_x: f64,
        /// Where the name puts it: the tile's upper-left northing minus y
        /// pixels.
        expected_y: f64,
    }
}

impl Record for MisplacedOrigin {
    fn message(&self) -> String {
        format!(
            "origin ({}, {}) is ({}, {}) m from the expected ({}, {})",
            value(self.origin_x),
            value(self.origin_y),
            value(self.origin_x - self.expected_x),
            value(self.origin_y - self.expected_y),
            value(self.expected_x),
            value(self.expected_y)
        )
    }
}

/// G005: the reference raster's origin against its tile's upper-left
/// corner plus (x, y) pixels (when the tile is in the grid).
fn check(facts: &GeoreferencingFacts, out: &mut Out) {
    let (Some(gt), Some(tile)) = (facts.reference.geo_transform, facts.tile) else {
        return;
    };
    let expected_x = tile.ulx + f64::from(facts.key.x) * facts.pixel_size;
    let expected_y = tile.uly - f64::from(facts.key.y) * facts.pixel_size;
    let tolerance = facts.origin_tolerance;
    if (gt[0] - expected_x).abs() > tolerance || (gt[3] - expected_y).abs() > tolerance {
        out.push(MisplacedOrigin {
            origin_x: gt[0],
            origin_y: gt[3],
            expected_x,
            expected_y,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::georeferencing::fixtures::{georef, judge};

    #[test]
    fn tolerance() {
        // Patch 31UGQ (6168, 2570): expected origin (761 640, 5 474 320).
        let at = |x: f64| {
            let gt = [x, 10.0, 0.0, 5_474_320.0, 0.0, -10.0];
            judge(
                check,
                &[georef(FileKind::GroundReference, "gr.tif", None, Some(gt))],
            )
        };
        assert!(at(761_640.2).is_empty());
        assert_eq!(
            at(761_650.0)[0].1,
            "origin (761650, 5474320) is (10, 0) m from the expected (761640, 5474320)"
        );
    }
}
