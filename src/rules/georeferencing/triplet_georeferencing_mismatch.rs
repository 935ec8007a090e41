use crate::model::FileKind;
use crate::rules::declare_rule;

use super::Georef;

declare_rule! {
    /// ## What it checks
    /// Every Sentinel-2 and Sentinel-1 file of a patch has the same CRS and
    /// geotransform (within 1 mm) as the patch's reference raster (its ground
    /// reference, else its first Sentinel-2 or Sentinel-1 file).
    ///
    /// ## Why it matters
    /// The members of a patch are stacked pixel by pixel; a member on another
    /// grid pairs every pixel with a neighbour's label.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200106_S1_6168_2570.tif: geotransform origin (763640, 5474320), the ground reference's is (763630, 5474320)
    /// ```
    pub struct TripletGeoreferencingMismatch {
        code: "G006",
        name: "triplet-georeferencing-mismatch",
        family: Georeferencing,
        severity: Error,
        summary: "A member of a patch with another CRS or geotransform than the others",
    }
}

/// G006: a member of a patch against the patch's reference raster: the
/// CRS first, then the geotransform.
pub(crate) fn check(member: &Georef, reference: &Georef) -> Option<String> {
    let what = match reference.kind {
        FileKind::GroundReference => "the ground reference".to_string(),
        _ => format!("`{}`", reference.path),
    };
    if let (Some(a), Some(b)) = (&member.crs, &reference.crs) {
        if a.same_as(b) == Some(false) {
            return Some(format!(
                "CRS is {}, {what}'s is {}",
                a.describe(),
                b.describe()
            ));
        }
    }
    match (&member.geo_transform, &reference.geo_transform) {
        (Some(a), Some(b)) => compare_transforms(a, b, &what),
        (None, Some(_)) => Some(format!("no geotransform, unlike {what}")),
        _ => None,
    }
}

/// Compares a member's geotransform with the reference's; `None` when they
/// agree within 1 mm (and 1e-9 for the scale and rotation terms).
pub(crate) fn compare_transforms(
    gt: &[f64; 6],
    reference: &[f64; 6],
    what: &str,
) -> Option<String> {
    let p = crate::rules::raster::value;
    let origin = (gt[0] - reference[0]).abs() > 1e-3 || (gt[3] - reference[3]).abs() > 1e-3;
    let terms = [1, 2, 4, 5]
        .iter()
        .any(|&i| (gt[i] - reference[i]).abs() > 1e-9);
    if origin {
        Some(format!(
            "geotransform origin ({}, {}), {what}'s is ({}, {})",
            p(gt[0]),
            p(gt[3]),
            p(reference[0]),
            p(reference[3])
        ))
    } else if terms {
        Some(format!(
            "pixel size and rotation ({}, {}, {}, {}), {what}'s are ({}, {}, {}, {})",
            p(gt[1]),
            p(gt[2]),
            p(gt[4]),
            p(gt[5]),
            p(reference[1]),
            p(reference[2]),
            p(reference[4]),
            p(reference[5])
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn transforms() {
        let a = [763_630.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0];
        let mut b = a;
        assert_eq!(
            super::compare_transforms(&b, &a, "the ground reference"),
            None
        );
        b[0] += 10.0;
        assert_eq!(
            super::compare_transforms(&b, &a, "the ground reference").as_deref(),
            Some("geotransform origin (763640, 5474320), the ground reference's is (763630, 5474320)")
        );
        let mut c = a;
        c[1] = 20.0;
        assert!(super::compare_transforms(&c, &a, "x")
            .unwrap()
            .starts_with("pixel size"));
    }

    #[test]
    fn members_against_the_reference() {
        use super::*;
        use crate::io::formats::crs::Crs;
        let gt = [763_630.0, 10.0, 0.0, 5_474_320.0, 0.0, -10.0];
        let georef = |kind, path: &str, crs, geo_transform| Georef {
            path: path.into(),
            kind,
            crs,
            geo_transform,
        };
        let gr = georef(
            FileKind::GroundReference,
            "gr.tif",
            Some(Crs::Epsg(32631)),
            Some(gt),
        );
        let s1 = georef(FileKind::S1, "s1.tif", Some(Crs::Epsg(32632)), Some(gt));
        assert_eq!(
            check(&s1, &gr).as_deref(),
            Some("CRS is EPSG:32632, the ground reference's is EPSG:32631")
        );
        let s2 = georef(FileKind::S2, "s2.tif", Some(Crs::Epsg(32631)), None);
        assert_eq!(
            check(&s2, &gr).as_deref(),
            Some("no geotransform, unlike the ground reference")
        );
        let same = georef(FileKind::S2, "s2b.tif", None, Some(gt));
        assert_eq!(check(&same, &gr), None);
        assert!(check(&gr, &s2).is_none(), "reference without geotransform");
        let shifted = georef(
            FileKind::S1,
            "s1b.tif",
            None,
            Some([gt[0] + 10.0, 10.0, 0.0, gt[3], 0.0, -10.0]),
        );
        assert_eq!(
            check(&shifted, &s1).as_deref(),
            Some("geotransform origin (763640, 5474320), `s1.tif`'s is (763630, 5474320)")
        );
    }
}
