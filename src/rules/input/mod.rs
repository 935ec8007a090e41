//! What rules read. Each rule declares its checks (`reads: [...]` in
//! `declare_rule!`): one [`Check`] per input, a function over that input's
//! facts. The engine builds the facts of each input as it reads the
//! dataset and calls the checks of the enabled rules that read it; which
//! files it opens and which pixels it reads follow from the inputs those
//! rules declare (`engine::plan`), so no part of the engine names a rule.
//!
//! | input | facts | read in |
//! |---|---|---|
//! | [`Input::Folder`] | a dataset folder (or the root) missing or unreadable | the scan |
//! | [`Input::Entry`] | an entry of the root or of a dataset folder | the scan |
//! | [`Input::Name`] | a name on disk or listed in a label file | the scan, the label files |
//! | [`Input::LabelFile`] | a label file's bytes, as read and parsed | the label files |
//! | [`Input::Triplet`] | a patch's files against its label file | the triplets (rasters present) |
//! | [`Input::LabelProjection`] | a label file's `projection` against its patch | the rasters (the tile without them) |
//! | [`Input::Raster`] | a raster's header, or why it does not open | the rasters |
//! | [`Input::BandDescriptions`] | the band descriptions of a raster's header | the rasters |
//! | [`Input::Band`] | the statistics of one band's pixels | the rasters |
//! | [`Input::PixelRead`] | a band whose pixels cannot be read | the rasters, when pixels are read for another rule |
//! | [`Input::ClassMap`] | a ground reference's class histogram | the rasters |
//! | [`Input::Region`] | a connected class region of a ground reference | the rasters |
//! | [`Input::Georeferencing`] | the georeferencing of a patch's rasters together | the rasters |
//! | [`Input::Overlap`] | two patches whose footprints share ground | the overlap pass |
//! | [`Input::PatchDates`] | a label file's distinct dates per sensor | the label files |
//! | [`Input::Release`] | the dataset's tiles and totals | the end of a run (not a shard) |

mod label;
mod listing;
mod pixels;
mod place;
mod release;

pub use label::{LabelFileFacts, LabelRead, ProjectionFacts, TripletFacts};
pub use listing::{
    Entry, EntryFacts, FolderFacts, FolderState, NameFacts, NamePart, NamePlace, NamingSettings,
};
pub use pixels::{
    BackscatterUnit, BandFacts, BandStats, ClassMapFacts, DescriptionFacts, Georef,
    GeoreferencingFacts, MmuSettings, PixelReadFacts, RasterExpectation, RasterFacts, RegionFacts,
};
pub use place::OverlapFacts;
pub use release::{PatchDatesFacts, ReleaseDeclaration, ReleaseFacts};

use crate::model::FileKind;

use super::record::{AnyRecord, Location};

/// The function of a check of each input: it judges the input's facts and
/// puts what it finds in [`Out`].
pub type FolderCheck = fn(&FolderFacts, &mut Out);
pub type EntryCheck = fn(&EntryFacts, &mut Out);
pub type NameCheck = fn(&NameFacts, &mut Out);
pub type LabelFileCheck = fn(&LabelFileFacts, &mut Out);
pub type TripletCheck = fn(&TripletFacts, &mut Out);
pub type LabelProjectionCheck = fn(&ProjectionFacts, &mut Out);
pub type RasterCheck = fn(&RasterFacts, &mut Out);
pub type BandDescriptionsCheck = fn(&DescriptionFacts, &mut Out);
pub type BandCheck = fn(&BandFacts, &mut Out);
pub type PixelReadCheck = fn(&PixelReadFacts, &mut Out);
pub type ClassMapCheck = fn(&ClassMapFacts, &mut Out);
pub type RegionCheck = fn(&RegionFacts, &mut Out);
pub type GeoreferencingCheck = fn(&GeoreferencingFacts, &mut Out);
pub type OverlapCheck = fn(&OverlapFacts, &mut Out);
pub type PatchDatesCheck = fn(&PatchDatesFacts, &mut Out);
pub type ReleaseCheck = fn(&ReleaseFacts, &mut Out);

/// One check of a rule: the input it reads and the function that judges
/// it. Name checks also say which parts of a name they read, band checks
/// the kinds of rasters whose pixels they need.
#[derive(Clone, Copy)]
pub enum Check {
    Folder(FolderCheck),
    Entry(EntryCheck),
    Name(&'static [NamePart], NameCheck),
    LabelFile(LabelFileCheck),
    Triplet(TripletCheck),
    LabelProjection(LabelProjectionCheck),
    Raster(RasterCheck),
    BandDescriptions(&'static [FileKind], BandDescriptionsCheck),
    Band(&'static [FileKind], BandCheck),
    PixelRead(PixelReadCheck),
    ClassMap(ClassMapCheck),
    Region(RegionCheck),
    Georeferencing(GeoreferencingCheck),
    Overlap(OverlapCheck),
    PatchDates(PatchDatesCheck),
    Release(ReleaseCheck),
}

/// The inputs, as [`Check`] reads them (without the function).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    Folder,
    Entry,
    Name,
    LabelFile,
    Triplet,
    LabelProjection,
    Raster,
    BandDescriptions,
    Band,
    PixelRead,
    ClassMap,
    Region,
    Georeferencing,
    Overlap,
    PatchDates,
    Release,
}

impl Check {
    pub fn input(&self) -> Input {
        match self {
            Check::Folder(_) => Input::Folder,
            Check::Entry(_) => Input::Entry,
            Check::Name(..) => Input::Name,
            Check::LabelFile(_) => Input::LabelFile,
            Check::Triplet(_) => Input::Triplet,
            Check::LabelProjection(_) => Input::LabelProjection,
            Check::Raster(_) => Input::Raster,
            Check::BandDescriptions(..) => Input::BandDescriptions,
            Check::Band(..) => Input::Band,
            Check::PixelRead(_) => Input::PixelRead,
            Check::ClassMap(_) => Input::ClassMap,
            Check::Region(_) => Input::Region,
            Check::Georeferencing(_) => Input::Georeferencing,
            Check::Overlap(_) => Input::Overlap,
            Check::PatchDates(_) => Input::PatchDates,
            Check::Release(_) => Input::Release,
        }
    }

    /// The input as docs/rules.md states it.
    pub fn describe(&self) -> String {
        let kinds = |kinds: &[FileKind]| {
            let names: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
            names.join(", ")
        };
        match self {
            Check::Name(parts, _) => {
                let parts: Vec<&str> = parts.iter().map(|p| p.describe()).collect();
                format!("{} ({})", self.input().describe(), parts.join(", "))
            }
            Check::BandDescriptions(k, _) | Check::Band(k, _) => {
                format!("{} ({})", self.input().describe(), kinds(k))
            }
            _ => self.input().describe().to_string(),
        }
    }
}

impl Input {
    /// What the input is, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Input::Folder => "each dataset folder, when missing or unreadable",
            Input::Entry => "each entry of the dataset root and of its folders",
            Input::Name => "each name, on disk and listed in label files",
            Input::LabelFile => "each label file, as read and parsed",
            Input::Triplet => "each patch's files against its label file",
            Input::LabelProjection => "each label file's projection against its patch",
            Input::Raster => "each raster's header",
            Input::BandDescriptions => "the band descriptions of each raster",
            Input::Band => "the pixels of each band",
            Input::PixelRead => "the pixel reads other rules ask for",
            Input::ClassMap => "each ground reference's class histogram",
            Input::Region => "each class region of each ground reference",
            Input::Georeferencing => "the georeferencing of each patch's rasters",
            Input::Overlap => "each pair of patches sharing ground",
            Input::PatchDates => "each label file's distinct dates per sensor",
            Input::Release => "the dataset's tiles and totals, once per run",
        }
    }

    /// Whether the input exists only where rasters are read (not in
    /// labels-only mode).
    pub fn needs_rasters(self) -> bool {
        matches!(
            self,
            Input::Triplet
                | Input::Raster
                | Input::BandDescriptions
                | Input::Band
                | Input::PixelRead
                | Input::ClassMap
                | Input::Region
                | Input::Georeferencing
        )
    }
}

/// A finding as a check gives it: the rule's record and, when the check
/// says so, the file it is about (else the file whose facts were read) and
/// a location inside it.
#[derive(Debug)]
pub struct Emitted {
    pub record: Box<dyn AnyRecord>,
    pub path: Option<String>,
    pub location: Option<Location>,
}

/// Where a check puts its findings.
pub struct Out<'a> {
    found: &'a mut Vec<Emitted>,
}

impl<'a> Out<'a> {
    pub fn new(found: &'a mut Vec<Emitted>) -> Out<'a> {
        Out { found }
    }

    /// A finding on the file whose facts were read.
    pub fn push(&mut self, record: impl AnyRecord) {
        self.emit(record, None, None);
    }

    /// A finding on another file (`path`, relative to the dataset root).
    pub fn push_at(&mut self, path: impl Into<String>, record: impl AnyRecord) {
        self.emit(record, Some(path.into()), None);
    }

    /// A finding at `location` inside the file whose facts were read.
    pub fn push_located(&mut self, record: impl AnyRecord, location: Location) {
        self.emit(record, None, Some(location));
    }

    fn emit(&mut self, record: impl AnyRecord, path: Option<String>, location: Option<Location>) {
        self.found.push(Emitted {
            record: Box::new(record),
            path,
            location,
        });
    }
}

/// What `check` finds in `facts`: each record's message, and the path and
/// location it gave (the rules' tests).
#[cfg(test)]
pub(crate) fn found<F>(check: fn(&F, &mut Out), facts: &F) -> Vec<Emitted> {
    let mut found = Vec::new();
    check(facts, &mut Out::new(&mut found));
    found
}

/// The messages of what `check` finds in `facts`.
#[cfg(test)]
pub(crate) fn messages<F>(check: fn(&F, &mut Out), facts: &F) -> Vec<String> {
    found(check, facts)
        .iter()
        .map(|e| e.record.message())
        .collect()
}
