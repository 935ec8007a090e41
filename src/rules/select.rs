//! Which rules run and at which severity: the profile's `[rules]` table,
//! then `--select`, `--ignore` and `--severity` from the command line.

use super::Rule;
use crate::finding::Severity;

/// Enabled rules with their effective severity.
#[derive(Clone, Debug)]
pub struct RuleSet {
    severity: Vec<Option<Severity>>,
}

/// Resolves a selector: `ALL`, a full code (`N003`) or a prefix (`N`, `T00`).
pub fn matching(selector: &str) -> Result<Vec<Rule>, String> {
    let selector = selector.trim();
    let rules: Vec<Rule> = if selector.eq_ignore_ascii_case("ALL") {
        Rule::ALL.to_vec()
    } else {
        Rule::ALL
            .iter()
            .copied()
            .filter(|r| !selector.is_empty() && r.code().starts_with(selector))
            .collect()
    };
    if rules.is_empty() {
        Err(format!(
            "`{selector}` is not a rule code or prefix (see `multisenge rules`)"
        ))
    } else {
        Ok(rules)
    }
}

impl RuleSet {
    /// Every rule at its default severity.
    pub fn all() -> RuleSet {
        RuleSet {
            severity: Rule::ALL
                .iter()
                .map(|r| Some(r.meta().default_severity))
                .collect(),
        }
    }

    /// Only the given rules (at their current severity).
    pub fn select(&mut self, selected: &[Rule]) {
        for rule in Rule::ALL {
            if !selected.contains(rule) {
                self.severity[rule.index()] = None;
            }
        }
    }

    pub fn ignore(&mut self, ignored: &[Rule]) {
        for rule in ignored {
            self.severity[rule.index()] = None;
        }
    }

    /// Changes the severity of rules that are enabled.
    pub fn set_severity(&mut self, rules: &[Rule], severity: Severity) {
        for rule in rules {
            if let Some(s) = &mut self.severity[rule.index()] {
                *s = severity;
            }
        }
    }

    pub fn enabled(&self, rule: Rule) -> bool {
        self.severity[rule.index()].is_some()
    }

    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        self.severity[rule.index()]
    }

    /// `--select`, `--ignore` and `--severity CODE=LEVEL` on top of the
    /// profile's choice; codes may be prefixes, in either case.
    pub fn apply_overrides(
        &mut self,
        select: &[String],
        ignore: &[String],
        severity: &[String],
    ) -> Result<(), SelectionError> {
        let resolve = |codes: &[String]| -> Result<Vec<Rule>, SelectionError> {
            let mut rules = Vec::new();
            for code in codes {
                rules.extend(matching(&code.to_ascii_uppercase()).map_err(SelectionError)?);
            }
            Ok(rules)
        };
        if !select.is_empty() {
            self.select(&resolve(select)?);
        }
        self.ignore(&resolve(ignore)?);
        for item in severity {
            let (code, level) = item.split_once('=').ok_or_else(|| {
                SelectionError(format!("--severity `{item}`: expected CODE=LEVEL"))
            })?;
            let level = Severity::parse(level).ok_or_else(|| {
                SelectionError(format!(
                    "--severity `{item}`: level must be error, warning or info"
                ))
            })?;
            self.set_severity(&resolve(&[code.to_string()])?, level);
        }
        Ok(())
    }
}

/// A rule selector that names no rule, or a malformed `--severity`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SelectionError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_select_families() {
        let naming = matching("N").unwrap();
        assert!(naming.iter().all(|r| r.code().starts_with('N')));
        assert_eq!(matching("N003").unwrap(), [Rule::InvalidDate]);
        assert_eq!(matching("all").unwrap().len(), Rule::ALL.len());
        assert!(matching("Z9").is_err());
        assert!(matching("").is_err());
    }

    #[test]
    fn ignore_and_severity() {
        let mut set = RuleSet::all();
        set.select(&matching("N").unwrap());
        set.ignore(&[Rule::InvalidDate]);
        set.set_severity(&[Rule::MalformedName, Rule::MissingFolder], Severity::Info);
        assert!(!set.enabled(Rule::InvalidDate));
        assert!(!set.enabled(Rule::MissingFolder));
        assert_eq!(set.severity(Rule::MalformedName), Some(Severity::Info));
    }
}
