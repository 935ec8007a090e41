//! Minimum mapping unit: per-class connected regions of the ground reference.
//!
//! The engine labels the regions once per ground reference
//! ([`crate::raster::regions::regions`], shared with the generalization)
//! and hands every region to the three rules; their conditions exclude each
//! other (on the border: M002; else next to a road: M003; else M001), so a
//! small region gives one finding.

pub mod small_border_region;
pub mod small_region;
pub mod small_region_by_road;

/// The labelling is shared with the generalization (`crate::raster::regions`).
pub use crate::raster::regions;

use std::collections::BTreeMap;

use crate::finding::Location;
use crate::raster::regions::Region;
use crate::raster::Connectivity;

/// What the MMU rules need from the profile's `[mmu]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct MmuSettings {
    /// Regions with fewer pixels are reported.
    pub min_region_pixels: u32,
    pub connectivity: Connectivity,
    /// Classes whose regions are never reported.
    pub exempt_classes: Vec<u8>,
    /// Class burned in after the MMU step (M003); 0: none.
    pub road_class: u8,
}

impl MmuSettings {
    /// Whether regions of `class` are judged: a class of the table, not
    /// exempt.
    pub fn counts(&self, class: u8, classes: &BTreeMap<u8, String>) -> bool {
        classes.contains_key(&class) && !self.exempt_classes.contains(&class)
    }

    /// Whether `region` is below the minimum mapping unit.
    fn small(&self, region: &Region) -> bool {
        region.pixels < self.min_region_pixels
    }
}

/// The message of the three rules; `place` says where the region lies.
fn message(region: &Region, settings: &MmuSettings, class_name: &str, place: &str) -> String {
    let plural = if region.pixels == 1 { "" } else { "s" };
    format!(
        "region of class {} {class_name} has {} pixel{plural}{place}, fewer than the minimum mapping unit of {}",
        region.class, region.pixels, settings.min_region_pixels
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
}
