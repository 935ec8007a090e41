//! `multisenge triplets`: a region's triplets. The arguments are
//! [`multisenge::jobspec::triplets`]'s; the work is
//! [`multisenge::triplets::job::run`].

use multisenge::jobspec::{self, Values};
use multisenge::triplets::job;

use super::{CliError, Ui, EXIT_OK};

/// Runs the job, avoiding the patches of other tiles in the output folder
/// and the `--avoid` datasets, with a progress bar on a terminal, and
/// prints the summary on standard error unless `--quiet`.
pub fn run(v: &Values, ui: &Ui) -> Result<u8, CliError> {
    // Resumable: each file is published as soon as it is written.
    let request = multisenge::triplets::TripletsJob {
        publish_as_written: true,
        ..jobspec::triplets::job(v, false)
    };
    let avoid = multisenge::footprints::existing_patches(&request.output, &request.avoid)?;
    let bar = job::progress_bar(ui.progress());
    let summary = job::run(&request, Some(&avoid), &|done, all| {
        bar.set_length(all as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if !ui.quiet {
        eprintln!("{}", summary.lines().join("\n"));
    }
    Ok(EXIT_OK)
}
