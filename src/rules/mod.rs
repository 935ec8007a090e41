//! The rules: one file each, grouped by family. The doc comment of each rule
//! is its user documentation (`multisenge rules CODE`, `docs/rules.md`).

use std::fmt;

use crate::finding::Severity;

pub mod classes;
pub mod docs;
pub mod finding;
pub mod georeferencing;
pub mod labels;
pub mod layout;
pub mod mmu;
pub mod naming;
pub mod raster;
pub mod select;
pub mod spatial;
pub mod triplets;

pub use select::RuleSet;

/// The family of a rule; its letter prefixes the rule codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Layout,
    Naming,
    Labels,
    Triplets,
    Raster,
    Georeferencing,
    Classes,
    Mmu,
    Spatial,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Layout => "layout",
            Family::Naming => "naming",
            Family::Labels => "labels",
            Family::Triplets => "triplets",
            Family::Raster => "raster",
            Family::Georeferencing => "georeferencing",
            Family::Classes => "classes",
            Family::Mmu => "mmu",
            Family::Spatial => "spatial",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Family::Layout => "folders, stray files and extensions",
            Family::Naming => "the four file nomenclatures, tile codes, dates and positions",
            Family::Labels => "content of the per-patch label files",
            Family::Triplets => "agreement between label files and the rasters on disk",
            Family::Raster => "readable GeoTIFFs: size, bands, data type and pixel content",
            Family::Georeferencing => {
                "CRS, pixel size and origin of each patch, and agreement inside a patch"
            }
            Family::Classes => "ground-reference values and the label file's class list",
            Family::Mmu => {
                "per-class regions of the ground reference against the minimum mapping unit"
            }
            Family::Spatial => "patch footprints on the ground: overlaps and duplicates",
        }
    }
}

/// Everything a user needs to know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, used in profiles, `--select`, `--ignore` and reports.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, an example.
    pub doc: &'static str,
}

/// Declares a rule: its doc comment becomes [`RuleMeta::doc`].
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        $vis struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                family: $crate::rules::Family::$family,
                default_severity: $crate::finding::Severity::$severity,
                summary: $summary,
                doc: concat!($($doc, "\n"),+),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Lists every rule once: `family::file::Struct`, in code order.
macro_rules! registry {
    ($($family:ident :: $file:ident :: $variant:ident),+ $(,)?) => {
        /// Every rule of the engine.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant),+
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &$family::$file::$variant::META),+
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
