//! The fields of the rules' records, as their JSON Schemas give them: a
//! name, a type and a description each (docs/rules.md lists them; the
//! reports make attribute columns of them). A field of the same name has
//! the same type in every rule's record (a test checks it), so one column
//! holds it across rules.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::Rule;

/// The type of a record field, as a layer's column holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// An integer of at most 32 bits (a class value, a band, a position).
    Integer,
    /// A wider integer (a pixel or byte count).
    Integer64,
    Real,
    Boolean,
    String,
    /// A list, written as JSON text.
    List,
}

/// One field of a rule's record.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    /// Whether it may be null.
    pub nullable: bool,
    /// The values it may take, for an enumeration of strings.
    pub values: Vec<String>,
    /// Its description in the record's schema (the field's doc comment).
    pub description: String,
}

impl FieldType {
    /// The JSON type, as docs/rules.md names it.
    pub fn describe(self) -> &'static str {
        match self {
            FieldType::Integer | FieldType::Integer64 => "integer",
            FieldType::Real => "number",
            FieldType::Boolean => "boolean",
            FieldType::String => "string",
            FieldType::List => "list",
        }
    }
}

/// The type of a field from its JSON Schema (inline: no `$ref`).
fn field_type(schema: &Value) -> FieldType {
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let narrow = ["int8", "int16", "int32", "uint8", "uint16"];
    match types.iter().find(|t| **t != "null").copied() {
        Some("integer") => {
            let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
            if narrow.contains(&format) {
                FieldType::Integer
            } else {
                FieldType::Integer64
            }
        }
        Some("number") => FieldType::Real,
        Some("boolean") => FieldType::Boolean,
        Some("array") => FieldType::List,
        // Strings, and enumerations of strings (`"type": "string"` with
        // `enum`, or `oneOf` of constants).
        _ => FieldType::String,
    }
}

/// The strings an enumeration's schema allows (`enum`, or `oneOf` of
/// `const`s).
fn enumeration(schema: &Value) -> Vec<String> {
    let strings = |values: &Vec<Value>| -> Vec<String> {
        values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    match (schema.get("enum"), schema.get("oneOf")) {
        (Some(Value::Array(values)), _) => strings(values),
        (_, Some(Value::Array(variants))) => variants
            .iter()
            .filter_map(|v| v.get("const").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// The fields of `rule`'s record, in declaration order.
pub fn fields(rule: Rule) -> Vec<Field> {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let schema = rule.record_schema(&mut generator);
    let Some(Value::Object(properties)) = schema.as_value().get("properties") else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, schema)| Field {
            name: name.clone(),
            kind: field_type(schema),
            nullable: match schema.get("type") {
                Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
                _ => false,
            },
            values: enumeration(schema),
            description: schema
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        })
        .collect()
}

/// The fields of the records of `rules`, each name once, in the order of
/// its first appearance.
pub fn columns(rules: impl IntoIterator<Item = Rule>) -> Vec<Field> {
    let mut columns: Vec<Field> = Vec::new();
    for rule in rules {
        for field in fields(rule) {
            if !columns.iter().any(|c| c.name == field.name) {
                columns.push(field);
            }
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One column per field name: a name has one type in every record, and
    /// no record field takes the name of a property the layers have anyway.
    #[test]
    fn field_names_have_one_type_across_rules() {
        let mut seen: Vec<Field> = Vec::new();
        for rule in Rule::ALL {
            for field in fields(*rule) {
                assert!(
                    ![
                        "code", "name", "severity", "message", "path", "file", "tile", "x", "y",
                        "patch", "window"
                    ]
                    .contains(&field.name.as_str()),
                    "{rule}: record field `{}` would hide a property of the layers",
                    field.name
                );
                match seen.iter().find(|f| f.name == field.name) {
                    Some(first) => assert_eq!(first.kind, field.kind, "{rule}: `{}`", field.name),
                    None => seen.push(field),
                }
            }
        }
        assert!(seen.len() > 30, "{seen:?}");
    }

    /// docs/rules.md and the JSON Schema describe every field.
    #[test]
    fn every_field_is_described() {
        let undescribed: Vec<String> = Rule::ALL
            .iter()
            .flat_map(|r| fields(*r).into_iter().map(move |f| (r, f)))
            .filter(|(_, f)| f.description.is_empty())
            .map(|(r, f)| format!("{r} {}", f.name))
            .collect();
        assert!(undescribed.is_empty(), "{undescribed:?}");
    }

    #[test]
    fn types_follow_the_records() {
        let kind = |rule: Rule, name: &str| {
            fields(rule)
                .into_iter()
                .find(|f| f.name == name)
                .map(|f| f.kind)
        };
        assert_eq!(kind(Rule::PatchesOverlap, "area_m2"), Some(FieldType::Real));
        assert_eq!(
            kind(Rule::PatchesOverlap, "other_patch"),
            Some(FieldType::String)
        );
        assert_eq!(kind(Rule::SmallRegion, "class"), Some(FieldType::Integer));
        assert_eq!(
            kind(Rule::SmallRegion, "pixels"),
            Some(FieldType::Integer64)
        );
        assert_eq!(
            kind(Rule::UnlistedFile, "label_exists"),
            Some(FieldType::Boolean)
        );
        assert_eq!(
            kind(Rule::UnknownClassValue, "values"),
            Some(FieldType::List)
        );
        assert_eq!(kind(Rule::UnreadableEntry, "what"), Some(FieldType::String));
        assert_eq!(kind(Rule::MissingFolder, "kind"), Some(FieldType::String));
        let kinds = fields(Rule::MissingFolder).remove(1).values;
        assert_eq!(kinds, ["ground_reference", "s2", "s1", "labels"]);
        let what = fields(Rule::UnreadableEntry).remove(0).values;
        assert_eq!(what.first().map(String::as_str), Some("list-root"));
        let fields = fields(Rule::SmallRegion);
        assert!(
            fields[0]
                .description
                .starts_with("The region's class value"),
            "{fields:?}"
        );
    }
}
