use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{Out, RasterFacts};
use crate::rules::record::Record;

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
        reads: [Raster(check)],
    }
    data {
        /// The GDAL data type of every band, in band order.
        band_types: Vec<String>,
        /// The profile's `data_type` for the raster's kind.
        expected_type: String,
        /// The raster's kind.
        kind: FileKind,
    }
}

impl Record for WrongDataType {
    fn message(&self) -> String {
        let types = &self.band_types;
        let wrong: Vec<usize> = (0..types.len())
            .filter(|&i| types[i] != self.expected_type)
            .collect();
        let Some(&first) = wrong.first() else {
            return String::new();
        };
        let same = wrong.iter().all(|&i| types[i] == types[first]);
        // Groups the bands of a wrong type: `bands 1-10 are UInt16`.
        let which = if wrong.len() == 1 {
            format!("band {} is {}", first + 1, types[first])
        } else if same && wrong.len() == types.len() {
            format!("bands 1-{} are {}", types.len(), types[first])
        } else {
            let list: Vec<String> = wrong
                .iter()
                .map(|&i| format!("{} ({})", i + 1, types[i]))
                .collect();
            format!("bands {} are", list.join(", "))
        };
        format!(
            "{which}, expected {} for a {} patch",
            self.expected_type,
            self.kind.describe()
        )
        .replace(" are,", ",")
    }
}

/// R005: a band of another data type than the kind's (when the profile
/// names a type GDAL knows).
fn check(facts: &RasterFacts, out: &mut Out) {
    let (Ok(header), Some(expected)) = (facts.opened, facts.expected.data_type) else {
        return;
    };
    if header.band_types.iter().any(|t| *t != expected) {
        out.push(WrongDataType {
            band_types: header.band_types.iter().map(|t| t.name()).collect(),
            expected_type: expected.name(),
            kind: facts.kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(types: &[&str], expected: &str, kind: FileKind) -> String {
        WrongDataType {
            band_types: types.iter().map(|t| t.to_string()).collect(),
            expected_type: expected.into(),
            kind,
        }
        .message()
    }

    #[test]
    fn groups_bands() {
        assert_eq!(
            message(&["UInt16"; 10], "Int16", FileKind::S2),
            "bands 1-10 are UInt16, expected Int16 for a Sentinel-2 patch"
        );
        assert_eq!(
            message(&["Float32", "Float64"], "Float32", FileKind::S1),
            "band 2 is Float64, expected Float32 for a Sentinel-1 patch"
        );
        assert_eq!(
            message(&["Int16", "Byte", "UInt16"], "Int16", FileKind::S2),
            "bands 2 (Byte), 3 (UInt16), expected Int16 for a Sentinel-2 patch"
        );
    }
}
