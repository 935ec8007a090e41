//! A job's parameters, checked against its descriptor before it runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Descriptor, JobError, Kind};

/// Checked parameter values (defaults filled in), by name.
#[derive(Clone, Debug, Default)]
pub struct Params {
    values: BTreeMap<String, Value>,
    outputs: Vec<(PathBuf, bool)>,
    /// Whether existing outputs may be replaced (`run --force`).
    pub overwrite: bool,
}

fn bad(name: &str, message: impl Into<String>) -> JobError {
    JobError::BadParameter {
        name: name.to_string(),
        message: message.into(),
    }
}

impl Params {
    /// Checks `given` (a JSON object) against `descriptor`.
    pub fn check(
        descriptor: &Descriptor,
        given: &Value,
        overwrite: bool,
    ) -> Result<Params, JobError> {
        let object = match given {
            Value::Object(o) => o,
            Value::Null => &serde_json::Map::new(),
            _ => {
                return Err(JobError::BadParams(
                    "expected a JSON object of NAME: value".into(),
                ))
            }
        };
        for name in object.keys() {
            if !descriptor.parameters.iter().any(|p| p.name == name) {
                let known: Vec<&str> = descriptor.parameters.iter().map(|p| p.name).collect();
                return Err(bad(
                    name,
                    format!(
                        "not a parameter of `{}` (expected one of {})",
                        descriptor.id,
                        known.join(", ")
                    ),
                ));
            }
        }
        let mut params = Params {
            overwrite,
            ..Params::default()
        };
        for p in &descriptor.parameters {
            let value = match object.get(p.name) {
                Some(Value::Null) | None => match &p.default {
                    Some(d) => d.clone(),
                    None if p.optional => continue,
                    None => return Err(bad(p.name, "missing (required)")),
                },
                Some(v) => v.clone(),
            };
            let value = check_value(p.name, &p.kind, value, overwrite)?;
            if p.kind.is_output() {
                if let Some(path) = value.as_str() {
                    params
                        .outputs
                        .push((PathBuf::from(path), p.kind == Kind::OutputFolder));
                }
            }
            params.values.insert(p.name.to_string(), value);
        }
        Ok(params)
    }

    /// A path parameter's value.
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        self.text(name).map(PathBuf::from)
    }

    /// A text, enum, CRS or path parameter's value.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        self.values.get(name).and_then(Value::as_f64)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.values
            .get(name)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The paths the job may write (`true` for folders), for cleanup after
    /// a cancellation.
    pub fn outputs(&self) -> &[(PathBuf, bool)] {
        &self.outputs
    }

    /// A vector parameter's file and the layer it names (`|layername=`,
    /// or `|layerid=` resolved to the layer's name), if any.
    pub fn vector(&self, name: &str) -> Option<(PathBuf, Option<String>)> {
        let value = self.text(name)?;
        match vector_layer(value) {
            Ok((path, layer)) => Some((path, layer)),
            Err(_) => Some((PathBuf::from(value), None)),
        }
    }

    /// A required path (checked present by [`Params::check`]).
    pub(crate) fn required_path(&self, name: &str) -> Result<PathBuf, JobError> {
        self.path(name)
            .ok_or_else(|| bad(name, "missing (required)"))
    }
}

/// OGR's `path|layername=NAME` or `path|layerid=N` (or a plain path): the
/// file, and the name of the layer, checked to exist in the file.
fn vector_layer(value: &str) -> Result<(PathBuf, Option<String>), String> {
    use gdal::vector::LayerAccess;
    let (path, option) = match value.split_once('|') {
        Some((path, option)) => (path, Some(option)),
        None => (value, None),
    };
    if !Path::new(path).exists() {
        return Err(format!("{path}: no such file"));
    }
    let Some(option) = option else {
        return Ok((PathBuf::from(path), None));
    };
    let open = || {
        crate::io::raster::configure();
        gdal::Dataset::open(path).map_err(|e| format!("{path}: cannot open as a vector: {e}"))
    };
    let names = |ds: &gdal::Dataset| ds.layers().map(|l| l.name()).collect::<Vec<_>>().join(", ");
    if let Some(layer) = option.strip_prefix("layername=") {
        let ds = open()?;
        return match ds.layer_by_name(layer) {
            Ok(_) => Ok((PathBuf::from(path), Some(layer.to_string()))),
            Err(_) => Err(format!(
                "{path} has no layer `{layer}` (its layers: {})",
                names(&ds)
            )),
        };
    }
    if let Some(id) = option.strip_prefix("layerid=") {
        let index: usize = id
            .parse()
            .map_err(|_| format!("`{id}`: expected a layer number after |layerid="))?;
        let ds = open()?;
        return match ds.layer(index) {
            Ok(l) => Ok((PathBuf::from(path), Some(l.name()))),
            Err(_) => Err(format!(
                "{path} has no layer {index} (it has {}: {})",
                ds.layer_count(),
                names(&ds)
            )),
        };
    }
    Err(format!(
        "`|{option}`: expected PATH, PATH|layername=NAME or PATH|layerid=N"
    ))
}

fn check_value(name: &str, kind: &Kind, value: Value, overwrite: bool) -> Result<Value, JobError> {
    let text = |v: &Value| -> Result<String, JobError> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => Err(bad(name, format!("expected a non-empty string, got {v}"))),
        }
    };
    match kind {
        Kind::Folder => {
            let s = text(&value)?;
            if !Path::new(&s).is_dir() {
                return Err(bad(name, format!("{s}: not a folder")));
            }
        }
        Kind::Vector => {
            vector_layer(&text(&value)?).map_err(|m| bad(name, m))?;
        }
        Kind::Profile { bundled, .. } => {
            let s = text(&value)?;
            if !bundled.contains(&s.as_str()) && !Path::new(&s).is_file() {
                return Err(bad(
                    name,
                    format!(
                        "{s}: neither a bundled profile ({}) nor a file",
                        bundled.join(", ")
                    ),
                ));
            }
        }
        Kind::File { .. } | Kind::Raster => {
            let s = text(&value)?;
            if !Path::new(&s).exists() {
                return Err(bad(name, format!("{s}: no such file")));
            }
        }
        Kind::OutputFile { .. } | Kind::OutputVector { .. } | Kind::OutputRaster { .. } => {
            let s = text(&value)?;
            if Path::new(&s).is_dir() {
                return Err(bad(name, format!("{s}: is a folder, expected a file name")));
            }
            if Path::new(&s).exists() && !overwrite {
                return Err(bad(
                    name,
                    format!("{s}: exists; use --force to overwrite it"),
                ));
            }
        }
        Kind::OutputFolder => {
            let s = text(&value)?;
            if Path::new(&s).is_file() {
                return Err(bad(name, format!("{s}: is a file, expected a folder")));
            }
        }
        Kind::Enum { options } => {
            let s = text(&value)?;
            if !options.contains(&s.as_str()) {
                return Err(bad(
                    name,
                    format!("`{s}`: expected one of {}", options.join(", ")),
                ));
            }
        }
        Kind::Number {
            integer, min, max, ..
        } => {
            let v = value
                .as_f64()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(name, format!("expected a finite number, got {value}")))?;
            if *integer && v.fract() != 0.0 {
                return Err(bad(name, format!("{v}: expected a whole number")));
            }
            if min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
                let range = format!(
                    "[{}, {}]",
                    min.map_or("-inf".into(), |m| m.to_string()),
                    max.map_or("inf".into(), |m| m.to_string())
                );
                return Err(bad(name, format!("{v}: outside {range}")));
            }
        }
        Kind::Boolean => {
            if !value.is_boolean() {
                return Err(bad(name, format!("expected true or false, got {value}")));
            }
        }
        Kind::String | Kind::Crs => {
            if !value.is_string() {
                return Err(bad(name, format!("expected a string, got {value}")));
            }
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::Parameter;
    use serde_json::json;

    fn descriptor() -> Descriptor {
        let p = |name, kind, optional, default| Parameter {
            name,
            description: "",
            kind,
            optional,
            default,
        };
        Descriptor {
            id: "t",
            name: "t",
            group: "g",
            help: "",
            parameters: vec![
                p("DIR", Kind::Folder, false, None),
                p(
                    "N",
                    Kind::Number {
                        integer: true,
                        min: Some(0.0),
                        max: Some(10.0),
                        unit: "px",
                    },
                    true,
                    Some(json!(3)),
                ),
                p(
                    "E",
                    Kind::Enum {
                        options: &["4", "8"],
                    },
                    true,
                    None,
                ),
                p("OUT", Kind::OutputFile { extension: "json" }, true, None),
            ],
            outputs: vec![],
            styles: Default::default(),
        }
    }

    #[test]
    fn defaults_limits_and_unknown_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let p = Params::check(&descriptor(), &json!({"DIR": d}), false).unwrap();
        assert_eq!(p.number("N"), Some(3.0));
        assert_eq!(p.text("E"), None);
        let err = |v: Value| {
            Params::check(&descriptor(), &v, false)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(err(json!({})), "parameter DIR: missing (required)");
        assert!(err(json!({"DIR": d, "N": 11})).contains("outside [0, 10]"));
        assert!(err(json!({"DIR": d, "N": 1.5})).contains("whole number"));
        assert!(err(json!({"DIR": d, "N": "x"})).contains("finite number"));
        assert!(err(json!({"DIR": d, "E": "6"})).contains("one of 4, 8"));
        assert!(err(json!({"DIR": d, "X": 1})).contains("not a parameter of `t`"));
        assert!(err(json!({"DIR": "/no/such/dir"})).contains("not a folder"));
        assert!(err(json!([1])).contains("JSON object"));
        let existing = dir.path().join("r.json");
        std::fs::write(&existing, "{}").unwrap();
        let out = json!({"DIR": d, "OUT": existing.to_str().unwrap()});
        assert!(err(out.clone()).contains("use --force"));
        let p = Params::check(&descriptor(), &out, true).unwrap();
        assert_eq!(p.outputs(), &[(existing, false)]);
    }
}
