//! Paths as CI systems want them: relative to the repository they checked
//! out (`--sarif-root`, or the git work tree holding the dataset), so that
//! findings land on the right file.

use std::path::Path;

use crate::engine::Report;
use crate::io::safety::worktree;

use super::{RenderError, RenderOptions};

/// Where the dataset is relative to the repository root.
pub(crate) struct Paths {
    /// `file://` URI of the repository root, ending in `/`.
    pub root_uri: String,
    /// The dataset root relative to the repository root, `/`-separated,
    /// empty or ending in `/`; `None` when there is no repository root.
    pub prefix: Option<String>,
}

impl Paths {
    pub fn resolve(report: &Report, options: &RenderOptions) -> Result<Paths, RenderError> {
        let dataset = Path::new(&report.root);
        let root = match &options.sarif_root {
            Some(root) => Some(root.clone()),
            None => worktree::git_work_tree(dataset),
        };
        if !options.docs_url.contains("://") {
            return Err(RenderError::DocsUrl {
                url: options.docs_url.clone(),
            });
        }
        if options.sarif_root.as_ref().is_some_and(|r| !r.is_dir()) {
            return Err(RenderError::RootNotAFolder {
                root: root.unwrap_or_default().display().to_string(),
            });
        }
        if let (None, Some(url)) = (&root, crate::io::storage::vfs::storage_url(dataset)) {
            return Ok(Paths {
                root_uri: url,
                prefix: None,
            });
        }
        let Some(root) = root else {
            let abs = std::fs::canonicalize(dataset).unwrap_or_else(|_| dataset.to_path_buf());
            return Ok(Paths {
                root_uri: file_uri(&abs),
                prefix: None,
            });
        };
        let rel = worktree::relative_to(dataset, &root).ok_or_else(|| {
            RenderError::DatasetOutsideRoot {
                root: root.display().to_string(),
                dataset: report.root.clone(),
            }
        })?;
        let abs = std::fs::canonicalize(&root).unwrap_or(root);
        Ok(Paths {
            root_uri: file_uri(&abs),
            prefix: Some(if rel.is_empty() { rel } else { rel + "/" }),
        })
    }

    /// A finding's path relative to the repository root (or to the dataset
    /// root without one); the dataset root itself for findings without a
    /// path.
    pub fn relative(&self, path: Option<&str>) -> String {
        let prefix = self.prefix.as_deref().unwrap_or("");
        match path {
            Some(p) => format!("{prefix}{p}"),
            None if prefix.is_empty() => ".".to_string(),
            None => prefix.trim_end_matches('/').to_string(),
        }
    }
}

fn file_uri(path: &Path) -> String {
    let mut text = path.to_string_lossy().into_owned();
    if !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", encode(&text))
}

/// Percent-encodes what may not appear in a URI path.
pub(crate) fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
