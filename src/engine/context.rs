//! What the passes share: the run's context, and the sink their findings
//! go through.

use crate::finding::Finding;
use crate::model::dataset::Dataset;
use crate::model::grid::TilingGrid;
use crate::model::{FileKind, PatchKey};
use crate::profile::LoadedProfile;
use crate::rules::input::{
    Emitted, MmuSettings, NamingSettings, Out, RasterExpectation, ReleaseDeclaration,
};
use crate::rules::select::RuleSet;
use crate::rules::Rule;

use super::names::CleanDates;
use super::plan::Plan;
use super::progress::ProgressHook;

/// What the checks share.
pub(crate) struct Context<'a> {
    pub profile: &'a LoadedProfile,
    pub dataset: &'a Dataset,
    pub grid: &'static TilingGrid,
    pub progress: bool,
    /// The checks of the enabled rules, by input, and the reads they need.
    pub plan: Plan,
    /// The settings the rules take, built once from the profile.
    pub naming: NamingSettings,
    pub mmu: MmuSettings,
    /// What the release declares of itself (`[release]`).
    pub release: ReleaseDeclaration,
    /// What the raster rules expect of each kind, in [`FileKind::ALL`]
    /// order (none for label files).
    pub rasters: [Option<RasterExpectation>; 4],
    /// The dates this run found clean, for the names that follow.
    pub clean_dates: CleanDates,
    pub class_pixels: bool,
    pub place_patches: bool,
    pub progress_hook: Option<ProgressHook<'a>>,
    /// Where the scan takes the names from.
    pub names: crate::io::storage::listing::Names,
    /// What earlier runs found, file by file (`None`: no cache).
    pub cache: Option<&'a super::cache::Store>,
}

impl Context<'_> {
    /// What the raster rules expect of files of `kind`.
    pub fn expectation(&self, kind: FileKind) -> Option<&RasterExpectation> {
        let slot = FileKind::ALL.iter().position(|k| *k == kind)?;
        self.rasters[slot].as_ref()
    }
}

/// The checks of one input: each enabled rule that reads it, with the
/// function that judges its facts.
pub(crate) type Checks<F> = [(Rule, fn(&F, &mut Out))];

/// Runs `checks` on `facts`, handing each finding to `push` (which says
/// whether it was kept): a finding is on the file its check named, else on
/// `path`, and on `patch`. Returns how many were kept.
pub(crate) fn run_checks<F>(
    checks: &Checks<F>,
    facts: &F,
    path: Option<&str>,
    patch: Option<PatchKey>,
    scratch: &mut Vec<Emitted>,
    push: &mut dyn FnMut(Finding) -> bool,
) -> usize {
    let mut kept = 0;
    for (rule, check) in checks {
        scratch.clear();
        check(facts, &mut Out::new(scratch));
        for emitted in scratch.drain(..) {
            let mut finding = Finding::of(*rule, emitted.record);
            finding.path = emitted.path.or_else(|| path.map(str::to_string));
            finding.patch = patch;
            finding.location = emitted.location;
            kept += usize::from(push(finding));
        }
    }
    kept
}

/// Collects findings, applying the rule set: findings of disabled rules are
/// dropped and severities are the configured ones.
pub(crate) struct Sink<'a> {
    pub(crate) rules: &'a RuleSet,
    pub(crate) findings: Vec<Finding>,
    scratch: Vec<Emitted>,
}

impl<'a> Sink<'a> {
    pub(crate) fn new(rules: &'a RuleSet) -> Sink<'a> {
        Sink {
            rules,
            findings: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Records a finding; returns whether its rule is enabled.
    pub(crate) fn push(&mut self, mut finding: Finding) -> bool {
        match self.rules.severity(finding.rule) {
            Some(severity) => {
                finding.severity = severity;
                self.findings.push(finding);
                true
            }
            None => false,
        }
    }

    /// Runs `checks` on `facts` (see [`run_checks`]); returns how many
    /// findings were recorded.
    pub(crate) fn run<F>(
        &mut self,
        checks: &Checks<F>,
        facts: &F,
        path: Option<&str>,
        patch: Option<PatchKey>,
    ) -> usize {
        if checks.is_empty() {
            return 0;
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        let kept = run_checks(checks, facts, path, patch, &mut scratch, &mut |f| {
            self.push(f)
        });
        self.scratch = scratch;
        kept
    }
}

/// A progress bar on standard error when asked for and on a terminal
/// (hidden otherwise), also reporting to the context's hook as the part
/// `range` (percent) of the whole validation.
pub(crate) fn bar<'a>(
    cx: &Context<'a>,
    len: u64,
    what: &str,
    range: (f64, f64),
) -> super::progress::Meter<'a> {
    super::progress::Meter::new(terminal_bar(cx, len, what), cx.progress_hook, len, range)
}

fn terminal_bar(cx: &Context, len: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !cx.progress || !std::io::stderr().is_terminal() || len < 1000 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg:12} [{bar:40}] {pos}/{len} ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}
