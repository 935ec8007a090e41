//! The limits of every numeric generalization parameter, whether it comes
//! from an option (`--fill-power`) or from the generalization profile's
//! `[defaults]`/`[roads]`/`[railways]` (the same value under the profile
//! key): NaN, infinities and values outside these ranges are refused
//! before any work, naming the option and the range.
//!
//! | option | profile key | unit | limits |
//! |---|---|---|---|
//! | `--majority-samples` | `majority_samples` | samples per pixel side | 1 – 16 |
//! | `--mmu` | `mmu` | pixels | 0 – 10 000 000 |
//! | `--fill-k` | `fill_k` | pixels | 1 – 64 |
//! | `--fill-power` | `fill_power` | — | 0 – 10 |
//! | `--fill-max-radius` | `fill_max_radius` | pixels | 1 – 1 000 |
//! | `--fill-propagation-limit` | `fill_propagation_limit` | pixels | 0 – 100 000 |
//! | `--closing` | `closing` | pixels per side | 1 – 101 |
//! | `--final-mmu-passes` | `final_mmu_passes` | passes | 0 – 100 |
//! | `--wide-buffer`, `--narrow-buffer`, `--railway-buffer` | `wide_buffer_m`, `narrow_buffer_m`, `buffer_m` | metres | 0 – 1 000 |
//! | `--halo` | — | pixels | 0 – 10 980 |
//! | `compare --supersample` | — | sub-pixels per side | 10 – 100 |
//!
//! The command line and `run` refuse a value outside these ranges when
//! they parse it ([`crate::jobspec`]); the checks here hold for the
//! profile's values and for callers of the library.

use super::pipeline::Params;

/// The limits of a parameter: from `min` to `max`, both included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

pub const MAJORITY_SAMPLES: Range = Range {
    min: 1.0,
    max: 16.0,
};
pub const MMU: Range = Range { min: 0.0, max: 1e7 };
pub const FILL_K: Range = Range {
    min: 1.0,
    max: 64.0,
};
pub const FILL_POWER: Range = Range {
    min: 0.0,
    max: 10.0,
};
pub const FILL_MAX_RADIUS: Range = Range {
    min: 1.0,
    max: 1000.0,
};
pub const FILL_PROPAGATION_LIMIT: Range = Range { min: 0.0, max: 1e5 };
/// Each side of the closing's rectangle.
pub const CLOSING: Range = Range {
    min: 1.0,
    max: 101.0,
};
pub const FINAL_MMU_PASSES: Range = Range {
    min: 0.0,
    max: 100.0,
};
/// Road and railway buffers.
pub const BUFFER: Range = Range {
    min: 0.0,
    max: 1000.0,
};
/// The halo around the target grid: up to a tile's width on each side.
pub const HALO: Range = Range {
    min: 0.0,
    max: 10_980.0,
};
/// `compare --supersample`, sub-pixels per pixel side.
pub const SUPERSAMPLE: Range = Range {
    min: 10.0,
    max: 100.0,
};

/// Checks `value` against `range`, naming `option` and the `unit`.
fn check(
    option: &'static str,
    value: f64,
    range: Range,
    unit: &'static str,
) -> Result<(), OutOfRange> {
    within(option, value, range.min, range.max, unit)
}

/// A parameter outside its limits.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{option} = {value}: expected {min} to {max}{unit}")]
pub struct OutOfRange {
    pub option: &'static str,
    pub value: String,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
}

/// Checks `value` against `[min, max]` (NaN is outside).
pub fn within(
    option: &'static str,
    value: f64,
    min: f64,
    max: f64,
    unit: &'static str,
) -> Result<(), OutOfRange> {
    if value >= min && value <= max {
        Ok(())
    } else {
        Err(OutOfRange {
            option,
            value: value.to_string(),
            min,
            max,
            unit,
        })
    }
}

/// Checks every step parameter against the limits in the table above.
///
/// ```
/// use multisenge::generalize::limits::check_params;
/// # use multisenge::generalize::{pipeline::Params, fill::FillParams};
/// # use multisenge::generalize::config::PixelRule;
/// # use multisenge::raster::Connectivity;
/// let mut p = Params {
///     pixel_rule: PixelRule::Centre, majority_samples: 4, mmu_pixels: 250,
///     connectivity: Connectivity::Eight,
///     fill: FillParams { k: 8, power: 1.0, max_radius: 16, ignore: vec![], propagation_limit: None },
///     fill_beyond_coverage: false, closing: (3, 3), burn_outside_coverage: false,
///     final_mmu_passes: 1, fill_window: None,
/// };
/// assert!(check_params(&p).is_ok());
/// p.fill.power = f64::NAN;
/// assert_eq!(check_params(&p).unwrap_err().option, "--fill-power (fill_power)");
/// ```
pub fn check_params(p: &Params) -> Result<(), OutOfRange> {
    let n = |v: usize| v as f64;
    let px = " pixels";
    check(
        "--majority-samples (majority_samples)",
        n(p.majority_samples),
        MAJORITY_SAMPLES,
        " samples",
    )?;
    check("--mmu (mmu)", n(p.mmu_pixels), MMU, px)?;
    check("--fill-k (fill_k)", n(p.fill.k), FILL_K, px)?;
    check("--fill-power (fill_power)", p.fill.power, FILL_POWER, "")?;
    check(
        "--fill-max-radius (fill_max_radius)",
        n(p.fill.max_radius),
        FILL_MAX_RADIUS,
        px,
    )?;
    if let Some(l) = p.fill.propagation_limit {
        check(
            "--fill-propagation-limit (fill_propagation_limit)",
            n(l),
            FILL_PROPAGATION_LIMIT,
            px,
        )?;
    }
    check("--closing width (closing)", n(p.closing.0), CLOSING, px)?;
    check("--closing height (closing)", n(p.closing.1), CLOSING, px)?;
    check(
        "--final-mmu-passes (final_mmu_passes)",
        n(p.final_mmu_passes),
        FINAL_MMU_PASSES,
        " passes",
    )
}

/// Checks a road or railway buffer width, metres.
pub fn check_buffer(option: &'static str, metres: f64) -> Result<(), OutOfRange> {
    check(option, metres, BUFFER, " m")
}

/// Bytes per pixel the pipeline holds at most at once, for the memory
/// estimate made before the first raster is allocated: the working rasters
/// (class, labels of regions as u32, distances) plus the majority rule's
/// samples.
pub fn bytes_per_pixel(p: &Params) -> u64 {
    24 + (p.majority_samples * p.majority_samples) as u64
}
