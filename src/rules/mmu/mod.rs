//! Minimum mapping unit: per-class connected regions of the ground reference.
//!
//! The engine labels the regions once per ground reference
//! ([`crate::raster::regions::regions`], shared with the generalization)
//! and hands every region to the three rules; their conditions exclude each
//! other (on the border: M002; else next to a road: M003; else M001), so a
//! small region gives one finding, located on the region's bounding window.

pub mod small_border_region;
pub mod small_region;
pub mod small_region_by_road;

/// The labelling is shared with the generalization (`crate::raster::regions`).
pub use crate::raster::regions;

use crate::raster::regions::Region;
use crate::rules::input::RegionFacts;
use crate::rules::record::Location;

/// The facts the three rules' records hold of a region below the minimum
/// mapping unit: its class, the class's name, its pixel count and the
/// unit; `None` when the region is not below the unit.
fn small(facts: &RegionFacts) -> Option<(u8, String, u64, u32)> {
    let (region, min) = (facts.region, facts.mmu.min_region_pixels);
    (region.pixels < min).then(|| {
        let name = facts.class_name.to_string();
        (region.class, name, u64::from(region.pixels), min)
    })
}

/// The message of the three rules; `place` says where the region lies.
fn message(class: u8, class_name: &str, pixels: u64, min: u32, place: &str) -> String {
    let plural = if pixels == 1 { "" } else { "s" };
    format!(
        "region of class {class} {class_name} has {pixels} pixel{plural}{place}, fewer than the minimum mapping unit of {min}"
    )
}

/// Where a finding on `region` points: its bounding window.
pub(crate) fn window(region: &Region) -> Location {
    Location::Window {
        col: region.col,
        row: region.row,
        width: region.width,
        height: region.height,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use crate::raster::Connectivity;
    use crate::rules::input::{found, MmuSettings, Out};

    pub fn settings() -> MmuSettings {
        MmuSettings {
            min_region_pixels: 250,
            connectivity: Connectivity::Eight,
            exempt_classes: vec![5],
            road_class: 5,
        }
    }

    /// A region of class 6 with `pixels` pixels and the given contacts.
    pub fn region(pixels: u32, touches_border: bool, touches_road: bool) -> Region {
        Region {
            class: 6,
            pixels,
            col: 10,
            row: 20,
            width: 5,
            height: 8,
            touches_border,
            touches_road,
        }
    }

    /// The messages of `check` on `region`, whose class is named `name`;
    /// every finding is on the region's window.
    pub fn judge(check: fn(&RegionFacts, &mut Out), region: &Region, name: &str) -> Vec<String> {
        let settings = settings();
        let facts = RegionFacts {
            region,
            mmu: &settings,
            class_name: name,
        };
        found(check, &facts)
            .into_iter()
            .map(|e| {
                assert_eq!(e.location, Some(window(region)));
                e.record.message()
            })
            .collect()
    }
}
