//! The per-patch label file, in the format actually published: a plain JSON
//! object with four string fields, lists separated by `;`.
//!
//! ```json
//! {"corresponding_s2": "31TFN_20200731_S2_4883_0.tif;31TFN_20200909_S2_4883_0.tif",
//!  "corresponding_s1": "31TFN_20201129_S1_4883_0.tif",
//!  "projection": "PROJCS[\"WGS 84 / UTM zone 31N\", ...]",
//!  "labels": "6;9;11"}
//! ```
//!
//! Parsing never fails outright: it returns what could be read and the list
//! of problems met, so every problem of a file becomes a finding.

use serde_json::Value;

pub const FIELD_S2: &str = "corresponding_s2";
pub const FIELD_S1: &str = "corresponding_s1";
pub const FIELD_PROJECTION: &str = "projection";
pub const FIELD_LABELS: &str = "labels";
/// The four fields, in published order.
pub const FIELDS: [&str; 4] = [FIELD_S2, FIELD_S1, FIELD_PROJECTION, FIELD_LABELS];

/// A label file's content in the published layout: one line, the four
/// string fields in published order with `": "` and `", "` separators,
/// lists joined with `;`, strings escaped as JSON. The one writer of label
/// files: the generalization, the test-data generator and the tests use it
/// (through [`crate::io::label_file::write`] for files).
pub fn published_json(s2: &[String], s1: &[String], projection: &str, classes: &[u8]) -> String {
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let labels: Vec<String> = classes.iter().map(u8::to_string).collect();
    format!(
        "{{\"{FIELD_S2}\": {}, \"{FIELD_S1}\": {}, \"{FIELD_PROJECTION}\": {}, \"{FIELD_LABELS}\": {}}}",
        quote(&s2.join(";")),
        quote(&s1.join(";")),
        quote(projection),
        quote(&labels.join(";"))
    )
}

/// What a label file says. Fields that were missing or unreadable are empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelFile {
    pub s2: Vec<String>,
    pub s1: Vec<String>,
    /// `None` when the field is missing or not a string.
    pub projection: Option<String>,
    /// The `labels` items as written (validated against the class table by a
    /// rule); `None` when the field is missing or not a string.
    pub labels: Option<Vec<String>>,
}

/// A problem met while reading a label file.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelProblem {
    /// Not JSON at all (empty, binary, truncated, not UTF-8...), with the
    /// line and column (from 1) where reading stopped, when known.
    InvalidJson(String, Option<(u32, u32)>),
    /// JSON, but not an object.
    NotAnObject(&'static str),
    MissingField(&'static str),
    WrongType {
        field: &'static str,
        found: &'static str,
    },
    /// A list item that is empty, e.g. `"6;;9"` or a trailing `;`.
    EmptyItem {
        field: &'static str,
        position: usize,
    },
}

impl LabelProblem {
    pub fn message(&self) -> String {
        match self {
            LabelProblem::InvalidJson(e, _) => format!("not valid JSON: {e}"),
            LabelProblem::NotAnObject(found) => {
                format!("expected a JSON object with the four label fields, found {found}")
            }
            LabelProblem::MissingField(f) => format!("field `{f}` is missing"),
            LabelProblem::WrongType { field, found } => {
                format!("field `{field}` must be a string, found {found}")
            }
            LabelProblem::EmptyItem { field, position } => format!(
                "field `{field}` has an empty item at position {position} (`;`-separated list)"
            ),
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl LabelFile {
    /// Reads a label file from its bytes.
    ///
    /// ```
    /// use multisenge::model::LabelFile;
    /// let (file, problems) = LabelFile::parse(br#"{"corresponding_s2": "a.tif;b.tif",
    ///     "corresponding_s1": "c.tif", "projection": "EPSG:32631", "labels": "6;9"}"#);
    /// assert!(problems.is_empty());
    /// assert_eq!(file.unwrap().s2, ["a.tif", "b.tif"]);
    /// ```
    pub fn parse(bytes: &[u8]) -> (Option<LabelFile>, Vec<LabelProblem>) {
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                if bytes.is_empty() {
                    let why = "the file is empty".to_string();
                    return (None, vec![LabelProblem::InvalidJson(why, None)]);
                }
                if bytes.starts_with(b"\xEF\xBB\xBF") {
                    let why =
                        "the file starts with a UTF-8 byte-order mark (BOM, bytes EF BB BF), \
                               which JSON does not allow; save it as UTF-8 without BOM"
                            .to_string();
                    return (None, vec![LabelProblem::InvalidJson(why, Some((1, 1)))]);
                }
                // serde_json counts lines and columns from 1; 0 means unknown.
                let at =
                    (e.line() > 0 && e.column() > 0).then(|| (e.line() as u32, e.column() as u32));
                return (None, vec![LabelProblem::InvalidJson(e.to_string(), at)]);
            }
        };
        let Value::Object(map) = &value else {
            return (None, vec![LabelProblem::NotAnObject(json_type(&value))]);
        };
        if let Some(key) = duplicate_key(bytes) {
            let why = format!(
                "the key `{key}` appears more than once; JSON readers disagree on which value \
                 counts: keep one"
            );
            return (None, vec![LabelProblem::InvalidJson(why, None)]);
        }
        let mut problems = Vec::new();
        let mut field = |name: &'static str| -> Option<&str> {
            match map.get(name) {
                None => {
                    problems.push(LabelProblem::MissingField(name));
                    None
                }
                Some(Value::String(s)) => Some(s.as_str()),
                Some(other) => {
                    problems.push(LabelProblem::WrongType {
                        field: name,
                        found: json_type(other),
                    });
                    None
                }
            }
        };
        let s2 = field(FIELD_S2);
        let s1 = field(FIELD_S1);
        let projection = field(FIELD_PROJECTION).map(str::to_string);
        let labels = field(FIELD_LABELS);
        let mut list = |name: &'static str, text: Option<&str>| -> Vec<String> {
            let Some(text) = text else { return Vec::new() };
            let mut items = Vec::new();
            for (i, item) in text.split(';').enumerate() {
                if item.trim().is_empty() {
                    problems.push(LabelProblem::EmptyItem {
                        field: name,
                        position: i + 1,
                    });
                } else {
                    items.push(item.to_string());
                }
            }
            items
        };
        let file = LabelFile {
            s2: list(FIELD_S2, s2),
            s1: list(FIELD_S1, s1),
            projection,
            labels: labels.map(|text| list(FIELD_LABELS, Some(text))),
        };
        (Some(file), problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_problem_of_a_file() {
        let (file, problems) = LabelFile::parse(
            br#"{"corresponding_s2": "a.tif;", "corresponding_s1": 3, "labels": "6;;9"}"#,
        );
        let file = file.unwrap();
        assert_eq!(file.s2, ["a.tif"]);
        assert_eq!(file.labels.unwrap(), ["6", "9"]);
        assert_eq!(file.projection, None);
        assert_eq!(
            problems,
            [
                LabelProblem::WrongType {
                    field: FIELD_S1,
                    found: "a number"
                },
                LabelProblem::MissingField(FIELD_PROJECTION),
                LabelProblem::EmptyItem {
                    field: FIELD_S2,
                    position: 2
                },
                LabelProblem::EmptyItem {
                    field: FIELD_LABELS,
                    position: 2
                },
            ]
        );
    }

    #[test]
    fn empty_binary_and_non_objects() {
        assert_eq!(
            LabelFile::parse(b"").1,
            [LabelProblem::InvalidJson("the file is empty".into(), None)]
        );
        assert!(matches!(
            LabelFile::parse(&[0xff, 0x00, 0x13, 0x37]).1[..],
            [LabelProblem::InvalidJson(_, Some((1, 1)))]
        ));
        // Line 2 holds 15 characters; reading stopped just after them.
        assert_eq!(
            LabelFile::parse(b"{\n  \"labels\": \"6;9").1,
            [LabelProblem::InvalidJson(
                "EOF while parsing a string at line 2 column 16".into(),
                Some((2, 16))
            )]
        );
        assert_eq!(
            LabelFile::parse(b"[1]").1,
            [LabelProblem::NotAnObject("an array")]
        );
    }
}

#[cfg(test)]
mod published_format {
    use super::published_json;

    /// Byte for byte the layout of a published label file (32UMU_0_0.json,
    /// with its lists shortened).
    #[test]
    fn matches_the_published_layout() {
        let wkt = "PROJCS[\"WGS 84 / UTM zone 32N\",AUTHORITY[\"EPSG\",\"32632\"]]";
        let json = published_json(
            &[
                "32UMU_20200807_S2_0_0.tif".into(),
                "32UMU_20200325_S2_0_0.tif".into(),
            ],
            &["32UMU_20200811_S1_0_0.tif".into()],
            wkt,
            &[2, 3, 5],
        );
        assert_eq!(
            json,
            "{\"corresponding_s2\": \"32UMU_20200807_S2_0_0.tif;32UMU_20200325_S2_0_0.tif\", \
             \"corresponding_s1\": \"32UMU_20200811_S1_0_0.tif\", \
             \"projection\": \"PROJCS[\\\"WGS 84 / UTM zone 32N\\\",AUTHORITY[\\\"EPSG\\\",\\\"32632\\\"]]\", \
             \"labels\": \"2;3;5\"}"
        );
        let (parsed, problems) = super::LabelFile::parse(json.as_bytes());
        assert!(problems.is_empty());
        assert_eq!(parsed.unwrap().projection.as_deref(), Some(wkt));
        assert_eq!(
            published_json(&[], &[], "WKT", &[6, 9]),
            r#"{"corresponding_s2": "", "corresponding_s1": "", "projection": "WKT", "labels": "6;9"}"#
        );
    }
}

/// The first key that appears twice in the top-level object of `bytes`
/// (already known to be valid JSON), if any.
fn duplicate_key(bytes: &[u8]) -> Option<String> {
    struct Keys(Option<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut m: A,
                ) -> Result<Keys, A::Error> {
                    let mut seen = std::collections::HashSet::new();
                    let mut dup = None;
                    while let Some((k, _)) = m.next_entry::<String, serde::de::IgnoredAny>()? {
                        if !seen.insert(k.clone()) && dup.is_none() {
                            dup = Some(k);
                        }
                    }
                    Ok(Keys(dup))
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_slice::<Keys>(bytes).ok().and_then(|k| k.0)
}

#[cfg(test)]
mod duplicate_key_tests {
    #[test]
    fn finds_the_repeated_top_level_key_only() {
        assert_eq!(
            super::duplicate_key(br#"{"a": 1, "b": {"a": 2}, "a": 3}"#),
            Some("a".into())
        );
        assert_eq!(super::duplicate_key(br#"{"a": {"x": 1, "x": 2}}"#), None);
        assert_eq!(super::duplicate_key(br#"{"a": 1}"#), None);
    }
}
