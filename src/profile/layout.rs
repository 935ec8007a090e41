//! `[layout]`: the files a dataset may hold beside its patches, and the
//! paths validation skips.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutSection {
    #[serde(default)]
    pub allowed_files: Vec<String>,
    /// Paths relative to the dataset root (`/`-separated) that validation
    /// skips entirely, `*` matching any run of characters (also `/`).
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl LayoutSection {
    /// Whether a file name matches one of the `allowed_files` patterns.
    pub fn is_allowed(&self, name: &str) -> bool {
        self.allowed_files.iter().any(|p| glob_match(p, name))
    }

    /// Whether a path relative to the root matches one of the `exclude`
    /// patterns (a folder's path is given without a trailing `/`).
    pub fn is_excluded(&self, rel_path: &str) -> bool {
        self.exclude.iter().any(|p| {
            let p = p.trim_end_matches('/');
            glob_match(p, rel_path)
        })
    }
}

/// `*` matches any run of characters; everything else matches itself.
/// (Without allocating: every file name of a dataset is matched against
/// every pattern.)
pub(crate) fn glob_match(pattern: &str, name: &str) -> bool {
    let Some((first, after_first)) = pattern.split_once('*') else {
        return pattern == name;
    };
    let (middle, last) = after_first.rsplit_once('*').unwrap_or(("", after_first));
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in middle.split('*') {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}
