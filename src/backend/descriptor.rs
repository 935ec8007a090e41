//! A job's descriptor (`algorithms --json`), derived from its
//! [`JobSpec`]: the parameters `run` takes, with their types, limits,
//! defaults and labels, its results, the styles of its outputs and its
//! help page.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::jobspec::types::OutputKind;
use crate::jobspec::{JobSpec, Many, Param, Shown, Type};

/// A job's parameter: what a front end shows and checks.
#[derive(Clone, Debug, Serialize)]
pub struct Parameter {
    /// Key in the `--params` object, upper case (`DATASET`).
    pub name: &'static str,
    /// Label shown to users.
    pub description: &'static str,
    #[serde(flatten)]
    pub kind: Kind,
    pub optional: bool,
    /// Value used when the parameter is left out (None: nothing).
    pub default: Option<Value>,
}

/// Parameter types, after QGIS Processing's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// An existing folder (or a dataset root in object storage).
    Folder,
    /// An existing file, with its usual extension (without dot), if any;
    /// `options`: names accepted instead of a file (bundled profiles).
    File {
        extension: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        options: Option<Vec<&'static str>>,
    },
    /// An existing vector layer (any OGR format; `|layername=NAME` or
    /// `|layerid=N` picks a layer).
    Vector,
    /// An existing raster layer.
    Raster,
    /// One of `options`, passed by value.
    Enum {
        options: &'static [&'static str],
    },
    /// A number within [min, max]; `integer` when only whole numbers.
    Number {
        integer: bool,
        min: Option<f64>,
        max: Option<f64>,
        unit: &'static str,
    },
    Boolean,
    /// Free text (lists: comma-separated).
    String,
    /// A CRS as `EPSG:n`, WKT or a PROJ string.
    Crs,
    /// Files the job writes; `extension` (without dot) the usual one,
    /// `extensions` every one taken, each choosing the format written
    /// (empty: any name, the format is the job's).
    OutputFile {
        extension: &'static str,
        extensions: &'static [&'static str],
    },
    OutputFolder,
    OutputVector {
        extension: &'static str,
        extensions: &'static [&'static str],
    },
    OutputRaster {
        extension: &'static str,
        extensions: &'static [&'static str],
    },
}

impl Kind {
    /// Whether the parameter names something the job writes.
    pub fn is_output(&self) -> bool {
        matches!(
            self,
            Kind::OutputFile { .. }
                | Kind::OutputFolder
                | Kind::OutputVector { .. }
                | Kind::OutputRaster { .. }
        )
    }

    /// The kind GIS front ends are told of a parameter.
    fn of(p: &Param) -> Kind {
        let number = |integer, min: f64, max: f64, unit| Kind::Number {
            integer,
            min: min.is_finite().then_some(min),
            max: max.is_finite().then_some(max),
            unit,
        };
        if p.many != Many::One {
            return Kind::String;
        }
        match p.ty {
            Type::Flag | Type::Bool => Kind::Boolean,
            Type::Int { min, max, unit } => number(true, min, max, unit),
            Type::Real { min, max, unit } => number(false, min, max, unit),
            Type::Text => Kind::String,
            Type::Choice(c) => Kind::Enum { options: c.names },
            Type::Crs => Kind::Crs,
            Type::Folder | Type::Dataset => Kind::Folder,
            // Processing has no widget for either: a file field takes a
            // folder's path typed in.
            Type::FileOrFolder => Kind::File {
                extension: None,
                options: None,
            },
            Type::File { extension } => Kind::File {
                extension,
                options: None,
            },
            Type::Profile { extension, names } => Kind::File {
                extension: Some(extension),
                options: Some(names()),
            },
            Type::Vector => Kind::Vector,
            Type::Raster => Kind::Raster,
            Type::Output {
                kind, usual, only, ..
            } => {
                let extension = usual.unwrap_or("");
                let extensions = only;
                match kind {
                    OutputKind::File => Kind::OutputFile {
                        extension,
                        extensions,
                    },
                    OutputKind::Vector => Kind::OutputVector {
                        extension,
                        extensions,
                    },
                    OutputKind::Raster => Kind::OutputRaster {
                        extension,
                        extensions,
                    },
                    OutputKind::Folder => Kind::OutputFolder,
                }
            }
            Type::Custom(c) => match c.shown {
                Shown::Text => Kind::String,
                Shown::Number {
                    integer,
                    min,
                    max,
                    unit,
                } => number(integer, min, max, unit),
            },
        }
    }
}

/// A result that is not a written file (those are the output parameters).
#[derive(Clone, Debug, Serialize)]
pub struct Output {
    pub name: &'static str,
    pub description: &'static str,
    /// `number` or `string`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// Where the rendered jobs page is (`docs/jobs.md`, generated from the
/// descriptors by [`super::docs`]): the repository of `Cargo.toml`, its
/// `main` branch, as the SARIF reports' rule links (`validate --docs-url`).
pub const JOBS_PAGE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/jobs.md");

/// The page on which job `id`'s documentation is rendered, at its section.
pub fn help_url(id: &str) -> String {
    format!("{JOBS_PAGE}#{id}")
}

/// One job's descriptor.
#[derive(Clone, Debug, Serialize)]
pub struct Descriptor {
    /// Stable id: QGIS shows the job as `multisenge:<id>`.
    pub id: &'static str,
    pub name: &'static str,
    pub group: &'static str,
    pub help: &'static str,
    pub parameters: Vec<Parameter>,
    /// Results other than the output parameters (counts, ...).
    pub outputs: Vec<Output>,
    /// Style a front end applies to each output parameter, by parameter
    /// name (`NAME|layername=LAYER`: a further layer of that output, to load
    /// too): `findings`, `findings_by_patch`, `footprints`, `lost_polygons`,
    /// `classes`, `disagreement`; the plugin ships them as
    /// `styles/<name>.qml`, and GeoPackages hold theirs.
    pub styles: Map<String, Value>,
    /// The job's help page ([`help_url`]).
    pub help_url: String,
}

/// The parameter `run` takes for `p`: its kind, label, whether it may be
/// left out, and its default (flags: false; a [`Type::Bool`] has none: left
/// out, the profile decides).
pub fn parameter(p: &Param) -> Parameter {
    let default = match (p.ty, p.default_value()) {
        (_, Some(v)) => Some(v.to_json()),
        (Type::Flag, None) => Some(Value::Bool(false)),
        _ => None,
    };
    Parameter {
        name: p.name,
        description: p.label,
        kind: Kind::of(p),
        optional: !p.required_in_backend(),
        default,
    }
}

/// The descriptor of a job (of its backend part: a spec without one has
/// no texts, outputs or styles).
pub fn of(spec: &JobSpec) -> Descriptor {
    let none = crate::jobspec::Backend {
        name: "",
        group: "",
        help: "",
        outputs: &[],
        styles: &[],
    };
    let backend = spec.backend.as_ref().unwrap_or(&none);
    Descriptor {
        id: spec.id,
        name: backend.name,
        group: backend.group,
        help: backend.help,
        parameters: spec
            .params
            .iter()
            .filter(|p| p.backend)
            .map(parameter)
            .collect(),
        outputs: backend
            .outputs
            .iter()
            .map(|o| Output {
                name: o.name,
                description: o.description,
                kind: o.kind,
            })
            .collect(),
        styles: backend
            .styles
            .iter()
            .map(|(param, style)| (param.to_string(), Value::from(*style)))
            .collect(),
        help_url: help_url(spec.id),
    }
}
