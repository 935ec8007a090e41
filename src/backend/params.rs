//! A job's parameters as `run` gets them (a JSON object), checked as the
//! job's spec says: each value parsed by its type's parser (the command
//! line's), then what only a run from a GIS front end checks before it
//! starts: inputs exist, outputs do not (unless `--force`), standard output
//! is not a file.

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::job::JobError;
use crate::io::formats::vector;
use crate::io::storage::vfs;
use crate::jobspec::types::parse_json_many;
use crate::jobspec::types::OutputKind;
use crate::jobspec::{JobSpec, Param, Type, Value, Values};

/// Checked parameter values (defaults filled in).
#[derive(Clone, Debug, Default)]
pub struct Params {
    pub values: Values,
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
    /// Checks `given` (a JSON object) against the parameters `spec` gives
    /// `run`.
    pub fn check(spec: &JobSpec, given: &Json, overwrite: bool) -> Result<Params, JobError> {
        let empty = serde_json::Map::new();
        let object = match given {
            Json::Object(o) => o,
            Json::Null => &empty,
            _ => {
                return Err(JobError::BadParams(
                    "expected a JSON object of NAME: value".into(),
                ))
            }
        };
        let taken: Vec<&Param> = spec.params.iter().filter(|p| p.backend).collect();
        for name in object.keys() {
            if !taken.iter().any(|p| p.name == name) {
                let known: Vec<&str> = taken.iter().map(|p| p.name).collect();
                return Err(bad(
                    name,
                    format!(
                        "not a parameter of `{}` (expected one of {})",
                        spec.id,
                        known.join(", ")
                    ),
                ));
            }
        }
        let mut params = Params {
            values: spec.defaults(),
            overwrite,
        };
        for p in taken {
            let value = match object.get(p.name) {
                Some(Json::Null) | None => {
                    if p.required_in_backend() {
                        return Err(bad(p.name, "missing (required)"));
                    }
                    continue;
                }
                Some(v) => parse_json_many(p.ty, p.many, v).map_err(|m| bad(p.name, m.0))?,
            };
            check_on_disk(p, &value, overwrite)?;
            params.values.set(p.name, value);
        }
        crate::jobspec::gate::check(spec, &params.values, crate::jobspec::gate::backend_name)
            .map_err(|e| bad(&e.name, format!("{}: {}", e.path.display(), e.why)))?;
        Ok(params)
    }

    /// A path parameter's value.
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        self.values.path(name)
    }

    /// A required path (checked present by [`Params::check`]).
    pub(crate) fn required_path(&self, name: &str) -> Result<PathBuf, JobError> {
        self.path(name)
            .ok_or_else(|| bad(name, "missing (required)"))
    }
}

fn single_path(value: &Value) -> Option<&Path> {
    match value {
        Value::Path(p) | Value::Vector(p, _) => Some(p),
        _ => None,
    }
}

/// What a value names on disk: inputs exist (a bundled profile's name
/// aside), outputs are not folders (or files, for a folder) and exist only
/// with `overwrite`; `-` is never a file of `run` (its standard output
/// carries the JSON lines).
fn check_on_disk(p: &Param, value: &Value, overwrite: bool) -> Result<(), JobError> {
    let Some(path) = single_path(value) else {
        return Ok(());
    };
    let shown = path.display();
    let local = !vfs::is_virtual(path);
    match p.ty {
        Type::Folder | Type::Dataset if local && !path.is_dir() => {
            Err(bad(p.name, format!("{shown}: not a folder")))
        }
        Type::Profile { names, .. } => {
            let bundled = path.to_str().is_some_and(|n| names().contains(&n));
            if bundled || path.exists() {
                Ok(())
            } else {
                let names = names().join(", ");
                Err(bad(
                    p.name,
                    format!("{shown}: no such file, nor a bundled profile ({names})"),
                ))
            }
        }
        Type::FileOrFolder if local && !path.exists() => {
            Err(bad(p.name, format!("{shown}: no such file or folder")))
        }
        Type::File { .. } | Type::Vector | Type::Raster if local && !path.exists() => {
            Err(bad(p.name, format!("{shown}: no such file")))
        }
        // The layer named with `|layername=` or `|layerid=` is in the file:
        // refused before the job starts, as a missing file is.
        Type::Vector if local => match value {
            Value::Vector(_, Some(layer)) => vector::layer_name(path, layer)
                .map(|_| ())
                .map_err(|e| bad(p.name, e.to_string())),
            _ => Ok(()),
        },
        Type::Output { kind, .. } => {
            if path == Path::new("-") {
                return Err(bad(
                    p.name,
                    "`-`: standard output carries the JSON lines; expected a file name",
                ));
            }
            if kind == OutputKind::Folder {
                return if path.is_file() {
                    Err(bad(
                        p.name,
                        format!("{shown}: is a file, expected a folder"),
                    ))
                } else {
                    Ok(())
                };
            }
            if path.is_dir() {
                return Err(bad(
                    p.name,
                    format!("{shown}: is a folder, expected a file name"),
                ));
            }
            if path.exists() && !overwrite {
                return Err(bad(
                    p.name,
                    format!("{shown}: exists; use --force to overwrite it"),
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobspec::{Flag, Required};
    use serde_json::json;

    const SPEC: JobSpec = JobSpec {
        id: "t",
        about: "",
        long_about: "",
        backend: None,
        params: &[
            Param::new("DIR", Type::Folder, Flag::positional()).required(Required::Both),
            Param::new(
                "N",
                Type::Int {
                    min: 0.0,
                    max: 10.0,
                    unit: "px",
                },
                Flag::long("n", ""),
            )
            .default("3"),
            Param::new(
                "E",
                Type::Choice(crate::jobspec::Choice {
                    names: &["4", "8"],
                    helps: &[],
                }),
                Flag::long("e", ""),
            ),
            Param::backend(
                "OUT",
                Type::Output {
                    kind: OutputKind::File,
                    usual: Some("json"),
                    only: &[],
                    stdout: false,
                },
            ),
        ],
    };

    #[test]
    fn defaults_limits_and_unknown_names() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let p = Params::check(&SPEC, &json!({"DIR": d}), false).unwrap();
        assert_eq!(p.values.int::<i64>("N"), Some(3));
        assert_eq!(p.values.text("E"), None);
        let err = |v: Json| Params::check(&SPEC, &v, false).unwrap_err().to_string();
        assert_eq!(err(json!({})), "parameter DIR: missing (required)");
        let range = "expected a whole number from 0 to 10 px";
        assert_eq!(
            err(json!({"DIR": d, "N": 11})),
            format!("parameter N: `11`: {range}")
        );
        assert_eq!(
            err(json!({"DIR": d, "N": 1.5})),
            format!("parameter N: `1.5`: {range}")
        );
        assert_eq!(
            err(json!({"DIR": d, "N": "x"})),
            format!("parameter N: `x`: {range}")
        );
        assert!(err(json!({"DIR": d, "E": "6"})).contains("`6`: expected one of 4, 8"));
        assert!(err(json!({"DIR": d, "X": 1})).contains("not a parameter of `t`"));
        assert!(err(json!({"DIR": "/no/such/dir"})).contains("not a folder"));
        assert!(err(json!([1])).contains("JSON object"));
        assert!(err(json!({"DIR": d, "OUT": "-"})).contains("standard output"));
        let existing = dir.path().join("r.json");
        std::fs::write(&existing, "{}").unwrap();
        let out = json!({"DIR": d, "OUT": existing.to_str().unwrap()});
        assert!(err(out.clone()).contains("use --force"));
        let p = Params::check(&SPEC, &out, true).unwrap();
        assert_eq!(p.path("OUT"), Some(existing));
    }
}
