//! A report, a listing or a page written where the user asked: a file
//! (atomically: a temporary file renamed when complete) or standard
//! output, where a closed pipe (`| head`) ends the output quietly.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::color::is_stdout;

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    #[error("cannot write to {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl EmitError {
    /// Whether the system failed (a full disk, a full standard output)
    /// rather than the user's path (a missing folder, no permission).
    pub fn is_internal(&self) -> bool {
        match self {
            EmitError::Stdout(_) => true,
            EmitError::Write { source, .. } => !crate::io::safety::gate::is_user_error(source),
        }
    }
}

/// Prints to standard output; a closed pipe ends the output quietly, any
/// other write error (a full disk) is an error.
pub fn print_stdout(text: &str) -> Result<(), EmitError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(EmitError::Stdout(e)),
        _ => Ok(()),
    }
}

/// Writes `text` to `output` (atomically), or to standard output when
/// `output` is `None` or `-`.
pub fn emit(output: Option<&Path>, text: &str) -> Result<(), EmitError> {
    match output.filter(|p| !is_stdout(Some(p))) {
        Some(path) => {
            crate::io::safety::atomic::write_bytes(path, text.as_bytes()).map_err(|source| {
                EmitError::Write {
                    path: path.to_path_buf(),
                    source,
                }
            })
        }
        None => print_stdout(text),
    }
}
