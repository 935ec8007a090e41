//! Georeferencing: CRS, pixel size, origin and agreement inside a patch.
//! A patch's *reference* raster is its ground reference, else its first
//! Sentinel-2 or Sentinel-1 file that opens: G002, G004 and G005 judge it
//! once, G006 compares the other members with it, so a patch shifted as a
//! whole gives one finding, not one per file.

pub mod label_projection_mismatch;
pub mod misplaced_origin;
pub mod missing_crs;
pub mod triplet_georeferencing_mismatch;
pub mod wrong_pixel_size;
pub mod wrong_utm_zone;

/// Patches as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::io::formats::crs::Crs;
    use crate::model::grid::GridTile;
    use crate::model::{FileKind, PatchKey, TileCode};
    use crate::rules::input::{found, Georef, GeoreferencingFacts, Out};

    pub fn georef(kind: FileKind, path: &str, crs: Option<Crs>, gt: Option<[f64; 6]>) -> Georef {
        Georef {
            path: path.into(),
            kind,
            crs,
            geo_transform: gt,
        }
    }

    /// `(path, message)` of what `check` finds in patch 31UGQ (6168, 2570)
    /// whose rasters are `georefs` (the reference first).
    pub fn judge(
        check: fn(&GeoreferencingFacts, &mut Out),
        georefs: &[Georef],
    ) -> Vec<(String, String)> {
        let key = PatchKey {
            tile: TileCode::parse("31UGQ").unwrap(),
            x: 6168,
            y: 2570,
        };
        let tile = GridTile {
            epsg: 32631,
            ulx: 699_960.0,
            uly: 5_500_020.0,
        };
        let facts = GeoreferencingFacts {
            key: &key,
            reference: &georefs[0],
            members: &georefs[1..],
            tile: Some(&tile),
            pixel_size: 10.0,
            origin_tolerance: 0.5,
        };
        found(check, &facts)
            .into_iter()
            .map(|e| (e.path.unwrap_or_default(), e.record.message()))
            .collect()
    }
}
