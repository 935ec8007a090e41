//! The types of parameters and their one parser: a command-line word
//! ([`Type::parse_word`]) and a JSON value of `run` ([`Type::parse_json`])
//! go through the same checks. The messages name the value and what was
//! expected; the front end puts the option or parameter before them.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::value::{Refused, Value};
use crate::io::formats::vector::LayerRef;

/// One of a fixed set of names.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    pub names: &'static [&'static str],
    /// A sentence per name for `--help` (empty: none), in the same order.
    pub helps: &'static [&'static str],
}

/// What a front end is told a [`Custom`] value is.
#[derive(Clone, Copy, Debug)]
pub enum Shown {
    /// Text in a given syntax (its help says which).
    Text,
    /// A number: GIS front ends offer a number field; the syntax may accept
    /// more (units).
    Number {
        integer: bool,
        min: f64,
        max: f64,
        unit: &'static str,
    },
}

/// A value with a syntax of its own (`2.5ha`, `3x3`, `YYYYMMDD`, `K/N`),
/// parsed by the library's rules.
#[derive(Clone, Copy)]
pub struct Custom {
    /// What the value is, for messages ("a tile code").
    pub what: &'static str,
    pub parse: fn(&str) -> Result<Value, Refused>,
    pub shown: Shown,
    /// Whether a value may start with `-` (a negative number, which the
    /// parser then refuses by its range).
    pub hyphen: bool,
}

impl std::fmt::Debug for Custom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what)
    }
}

/// How many values a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Many {
    One,
    /// A list: on the command line comma-separated and repeatable, in
    /// `run` one comma-separated string (or an array).
    List,
    /// Several values of a kind that may hold commas (paths): on the
    /// command line repeated, in `run` an array.
    Repeat,
}

/// What a written path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputKind {
    File,
    Vector,
    Raster,
    Folder,
}

/// A parameter's type.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// On or off: a flag on the command line, `true`/`false` in `run`.
    Flag,
    /// On or off, or left out (then the profile decides): `--name [BOOL]`
    /// on the command line (the name alone: `true`), `true`/`false` in
    /// `run`; no value unless given.
    Bool,
    /// A whole number within [min, max] (infinite: no bound).
    Int {
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// A finite number within [min, max].
    Real {
        min: f64,
        max: f64,
        unit: &'static str,
    },
    /// Free text.
    Text,
    Choice(Choice),
    /// A CRS GDAL knows: `EPSG:n`, WKT or a PROJ string.
    Crs,
    /// A folder that exists.
    Folder,
    /// A dataset root: a local folder, or object storage (`/vsis3/…`).
    Dataset,
    /// A file or a folder that exists (a product folder or its zip, or a
    /// folder holding several): the job says which it takes.
    FileOrFolder,
    /// A file that exists; `extension` the usual one.
    File {
        extension: Option<&'static str>,
    },
    /// A profile file, or a bundled profile's name (`names`).
    Profile {
        extension: &'static str,
        names: fn() -> Vec<&'static str>,
    },
    /// A vector dataset, with OGR's `|layername=NAME` or `|layerid=N`.
    Vector,
    /// A raster file.
    Raster,
    /// A path the job writes: its format chosen by the extension when
    /// `only` names them (any other is refused); `usual` the extension GIS
    /// front ends add; `stdout`: `-` is standard output on the command line.
    Output {
        kind: OutputKind,
        usual: Option<&'static str>,
        only: &'static [&'static str],
        stdout: bool,
    },
    Custom(Custom),
}

/// `[min, max]` as words: "from 0 to 10", "from 1 up".
pub fn range_words(min: f64, max: f64, unit: &str) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match (min.is_finite(), max.is_finite()) {
        (true, true) => format!("from {min} to {max}{unit}"),
        (true, false) => format!("from {min}{unit} up"),
        (false, true) => format!("up to {max}{unit}"),
        (false, false) => "(any)".to_string(),
    }
}

/// A number written `text` (Rust's syntax: `12`, `-5`, `2.5`, `1e3`,
/// `inf`, `NaN`), whole if `integer`, finite and within [min, max].
pub fn number(text: &str, integer: bool, min: f64, max: f64, unit: &str) -> Result<f64, Refused> {
    let kind = if integer {
        "a whole number"
    } else {
        "a number"
    };
    let refuse = || {
        Refused(format!(
            "`{text}`: expected {kind} {}",
            range_words(min, max, unit)
        ))
    };
    let v: f64 = text.parse().map_err(|_| refuse())?;
    if !v.is_finite() || (integer && v.fract() != 0.0) || v < min || v > max {
        return Err(refuse());
    }
    Ok(v)
}

impl Type {
    /// Whether a command-line value of this type may start with `-`.
    pub fn takes_hyphen(&self) -> bool {
        match self {
            Type::Int { .. } | Type::Real { .. } => true,
            Type::Custom(c) => c.hyphen,
            _ => false,
        }
    }

    /// The choices, if the type has a fixed set.
    pub fn choice(&self) -> Option<&Choice> {
        match self {
            Type::Choice(c) => Some(c),
            _ => None,
        }
    }

    /// Parses a command-line word (or a JSON string of `run`).
    pub fn parse_word(&self, word: &OsStr) -> Result<Value, Refused> {
        let path = || PathBuf::from(word);
        let shown = word.to_string_lossy();
        if word.is_empty() && !matches!(self, Type::Text) {
            return Err(Refused(format!("empty; expected {}", self.expected())));
        }
        match self {
            Type::Folder
            | Type::Dataset
            | Type::FileOrFolder
            | Type::File { .. }
            | Type::Raster => Ok(Value::Path(path())),
            Type::Profile { .. } => Ok(Value::Path(path())),
            Type::Vector => vector(word),
            Type::Output {
                only, stdout, kind, ..
            } => {
                if word == "-" {
                    return if *stdout {
                        Ok(Value::Path(path()))
                    } else {
                        Err("`-`: this output cannot be written to standard output; expected a file name".into())
                    };
                }
                if !only.is_empty() && *kind != OutputKind::Folder {
                    let ext = Path::new(word)
                        .extension()
                        .map(|e| e.to_string_lossy().to_ascii_lowercase());
                    if !ext.is_some_and(|e| only.contains(&e.as_str())) {
                        return Err(Refused(format!(
                            "`{shown}`: unknown output format; expected {}",
                            self.expected()
                        )));
                    }
                }
                Ok(Value::Path(path()))
            }
            _ => {
                let text = word
                    .to_str()
                    .ok_or_else(|| format!("`{shown}`: not UTF-8 text"))?;
                self.parse_text(text)
            }
        }
    }

    /// Parses text of a type that is not a path.
    fn parse_text(&self, text: &str) -> Result<Value, Refused> {
        match self {
            Type::Flag | Type::Bool => match text {
                "true" => Ok(Value::Flag(true)),
                "false" => Ok(Value::Flag(false)),
                _ => Err(Refused(format!("`{text}`: expected true or false"))),
            },
            Type::Int { min, max, unit } => {
                number(text, true, *min, *max, unit).map(|v| Value::Int(v as i64))
            }
            Type::Real { min, max, unit } => number(text, false, *min, *max, unit).map(Value::Real),
            Type::Text => Ok(Value::Text(text.to_string())),
            Type::Choice(c) => {
                if c.names.contains(&text) {
                    Ok(Value::Text(text.to_string()))
                } else {
                    Err(Refused(format!("`{text}`: expected {}", self.expected())))
                }
            }
            // GDAL's reason is an error code of its parser: not worth showing.
            Type::Crs => crate::io::formats::crs::parse_definition(text)
                .map(|_| Value::Text(text.to_string()))
                .map_err(|_| {
                    Refused(format!(
                        "`{text}`: not a CRS GDAL knows; expected EPSG:n, WKT or a PROJ string"
                    ))
                }),
            Type::Custom(c) => (c.parse)(text),
            _ => self.parse_word(OsStr::new(text)),
        }
    }

    /// Parses a JSON value of `run`: a string as a command-line word; a
    /// number for numbers (and for names and syntaxes, as its text); a
    /// boolean for flags.
    pub fn parse_json(&self, value: &serde_json::Value) -> Result<Value, Refused> {
        use serde_json::Value as J;
        match (self, value) {
            (_, J::String(s)) => self.parse_word(OsStr::new(s)),
            (Type::Flag | Type::Bool, J::Bool(b)) => Ok(Value::Flag(*b)),
            (
                Type::Int { .. } | Type::Real { .. } | Type::Choice(_) | Type::Custom(_),
                J::Number(n),
            ) => self.parse_text(&n.to_string()),
            _ => Err(Refused(format!("`{value}`: expected {}", self.expected()))),
        }
    }

    /// What a value of this type is, for messages.
    pub fn expected(&self) -> String {
        match self {
            Type::Flag | Type::Bool => "true or false".into(),
            Type::Int { min, max, unit } => {
                format!("a whole number {}", range_words(*min, *max, unit))
            }
            Type::Real { min, max, unit } => format!("a number {}", range_words(*min, *max, unit)),
            Type::Text => "text".into(),
            Type::Choice(c) => format!("one of {}", c.names.join(", ")),
            Type::Crs => "a CRS (EPSG:n, WKT or a PROJ string)".into(),
            Type::Folder => "a folder".into(),
            Type::Dataset => "a dataset root (a folder, or /vsis3/BUCKET/PREFIX)".into(),
            Type::FileOrFolder => "a file or a folder".into(),
            Type::File { .. } => "a file".into(),
            Type::Profile { names, .. } => {
                format!(
                    "a profile file or a bundled profile's name ({})",
                    names().join(", ")
                )
            }
            Type::Vector => "a vector file (with |layername=NAME or |layerid=N)".into(),
            Type::Raster => "a raster file".into(),
            Type::Output { kind, only, .. } => match (kind, only) {
                (OutputKind::Folder, _) => "a folder to write into".into(),
                (_, []) => "a file name".into(),
                (_, [one]) => format!("a .{one} file"),
                (_, [first @ .., last]) => {
                    let dotted: Vec<String> = first.iter().map(|e| format!(".{e}")).collect();
                    format!("a {} or .{last} file", dotted.join(", "))
                }
            },
            Type::Custom(c) => c.what.into(),
        }
    }
}

/// `PATH`, `PATH|layername=NAME` or `PATH|layerid=N` (OGR's and QGIS's way
/// of naming a layer of a dataset). Anything else after a `|` is refused
/// rather than ignored.
fn vector(word: &OsStr) -> Result<Value, Refused> {
    let bytes = word.as_bytes();
    let Some(bar) = bytes.iter().position(|&b| b == b'|') else {
        return Ok(Value::Vector(PathBuf::from(word), None));
    };
    let path = PathBuf::from(OsStr::from_bytes(&bytes[..bar]));
    let options = String::from_utf8_lossy(&bytes[bar + 1..]).into_owned();
    let layer = match options.split_once('=') {
        Some(("layername", name)) if !name.is_empty() && !name.contains('|') => {
            LayerRef::Name(name.to_string())
        }
        Some(("layerid", id)) => match id.parse::<usize>() {
            Ok(id) => LayerRef::Index(id),
            Err(_) => {
                return Err(Refused(format!(
                    "`|{options}`: expected |layerid=N, N a layer's index from 0"
                )))
            }
        },
        _ => {
            return Err(Refused(format!(
                "`|{options}`: only |layername=NAME or |layerid=N can follow the file name"
            )))
        }
    };
    if path.as_os_str().is_empty() {
        return Err(Refused(format!(
            "`{}`: no file name before `|`",
            word.to_string_lossy()
        )));
    }
    Ok(Value::Vector(path, Some(layer)))
}

/// A default value of the spec, as a command-line word or list.
pub(super) fn parse_default(ty: Type, many: Many, text: &str) -> Result<Value, Refused> {
    match many {
        Many::One => ty.parse_word(OsStr::new(text)),
        Many::List => parse_list(ty, OsStr::new(text)),
        Many::Repeat => ty
            .parse_word(OsStr::new(text))
            .map(|v| Value::List(vec![v])),
    }
}

/// A comma-separated list, items trimmed. Empty text is an empty list of
/// free text; for any other type an empty item is refused by the type
/// (`--tiles ""` is not "no tile").
pub fn parse_list(ty: Type, word: &OsStr) -> Result<Value, Refused> {
    let text = word
        .to_str()
        .ok_or_else(|| Refused(format!("`{}`: not UTF-8 text", word.to_string_lossy())))?;
    let free = matches!(ty, Type::Text);
    if free && text.trim().is_empty() {
        return Ok(Value::List(Vec::new()));
    }
    text.split(',')
        .map(str::trim)
        .filter(|item| !(free && item.is_empty()))
        .map(|item| ty.parse_word(OsStr::new(item)))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::List)
}

/// A value of `run` for a parameter that takes several: a list's
/// comma-separated string, or an array (each item as one value).
pub fn parse_json_many(ty: Type, many: Many, value: &serde_json::Value) -> Result<Value, Refused> {
    match (many, value) {
        (Many::One, v) => ty.parse_json(v),
        (_, serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| ty.parse_json(i))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List),
        (Many::List, serde_json::Value::String(s)) => parse_list(ty, OsStr::new(s)),
        (_, other) => ty.parse_json(other).map(|v| Value::List(vec![v])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const INT: Type = Type::Int {
        min: 0.0,
        max: 10.0,
        unit: "px",
    };

    #[test]
    fn numbers_are_parsed_then_held_to_their_range() {
        assert_eq!(INT.parse_word(OsStr::new("10")), Ok(Value::Int(10)));
        assert_eq!(INT.parse_json(&json!(3)), Ok(Value::Int(3)));
        assert_eq!(INT.parse_json(&json!("3")), Ok(Value::Int(3)));
        for bad in ["-5", "11", "12.7", "abc", "NaN", "inf", "-inf", "", " 3"] {
            let e = INT.parse_word(OsStr::new(bad)).unwrap_err().0;
            assert!(
                e.contains("expected a whole number from 0 to 10 px") || e.starts_with("empty"),
                "{bad}: {e}"
            );
        }
        assert!(INT
            .parse_json(&json!(12.7))
            .unwrap_err()
            .0
            .contains("`12.7`"));
        assert!(INT.parse_json(&json!(true)).is_err());
        let real = Type::Real {
            min: 0.0,
            max: 1000.0,
            unit: "m",
        };
        assert_eq!(real.parse_word(OsStr::new("2.5")), Ok(Value::Real(2.5)));
        let e = real.parse_word(OsStr::new("NaN")).unwrap_err().0;
        assert_eq!(e, "`NaN`: expected a number from 0 to 1000 m");
    }

    #[test]
    fn flags_choices_and_crs_are_strict() {
        assert_eq!(Type::Flag.parse_json(&json!(true)), Ok(Value::Flag(true)));
        assert_eq!(
            Type::Flag.parse_json(&json!("false")),
            Ok(Value::Flag(false))
        );
        let e = Type::Flag.parse_json(&json!("maybe")).unwrap_err().0;
        assert_eq!(e, "`maybe`: expected true or false");
        assert!(Type::Flag.parse_json(&json!(1)).is_err());
        assert_eq!(Type::Bool.parse_json(&json!(false)), Ok(Value::Flag(false)));
        assert_eq!(
            Type::Bool.parse_word(OsStr::new("true")),
            Ok(Value::Flag(true))
        );
        let e = Type::Bool.parse_word(OsStr::new("2")).unwrap_err().0;
        assert_eq!(e, "`2`: expected true or false");
        let c = Type::Choice(Choice {
            names: &["8", "4"],
            helps: &[],
        });
        assert_eq!(c.parse_json(&json!(4)), Ok(Value::Text("4".into())));
        assert_eq!(
            c.parse_json(&json!("6")).unwrap_err().0,
            "`6`: expected one of 8, 4"
        );
        assert!(Type::Crs.parse_json(&json!("EPSG:2154")).is_ok());
        let e = Type::Crs.parse_json(&json!("NOTACRS")).unwrap_err().0;
        assert!(e.starts_with("`NOTACRS`: not a CRS GDAL knows"), "{e}");
    }

    #[test]
    fn outputs_by_extension_and_layers_by_name_or_index() {
        let gpkg = Type::Output {
            kind: OutputKind::Vector,
            usual: Some("gpkg"),
            only: &["gpkg"],
            stdout: false,
        };
        assert!(gpkg.parse_word(OsStr::new("f.GPKG")).is_ok());
        let e = gpkg.parse_word(OsStr::new("f.shp")).unwrap_err().0;
        assert_eq!(e, "`f.shp`: unknown output format; expected a .gpkg file");
        assert!(gpkg.parse_word(OsStr::new("-")).is_err());
        assert_eq!(
            Type::Vector.parse_word(OsStr::new("lc.gpkg|layername=roads")),
            Ok(Value::Vector(
                "lc.gpkg".into(),
                Some(LayerRef::Name("roads".into()))
            ))
        );
        assert_eq!(
            Type::Vector.parse_word(OsStr::new("lc.gpkg|layerid=2")),
            Ok(Value::Vector("lc.gpkg".into(), Some(LayerRef::Index(2))))
        );
        for bad in [
            "lc.gpkg|subset=x",
            "lc.gpkg|layerid=-1",
            "|layername=a",
            "a|layername=",
        ] {
            assert!(Type::Vector.parse_word(OsStr::new(bad)).is_err(), "{bad}");
        }
    }
}
