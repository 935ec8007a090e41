//! Which rules run and at which severity: the profile's `[rules]` table,
//! then `--select`, `--ignore` and `--severity` from the command line.

use super::record::Severity;
use super::Rule;

/// Enabled rules with their effective severity.
#[derive(Clone, Debug)]
pub struct RuleSet {
    severity: Vec<Option<Severity>>,
}

/// A rule selection that names no rule, or a severity that is not one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SelectError {
    #[error("`{0}` is not a rule code or prefix (see `multisenge rules`)")]
    UnknownSelector(String),
    #[error("--select and --ignore leave no rule to run (--ignore removes every selected rule)")]
    NoRuleLeft,
    #[error("--severity `{0}`: expected CODE=LEVEL")]
    SeverityItem(String),
    #[error("--severity `{0}`: level must be error, warning or info")]
    SeverityLevel(String),
}

/// Resolves a selector: `ALL`, a full code (`N003`) or a prefix (`N`, `T00`).
pub fn matching(selector: &str) -> Result<Vec<Rule>, SelectError> {
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
        Err(SelectError::UnknownSelector(selector.to_string()))
    } else {
        Ok(rules)
    }
}

/// Resolves selectors given on the command line (any case).
fn resolve(selectors: &[String]) -> Result<Vec<Rule>, SelectError> {
    let mut rules = Vec::new();
    for code in selectors {
        rules.extend(matching(&code.to_ascii_uppercase())?);
    }
    Ok(rules)
}

impl RuleSet {
    /// `--select`, `--ignore` and `--severity CODE=LEVEL` on top of the
    /// profile's choice, in that order; an empty `select` keeps the
    /// profile's selection.
    pub fn apply_command_line(
        &mut self,
        select: &[String],
        ignore: &[String],
        severity: &[String],
    ) -> Result<(), SelectError> {
        if !select.is_empty() {
            self.select(&resolve(select)?);
        }
        self.ignore(&resolve(ignore)?);
        if !ignore.is_empty() && !Rule::ALL.iter().any(|r| self.enabled(*r)) {
            return Err(SelectError::NoRuleLeft);
        }
        for item in severity {
            let (code, level) = item
                .split_once('=')
                .ok_or_else(|| SelectError::SeverityItem(item.clone()))?;
            let level =
                Severity::parse(level).ok_or_else(|| SelectError::SeverityLevel(item.clone()))?;
            self.set_severity(&resolve(&[code.to_string()])?, level);
        }
        Ok(())
    }

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
}

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

    #[test]
    fn command_line_selection() {
        let mut set = RuleSet::all();
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        set.apply_command_line(
            &strings(&["n", "T003"]),
            &strings(&["N003"]),
            &strings(&["t=info"]),
        )
        .unwrap();
        assert!(!set.enabled(Rule::InvalidDate));
        assert!(set.enabled(Rule::WrongFolder));
        assert_eq!(set.severity(Rule::ListedFileMissing), Some(Severity::Info));
        assert!(!set.enabled(Rule::MissingFolder));
        let mut set = RuleSet::all();
        assert_eq!(
            set.apply_command_line(&[], &[], &strings(&["N001"])),
            Err(SelectError::SeverityItem("N001".into()))
        );
        assert_eq!(
            set.apply_command_line(&[], &[], &strings(&["N001=fatal"])),
            Err(SelectError::SeverityLevel("N001=fatal".into()))
        );
        assert_eq!(
            set.apply_command_line(&strings(&["Q"]), &[], &[]),
            Err(SelectError::UnknownSelector("Q".into()))
        );
    }
}
