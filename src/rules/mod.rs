//! The rules: one file each, grouped by family. The doc comment of each rule
//! is its user documentation (`multisenge rules CODE`, `docs/rules.md`);
//! its `reads` list is what the engine reads for it ([`input`]); its
//! struct is the record its findings carry ([`record`]).
//!
//! Below the rule files: [`record`] (severity, location, family, the
//! record traits), [`input`] (what rules read), [`declare`] (the
//! `declare_rule!` macro). Above them: this registry, [`finding`] (a
//! finding of a registered rule), [`select`] and [`docs`].

use std::fmt;

use schemars::{Schema, SchemaGenerator};

use self::input::Check;
use self::record::AnyRecord;

pub mod classes;
pub mod dataset;
pub mod declare;
pub mod docs;
pub mod fields;
pub mod finding;
pub mod georeferencing;
pub mod input;
pub mod labels;
pub mod layout;
pub mod mmu;
pub mod naming;
pub mod raster;
pub mod record;
pub mod select;
pub mod spatial;
pub mod triplets;

pub use declare::RuleMeta;
pub use record::Family;

/// Lists every rule once: `family::file::Struct`, in code order.
macro_rules! registry {
    ($($(#[$attr:meta])* $family:ident :: $file:ident :: $variant:ident),+ $(,)?) => {
        /// Every rule of the engine.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($(#[$attr])* $variant),+
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$($(#[$attr])* Rule::$variant),+];

            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $($(#[$attr])* Rule::$variant => &$family::$file::$variant::META),+
                }
            }

            /// What the rule reads, and how it judges it.
            pub fn checks(self) -> &'static [Check] {
                match self {
                    $($(#[$attr])* Rule::$variant => $family::$file::$variant::CHECKS),+
                }
            }

            /// The rule's record from its JSON form ([`AnyRecord::to_json`]).
            pub fn record_from_json(
                self,
                value: serde_json::Value,
            ) -> Result<Box<dyn AnyRecord>, serde_json::Error> {
                match self {
                    $($(#[$attr])* Rule::$variant => {
                        Ok(Box::new(serde_json::from_value::<$family::$file::$variant>(value)?))
                    }),+
                }
            }

            /// Whether `record` is this rule's record type.
            pub fn owns(self, record: &dyn AnyRecord) -> bool {
                match self {
                    $($(#[$attr])* Rule::$variant => {
                        record.as_any().is::<$family::$file::$variant>()
                    }),+
                }
            }

            /// The JSON Schema of the rule's record, added to `generator`'s
            /// definitions; the returned schema refers to it.
            pub fn record_schema(self, generator: &mut SchemaGenerator) -> Schema {
                match self {
                    $($(#[$attr])* Rule::$variant => {
                        generator.subschema_for::<$family::$file::$variant>()
                    }),+
                }
            }
        }
    };
}

registry! {
    layout::missing_folder::MissingFolder,
    layout::unknown_folder::UnknownFolder,
    layout::stray_file::StrayFile,
    layout::wrong_extension::WrongExtension,
    layout::unreadable_entry::UnreadableEntry,
    layout::non_utf8_name::NonUtf8Name,
    naming::malformed_name::MalformedName,
    naming::invalid_tile_code::InvalidTileCode,
    naming::invalid_date::InvalidDate,
    naming::date_outside_year::DateOutsideYear,
    naming::off_grid_position::OffGridPosition,
    naming::position_outside_tile::PositionOutsideTile,
    naming::wrong_folder::WrongFolder,
    naming::tile_not_in_grid::TileNotInGrid,
    labels::invalid_json::InvalidJson,
    labels::missing_field::MissingField,
    labels::wrong_field_type::WrongFieldType,
    labels::empty_list_item::EmptyListItem,
    labels::unknown_class::UnknownClass,
    labels::oversized_label_file::OversizedLabelFile,
    triplets::label_without_ground_reference::LabelWithoutGroundReference,
    triplets::ground_reference_without_label::GroundReferenceWithoutLabel,
    triplets::listed_file_missing::ListedFileMissing,
    triplets::unlisted_file::UnlistedFile,
    triplets::listed_name_mismatch::ListedNameMismatch,
    triplets::duplicate_entry::DuplicateEntry,
    raster::unreadable_raster::UnreadableRaster,
    raster::truncated_raster::TruncatedRaster,
    raster::wrong_raster_size::WrongRasterSize,
    raster::wrong_band_count::WrongBandCount,
    raster::wrong_data_type::WrongDataType,
    raster::nodata_band::NodataBand,
    raster::constant_band::ConstantBand,
    raster::non_finite_values::NonFiniteValues,
    raster::value_out_of_range::ValueOutOfRange,
    raster::wrong_band_order::WrongBandOrder,
    raster::wrong_polarisations::WrongPolarisations,
    raster::wrong_backscatter_unit::WrongBackscatterUnit,
    georeferencing::missing_crs::MissingCrs,
    georeferencing::wrong_utm_zone::WrongUtmZone,
    georeferencing::label_projection_mismatch::LabelProjectionMismatch,
    georeferencing::wrong_pixel_size::WrongPixelSize,
    georeferencing::misplaced_origin::MisplacedOrigin,
    georeferencing::triplet_georeferencing_mismatch::TripletGeoreferencingMismatch,
    classes::unknown_class_value::UnknownClassValue,
    classes::labels_disagree_with_raster::LabelsDisagreeWithRaster,
    mmu::small_region::SmallRegion,
    mmu::small_border_region::SmallBorderRegion,
    mmu::small_region_by_road::SmallRegionByRoad,
    spatial::patches_overlap::PatchesOverlap,
    spatial::duplicate_footprint::DuplicateFootprint,
    dataset::missing_tile::MissingTile,
    dataset::undeclared_tile::UndeclaredTile,
    dataset::wrong_total::WrongTotal,
    dataset::dates_outside_bounds::DatesOutsideBounds,
    // Only in the crate's own tests: a rule added through this list
    // alone, which the engine must run (rules::raster::throwaway).
    #[cfg(test)]
    raster::throwaway::Throwaway,
}

impl Rule {
    pub fn code(self) -> &'static str {
        self.meta().code
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// Position in [`Rule::ALL`], for per-rule tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_prefixed_by_family() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let m = rule.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            let prefix = m.family.name().chars().next().unwrap().to_ascii_uppercase();
            // Layout and labels share a letter; labels use J (JSON) instead.
            let prefix = if m.family == Family::Labels {
                'J'
            } else {
                prefix
            };
            assert!(
                m.code.starts_with(prefix),
                "{} is not in family {:?}",
                m.code,
                m.family
            );
            for section in ["## What it checks", "## Why it matters", "## Example"] {
                assert!(m.doc.contains(section), "{} doc lacks `{section}`", m.code);
            }
        }
    }
}
