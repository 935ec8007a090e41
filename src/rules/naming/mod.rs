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
    let mut found = Vec::new();
    match invalid_tile_code::check(parts.tile) {
        Err(why) => found.push((Rule::InvalidTileCode, why)),
        Ok(tile) => {
            if let Some(why) = tile_not_in_grid::check(&tile, grid) {
                found.push((Rule::TileNotInGrid, why));
            }
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
    let d = settings;
    if let Some(why) = off_grid_position::check(parts, d.grid_stride) {
        found.push((Rule::OffGridPosition, why));
    }
    if let Some(why) = position_outside_tile::check(parts, d.patch_size, d.tile_size) {
        found.push((Rule::PositionOutsideTile, why));
    }
    found
}
