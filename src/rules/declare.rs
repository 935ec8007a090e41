//! How a rule is declared: `declare_rule!` turns a rule's doc comment,
//! code, name, family, severity, summary, inputs and data fields into its
//! record struct, its [`RuleMeta`] and its checks.

use super::record::{Family, Severity};

/// Everything a user needs to know about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, used in profiles, `--select`, `--ignore` and reports.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown: what it checks, why it matters, an example.
    pub doc: &'static str,
}

/// Declares a rule: its doc comment becomes [`RuleMeta::doc`]; `reads`
/// lists its checks (`Check` variants without the prefix, e.g.
/// `Raster(check)` or `Name(&[NamePart::Tile], check)`), which become
/// `CHECKS`; `data` lists the fields of its record, the struct of the
/// rule's name, whose doc comments become the descriptions of the JSON
/// Schema and of docs/rules.md. The rule's file then implements
/// `Record` (its message) for the struct.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it checks
///     /// ...
///     pub struct MissingCrs {
///         code: "G001",
///         name: "missing-crs",
///         family: Georeferencing,
///         severity: Error,
///         summary: "A raster without a coordinate reference system",
///         reads: [Raster(check)],
///     }
///     data {}
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal,
            reads: [$($input:ident ( $($arg:tt)* )),+ $(,)?] $(,)?
        }
        data {
            $( $(#[$fattr:meta])* $field:ident : $fty:ty ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(
            Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize, ::schemars::JsonSchema,
        )]
        #[serde(deny_unknown_fields)]
        #[schemars(title = $code, description = $summary)]
        $vis struct $name {
            $( $(#[$fattr])* pub $field: $fty, )*
        }

        impl $name {
            pub const META: $crate::rules::declare::RuleMeta = $crate::rules::declare::RuleMeta {
                code: $code,
                name: $rule_name,
                family: $crate::rules::record::Family::$family,
                default_severity: $crate::rules::record::Severity::$severity,
                summary: $summary,
                doc: concat!($($doc, "\n"),+),
            };

            /// What the rule reads, and how it judges it.
            pub const CHECKS: &'static [$crate::rules::input::Check] =
                &[$($crate::rules::input::Check::$input($($arg)*)),+];
        }
    };
}
pub(crate) use declare_rule;
