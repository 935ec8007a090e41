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
    resolved: Mutex<HashMap<String, Crs>>,
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Crs>> {
        // A poisoned cache only holds finished entries; keep using it.
        self.resolved
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn parse(definition: &str) -> Crs {
    crate::io::raster::configure();
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
