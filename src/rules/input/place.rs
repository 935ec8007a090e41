//! The facts of the overlap pass.

use crate::model::PatchKey;
use crate::spatial::overlap::Overlap;

/// [`super::Input::Overlap`]: two patches whose footprints share more
/// ground than the profile's `[spatial] overlap_tolerance`, as the overlap
/// pass measured them. The finding is on the first patch of the pair (in
/// tile, x, y order); `other` is the second.
#[derive(Debug)]
pub struct OverlapFacts<'a> {
    pub overlap: &'a Overlap,
    pub other: &'a PatchKey,
    /// `[spatial] overlap_tolerance`, m².
    pub tolerance_m2: f64,
}
