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

use std::borrow::Cow;

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
/// (through [`crate::io::formats::label_file::write`] for files).
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
        let (text, problems) = LabelText::parse(bytes);
        let file = text.map(|t| LabelFile {
            s2: t.s2().map(str::to_string).collect(),
            s1: t.s1().map(str::to_string).collect(),
            labels: t.labels().map(|items| items.map(str::to_string).collect()),
            projection: t.projection.map(Cow::into_owned),
        });
        (file, problems)
    }
}

/// What a label file says, borrowed from its bytes where JSON allows (a
/// string without escapes): [`LabelFile`] without a copy of every listed
/// name. The validation reads 8 157 label files of ~130 names each this
/// way (docs/performance.md, issue 8).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelText<'a> {
    s2: Option<Cow<'a, str>>,
    s1: Option<Cow<'a, str>>,
    /// `None` when the field is missing or not a string.
    pub projection: Option<Cow<'a, str>>,
    labels: Option<Cow<'a, str>>,
}

/// `true` when `list` has no empty or blank item, told without splitting
/// it: it is not empty, every byte is visible ASCII (so no whitespace of
/// any kind), it neither starts nor ends with `;` and holds no `;;`. Both
/// scans run over the whole text without branching, which the compiler
/// vectorizes; `false` means "split it and look".
fn surely_no_empty_item(list: &str) -> bool {
    let b = list.as_bytes();
    let visible = b.iter().fold(true, |ok, c| ok & c.is_ascii_graphic());
    let doubled = b
        .iter()
        .zip(b.iter().skip(1))
        .fold(false, |any, (x, y)| any | ((*x == b';') & (*y == b';')));
    visible && !doubled && b.first() != Some(&b';') && b.last().is_some_and(|c| *c != b';')
}

/// The class value of a `labels` item: a value of the class table
/// (`classes`), written as a plain decimal integer (no sign, no leading
/// zero); `None` otherwise.
///
/// ```
/// use multisenge::model::label_file::class_value;
/// let classes = [(6, "Arable lands".to_string())].into();
/// assert_eq!(class_value("6", &classes), Some(6));
/// assert_eq!(class_value("06", &classes), None);
/// assert_eq!(class_value("7", &classes), None);
/// ```
pub fn class_value(item: &str, classes: &std::collections::BTreeMap<u8, String>) -> Option<u8> {
    let b = item.as_bytes();
    let plain = b.iter().all(u8::is_ascii_digit) && (b.len() == 1 || b.first() != Some(&b'0'));
    plain
        .then(|| item.parse::<u8>().ok())
        .flatten()
        .filter(|v| classes.contains_key(v))
}

/// The items of a `;`-separated list, empty ones left out (each is a
/// [`LabelProblem::EmptyItem`]).
pub fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').filter(|item| !item.trim().is_empty())
}

impl<'a> LabelText<'a> {
    /// The names listed in `corresponding_s2` (none when the field is
    /// missing or not a string).
    pub fn s2(&self) -> impl Iterator<Item = &str> {
        items(self.s2.as_deref().unwrap_or(""))
    }

    /// The names listed in `corresponding_s1`.
    pub fn s1(&self) -> impl Iterator<Item = &str> {
        items(self.s1.as_deref().unwrap_or(""))
    }

    /// The `corresponding_s2` text as written, `;` and all (empty when the
    /// field is missing or not a string).
    pub fn s2_text(&self) -> &str {
        self.s2.as_deref().unwrap_or("")
    }

    /// The `corresponding_s1` text as written.
    pub fn s1_text(&self) -> &str {
        self.s1.as_deref().unwrap_or("")
    }

    /// The `labels` items as written; `None` when the field is missing or
    /// not a string.
    pub fn labels(&self) -> Option<impl Iterator<Item = &str>> {
        self.labels.as_deref().map(items)
    }

    /// The `labels` text as written, `;` and all; `None` when the field is
    /// missing or not a string.
    pub fn labels_text(&self) -> Option<&str> {
        self.labels.as_deref()
    }

    /// Reads a label file from its bytes in one pass, with the problems
    /// [`LabelFile::parse`] reports (it is this function, copied).
    ///
    /// ```
    /// use multisenge::model::label_file::LabelText;
    /// let (text, problems) = LabelText::parse(br#"{"corresponding_s2": "a.tif;;b.tif",
    ///     "corresponding_s1": "c.tif", "projection": "EPSG:32631", "labels": "6;9"}"#);
    /// assert_eq!(problems.len(), 1); // the empty item
    /// let text = text.unwrap();
    /// assert_eq!(text.s2().collect::<Vec<_>>(), ["a.tif", "b.tif"]);
    /// assert_eq!(text.s1().collect::<Vec<_>>(), ["c.tif"]);
    /// assert_eq!(text.projection.as_deref(), Some("EPSG:32631"));
    /// ```
    pub fn parse(bytes: &'a [u8]) -> (Option<LabelText<'a>>, Vec<LabelProblem>) {
        let top: Top<'a> = match serde_json::from_slice(bytes) {
            Ok(top) => top,
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
        let mut fields = match top {
            Top::Other(found) => return (None, vec![LabelProblem::NotAnObject(found)]),
            Top::Object {
                duplicate: Some(key),
                ..
            } => {
                let why = format!(
                    "the key `{key}` appears more than once; JSON readers disagree on which value \
                     counts: keep one"
                );
                return (None, vec![LabelProblem::InvalidJson(why, None)]);
            }
            Top::Object { fields, .. } => fields,
        };
        let mut problems = Vec::new();
        let mut field = |slot: usize| -> Option<Cow<'a, str>> {
            match fields[slot].take() {
                None => {
                    problems.push(LabelProblem::MissingField(FIELDS[slot]));
                    None
                }
                Some(Value::Str(s)) => Some(s),
                Some(Value::Other(found)) => {
                    problems.push(LabelProblem::WrongType {
                        field: FIELDS[slot],
                        found,
                    });
                    None
                }
            }
        };
        let text = LabelText {
            s2: field(0),
            s1: field(1),
            projection: field(2),
            labels: field(3),
        };
        for (name, list) in [
            (FIELD_S2, &text.s2),
            (FIELD_S1, &text.s1),
            (FIELD_LABELS, &text.labels),
        ] {
            let Some(list) = list else { continue };
            if surely_no_empty_item(list) {
                continue;
            }
            for (i, item) in list.split(';').enumerate() {
                if item.trim().is_empty() {
                    problems.push(LabelProblem::EmptyItem {
                        field: name,
                        position: i + 1,
                    });
                }
            }
        }
        (Some(text), problems)
    }
}

/// A JSON document as the label-file reader sees it: an object's four
/// fields and its first repeated key, or the type of anything else. Every
/// value is read with `deserialize_any`, exactly as into a
/// `serde_json::Value` (so the same documents are refused, with the same
/// messages and positions), but nothing is kept beyond the four fields.
enum Top<'a> {
    Object {
        fields: [Option<Value<'a>>; 4],
        duplicate: Option<String>,
    },
    Other(&'static str),
}

/// A field's value: its text, or the type of what is there instead.
enum Value<'a> {
    Str(Cow<'a, str>),
    Other(&'static str),
}

/// Any JSON value, read and dropped.
struct Kind;

impl Kind {
    fn of(_: &'static str) -> Kind {
        Kind
    }
}

/// A key or string, borrowed when it has no escape.
struct Text<'a>(Cow<'a, str>);

macro_rules! scalar_kinds {
    ($out:expr) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($out("a boolean"))
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($out("a number"))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($out("null"))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($out("null"))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            while seq.next_element::<Kind>()?.is_some() {}
            Ok($out("an array"))
        }
    };
}

impl<'de> serde::Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Kind;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            scalar_kinds!(Kind::of);
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Kind, E> {
                Ok(Kind)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Kind, A::Error> {
                while m.next_entry::<Kind, Kind>()?.is_some() {}
                Ok(Kind)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Text<'de>, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(s)))
    }
    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(s.to_string())))
    }
    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(s)))
    }
}

impl<'de> serde::Deserialize<'de> for Value<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Value<'de>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Value<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            scalar_kinds!(Value::Other);
            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Value<'de>, E> {
                Ok(Value::Str(Cow::Borrowed(s)))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value<'de>, E> {
                Ok(Value::Str(Cow::Owned(s.to_string())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Value<'de>, A::Error> {
                while m.next_entry::<Kind, Kind>()?.is_some() {}
                Ok(Value::Other("an object"))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for Top<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Top<'de>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Top<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            scalar_kinds!(Top::Other);
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Top<'de>, E> {
                Ok(Top::Other("a string"))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Top<'de>, A::Error> {
                let mut fields: [Option<Value<'de>>; 4] = Default::default();
                let mut seen: std::collections::HashSet<Cow<'de, str>> =
                    std::collections::HashSet::new();
                let mut duplicate = None;
                while let Some(Text(key)) = m.next_key::<Text<'de>>()? {
                    match FIELDS.iter().position(|f| *f == key) {
                        Some(slot) => fields[slot] = Some(m.next_value::<Value<'de>>()?),
                        None => {
                            m.next_value::<Kind>()?;
                        }
                    }
                    if duplicate.is_none() && !seen.insert(key.clone()) {
                        duplicate = Some(key.into_owned());
                    }
                }
                Ok(Top::Object { fields, duplicate })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick test never says "no empty item" when splitting finds one,
    /// and says it for every list of visible ASCII names: every string of up
    /// to six characters over an alphabet of names, separators and blanks.
    #[test]
    fn quick_empty_item_test_agrees_with_splitting() {
        let alphabet = ["a", "b", ";", " ", "\t", "\u{a0}", "\u{3000}", "é"];
        let mut lists = vec![String::new()];
        let mut all = lists.clone();
        for _ in 0..6 {
            lists = lists
                .iter()
                .flat_map(|l| alphabet.iter().map(move |c| format!("{l}{c}")))
                .collect();
            all.extend(lists.iter().cloned());
        }
        let mut quick = 0;
        for list in &all {
            let has_empty = list.split(';').any(|item| item.trim().is_empty());
            let visible = list.bytes().all(|b| b.is_ascii_graphic());
            assert_eq!(
                surely_no_empty_item(list),
                !has_empty && visible,
                "{list:?}"
            );
            quick += usize::from(surely_no_empty_item(list));
        }
        assert!(quick > 100, "the quick answer was tried: {quick}");
    }

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

#[cfg(test)]
mod duplicate_key_tests {
    use super::{LabelFile, LabelProblem};

    fn refused_for(json: &[u8]) -> Option<String> {
        match &LabelFile::parse(json).1[..] {
            [LabelProblem::InvalidJson(why, None)] => Some(why.clone()),
            _ => None,
        }
    }

    #[test]
    fn finds_the_repeated_top_level_key_only() {
        let why = refused_for(br#"{"a": 1, "b": {"a": 2}, "a": 3}"#).unwrap();
        assert!(
            why.starts_with("the key `a` appears more than once"),
            "{why}"
        );
        // Escaped and plain spellings of one key are the same key.
        let why = refused_for(br#"{"labels": "6", "lab\u0065ls": "9"}"#).unwrap();
        assert!(why.starts_with("the key `labels` appears"), "{why}");
        assert_eq!(refused_for(br#"{"a": {"x": 1, "x": 2}}"#), None);
        assert_eq!(refused_for(br#"{"a": 1}"#), None);
    }

    /// Values are read as a `serde_json::Value` would be: a number out of
    /// range or a bad escape deep in an ignored field is still invalid JSON,
    /// at the same position.
    #[test]
    fn refuses_what_serde_json_values_refuse() {
        for json in [
            &br#"{"x": [1e400]}"#[..],
            br#"{"x": {"y": "\ud800"}}"#,
            br#"{"labels": "6", "x": [1, ]}"#,
            br#"[1, 2] 3"#,
        ] {
            let expected = serde_json::from_slice::<serde_json::Value>(json).unwrap_err();
            match &LabelFile::parse(json).1[..] {
                [LabelProblem::InvalidJson(why, at)] => {
                    assert_eq!(why, &expected.to_string());
                    assert_eq!(
                        *at,
                        Some((expected.line() as u32, expected.column() as u32))
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(
            LabelFile::parse(b"\"text\"").1,
            [LabelProblem::NotAnObject("a string")]
        );
        assert_eq!(
            LabelFile::parse(b"null").1,
            [LabelProblem::NotAnObject("null")]
        );
    }
}
