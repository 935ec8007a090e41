//! `multisenge validate`, `merge` and `list`: check a dataset (whole, or
//! one shard of it, from its folders or from a listing made once) and
//! report. The arguments are [`multisenge::jobspec::validate`]'s,
//! `merge`'s and `list`'s.

use multisenge::engine::{self, shard, Options};
use multisenge::jobspec::{self, validate as spec, Values};
use multisenge::profile::LoadedProfile;
use multisenge::report::baseline::{self, Baseline};
use multisenge::report::{self, Format, OutputOptions, RenderOptions};

use super::{CliError, Ui, EXIT_FINDINGS, EXIT_OK};

pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let mut profile = LoadedProfile::load_or_default(v.path("PROFILE").as_deref())?;
    profile.apply(&spec::selection(v))?;
    spec::memory(v).apply();
    let out = spec::output_options(v);
    let write_baseline = v.path("WRITE_BASELINE");
    multisenge::io::safety::atomic::check_writable([
        out.output.as_deref(),
        write_baseline.as_deref(),
    ])?;
    let shard = spec::shard_options(v);
    let options = Options {
        labels_only: v.flag("LABELS_ONLY"),
        progress: ui.progress(),
        listing: shard.listing.path.clone(),
        cache: spec::cache(v),
        ..Options::default()
    };
    let dataset = v.path("DATASET").unwrap_or_default();
    if let Some(spec) = shard.spec()? {
        let (partial, cache) = engine::validate_shard(&dataset, &profile, &options, spec)?;
        warn_cache(cache.as_ref(), ui);
        super::emit(out.output.as_deref(), &partial.to_json())?;
        return Ok(EXIT_OK);
    }
    let known = v
        .path("BASELINE")
        .as_deref()
        .map(Baseline::load)
        .transpose()?;
    let mut report = engine::validate(&dataset, &profile, &options)?;
    warn_cache(report.cache.as_ref(), ui);
    if let Some(known) = &known {
        baseline::apply(&mut report, known);
    }
    if let Some(path) = &write_baseline {
        super::emit(Some(path), &report::json::render(&report))?;
    }
    finish(&report, out, ui)
}

pub fn merge(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    let report = shard::merge_files(&v.paths("PARTIALS"))?;
    finish(&report, spec::output_options(v), ui)
}

pub fn list(v: &Values) -> Result<u8, CliError> {
    jobspec::list::args(v).run()?;
    Ok(EXIT_OK)
}

/// The cache's notes on standard error.
fn warn_cache(cache: Option<&engine::cache::CacheOutcome>, ui: &Ui) {
    for note in cache.map(|c| c.notes(ui.verbose)).unwrap_or_default() {
        eprintln!("{note}");
    }
}

fn finish(report: &engine::Report, out: OutputOptions, ui: &Ui) -> Result<u8, CliError> {
    if ui.verbose {
        eprint!("{}", report::text::verbose(report));
    }
    let render = RenderOptions {
        color: ui.color(out.output.as_deref()),
        quiet: ui.quiet,
        fail_on: out.fail_on.level(),
        sarif_root: out.sarif_root,
        docs_url: out.docs_url,
    };
    let format = out.format.parse().unwrap_or(Format::Text);
    let text = report::render(report, format, &render)?;
    super::emit(out.output.as_deref(), &text)?;
    let failed = render.fail_on.is_some_and(|level| report.fails_at(level));
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}
