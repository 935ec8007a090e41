//! The findings' records as flat, typed values: the attribute columns of
//! the GeoJSON report and of the GeoPackage findings layer, and the SARIF
//! result properties (the fields and their types: [`crate::rules::fields`]).

use serde_json::{Map, Value};

use crate::finding::Finding;
use crate::rules::fields::{columns, Field};
use crate::rules::Rule;

/// The columns of the records of the rules that have findings in
/// `findings`, in rule order.
pub fn columns_of(findings: &[&Finding]) -> Vec<Field> {
    let mut rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    columns(rules)
}

/// A finding's record as flat values, its null fields left out.
pub fn values(finding: &Finding) -> Map<String, Value> {
    match finding.data.to_json() {
        Value::Object(fields) => fields.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}
