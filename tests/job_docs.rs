//! docs/jobs.md (the help pages the QGIS plugin opens) is generated from
//! the job descriptors and must not be stale: regenerate it with
//! `MULTISENGE_WRITE_DOCS=1 cargo test --test job_docs`.

use multisenge::backend::{descriptor, docs, JOBS};

#[test]
fn docs_jobs_md_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/jobs.md");
    let descriptors: Vec<_> = JOBS.iter().map(|j| j.descriptor()).collect();
    let generated = docs::markdown(&descriptors);
    if std::env::var_os("MULTISENGE_WRITE_DOCS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/jobs.md is stale: run `MULTISENGE_WRITE_DOCS=1 cargo test --test job_docs`"
    );
    // Every help URL lands on a section of the page.
    let listed = multisenge::backend::descriptors();
    for d in listed["algorithms"].as_array().unwrap() {
        let url = d["help_url"].as_str().unwrap();
        let (page, anchor) = url.split_once('#').unwrap();
        assert_eq!(page, descriptor::JOBS_PAGE);
        assert!(on_disk.contains(&format!("\n## {anchor}\n")), "{url}");
    }
}
