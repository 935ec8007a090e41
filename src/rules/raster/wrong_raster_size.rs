use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RasterFacts};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// Width and height equal the profile's `[dataset] patch_size` (256 pixels).
    ///
    /// ## Why it matters
    /// Patches of another size break batching in every training pipeline and mean
    /// the footprint of the patch is not the one its name promises.
    ///
    /// ## Example
    /// ```text
    /// ground_reference/31UGQ_GR_3084_2570.tif: 255 × 256 pixels, expected 256 × 256
    /// ```
    pub struct WrongRasterSize {
        code: "R003",
        name: "wrong-raster-size",
        family: Raster,
        severity: Error,
        summary: "A raster whose width or height is not the patch size",
        reads: [Raster(check)],
    }
    data {
        /// The raster's width, pixels.
        width: u64,
        /// The raster's height, pixels.
        height: u64,
        /// The profile's `[dataset] patch_size`, pixels.
        patch_size: u32,
    }
}

impl Record for WrongRasterSize {
    fn message(&self) -> String {
        let size = self.patch_size;
        format!(
            "{} × {} pixels, expected {size} × {size}",
            self.width, self.height
        )
    }
}

/// R003: a raster of another size than the patch size.
fn check(facts: &RasterFacts, out: &mut Out) {
    let Ok(header) = facts.opened else { return };
    let size = facts.patch_size as usize;
    if header.width != size || header.height != size {
        out.push(WrongRasterSize {
            width: header.width as u64,
            height: header.height as u64,
            patch_size: facts.patch_size,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size() {
        let r = WrongRasterSize {
            width: 255,
            height: 256,
            patch_size: 256,
        };
        assert_eq!(r.message(), "255 × 256 pixels, expected 256 × 256");
    }
}
