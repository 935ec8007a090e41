//! The triplets profile: how Sentinel-2 and Sentinel-1 dates are chosen
//! and stacked. One is bundled, `paper` (`validators/triplets-paper.toml`,
//! the default), documented key by key in docs/triplets.md. Unknown keys,
//! values of the wrong type and values outside their limits are errors
//! naming the file, the line and the key.

use std::path::Path;

use serde::Deserialize;

use super::select::SameDay;
use super::stack::native_pixel_size;
use crate::profile::BackscatterUnit;

/// The bundled profile, `paper`.
pub const PAPER: &str = include_str!("../../validators/triplets-paper.toml");
pub const PAPER_NAME: &str = "validators/triplets-paper.toml";

/// THEIA's two reflectances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Reflectance {
    /// Surface reflectance, corrected for atmospheric effects.
    #[serde(rename = "SRE")]
    Sre,
    /// Flat reflectance: surface reflectance also corrected for slope
    /// effects.
    #[serde(rename = "FRE")]
    Fre,
}

impl Reflectance {
    /// `SRE` or `FRE`, as in the band files' names.
    pub fn code(self) -> &'static str {
        match self {
            Reflectance::Sre => "SRE",
            Reflectance::Fre => "FRE",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TripletsConfig {
    pub sentinel2: Sentinel2Section,
    pub sentinel1: Sentinel1Section,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentinel2Section {
    pub reflectance: Reflectance,
    pub max_cloud_cover: f64,
    pub cloud_mask_bits: u8,
    pub max_cloudy_pixels: f64,
    pub min_dates: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sentinel1Section {
    pub min_dates: usize,
    pub same_day: SameDay,
    pub plain_unit: BackscatterUnit,
}

/// A triplets profile that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// The largest minimum of dates: a year's days.
pub const MAX_MIN_DATES: usize = 366;

impl TripletsConfig {
    /// The bundled profile, `paper`.
    pub fn paper() -> TripletsConfig {
        TripletsConfig::parse(PAPER, PAPER_NAME).expect("bundled triplets profile is valid")
    }

    /// `--config`: a profile file, or `paper` when no file has that name;
    /// `None`: `paper`.
    pub fn from_option(config: Option<&Path>) -> Result<TripletsConfig, ConfigError> {
        match config {
            None => Ok(TripletsConfig::paper()),
            Some(p) if !p.exists() && p == Path::new("paper") => Ok(TripletsConfig::paper()),
            Some(p) => {
                let file = p.display().to_string();
                let text = std::fs::read_to_string(p).map_err(|e| ConfigError {
                    file: file.clone(),
                    line: None,
                    message: format!("cannot read the triplets profile: {e}"),
                })?;
                TripletsConfig::parse(&text, &file)
            }
        }
    }

    /// Parses and checks a profile; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<TripletsConfig, ConfigError> {
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
        };
        let err = |line: Option<usize>, message: String| ConfigError {
            file: source.to_string(),
            line,
            message,
        };
        let config: TripletsConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            err(line, e.message().trim().to_string())
        })?;
        let (s2, s1) = (&config.sentinel2, &config.sentinel1);
        let percent = |key: &str, v: f64| {
            if (0.0..=100.0).contains(&v) {
                Ok(())
            } else {
                Err(err(
                    line_of(key),
                    format!("{key} = {v}: expected 0 to 100 (percent)"),
                ))
            }
        };
        percent("max_cloud_cover", s2.max_cloud_cover)?;
        percent("max_cloudy_pixels", s2.max_cloudy_pixels)?;
        if s2.cloud_mask_bits == 0 {
            return Err(err(
                line_of("cloud_mask_bits"),
                "cloud_mask_bits = 0: expected 1 to 255 (bits of the cloud mask)".into(),
            ));
        }
        for (section, v) in [("sentinel2", s2.min_dates), ("sentinel1", s1.min_dates)] {
            if !(1..=MAX_MIN_DATES).contains(&v) {
                return Err(err(
                    None,
                    format!("[{section}] min_dates = {v}: expected 1 to {MAX_MIN_DATES} (dates)"),
                ));
            }
        }
        Ok(config)
    }
}

/// The stacked bands (the dataset profile's `[rasters.s2] band_names`): at
/// least one, each a band THEIA distributes at 10 or 20 m, none twice.
pub fn check_bands(bands: &[String]) -> Result<(), String> {
    if bands.is_empty() {
        return Err("bands = []: expected at least one band".into());
    }
    for (i, b) in bands.iter().enumerate() {
        if native_pixel_size(b).is_none() {
            return Err(format!(
                "bands: `{b}` is not a band of THEIA's Level-2A reflectances (B2, B3, B4, B8 at 10 m; B5, B6, B7, B8A, B11, B12 at 20 m)"
            ));
        }
        if bands[..i].contains(b) {
            return Err(format!("bands: `{b}` is listed twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paper_profile() {
        let c = TripletsConfig::paper();
        assert_eq!(c.sentinel2.reflectance, Reflectance::Sre);
        assert_eq!(c.sentinel2.max_cloud_cover, 10.0);
        assert_eq!(c.sentinel1.same_day, SameDay::Descending);
        assert_eq!(c.sentinel1.plain_unit, BackscatterUnit::Linear);
    }

    #[test]
    fn bad_values_name_the_key_and_the_line() {
        let bad = |from: &str, to: &str| {
            TripletsConfig::parse(&PAPER.replace(from, to), "t.toml").unwrap_err()
        };
        let e = bad("max_cloud_cover = 10.0", "max_cloud_cover = 101.0");
        assert!(e.message.contains("expected 0 to 100"), "{e}");
        assert_eq!(
            e.line,
            PAPER
                .lines()
                .position(|l| l.starts_with("max_cloud_cover"))
                .map(|i| i + 1)
        );
        let e = bad("max_cloudy_pixels = 0.0", "max_cloudy_pixels = nan");
        assert!(e.to_string().contains("max_cloudy_pixels = NaN"), "{e}");
        let e = bad("cloud_mask_bits = 255", "cloud_mask_bits = 256");
        assert!(e.line.is_some(), "{e}");
        assert!(bad("cloud_mask_bits = 255", "cloud_mask_bits = 0")
            .message
            .contains("1 to 255"));
        assert!(bad(
            "min_dates = 1\n\n[sentinel1]",
            "min_dates = 0\n\n[sentinel1]"
        )
        .message
        .contains("[sentinel2] min_dates = 0"));
        assert!(bad("reflectance = \"SRE\"", "reflectance = \"TOA\"")
            .line
            .is_some());
        assert!(bad("same_day = \"descending\"", "same_day = \"noon\"")
            .line
            .is_some());
        assert!(bad("[sentinel1]", "extra = 1\n[sentinel1]")
            .message
            .contains("extra"));
    }

    #[test]
    fn stacked_bands_are_theia_bands_each_once() {
        let bands = |b: &[&str]| check_bands(&b.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(bands(&crate::profile::S2_BANDS), Ok(()));
        assert!(bands(&["B2", "B1"]).unwrap_err().contains("`B1`"));
        assert!(bands(&["B2", "B3", "B2"]).unwrap_err().contains("twice"));
        assert!(bands(&[]).unwrap_err().contains("at least one"));
    }
}
