use std::path::Path;

use crate::rules::declare_rule;

declare_rule! {
    /// ## What it checks
    /// Every folder can be listed and every file read, with the permissions
    /// the tool runs with. The rest of the dataset is still checked. A
    /// folder that cannot be listed or entered (no read or no execute
    /// permission) is one finding: its files are not reported as missing,
    /// unlisted or without a label file.
    ///
    /// ## Why it matters
    /// A folder or file that cannot be read cannot be checked, and will be
    /// just as unreadable for the users of the release.
    ///
    /// ## Example
    /// ```text
    /// s1: cannot read folder: Permission denied (os error 13); none of its files is checked
    /// ```
    pub struct UnreadableEntry {
        code: "L005",
        name: "unreadable-entry",
        family: Layout,
        severity: Error,
        summary: "A folder or file that cannot be read",
    }
}

/// L005 for a folder that cannot be listed (`root`: the dataset root).
pub(crate) fn cannot_list(root: bool, error: &std::io::Error) -> String {
    if root {
        format!("cannot list the dataset root: {error}")
    } else {
        format!("cannot list folder: {error}")
    }
}

/// L005 for a folder that cannot be listed or entered (`root`: the dataset
/// root): one finding stands for everything under it.
pub(crate) fn cannot_enter(root: bool, error: &std::io::Error) -> String {
    if root {
        format!("cannot read the dataset root: {error}; nothing under it is checked")
    } else {
        format!("cannot read folder: {error}; none of its files is checked")
    }
}

/// L005 for an entry whose metadata cannot be read; `link` is the target
/// when the entry is a symbolic link (a broken one, then).
pub(crate) fn cannot_read_entry(link: Option<&Path>, error: &std::io::Error) -> String {
    match link {
        Some(target) => format!(
            "symbolic link to `{}` cannot be followed: {error}",
            target.display()
        ),
        None => format!("cannot read entry: {error}"),
    }
}

/// L005 for a file that cannot be read.
pub(crate) fn cannot_read_file(error: &std::io::Error) -> String {
    format!("cannot read file: {error}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(cannot_list(true, &e).starts_with("cannot list the dataset root: "));
        assert!(cannot_list(false, &e).starts_with("cannot list folder: "));
        assert!(cannot_enter(true, &e).starts_with("cannot read the dataset root: "));
        assert!(cannot_enter(false, &e).ends_with("none of its files is checked"));
        let link = cannot_read_entry(Some(Path::new("/gone")), &e);
        assert!(link.starts_with("symbolic link to `/gone` cannot be followed: "));
        assert!(cannot_read_entry(None, &e).starts_with("cannot read entry: "));
        assert!(cannot_read_file(&e).starts_with("cannot read file: "));
    }
}
