use crate::model::label_file::LabelProblem;
use crate::rules::declare::declare_rule;
use crate::rules::input::{LabelFileFacts, Out};
use crate::rules::record::{Location, Record};

declare_rule! {
    /// ## What it checks
    /// A label file is a JSON object, encoded in UTF-8: not empty, not
    /// binary, not truncated, and an object rather than an array or a value.
    ///
    /// ## Why it matters
    /// A label file that does not parse loses the whole patch: its rasters
    /// can no longer be grouped, and loaders stop on it.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: not valid JSON: EOF while parsing a string at line 1 column 80
    /// ```
    pub struct InvalidJson {
        code: "J001",
        name: "invalid-json",
        family: Labels,
        severity: Error,
        summary: "A label file that is not a JSON object",
        reads: [LabelFile(check)],
    }
    data {
        /// Why the file is not JSON (null when it is JSON, but not an
        /// object).
        json_error: Option<String>,
        /// What the JSON holds instead of an object (`an array`, `a
        /// string`...; null when it is not JSON).
        found: Option<String>,
    }
}

impl Record for InvalidJson {
    fn message(&self) -> String {
        match (&self.found, &self.json_error) {
            (Some(found), _) => {
                format!("expected a JSON object with the four label fields, found {found}")
            }
            (None, error) => format!("not valid JSON: {}", error.as_deref().unwrap_or("")),
        }
    }
}

/// J001: the file is not JSON (located where reading stopped, when
/// known), or not a JSON object.
fn check(facts: &LabelFileFacts, out: &mut Out) {
    for problem in super::problems(facts) {
        match problem {
            LabelProblem::InvalidJson(why, at) => {
                let record = InvalidJson {
                    json_error: Some(why.clone()),
                    found: None,
                };
                match at {
                    Some((line, column)) => out.push_located(
                        record,
                        Location::Text {
                            line: *line,
                            column: *column,
                        },
                    ),
                    None => out.push(record),
                }
            }
            LabelProblem::NotAnObject(found) => out.push(InvalidJson {
                json_error: None,
                found: Some(found.to_string()),
            }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{found, LabelRead};

    #[test]
    fn not_json_located_and_not_an_object() {
        let problems = [
            LabelProblem::InvalidJson("EOF while parsing".into(), Some((1, 80))),
            LabelProblem::NotAnObject("an array"),
            LabelProblem::MissingField("labels"),
        ];
        let facts = LabelFileFacts {
            read: LabelRead::Read {
                problems: &problems,
                labels: None,
            },
            classes: &Default::default(),
        };
        let got = found(check, &facts);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].record.message(), "not valid JSON: EOF while parsing");
        assert_eq!(
            got[0].location,
            Some(Location::Text {
                line: 1,
                column: 80
            })
        );
        assert_eq!(
            got[1].record.message(),
            "expected a JSON object with the four label fields, found an array"
        );
    }
}
