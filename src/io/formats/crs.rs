//! Coordinate reference systems compared as CRS, not as strings: two WKT
//! texts that GDAL resolves to the same EPSG code, or that OSR judges the
//! same, are equal. Parsed definitions are cached per distinct text: a
//! dataset has a handful of distinct WKT strings and parsing one costs far
//! more than opening a GeoTIFF header.

use std::collections::HashMap;
use std::sync::Mutex;

use gdal::spatial_ref::SpatialRef;

/// A resolved CRS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Crs {
    /// Identified by an EPSG code.
    Epsg(u32),
    /// Parsed but without an EPSG code: kept as GDAL's WKT of it.
    Other(String),
    /// Not a CRS definition GDAL can parse.
    Invalid,
}

impl Crs {
    /// How a finding names it.
    pub fn describe(&self) -> String {
        match self {
            Crs::Epsg(code) => format!("EPSG:{code}"),
            Crs::Other(wkt) => {
                let name = wkt.split('"').nth(1).unwrap_or("unnamed CRS");
                format!("\"{name}\" (no EPSG code)")
            }
            Crs::Invalid => "an unparsable CRS definition".into(),
        }
    }

    /// Whether two CRS are the same; `None` when one cannot be judged.
    pub fn same_as(&self, other: &Crs) -> Option<bool> {
        match (self, other) {
            (Crs::Invalid, _) | (_, Crs::Invalid) => None,
            (Crs::Epsg(a), Crs::Epsg(b)) => Some(a == b),
            (a, b) => {
                let a = a.to_srs()?;
                let b = b.to_srs()?;
                Some(a == b)
            }
        }
    }

    fn to_srs(&self) -> Option<SpatialRef> {
        match self {
            Crs::Epsg(code) => SpatialRef::from_epsg(*code).ok(),
            Crs::Other(wkt) => SpatialRef::from_wkt(wkt).ok(),
            Crs::Invalid => None,
        }
    }
}

/// Resolves CRS definitions (WKT, PROJJSON, `EPSG:n`...) once per distinct
/// text; shared by the worker threads.
#[derive(Default)]
pub struct CrsCache {
    resolved: Mutex<HashMap<String, Crs, foldhash::fast::FixedState>>,
}

impl CrsCache {
    pub fn resolve(&self, definition: &str) -> Crs {
        if let Some(crs) = self.lock().get(definition) {
            return crs.clone();
        }
        let crs = parse(definition);
        self.lock().insert(definition.to_string(), crs.clone());
        crs
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Crs, foldhash::fast::FixedState>> {
        // A poisoned cache only holds finished entries; keep using it.
        self.resolved
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn parse(definition: &str) -> Crs {
    match wgs84_utm(definition) {
        Some(code) => Crs::Epsg(code),
        None => parse_with_gdal(definition),
    }
}

/// The code of WGS 84 / UTM zone 1–60 north or south (EPSG:326zz,
/// EPSG:327zz) when `definition` is `EPSG:326zz` or exactly GDAL's WKT of
/// it, as the published label files hold it: what GDAL resolves these
/// texts to (`utm_codes_as_gdal_resolves_them`), without opening PROJ's
/// database, which costs a few milliseconds of a labels-only run.
fn wgs84_utm(definition: &str) -> Option<u32> {
    let code = match definition.strip_prefix("EPSG:") {
        Some(digits) if digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse().ok()?
        }
        Some(_) => return None,
        None => {
            let rest = definition.strip_prefix("PROJCS[\"WGS 84 / UTM zone ")?;
            let hemisphere = rest.find(|c: char| !c.is_ascii_digit())?;
            let zone: u32 = rest[..hemisphere].parse().ok()?;
            match &rest[hemisphere..hemisphere + 1] {
                "N" => 32600 + zone,
                "S" => 32700 + zone,
                _ => return None,
            }
        }
    };
    let (datum, zone) = (code / 100, code % 100);
    let utm = (datum == 326 || datum == 327) && (1..=60).contains(&zone);
    let exact = definition.starts_with("EPSG:") || definition == utm_wkt(zone, datum == 327);
    (utm && exact).then_some(code)
}

/// GDAL's WKT (version 1, as `OSRExportToWkt` writes it) of WGS 84 / UTM
/// `zone`, north or `south`.
fn utm_wkt(zone: u32, south: bool) -> String {
    let meridian = 6 * zone as i32 - 183;
    let (letter, northing, code) = if south {
        ('S', 10_000_000, 32700 + zone)
    } else {
        ('N', 0, 32600 + zone)
    };
    format!(
        "PROJCS[\"WGS 84 / UTM zone {zone}{letter}\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",\
         SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],\
         AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],\
         UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],\
         AUTHORITY[\"EPSG\",\"4326\"]],PROJECTION[\"Transverse_Mercator\"],\
         PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{meridian}],\
         PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],\
         PARAMETER[\"false_northing\",{northing}],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],\
         AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"{code}\"]]"
    )
}

/// A user's CRS definition (`EPSG:4326`, WKT, a PROJ string) as GDAL reads
/// it, in easting/northing order; the error is GDAL's reason.
pub fn parse_definition(definition: &str) -> Result<SpatialRef, String> {
    crate::io::storage::vfs::configure();
    let mut srs = SpatialRef::from_definition(definition)
        .map_err(|e| crate::io::formats::gdal_error::sentence(&e))?;
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    Ok(srs)
}

fn parse_with_gdal(definition: &str) -> Crs {
    crate::io::storage::vfs::configure();
    let Ok(mut srs) = SpatialRef::from_definition(definition) else {
        return Crs::Invalid;
    };
    if let Some(code) = epsg_of(&srs) {
        return Crs::Epsg(code);
    }
    // WKT variants without AUTHORITY nodes: let GDAL identify them.
    if srs.auto_identify_epsg().is_ok() {
        if let Some(code) = epsg_of(&srs) {
            return Crs::Epsg(code);
        }
    }
    match srs.to_wkt() {
        Ok(wkt) if !wkt.is_empty() => Crs::Other(wkt),
        _ => Crs::Invalid,
    }
}

fn epsg_of(srs: &SpatialRef) -> Option<u32> {
    if srs.auth_name().as_deref() != Some("EPSG") {
        return None;
    }
    srs.auth_code().ok().and_then(|c| u32::try_from(c).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utm_codes_as_gdal_resolves_them() {
        for code in (32601..=32660).chain(32701..=32760) {
            let text = format!("EPSG:{code}");
            assert_eq!(wgs84_utm(&text), Some(code));
            assert_eq!(parse_with_gdal(&text), Crs::Epsg(code), "{text}");
            let wkt = SpatialRef::from_epsg(code).unwrap().to_wkt().unwrap();
            assert_eq!(utm_wkt(code % 100, code > 32700), wkt);
            assert_eq!(wgs84_utm(&wkt), Some(code));
            assert_eq!(parse_with_gdal(&wkt), Crs::Epsg(code), "{wkt}");
        }
        // The published label files hold that WKT.
        let published = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/multisenge-labels-sample/31UER_8224_9509.json"
        ));
        match published {
            Ok(text) => {
                let file = crate::model::label_file::LabelFile::parse(text.as_bytes()).0;
                assert_eq!(wgs84_utm(&file.unwrap().projection.unwrap()), Some(32631));
            }
            // Beside the repository in CI, maybe not elsewhere.
            Err(e) => assert!(
                std::env::var("CI").map_or(true, |v| matches!(v.as_str(), "" | "0" | "false")),
                "{e}"
            ),
        }
        // Any other text goes to GDAL.
        let zone31 = utm_wkt(31, false);
        for other in [
            zone31.replace("0.9996", "0.9995"),
            zone31.replace("zone 31N", "zone 31X"),
            zone31.replace("zone 31N", "zone 61N"),
            format!("{zone31} "),
        ] {
            assert_eq!(wgs84_utm(&other), None, "{other}");
        }
        for other in [
            "EPSG:32600",
            "EPSG:32661",
            "EPSG:3035",
            "EPSG:032631",
            "EPSG:+3263",
            "epsg:32631",
            "EPSG:32631 ",
        ] {
            assert_eq!(wgs84_utm(other), None, "{other}");
        }
    }

    #[test]
    fn equivalent_wkt_variants_are_the_same_crs() {
        let srs = SpatialRef::from_epsg(32631).unwrap();
        let wkt1 = srs.to_wkt().unwrap();
        let pretty = srs.to_pretty_wkt().unwrap();
        let projjson = srs.to_projjson().unwrap();
        let cache = CrsCache::default();
        let a = cache.resolve(&wkt1);
        assert_eq!(a, Crs::Epsg(32631));
        for other in [&pretty, &projjson, &"EPSG:32631".to_string()] {
            assert_eq!(a.same_as(&cache.resolve(other)), Some(true), "{other}");
        }
        // The same definition without its AUTHORITY nodes.
        let bare: String = strip_authorities(&wkt1);
        assert!(!bare.contains("AUTHORITY"));
        assert_eq!(a.same_as(&cache.resolve(&bare)), Some(true), "{bare}");
        let zone32 = cache.resolve(&SpatialRef::from_epsg(32632).unwrap().to_wkt().unwrap());
        assert_eq!(a.same_as(&zone32), Some(false));
        assert_eq!(cache.resolve("not a crs"), Crs::Invalid);
        assert_eq!(a.same_as(&Crs::Invalid), None);
    }

    /// Removes every `,AUTHORITY["EPSG","n"]` from a WKT1 text.
    fn strip_authorities(wkt: &str) -> String {
        let mut out = String::new();
        let mut rest = wkt;
        while let Some(i) = rest.find(",AUTHORITY[") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            let end = after.find(']').map_or(after.len(), |j| j + 1);
            rest = &after[end..];
        }
        out.push_str(rest);
        out
    }
}
