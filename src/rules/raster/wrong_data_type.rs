use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every band has the profile's `data_type` for the file's kind (`Byte` for
    /// the ground reference, `Int16` for Sentinel-2, `Float32` for Sentinel-1 by
    /// default).
    ///
    /// ## Why it matters
    /// Loaders cast by the declared type: reflectances written as `UInt16` or
    /// backscatter written as integers are misread or lose precision.
    ///
    /// ## Example
    /// ```text
    /// s2/31UGQ_20200325_S2_3598_2570.tif: bands 1-10 are UInt16, expected Int16 for a Sentinel-2 patch
    /// ```
    pub struct WrongDataType {
        code: "R005",
        name: "wrong-data-type",
        family: Raster,
        severity: Error,
        summary: "A band whose data type is not its kind's",
    }
}

use gdal::raster::GdalDataType;

/// Groups the bands of a wrong type: `bands 1-10 are UInt16`.
pub(crate) fn check(types: &[GdalDataType], expected: GdalDataType, kind: &str) -> Option<String> {
    let wrong: Vec<usize> = (0..types.len()).filter(|&i| types[i] != expected).collect();
    let first = *wrong.first()?;
    let same = wrong.iter().all(|&i| types[i] == types[first]);
    let which = if wrong.len() == 1 {
        format!("band {} is {}", first + 1, types[first].name())
    } else if same && wrong.len() == types.len() {
        format!("bands 1-{} are {}", types.len(), types[first].name())
    } else {
        let list: Vec<String> = wrong
            .iter()
            .map(|&i| format!("{} ({})", i + 1, types[i].name()))
            .collect();
        format!("bands {} are", list.join(", "))
    };
    Some(format!("{which}, expected {} for a {kind} patch", expected.name()).replace(" are,", ","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_bands() {
        use GdalDataType::*;
        assert_eq!(check(&[Int16; 3], Int16, "Sentinel-2"), None);
        assert_eq!(
            check(&[UInt16; 10], Int16, "Sentinel-2").as_deref(),
            Some("bands 1-10 are UInt16, expected Int16 for a Sentinel-2 patch")
        );
        assert_eq!(
            check(&[Float32, Float64], Float32, "Sentinel-1").as_deref(),
            Some("band 2 is Float64, expected Float32 for a Sentinel-1 patch")
        );
    }
}
