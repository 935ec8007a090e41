use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Each of the four fields is a JSON string. In the published files even
    /// lists are strings, separated by `;` (`"labels": "6;9;11"`), whatever
    /// the dataset paper says.
    ///
    /// ## Why it matters
    /// Readers written for the published format split strings; an array or a
    /// number breaks them.
    ///
    /// ## Example
    /// ```text
    /// labels/31UER_0_0.json: field `labels` must be a string, found an array
    /// ```
    pub struct WrongFieldType {
        code: "J003",
        name: "wrong-field-type",
        family: Labels,
        severity: Error,
        summary: "A label-file field that is not a string",
    }
}
