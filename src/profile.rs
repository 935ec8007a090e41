//! Dataset profiles: TOML files under `validators/` that describe a dataset
//! (folders, class table, grid) and which rules run at which severity.
//! `validators/multisenge.toml` is compiled in and used by default.
//!
//! Errors name the file and the line: an unknown key, a value of the wrong
//! type or an unknown rule code is a configuration error (exit code 2).

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::finding::Severity;
use crate::model::FileKind;
use crate::rules::{select, RuleSet};

/// The default profile's text and name.
pub const DEFAULT_PROFILE: &str = include_str!("../validators/multisenge.toml");
pub const DEFAULT_PROFILE_NAME: &str = "validators/multisenge.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub dataset: DatasetSection,
    #[serde(default)]
    pub folders: Folders,
    #[serde(default)]
    pub layout: LayoutSection,
    #[serde(default)]
    pub label_files: LabelFilesSection,
    /// Class value (as a string key) → name; checked to be 1–255 on load.
    pub classes: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    pub rules: RulesSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSection {
    pub name: String,
    /// Year of every acquisition date; `None` accepts any year.
    pub year: Option<u16>,
    #[serde(default = "default_patch_size")]
    pub patch_size: u32,
    #[serde(default = "default_grid_stride")]
    pub grid_stride: u32,
    #[serde(default = "default_tile_size")]
    pub tile_size: u32,
}

fn default_patch_size() -> u32 {
    256
}
fn default_grid_stride() -> u32 {
    257
}
fn default_tile_size() -> u32 {
    10_980
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folders {
    pub ground_reference: String,
    pub s2: String,
    pub s1: String,
    pub labels: String,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            ground_reference: "ground_reference".into(),
            s2: "s2".into(),
            s1: "s1".into(),
            labels: "labels".into(),
        }
    }
}

impl Folders {
    pub fn name(&self, kind: FileKind) -> &str {
        match kind {
            FileKind::GroundReference => &self.ground_reference,
            FileKind::S2 => &self.s2,
            FileKind::S1 => &self.s1,
            FileKind::Label => &self.labels,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSection {
    #[serde(default)]
    pub allowed_files: Vec<String>,
}

impl LayoutSection {
    /// Whether a file name matches one of the `allowed_files` patterns.
    pub fn is_allowed(&self, name: &str) -> bool {
        self.allowed_files.iter().any(|p| glob_match(p, name))
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob_match(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFilesSection {
    pub max_bytes: u64,
}

impl Default for LabelFilesSection {
    fn default() -> Self {
        LabelFilesSection { max_bytes: 1 << 20 }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A configuration error, with the file and line it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

/// A profile with its class table checked and its rule set resolved.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// Where it came from, as shown to users.
    pub source: String,
    pub profile: Profile,
    /// Class value → name.
    pub classes: BTreeMap<u8, String>,
    pub rules: RuleSet,
}

impl LoadedProfile {
    /// The compiled-in default profile.
    pub fn default_profile() -> LoadedProfile {
        LoadedProfile::parse(DEFAULT_PROFILE, DEFAULT_PROFILE_NAME)
            .expect("the bundled profile is valid")
    }

    pub fn load(path: &Path) -> Result<LoadedProfile, ProfileError> {
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError {
            file: source.clone(),
            line: None,
            message: format!("cannot read profile: {e}"),
        })?;
        LoadedProfile::parse(&text, &source)
    }

    pub fn parse(text: &str, source: &str) -> Result<LoadedProfile, ProfileError> {
        let line_of =
            |offset: usize| Some(text[..offset.min(text.len())].matches('\n').count() + 1);
        let err_at = |offset: Option<usize>, message: String| ProfileError {
            file: source.to_string(),
            line: offset.and_then(line_of),
            message,
        };
        let profile: Profile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            err_at(offset, e.message().trim().to_string())
        })?;

        let mut classes = BTreeMap::new();
        for (key, name) in &profile.classes {
            match key.get_ref().parse::<u8>() {
                Ok(v) if v > 0 => {
                    classes.insert(v, name.clone());
                }
                _ => {
                    return Err(err_at(
                        Some(key.span().start),
                        format!(
                            "class value `{}` must be an integer from 1 to 255",
                            key.get_ref()
                        ),
                    ))
                }
            }
        }
        if profile.dataset.patch_size == 0
            || profile.dataset.grid_stride < profile.dataset.patch_size
        {
            return Err(err_at(
                None,
                "[dataset] grid_stride must be at least patch_size, and patch_size above 0".into(),
            ));
        }

        let resolve = |s: &Spanned<String>| {
            select::matching(s.get_ref()).map_err(|m| err_at(Some(s.span().start), m))
        };
        let mut rules = RuleSet::all();
        if !profile.rules.select.is_empty() {
            let mut selected = Vec::new();
            for s in &profile.rules.select {
                selected.extend(resolve(s)?);
            }
            rules.select(&selected);
        }
        for s in &profile.rules.ignore {
            rules.ignore(&resolve(s)?);
        }
        for (code, level) in &profile.rules.severity {
            let severity = Severity::parse(level.get_ref()).ok_or_else(|| {
                err_at(
                    Some(level.span().start),
                    format!(
                        "severity `{}` must be \"error\", \"warning\" or \"info\"",
                        level.get_ref()
                    ),
                )
            })?;
            rules.set_severity(&resolve(code)?, severity);
        }
        Ok(LoadedProfile {
            source: source.to_string(),
            profile,
            classes,
            rules,
        })
    }

    pub fn class_name(&self, value: u8) -> Option<&str> {
        self.classes.get(&value).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(extra: &str) -> String {
        format!("{DEFAULT_PROFILE}{extra}")
    }

    #[test]
    fn default_profile_loads() {
        let p = LoadedProfile::default_profile();
        assert_eq!(p.classes.len(), 14);
        assert_eq!(p.class_name(5), Some("Large scale networks"));
        assert_eq!(p.profile.dataset.grid_stride, 257);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let text = DEFAULT_PROFILE.replace("patch_size = 256", "patch_size = 256\npatch_sise = 3");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        let line = text
            .lines()
            .position(|l| l.starts_with("patch_sise"))
            .unwrap()
            + 1;
        assert_eq!((err.file.as_str(), err.line), ("p.toml", Some(line)));
        assert!(
            err.message.contains("unknown field `patch_sise`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_rule_code_and_bad_severity() {
        let text = with("N003 = \"loud\"\n");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("severity `loud`"), "{err}");
        assert_eq!(err.line, Some(text.lines().count()));

        let text = DEFAULT_PROFILE.replace("ignore = []", "ignore = [\"Z123\"]");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("`Z123` is not a rule code"), "{err}");
        assert!(err.line.is_some());
    }

    #[test]
    fn severity_overrides_apply() {
        let p = LoadedProfile::parse(&with("T = \"warning\"\n"), "p.toml").unwrap();
        assert_eq!(
            p.rules.severity(crate::rules::Rule::UnlistedFile),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn globs() {
        assert!(glob_match("README*", "README.md"));
        assert!(glob_match("*.md", "notes.md"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("*.md", "md"));
        assert!(!glob_match("LICENSE", "LICENSE.txt"));
    }
}
