//! Naming: the four nomenclatures, tile codes, dates and patch positions.

pub mod date_outside_year;
pub mod invalid_date;
pub mod invalid_tile_code;
pub mod malformed_name;
pub mod off_grid_position;
pub mod position_outside_tile;
pub mod tile_not_in_grid;
pub mod wrong_folder;

use crate::model::grid::TilingGrid;
use crate::model::NameParts;
use crate::rules::Rule;

/// What the naming rules need from the profile's `[dataset]` section.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NamingSettings {
    /// Year of every acquisition date (N004); `None`: any year.
    pub year: Option<u16>,
    /// Patch width and height, pixels (N006).
    pub patch_size: u32,
    /// Step between patch positions, pixels (N005).
    pub grid_stride: u32,
    /// Tile width and height, pixels (N006).
    pub tile_size: u32,
}

/// Judges the values in a well-shaped name (tile, date, position), returning
/// every problem found. Used for files on disk and for names listed in
/// label files alike.
pub(crate) fn check_values(
    parts: &NameParts,
    settings: &NamingSettings,
    grid: &TilingGrid,
) -> Vec<(Rule, String)> {
    check_values_remembering(parts, settings, grid, &mut CleanValues::default())
}

/// The tile and the position last found without a problem by
/// [`check_values_remembering`]: the ~130 names a label file lists share
/// them, so they are judged once per file, not once per name.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CleanValues<'a> {
    tile: Option<&'a str>,
    position: Option<(u32, u32)>,
}

/// [`check_values`], skipping the tile and position checks when `clean`
/// says they passed already (the checks are pure functions of these values
/// and the settings, so the findings are the same).
pub(crate) fn check_values_remembering<'a>(
    parts: &NameParts<'a>,
    settings: &NamingSettings,
    grid: &TilingGrid,
    clean: &mut CleanValues<'a>,
) -> Vec<(Rule, String)> {
    let mut found = Vec::new();
    if clean.tile != Some(parts.tile) {
        match invalid_tile_code::check(parts.tile) {
            Err(why) => found.push((Rule::InvalidTileCode, why)),
            Ok(tile) => {
                if let Some(why) = tile_not_in_grid::check(&tile, grid) {
                    found.push((Rule::TileNotInGrid, why));
                }
            }
        }
        if found.is_empty() {
            clean.tile = Some(parts.tile);
        }
    }
    if let Some(date) = parts.date {
        match invalid_date::check(date) {
            Err(why) => found.push((Rule::InvalidDate, why)),
            Ok(date) => {
                if let Some(why) = date_outside_year::check(&date, settings.year) {
                    found.push((Rule::DateOutsideYear, why));
                }
            }
        }
    }
    let position = (parts.x, parts.y);
    if clean.position != Some(position) {
        let before = found.len();
        let d = settings;
        if let Some(why) = off_grid_position::check(parts, d.grid_stride) {
            found.push((Rule::OffGridPosition, why));
        }
        if let Some(why) = position_outside_tile::check(parts, d.patch_size, d.tile_size) {
            found.push((Rule::PositionOutsideTile, why));
        }
        if found.len() == before {
            clean.position = Some(position);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Remembering gives the findings of a fresh check, name after name,
    /// through clean and faulty tiles, dates and positions.
    #[test]
    fn remembering_changes_no_finding() {
        let settings = NamingSettings {
            year: Some(2020),
            patch_size: 256,
            grid_stride: 257,
            tile_size: 10_980,
        };
        let grid = TilingGrid::official();
        let names = [
            "31UER_20200101_S2_257_0.tif",
            "31UER_20200102_S2_257_0.tif",
            "31UER_20210102_S2_257_0.tif",
            "31UER_20200230_S1_257_0.tif",
            "31UAA_20200102_S2_257_0.tif",
            "31UER_20200102_S2_257_0.tif",
            "31UER_20200102_S2_258_0.tif",
            "31UER_20200102_S2_257_10794.tif",
            "31UER_20200102_S2_257_0.tif",
            "99UER_20200102_S2_258_0.tif",
            "31UER_20200102_S2_257_0.tif",
        ];
        let mut clean = CleanValues::default();
        let mut problems = 0;
        for name in names {
            let parts = NameParts::split(name).unwrap();
            let fresh = check_values(&parts, &settings, grid);
            problems += fresh.len();
            assert_eq!(
                check_values_remembering(&parts, &settings, grid, &mut clean),
                fresh,
                "{name}"
            );
        }
        assert_eq!(problems, 7);
    }
}
