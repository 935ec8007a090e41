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
use crate::model::naming::Date;
use crate::model::{NameParts, TileCode};
use crate::profile::Profile;
use crate::rules::Rule;

/// Judges the values in a well-shaped name (tile, date, position), returning
/// every problem found. Used for files on disk and for names listed in
/// label files alike.
pub(crate) fn check_values(
    parts: &NameParts,
    profile: &Profile,
    grid: &TilingGrid,
) -> Vec<(Rule, String)> {
    let mut found = Vec::new();
    match TileCode::parse(parts.tile) {
        Err(why) => found.push((Rule::InvalidTileCode, why)),
        Ok(tile) => {
            if let Some(why) = tile_not_in_grid::check(&tile, grid) {
                found.push((Rule::TileNotInGrid, why));
            }
        }
    }
    if let Some(date) = parts.date {
        match Date::parse(date) {
            Err(why) => found.push((Rule::InvalidDate, why)),
            Ok(date) => {
                if let Some(why) = date_outside_year::check(&date, profile.dataset.year) {
                    found.push((Rule::DateOutsideYear, why));
                }
            }
        }
    }
    let d = &profile.dataset;
    if let Some(why) = off_grid_position::check(parts, d.grid_stride) {
        found.push((Rule::OffGridPosition, why));
    }
    if let Some(why) = position_outside_tile::check(parts, d.patch_size, d.tile_size) {
        found.push((Rule::PositionOutsideTile, why));
    }
    found
}
