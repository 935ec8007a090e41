use crate::model::footprint::north_up_with_pixel_size;
use crate::rules::declare::declare_rule;
use crate::rules::input::{GeoreferencingFacts, Out};
use crate::rules::raster::value;
use crate::rules::record::Record;

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
        reads: [Georeferencing(check)],
    }
    data {
        /// The geotransform's pixel width, metres (this and the next three
        /// are null when the raster has no geotransform).
        pixel_width: Option<f64>,
        /// The geotransform's pixel height, metres (negative: north-up).
        pixel_height: Option<f64>,
        /// The geotransform's row rotation term.
        row_rotation: Option<f64>,
        /// The geotransform's column rotation term.
        column_rotation: Option<f64>,
        /// The profile's `[georeferencing] pixel_size`, metres.
        expected_pixel_size: f64,
    }
}

impl Record for WrongPixelSize {
    fn message(&self) -> String {
        let (Some(w), Some(h), Some(r), Some(c)) = (
            self.pixel_width,
            self.pixel_height,
            self.row_rotation,
            self.column_rotation,
        ) else {
            return "the raster has no geotransform: pixel size and origin are unknown".into();
        };
        let rotation = if r != 0.0 || c != 0.0 {
            format!(", rotation terms {} and {}", value(r), value(c))
        } else {
            String::new()
        };
        let p = value(self.expected_pixel_size);
        format!(
            "pixel size {} × {} m{rotation}, expected {p} × -{p} m, north-up without rotation",
            value(w),
            value(h)
        )
    }
}

/// G004 on the reference raster's geotransform, which may be missing.
fn check(facts: &GeoreferencingFacts, out: &mut Out) {
    let size = facts.pixel_size;
    let record = match facts.reference.geo_transform {
        None => WrongPixelSize {
            pixel_width: None,
            pixel_height: None,
            row_rotation: None,
            column_rotation: None,
            expected_pixel_size: size,
        },
        Some(gt) if !north_up_with_pixel_size(&gt, size) => WrongPixelSize {
            pixel_width: Some(gt[1]),
            pixel_height: Some(gt[5]),
            row_rotation: Some(gt[2]),
            column_rotation: Some(gt[4]),
            expected_pixel_size: size,
        },
        Some(_) => return,
    };
    out.push(record);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;
    use crate::rules::georeferencing::fixtures::{georef, judge};

    fn with(gt: Option<[f64; 6]>) -> Vec<(String, String)> {
        judge(
            check,
            &[georef(FileKind::GroundReference, "gr.tif", None, gt)],
        )
    }

    #[test]
    fn pixel_size_and_rotation() {
        assert!(with(Some([0.0, 10.0, 0.0, 0.0, 0.0, -10.0])).is_empty());
        assert!(with(Some([0.0, 20.0, 0.0, 0.0, 0.0, -20.0]))[0]
            .1
            .starts_with("pixel size 20 × -20 m"));
        assert!(with(Some([0.0, 10.0, 0.5, 0.0, 0.0, -10.0]))[0]
            .1
            .contains("rotation terms 0.5 and 0"));
        assert_eq!(with(Some([0.0, 10.0, 0.0, 0.0, 0.0, 10.0])).len(), 1);
        assert!(with(None)[0]
            .1
            .starts_with("the raster has no geotransform"));
    }
}
