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

use super::pipeline::Params;

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
    within(
        "--majority-samples (majority_samples)",
        n(p.majority_samples),
        1.0,
        16.0,
        " samples",
    )?;
    within("--mmu (mmu)", n(p.mmu_pixels), 0.0, 1e7, " pixels")?;
    within("--fill-k (fill_k)", n(p.fill.k), 1.0, 64.0, " pixels")?;
    within("--fill-power (fill_power)", p.fill.power, 0.0, 10.0, "")?;
    within(
        "--fill-max-radius (fill_max_radius)",
        n(p.fill.max_radius),
        1.0,
        1000.0,
        " pixels",
    )?;
    if let Some(l) = p.fill.propagation_limit {
        within(
            "--fill-propagation-limit (fill_propagation_limit)",
            n(l),
            0.0,
            1e5,
            " pixels",
        )?;
    }
    within(
        "--closing width (closing)",
        n(p.closing.0),
        1.0,
        101.0,
        " pixels",
    )?;
    within(
        "--closing height (closing)",
        n(p.closing.1),
        1.0,
        101.0,
        " pixels",
    )?;
    within(
        "--final-mmu-passes (final_mmu_passes)",
        n(p.final_mmu_passes),
        0.0,
        100.0,
        " passes",
    )
}

/// Checks a road or railway buffer width, metres.
pub fn check_buffer(option: &'static str, metres: f64) -> Result<(), OutOfRange> {
    within(option, metres, 0.0, 1000.0, " m")
}

/// Bytes per pixel the pipeline holds at most at once, for the memory
/// estimate made before the first raster is allocated: the working rasters
/// (class, labels of regions as u32, distances) plus the majority rule's
/// samples.
pub fn bytes_per_pixel(p: &Params) -> u64 {
    24 + (p.majority_samples * p.majority_samples) as u64
}
