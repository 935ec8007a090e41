//! `docs/jobs.md`, every job as a GIS front end shows it, generated from
//! the descriptors so that it cannot drift from them (`tests/job_docs.rs`
//! keeps the file in sync). Each job's section is its help page: the
//! plugin's *Help* button opens [`help_url`].

use serde_json::Value;

use super::{Descriptor, Kind, Parameter};

/// Where the rendered jobs page is: the repository of `Cargo.toml`, its
/// `main` branch, as the SARIF reports' rule links
/// (`validate --docs-url`).
pub const JOBS_PAGE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/jobs.md");

/// The page on which the job's documentation is rendered, at its section.
pub fn help_url(id: &str) -> String {
    format!("{JOBS_PAGE}#{id}")
}

/// A parameter's type, default and limits in a few words.
pub fn kind_text(p: &Parameter) -> String {
    let text = match &p.kind {
        Kind::Folder => "folder".to_string(),
        Kind::File { extension } => match extension {
            Some(ext) => format!("file (.{ext})"),
            None => "file".to_string(),
        },
        Kind::Vector => "vector layer (`PATH`, `PATH|layername=NAME`, `PATH|layerid=N`)".into(),
        Kind::Raster => "raster".to_string(),
        Kind::Enum { options } => format!("one of {}", quoted(options)),
        Kind::Profile { bundled, extension } => {
            format!("{} or a .{extension} file", quoted(bundled))
        }
        Kind::Number {
            integer,
            min,
            max,
            unit,
        } => {
            let mut t = String::from(if *integer { "whole number" } else { "number" });
            match (min, max) {
                (Some(a), Some(b)) => t.push_str(&format!(" from {a} to {b}")),
                (Some(a), None) => t.push_str(&format!(" ≥ {a}")),
                (None, Some(b)) => t.push_str(&format!(" ≤ {b}")),
                (None, None) => {}
            }
            if !unit.is_empty() {
                t.push_str(&format!(", {unit}"));
            }
            t
        }
        Kind::Boolean => "true or false".to_string(),
        Kind::String => "text".to_string(),
        Kind::Crs => "CRS (`EPSG:n` or WKT)".to_string(),
        Kind::OutputFile { extension } => format!("file written (.{extension})"),
        Kind::OutputVector { extension } => format!("vector layer written (.{extension})"),
        Kind::OutputRaster { extension } => format!("raster written (.{extension})"),
        Kind::OutputFolder => "folder written into".to_string(),
    };
    match &p.default {
        Some(Value::String(s)) => format!("{text}; default `{s}`"),
        Some(v) => format!("{text}; default `{v}`"),
        None if p.optional => format!("{text}; optional"),
        None => text,
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole page.
pub fn markdown(descriptors: &[Descriptor]) -> String {
    let mut out = String::from(
        "# Jobs\n\n\
         Every job of `multisenge` as the QGIS plugin shows it (Processing \
         toolbox, group *MultiSenGE*) and as `multisenge run ID` takes it \
         (docs/backend.md). Generated from `multisenge algorithms --json` by \
         `tests/job_docs.rs`; do not edit by hand.\n",
    );
    for d in descriptors {
        out.push_str(&format!(
            "\n## {}\n\n`multisenge:{}`, group *{}*: {}\n\n{}\n\n",
            d.id, d.id, d.group, d.name, d.help
        ));
        out.push_str("| parameter | what | value |\n|---|---|---|\n");
        for p in &d.parameters {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                p.name,
                p.description.replace('|', "\\|"),
                kind_text(p).replace('|', "\\|")
            ));
        }
        if !d.outputs.is_empty() {
            out.push_str("\n| result | what |\n|---|---|\n");
            for o in &d.outputs {
                out.push_str(&format!(
                    "| `{}` | {} ({}) |\n",
                    o.name, o.description, o.kind
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_urls_point_at_the_jobs_section() {
        assert_eq!(
            help_url("compare"),
            format!(
                "{}/blob/main/docs/jobs.md#compare",
                env!("CARGO_PKG_REPOSITORY")
            )
        );
    }

    #[test]
    fn kinds_read_as_words() {
        let p = |kind, optional, default| Parameter {
            name: "X",
            description: "",
            kind,
            optional,
            default,
        };
        let number = Kind::Number {
            integer: true,
            min: Some(0.0),
            max: None,
            unit: "px",
        };
        assert_eq!(
            kind_text(&p(number, true, None)),
            "whole number ≥ 0, px; optional"
        );
        let profile = Kind::Profile {
            bundled: &["paper", "ocsge-plus"],
            extension: "toml",
        };
        assert_eq!(
            kind_text(&p(profile, true, Some(serde_json::json!("paper")))),
            "`paper`, `ocsge-plus` or a .toml file; default `paper`"
        );
        assert_eq!(kind_text(&p(Kind::Folder, false, None)), "folder");
    }
}
