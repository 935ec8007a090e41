//! `docs/jobs.md`, every job as a GIS front end shows it, generated from
//! the descriptors so that it cannot drift from them (`tests/job_docs.rs`
//! keeps the file in sync). Each job's section is its help page: the
//! plugin's *Help* button opens the descriptor's `help_url`
//! ([`super::descriptor::help_url`]).

use serde_json::Value;

use super::descriptor::{Descriptor, Kind, Parameter};

/// A parameter's type, default and limits in a few words.
pub fn kind_text(p: &Parameter) -> String {
    let text = match &p.kind {
        Kind::Folder => "folder".to_string(),
        Kind::File {
            extension,
            options: Some(names),
        } => match extension {
            Some(ext) => format!("{} or a .{ext} file", quoted(names)),
            None => format!("{} or a file", quoted(names)),
        },
        Kind::File {
            extension,
            options: None,
        } => match extension {
            Some(ext) => format!("file (.{ext})"),
            None => "file".to_string(),
        },
        Kind::Vector => "vector layer (`PATH`, `PATH|layername=NAME`, `PATH|layerid=N`)".into(),
        Kind::Raster => "raster".to_string(),
        Kind::Enum { options } => format!("one of {}", quoted(options)),
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
        Kind::Crs => "CRS (`EPSG:n`, WKT or a PROJ string)".to_string(),
        Kind::OutputFile {
            extension,
            extensions,
        } => format!("file written ({})", dotted(extension, extensions)),
        Kind::OutputVector {
            extension,
            extensions,
        } => format!("vector layer written ({})", dotted(extension, extensions)),
        Kind::OutputRaster {
            extension,
            extensions,
        } => format!("raster written ({})", dotted(extension, extensions)),
        Kind::OutputFolder => "folder written into".to_string(),
    };
    match &p.default {
        Some(Value::String(s)) => format!("{text}; default `{s}`"),
        Some(v) => format!("{text}; default `{v}`"),
        None if p.optional => format!("{text}; optional"),
        None => text,
    }
}

/// An output's extensions: every one taken (`.tif` or `.tiff`), else the
/// usual one (`.json`, any name taken).
fn dotted(usual: &str, taken: &[&str]) -> String {
    match taken {
        [] => format!(".{usual}"),
        [one] => format!(".{one}"),
        [first @ .., last] => {
            let first: Vec<String> = first.iter().map(|e| format!(".{e}")).collect();
            format!("{} or .{last}", first.join(", "))
        }
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
            super::super::descriptor::help_url("compare"),
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
        let profile = Kind::File {
            extension: Some("toml"),
            options: Some(vec!["paper", "ocsge-plus"]),
        };
        assert_eq!(
            kind_text(&p(profile, true, Some(serde_json::json!("paper")))),
            "`paper`, `ocsge-plus` or a .toml file; default `paper`"
        );
        assert_eq!(kind_text(&p(Kind::Folder, false, None)), "folder");
        let raster = Kind::OutputRaster {
            extension: "tif",
            extensions: &["tif", "tiff"],
        };
        assert_eq!(
            kind_text(&p(raster, true, None)),
            "raster written (.tif or .tiff); optional"
        );
        let vector = Kind::OutputVector {
            extension: "gpkg",
            extensions: &["gpkg", "geojson", "json"],
        };
        assert_eq!(
            kind_text(&p(vector, false, None)),
            "vector layer written (.gpkg, .geojson or .json)"
        );
        let report = Kind::OutputFile {
            extension: "json",
            extensions: &[],
        };
        assert_eq!(kind_text(&p(report, false, None)), "file written (.json)");
    }
}
