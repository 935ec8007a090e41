//! Checked parameter values, whichever front end gave them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::str::FromStr;

use crate::io::formats::vector::LayerRef;

/// One checked value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Flag(bool),
    Int(i64),
    Real(f64),
    Text(String),
    Path(PathBuf),
    /// A vector dataset and the layer named with it, if any.
    Vector(PathBuf, Option<LayerRef>),
    List(Vec<Value>),
}

impl Value {
    /// As JSON (a descriptor's default): paths and lists as the text a
    /// front end would give.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Value::Flag(b) => json!(b),
            Value::Int(i) => json!(i),
            Value::Real(r) => json!(r),
            Value::Text(t) => json!(t),
            Value::Path(p) => json!(p.to_string_lossy()),
            Value::Vector(p, layer) => json!(match layer {
                None => p.to_string_lossy().into_owned(),
                Some(LayerRef::Name(n)) => format!("{}|layername={n}", p.display()),
                Some(LayerRef::Index(i)) => format!("{}|layerid={i}", p.display()),
            }),
            Value::List(items) => {
                let texts: Vec<String> = items
                    .iter()
                    .map(|v| match v.to_json() {
                        serde_json::Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect();
                json!(texts.join(","))
            }
        }
    }

    /// The items of a list, or the value alone.
    fn items(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            one => std::slice::from_ref(one),
        }
    }

    fn as_text(&self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t.clone()),
            Value::Path(p) | Value::Vector(p, _) => Some(p.to_string_lossy().into_owned()),
            Value::Int(i) => Some(i.to_string()),
            Value::Real(r) => Some(r.to_string()),
            Value::Flag(b) => Some(b.to_string()),
            Value::List(_) => None,
        }
    }
}

/// Why a front end refuses a value: what was given and what was expected
/// (the front end names the option or parameter).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused(message)
    }
}

impl From<&str> for Refused {
    fn from(message: &str) -> Refused {
        Refused(message.to_string())
    }
}

/// A value that the library refused after the front end accepted it (a
/// spec whose type lets through what the library's parser does not).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{name}: `{value}`: {message}")]
pub struct ParamError {
    pub name: String,
    pub value: String,
    pub message: String,
}

/// A job's checked values by parameter name, defaults filled in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Values {
    map: BTreeMap<&'static str, Value>,
}

impl Values {
    pub fn set(&mut self, name: &'static str, value: Value) {
        self.map.insert(name, value);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name)
    }

    /// Names and values, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.map.iter().map(|(k, v)| (*k, v))
    }

    /// A flag (false when left out).
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Value::Flag(true)))
    }

    /// A boolean that may be left out (`None`).
    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(Value::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    /// A whole number, as the type its range fits in.
    pub fn int<T: TryFrom<i64>>(&self, name: &str) -> Option<T> {
        match self.get(name) {
            Some(Value::Int(i)) => T::try_from(*i).ok(),
            _ => None,
        }
    }

    pub fn real(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Some(Value::Real(r)) => Some(*r),
            Some(Value::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// A path (of a vector dataset: without its layer).
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        match self.get(name) {
            Some(Value::Path(p)) | Some(Value::Vector(p, _)) => Some(p.clone()),
            _ => None,
        }
    }

    /// The layer named with a vector dataset.
    pub fn layer(&self, name: &str) -> Option<&LayerRef> {
        match self.get(name) {
            Some(Value::Vector(_, layer)) => layer.as_ref(),
            _ => None,
        }
    }

    /// A list's items as text (none when left out).
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| v.items().iter().filter_map(Value::as_text).collect())
            .unwrap_or_default()
    }

    /// A list's items as paths (none when left out).
    pub fn paths(&self, name: &str) -> Vec<PathBuf> {
        self.get(name)
            .map(|v| {
                v.items()
                    .iter()
                    .filter_map(|i| match i {
                        Value::Path(p) | Value::Vector(p, _) => Some(p.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A list's items parsed by the library's own parser.
    pub fn parsed<T: FromStr>(&self, name: &str) -> Result<Vec<T>, ParamError>
    where
        T::Err: std::fmt::Display,
    {
        self.texts(name)
            .into_iter()
            .map(|t| {
                t.parse().map_err(|e: T::Err| ParamError {
                    name: name.to_string(),
                    value: t.clone(),
                    message: e.to_string(),
                })
            })
            .collect()
    }
}
