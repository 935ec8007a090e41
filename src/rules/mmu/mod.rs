//! Minimum mapping unit: per-class connected regions of the ground reference.

/// The labelling is shared with the generalization (`crate::raster::regions`).
pub use crate::raster::regions;
pub mod small_border_region;
pub mod small_region;
pub mod small_region_by_road;

use crate::finding::Location;
use crate::rules::Rule;
use regions::Region;

/// The rule and message for a region below the minimum mapping unit, with
/// its bounding window; `None` for regions at or above it. A region on the
/// border is M002 even when it also touches a road: clipping is checked
/// first because it says nothing about the region's real size.
pub(crate) fn judge(
    region: &Region,
    min_pixels: u32,
    class_name: &str,
    road_class: u8,
) -> Option<(Rule, String, Location)> {
    if region.pixels >= min_pixels {
        return None;
    }
    let (rule, place) = if region.touches_border {
        (Rule::SmallBorderRegion, " on the patch border".to_string())
    } else if region.touches_road {
        (
            Rule::SmallRegionByRoad,
            format!(" next to class {road_class}"),
        )
    } else {
        (Rule::SmallRegion, String::new())
    };
    let plural = if region.pixels == 1 { "" } else { "s" };
    let message = format!(
        "region of class {} {class_name} has {} pixel{plural}{place}, fewer than the minimum mapping unit of {min_pixels}",
        region.class, region.pixels
    );
    let window = Location::Window {
        col: region.col,
        row: region.row,
        width: region.width,
        height: region.height,
    };
    Some((rule, message, window))
}
