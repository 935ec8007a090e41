//! What a run reads and which checks it calls, derived from the registry:
//! every enabled rule's checks (`Rule::checks`), sorted by the input they
//! read. No rule is named here: a rule added to the registry is called
//! where its input is read, and its input is read when it is enabled.

use crate::model::FileKind;
use crate::rules::input::{
    BandCheck, BandDescriptionsCheck, Check, ClassMapCheck, EntryCheck, FolderCheck,
    GeoreferencingCheck, Input, LabelFileCheck, LabelProjectionCheck, NameCheck, NamePart,
    OverlapCheck, PatchDatesCheck, PixelReadCheck, RasterCheck, RegionCheck, ReleaseCheck,
    TripletCheck,
};
use crate::rules::select::RuleSet;
use crate::rules::Rule;

/// Raster kinds, in the order of the per-kind tables below.
const RASTER_KINDS: [FileKind; 3] = [FileKind::GroundReference, FileKind::S2, FileKind::S1];

/// The checks of the enabled rules, by input.
#[derive(Default)]
pub(crate) struct Plan {
    pub folder: Vec<(Rule, FolderCheck)>,
    pub entry: Vec<(Rule, EntryCheck)>,
    pub names: NameChecks,
    pub label_file: Vec<(Rule, LabelFileCheck)>,
    pub triplet: Vec<(Rule, TripletCheck)>,
    pub projection: Vec<(Rule, LabelProjectionCheck)>,
    pub raster: Vec<(Rule, RasterCheck)>,
    /// By raster kind (ground reference, Sentinel-2, Sentinel-1).
    pub descriptions: [Vec<(Rule, BandDescriptionsCheck)>; 3],
    pub band: [Vec<(Rule, BandCheck)>; 3],
    pub pixel_read: Vec<(Rule, PixelReadCheck)>,
    pub class_map: Vec<(Rule, ClassMapCheck)>,
    pub region: Vec<(Rule, RegionCheck)>,
    pub georeferencing: Vec<(Rule, GeoreferencingCheck)>,
    pub overlap: Vec<(Rule, OverlapCheck)>,
    pub patch_dates: Vec<(Rule, PatchDatesCheck)>,
    pub release: Vec<(Rule, ReleaseCheck)>,
}

/// The name checks, by the parts of a name they read.
#[derive(Default)]
pub(crate) struct NameChecks {
    /// Checks that read the name's shape: called on every name.
    pub shape: Vec<(Rule, NameCheck)>,
    /// Checks that read only the tile, only the date, only the position:
    /// called on well-formed names, skipped for a part found clean.
    pub tile: Vec<(Rule, NameCheck)>,
    pub date: Vec<(Rule, NameCheck)>,
    pub position: Vec<(Rule, NameCheck)>,
    /// Checks that read several of those parts: called on every
    /// well-formed name.
    pub values: Vec<(Rule, NameCheck)>,
    /// The checks of `shape` and `values` that read the date: names that
    /// differ only by their date go through them again.
    pub dated: Vec<(Rule, NameCheck)>,
}

fn slot(kind: FileKind) -> Option<usize> {
    RASTER_KINDS.iter().position(|k| *k == kind)
}

impl Plan {
    /// The checks of the rules `rules` enables, in registry order.
    pub(crate) fn new(rules: &RuleSet) -> Plan {
        Plan::of(Rule::ALL.iter().copied().filter(|r| rules.enabled(*r)))
    }

    /// The checks of `rules`, in their order.
    pub(crate) fn of(rules: impl IntoIterator<Item = Rule>) -> Plan {
        let mut plan = Plan::default();
        for rule in rules {
            for check in rule.checks() {
                plan.add(rule, *check);
            }
        }
        plan
    }

    fn add(&mut self, rule: Rule, check: Check) {
        match check {
            Check::Folder(f) => self.folder.push((rule, f)),
            Check::Entry(f) => self.entry.push((rule, f)),
            Check::Name(parts, f) => {
                let names = &mut self.names;
                match parts {
                    [NamePart::Tile] => names.tile.push((rule, f)),
                    [NamePart::Date] => names.date.push((rule, f)),
                    [NamePart::Position] => names.position.push((rule, f)),
                    _ if parts.contains(&NamePart::Shape) => names.shape.push((rule, f)),
                    _ => names.values.push((rule, f)),
                }
                let dated = parts.contains(&NamePart::Date) && parts.len() > 1;
                if dated {
                    names.dated.push((rule, f));
                }
            }
            Check::LabelFile(f) => self.label_file.push((rule, f)),
            Check::Triplet(f) => self.triplet.push((rule, f)),
            Check::LabelProjection(f) => self.projection.push((rule, f)),
            Check::Raster(f) => self.raster.push((rule, f)),
            Check::BandDescriptions(kinds, f) => {
                for slot in kinds.iter().filter_map(|k| slot(*k)) {
                    self.descriptions[slot].push((rule, f));
                }
            }
            Check::Band(kinds, f) => {
                for slot in kinds.iter().filter_map(|k| slot(*k)) {
                    self.band[slot].push((rule, f));
                }
            }
            Check::PixelRead(f) => self.pixel_read.push((rule, f)),
            Check::ClassMap(f) => self.class_map.push((rule, f)),
            Check::Region(f) => self.region.push((rule, f)),
            Check::Georeferencing(f) => self.georeferencing.push((rule, f)),
            Check::Overlap(f) => self.overlap.push((rule, f)),
            Check::PatchDates(f) => self.patch_dates.push((rule, f)),
            Check::Release(f) => self.release.push((rule, f)),
        }
    }

    /// The band checks of rasters of `kind`.
    pub(crate) fn band_checks(&self, kind: FileKind) -> &[(Rule, BandCheck)] {
        &self.band[slot(kind).unwrap_or(0)]
    }

    /// The band-description checks of rasters of `kind`.
    pub(crate) fn description_checks(&self, kind: FileKind) -> &[(Rule, BandDescriptionsCheck)] {
        &self.descriptions[slot(kind).unwrap_or(0)]
    }

    /// Whether some rule reads the pixels of rasters of `kind`.
    pub(crate) fn reads_pixels(&self, kind: FileKind) -> bool {
        slot(kind).is_some_and(|s| !self.band[s].is_empty())
    }

    /// Whether some rule reads the band descriptions of rasters of `kind`.
    pub(crate) fn reads_descriptions(&self, kind: FileKind) -> bool {
        slot(kind).is_some_and(|s| !self.descriptions[s].is_empty())
    }

    /// Whether the Sentinel-2 and Sentinel-1 files are opened: their
    /// headers, the patch's georeferencing (the reference raster may be one
    /// of them), their band descriptions or their pixels are read.
    pub(crate) fn opens_members(&self) -> bool {
        let sentinel = [FileKind::S2, FileKind::S1];
        !self.raster.is_empty()
            || !self.georeferencing.is_empty()
            || !self.projection.is_empty()
            || sentinel
                .iter()
                .any(|k| self.reads_pixels(*k) || self.reads_descriptions(*k))
    }

    /// Whether the ground reference's pixels are read for a rule.
    pub(crate) fn reads_class_map(&self) -> bool {
        self.reads_pixels(FileKind::GroundReference)
            || !self.class_map.is_empty()
            || !self.region.is_empty()
    }

    /// Whether the patches are placed for the overlap pass.
    pub(crate) fn places_patches(&self) -> bool {
        !self.overlap.is_empty()
    }
}

/// Whether `rule` only reads what exists where rasters are read (it does
/// not run in labels-only mode).
pub(crate) fn needs_rasters(rule: Rule) -> bool {
    rule.checks().iter().all(|c| c.input().needs_rasters())
}

/// The rules that read the overlap pass, in registry order (a sharded
/// run's partials give their severities in this order).
pub(crate) fn overlap_rules() -> Vec<Rule> {
    Rule::ALL
        .iter()
        .copied()
        .filter(|r| r.checks().iter().any(|c| c.input() == Input::Overlap))
        .collect()
}
