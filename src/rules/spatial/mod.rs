//! Spatial: patches on the ground. No two patches may share ground, also
//! across neighbouring tiles and across UTM zones (the overlap pass is
//! [`crate::spatial::overlap`]).

pub mod duplicate_footprint;
pub mod patches_overlap;

#[cfg(test)]
use crate::model::PatchKey;
#[cfg(test)]
use crate::spatial::overlap::Overlap;

/// How a finding names the other patch of a pair.
pub(crate) use crate::spatial::footprints::patch_id as patch_name;

/// An area in m², rounded to the square metre, with thousands separated.
pub fn area(m2: f64) -> String {
    let digits = format!("{:.0}", m2.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// An overlap with the other patch of the pair, for the rules' tests.
#[cfg(test)]
pub(crate) fn example(area_m2: f64, duplicate: bool, other: &str) -> (Overlap, PatchKey) {
    let mut parts = other.split('_');
    let tile = crate::model::TileCode::parse(parts.next().unwrap()).unwrap();
    let (x, y) = (parts.next().unwrap(), parts.next().unwrap());
    let overlap = Overlap {
        a: 0,
        b: 1,
        area_m2,
        epsg: 32631,
        ring: vec![],
        duplicate,
    };
    (
        overlap,
        PatchKey {
            tile,
            x: x.parse().unwrap(),
            y: y.parse().unwrap(),
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn areas_read_well() {
        assert_eq!(super::area(25_600.4), "25 600");
        assert_eq!(super::area(6_553_600.0), "6 553 600");
        assert_eq!(super::area(52.0), "52");
    }
}
