//! Naming: the four nomenclatures, tile codes, dates and patch positions.
//! The naming rules judge every name on disk and every name listed in a
//! label file (`Input::Name`); their records say which list a listed name
//! came from.

pub mod date_outside_year;
pub mod invalid_date;
pub mod invalid_tile_code;
pub mod malformed_name;
pub mod off_grid_position;
pub mod position_outside_tile;
pub mod tile_not_in_grid;
pub mod wrong_folder;

/// The message of a finding on a name, preceded, for a name listed in a
/// label file, by the name and the field that lists it (shared by the
/// rules that judge listed names).
pub(crate) fn listed(name: &Option<String>, field: &Option<String>, message: String) -> String {
    match (name, field) {
        (Some(name), Some(field)) => format!("listed `{name}` in `{field}`: {message}"),
        _ => message,
    }
}

/// Names as the rules' tests judge them.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::grid::TilingGrid;
    use crate::model::{FileKind, NameParts, PatchKey, TileCode};
    use crate::rules::input::{messages, NameFacts, NamePlace, NamingSettings, Out};

    pub const SETTINGS: NamingSettings = NamingSettings {
        year: Some(2020),
        patch_size: 256,
        grid_stride: 257,
        tile_size: 10_980,
    };

    /// What `check` finds in `name` in the folder of its kind (`s2/` when
    /// it follows no nomenclature).
    pub fn on_disk(name: &str, check: fn(&NameFacts, &mut Out)) -> Vec<String> {
        let parts = NameParts::split(name);
        let folder = parts.map_or(FileKind::S2, |p| p.kind);
        in_folder(name, folder, check)
    }

    /// What `check` finds in `name` in the folder of `folder` files.
    pub fn in_folder(name: &str, folder: FileKind, check: fn(&NameFacts, &mut Out)) -> Vec<String> {
        let parts = NameParts::split(name);
        let facts = NameFacts {
            name,
            parts,
            place: NamePlace::OnDisk { folder },
            naming: &SETTINGS,
            grid: TilingGrid::official(),
        };
        messages(check, &facts)
    }

    /// What `check` finds in `name` listed in `corresponding_s2` of the
    /// label file of 31UER_0_0.
    pub fn listed_facts(
        name: &str,
        duplicate: bool,
        check: fn(&NameFacts, &mut Out),
    ) -> Vec<String> {
        let label = PatchKey {
            tile: TileCode::parse("31UER").unwrap(),
            x: 0,
            y: 0,
        };
        let parts = NameParts::split(name);
        let facts = NameFacts {
            name,
            parts: if duplicate { None } else { parts },
            place: NamePlace::Listed {
                field: "corresponding_s2",
                expected: FileKind::S2,
                label: &label,
                duplicate,
            },
            naming: &SETTINGS,
            grid: TilingGrid::official(),
        };
        messages(check, &facts)
    }
}
