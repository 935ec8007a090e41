//! Where a path sits in a version-controlled work tree: CI systems show
//! findings on files named relative to the repository they checked out.

use std::path::{Path, PathBuf};

/// The top of the git work tree holding `path` (the nearest ancestor with a
/// `.git` folder, or a `.git` file as in linked work trees and submodules),
/// with symbolic links resolved; `None` outside any work tree or when
/// `path` does not exist.
pub fn git_work_tree(path: &Path) -> Option<PathBuf> {
    let path = std::fs::canonicalize(path).ok()?;
    path.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// `path` relative to `root`, `/`-separated, both with symbolic links
/// resolved: `Some("")` when they are the same folder, `None` when `path`
/// is not inside `root` (or either does not exist).
pub fn relative_to(path: &Path, root: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    let rel = path.strip_prefix(&root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_work_tree_and_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("repo/data/set");
        std::fs::create_dir_all(&data).unwrap();
        // Whatever holds the temporary folder (normally nothing).
        assert_eq!(git_work_tree(&data), git_work_tree(dir.path()));
        std::fs::create_dir(dir.path().join("repo/.git")).unwrap();
        let repo = std::fs::canonicalize(dir.path().join("repo")).unwrap();
        assert_eq!(git_work_tree(&data), Some(repo.clone()));
        assert_eq!(relative_to(&data, &repo).as_deref(), Some("data/set"));
        assert_eq!(relative_to(&repo, &repo).as_deref(), Some(""));
        assert_eq!(relative_to(dir.path(), &repo), None);
        assert_eq!(git_work_tree(&dir.path().join("absent")), None);
    }
}
