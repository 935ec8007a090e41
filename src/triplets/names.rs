//! The names of the inputs of `multisenge triplets`, as their producers
//! write them, parsed without touching a file:
//!
//! * a THEIA Level-2A product (MUSCATE format, `docs/triplets.md`):
//!   `SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2`, a folder or the
//!   same name with `.zip`; inside, one GeoTIFF per band and reflectance
//!   (`{product}_FRE_B8A.tif`, `{product}_SRE_B2.tif`) and the masks in
//!   `MASKS/` (`{product}_CLM_R1.tif`: clouds at 10 m, `{product}_EDG_R1.tif`:
//!   pixels outside the acquisition);
//! * an S1-Tiling output: `s1a_31UGQ_vv_DES_037_20200108t054223.tif`, or
//!   `…_20200108txxxxxx.tif` when two acquisitions of one pass were
//!   concatenated, with the suffixes S1-Tiling adds after the stamp
//!   (`_NormLim`, `_GammaNaughtRTC`, `_filtered`); its `_BorderMask` files
//!   are masks, not images;
//! * a plain GeoTIFF, for data from elsewhere, dated by the first run of
//!   exactly eight digits in its name that is a calendar date
//!   (`S2_31UGQ_20200731.tif`, `vv_vh_20200108_asc.tif`).

use crate::model::naming::Date;

/// A THEIA product's name, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TheiaName {
    /// The product's identifier: the folder name, without `.zip`.
    pub product: String,
    /// `SENTINEL2A`, `SENTINEL2B`, ...
    pub platform: String,
    /// Acquisition date, `YYYYMMDD`.
    pub date: String,
    /// Tile code without the `T` prefix.
    pub tile: String,
}

/// Splits a THEIA Level-2A product name (a folder name, or a zip's with
/// its `.zip`): `{PLATFORM}_{YYYYMMDD}-{HHMMSS}-{mmm}_L2A_T{tile}_{C|D}_V{n}-{m}`.
///
/// ```
/// use multisenge::triplets::names::theia_product;
/// let n = theia_product("SENTINEL2B_20200325-103818-460_L2A_T31UGQ_C_V2-2.zip").unwrap();
/// assert_eq!((n.date.as_str(), n.tile.as_str()), ("20200325", "31UGQ"));
/// assert_eq!(n.product, "SENTINEL2B_20200325-103818-460_L2A_T31UGQ_C_V2-2");
/// assert!(theia_product("S2B_MSIL2A_20200325T103639_N0214_R008_T31UGQ").is_none());
/// ```
pub fn theia_product(name: &str) -> Option<TheiaName> {
    let product = name.strip_suffix(".zip").unwrap_or(name);
    let parts: Vec<&str> = product.split('_').collect();
    let [platform, stamp, level, tile, _kind, version] = parts[..] else {
        return None;
    };
    let date = stamp.split('-').next()?;
    let ok = platform.starts_with("SENTINEL2")
        && level == "L2A"
        && Date::parse(date).is_ok()
        && tile.len() == 6
        && tile.starts_with('T')
        && version.starts_with('V');
    ok.then(|| TheiaName {
        product: product.to_string(),
        platform: platform.to_string(),
        date: date.to_string(),
        tile: tile[1..].to_string(),
    })
}

/// The name of a band file of `product`: `{product}_{FRE|SRE}_{band}.tif`.
pub fn theia_band_file(product: &str, reflectance: &str, band: &str) -> String {
    format!("{product}_{reflectance}_{band}.tif")
}

/// The name of a mask of `product` in `MASKS/`: `{product}_{mask}_R1.tif`
/// (`CLM`: clouds, `EDG`: outside the acquisition), at 10 m.
pub fn theia_mask_file(product: &str, mask: &str) -> String {
    format!("{product}_{mask}_R1.tif")
}

/// A Sentinel-1 polarisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Polarisation {
    Vv,
    Vh,
}

/// An orbit direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Direction {
    /// `ASC` or `DES`, as S1-Tiling writes it.
    pub fn code(self) -> &'static str {
        match self {
            Direction::Ascending => "ASC",
            Direction::Descending => "DES",
        }
    }
}

/// An S1-Tiling file name, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S1TilingName {
    /// `s1a`, `s1b`.
    pub unit: String,
    /// Tile code without the `T` prefix.
    pub tile: String,
    pub polarisation: Polarisation,
    pub direction: Direction,
    /// Relative orbit, as written (`037`).
    pub orbit: String,
    /// Acquisition date, `YYYYMMDD`.
    pub date: String,
    /// `hhmmss`, or `xxxxxx` for two concatenated acquisitions.
    pub time: String,
    /// What follows the stamp before `.tif` (`""`, `_filtered`, `_NormLim`…).
    pub suffix: String,
}

impl S1TilingName {
    /// What identifies the acquisition, polarisation aside: VV and VH files
    /// of one acquisition share it.
    pub fn acquisition(&self) -> String {
        format!(
            "{}_{}_{}_{}_{}t{}{}",
            self.unit,
            self.tile,
            self.direction.code(),
            self.orbit,
            self.date,
            self.time,
            self.suffix
        )
    }
}

/// Splits an S1-Tiling output name:
/// `{s1a|s1b}_{tile}_{vv|vh}_{ASC|DES}_{orbit}_{YYYYMMDD}t{hhmmss|xxxxxx}{suffix}.tif`.
/// `None` for other names, and for `_BorderMask` files.
///
/// ```
/// use multisenge::triplets::names::{s1_tiling, Direction, Polarisation};
/// let n = s1_tiling("s1b_31UGQ_vh_ASC_088_20200107txxxxxx_filtered.tif").unwrap();
/// assert_eq!((n.polarisation, n.direction), (Polarisation::Vh, Direction::Ascending));
/// assert_eq!((n.date.as_str(), n.suffix.as_str()), ("20200107", "_filtered"));
/// assert!(s1_tiling("s1b_31UGQ_vh_ASC_088_20200107txxxxxx_BorderMask.tif").is_none());
/// ```
pub fn s1_tiling(name: &str) -> Option<S1TilingName> {
    let stem = name.strip_suffix(".tif")?;
    let mut parts = stem.splitn(6, '_');
    let unit = parts.next()?;
    let tile = parts.next()?;
    let pol = parts.next()?;
    let direction = parts.next()?;
    let orbit = parts.next()?;
    let rest = parts.next()?;
    let (stamp, suffix) = match rest.find('_') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (date, time) = stamp.split_once('t')?;
    let polarisation = match pol {
        "vv" => Polarisation::Vv,
        "vh" => Polarisation::Vh,
        _ => return None,
    };
    let direction = match direction {
        "ASC" => Direction::Ascending,
        "DES" => Direction::Descending,
        _ => return None,
    };
    let time_ok = time.len() == 6 && (time == "xxxxxx" || time.bytes().all(|b| b.is_ascii_digit()));
    let ok = matches!(unit, "s1a" | "s1b" | "s1c" | "s1d")
        && tile.len() == 5
        && !orbit.is_empty()
        && orbit.bytes().all(|b| b.is_ascii_digit())
        && Date::parse(date).is_ok()
        && time_ok
        && !suffix.contains("BorderMask");
    ok.then(|| S1TilingName {
        unit: unit.to_string(),
        tile: tile.to_string(),
        polarisation,
        direction,
        orbit: orbit.to_string(),
        date: date.to_string(),
        time: time.to_string(),
        suffix: suffix.to_string(),
    })
}

/// The date of a plain GeoTIFF: the first run of exactly eight digits in
/// its name that is a calendar date, `YYYYMMDD`.
///
/// ```
/// use multisenge::triplets::names::date_in_name;
/// assert_eq!(date_in_name("S2_31UGQ_20200731.tif").as_deref(), Some("20200731"));
/// assert_eq!(date_in_name("x_202007311_20200801.tif").as_deref(), Some("20200801"));
/// assert_eq!(date_in_name("scene_20201332.tif"), None);
/// ```
pub fn date_in_name(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &name[start..i];
        if run.len() == 8 && Date::parse(run).is_ok() {
            return Some(run.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theia_names_of_both_platforms_and_versions() {
        let n = theia_product("SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2").unwrap();
        assert_eq!(n.platform, "SENTINEL2A");
        assert_eq!(n.tile, "31UGQ");
        let d = theia_product("SENTINEL2B_20201231-105000-000_L2A_T32ULV_D_V3-1.zip").unwrap();
        assert_eq!((d.date.as_str(), d.tile.as_str()), ("20201231", "32ULV"));
        // Wrong level, bad date, tile without T, missing parts.
        for bad in [
            "SENTINEL2A_20200731-104916-123_L1C_T31UGQ_C_V2-2",
            "SENTINEL2A_20200231-104916-123_L2A_T31UGQ_C_V2-2",
            "SENTINEL2A_20200731-104916-123_L2A_31UGQ_C_V2-2",
            "SENTINEL2A_20200731-104916-123_L2A_T31UGQ",
            "LANDSAT8_20200731-104916-123_L2A_T31UGQ_C_V2-2",
        ] {
            assert!(theia_product(bad).is_none(), "{bad}");
        }
        assert_eq!(
            theia_band_file(&n.product, "FRE", "B8A"),
            "SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2_FRE_B8A.tif"
        );
        assert_eq!(
            theia_mask_file(&n.product, "CLM"),
            "SENTINEL2A_20200731-104916-123_L2A_T31UGQ_C_V2-2_CLM_R1.tif"
        );
    }

    #[test]
    fn s1_tiling_names_pair_by_acquisition() {
        let vv = s1_tiling("s1a_31UGQ_vv_DES_037_20200108t054223.tif").unwrap();
        let vh = s1_tiling("s1a_31UGQ_vh_DES_037_20200108t054223.tif").unwrap();
        assert_eq!(vv.acquisition(), vh.acquisition());
        assert_eq!(vv.acquisition(), "s1a_31UGQ_DES_037_20200108t054223");
        assert_eq!(vv.time, "054223");
        let other = s1_tiling("s1a_31UGQ_vh_DES_037_20200108t054223_filtered.tif").unwrap();
        assert_ne!(vv.acquisition(), other.acquisition());
        let normlim = s1_tiling("s1a_31UGQ_vv_DES_037_20200108txxxxxx_NormLim_filtered.tif");
        assert_eq!(normlim.unwrap().suffix, "_NormLim_filtered");
        for bad in [
            "s1a_31UGQ_hh_DES_037_20200108t054223.tif",
            "s1a_31UGQ_vv_XYZ_037_20200108t054223.tif",
            "s1a_31UGQ_vv_DES_037_20200108.tif",
            "s1a_31UGQ_vv_DES_037_20200132t054223.tif",
            "s1a_31UGQ_vv_DES_037_20200108t0542.tif",
            "s1a_31UGQ_vv_DES_037_20200108t054223.tiff",
            "s2a_31UGQ_vv_DES_037_20200108t054223.tif",
            "s1a_31UGQ_vv_DES_037_20200108t054223_BorderMask.tif",
        ] {
            assert!(s1_tiling(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn plain_dates() {
        assert_eq!(date_in_name("20200229.tif").as_deref(), Some("20200229"));
        assert_eq!(date_in_name("20210229.tif"), None);
        assert_eq!(date_in_name("no_date.tif"), None);
        assert_eq!(date_in_name("a1b2_2020010.tif"), None);
    }
}
