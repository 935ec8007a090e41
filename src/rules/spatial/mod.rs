//! Spatial: patches on the ground. No two patches may share ground, also
//! across neighbouring tiles and across UTM zones (the overlap pass is
//! [`crate::spatial::overlap`]).

pub mod duplicate_footprint;
pub mod patches_overlap;

use crate::model::PatchKey;

/// How a finding names the other patch of a pair.
pub(crate) fn patch_name(p: &PatchKey) -> String {
    format!("{}_{}_{}", p.tile, p.x, p.y)
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn areas_read_well() {
        assert_eq!(super::area(25_600.4), "25 600");
        assert_eq!(super::area(6_553_600.0), "6 553 600");
        assert_eq!(super::area(52.0), "52");
    }
}
