//! Man pages (roff) of a command line: one for the program and one per
//! subcommand, rendered from the argument definitions with `clap_mangen`.

use std::path::Path;

/// Writes `NAME.1` and `NAME-SUBCOMMAND.1` for `cmd` (named `name`) into
/// `dir`, created if needed, each atomically; returns how many pages.
pub fn write_man_pages(mut cmd: clap::Command, name: &str, dir: &Path) -> std::io::Result<usize> {
    cmd.build();
    let mut pages = vec![(name.to_string(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let page = sub.clone().version(env!("CARGO_PKG_VERSION"));
        pages.push((format!("{name}-{}", sub.get_name()), page));
    }
    crate::io::safety::gate::check_output_folder(dir)?;
    crate::io::safety::journal::create_dir_all(dir)?;
    for (page_name, page) in &pages {
        let mut roff = Vec::new();
        clap_mangen::Man::new(page.clone())
            .title(page_name.to_uppercase())
            .render(&mut roff)?;
        crate::io::safety::atomic::write_bytes(&dir.join(format!("{page_name}.1")), &roff)?;
    }
    Ok(pages.len())
}
