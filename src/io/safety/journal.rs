//! The writes of one run, all or nothing.
//!
//! Every temporary file or folder a write makes (`.multisenge-PID-…`, in
//! the destination's folder) and every folder a run creates is recorded
//! here, under one lock, at the moment it is made: whatever ends the run
//! finds them all.
//!
//! Outside a run (the library called directly), a finished write is
//! renamed into place at once. Inside a run ([`begin`], which the command
//! line and `multisenge run` call before any work), finished writes are
//! *staged*: their temporary files stay until the whole run has succeeded,
//! then [`commit`] renames them all into place, in the order they were
//! written. So with several outputs it is all or nothing:
//!
//! * a run that fails ([`rollback`]) or is cancelled by a signal
//!   ([`cancel`]) removes every temporary file and folder and every folder
//!   it created (when empty), and renames nothing: a file that existed
//!   before is kept as it was, a new one never appears;
//! * a destination written twice in one run is refused at the second
//!   write, before the first is published.
//!
//! A run may instead publish each write as it is finished
//! ([`publish_each_write`]): `triplets` on the command line does, so that
//! an interrupted run leaves whole files for `--resume`.
//!
//! A signal that comes while [`commit`] renames waits for the renames to
//! end (they take microseconds each); after the commit the run has
//! succeeded and [`cancel`] says so ([`Cancel::TooLate`]).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A temporary file or folder of a write, owned until it is published.
pub(crate) enum Temp {
    File(tempfile::NamedTempFile),
    Dir(tempfile::TempDir),
}

impl Temp {
    pub(crate) fn path(&self) -> &Path {
        match self {
            Temp::File(f) => f.path(),
            Temp::Dir(d) => d.path(),
        }
    }

    /// Keeps the file or folder on disk (the journal removes it later).
    fn keep(self) {
        match self {
            Temp::File(f) => {
                let _ = f.keep();
            }
            Temp::Dir(d) => {
                let _ = d.keep();
            }
        }
    }
}

/// How a finished write reaches its destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum How {
    /// `from` renamed onto `to`.
    Rename,
    /// The folder `from` and the folder `to` swapped in one step
    /// (`renameat2`'s exchange); `from`, a temporary, then holds the old
    /// folder and is removed with the temporaries.
    Exchange,
    /// `to` removed (a side-car an earlier run wrote that this one does
    /// not: it would describe another file); `from` is unused.
    Remove,
}

/// One step of publishing a finished write.
#[derive(Debug)]
pub(crate) struct Move {
    pub(crate) from: PathBuf,
    pub(crate) to: PathBuf,
    pub(crate) how: How,
}

impl Move {
    pub(crate) fn rename(from: PathBuf, to: PathBuf) -> Move {
        Move {
            from,
            to,
            how: How::Rename,
        }
    }

    fn apply(&self) -> io::Result<()> {
        match self.how {
            How::Rename => std::fs::rename(&self.from, &self.to),
            How::Exchange => exchange(&self.from, &self.to),
            How::Remove => match std::fs::remove_file(&self.to) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }
}

/// Swaps two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`).
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: path holds a NUL byte", p.display()),
            )
        })
    };
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves
    // relative paths as the process would.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// A move waiting for the commit.
struct Staged {
    step: Move,
    /// Whether `to` existed when the write was staged (a failed commit
    /// removes only the files it created).
    existed: bool,
}

struct State {
    /// A run began: finished writes wait for [`commit`].
    staging: bool,
    /// The run publishes each write as it is finished
    /// ([`publish_each_write`]).
    each_write: bool,
    cancelled: bool,
    committed: bool,
    /// Temporary files and folders of this process, in flight or staged.
    temporaries: Vec<PathBuf>,
    staged: Vec<Staged>,
    /// Folders created by the run, parents before children.
    created: Vec<PathBuf>,
}

static STATE: Mutex<State> = Mutex::new(State {
    staging: false,
    each_write: false,
    cancelled: false,
    committed: false,
    temporaries: Vec::new(),
    staged: Vec::new(),
    created: Vec::new(),
});

fn state() -> std::sync::MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn cancelled_error() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "cancelled")
}

/// Starts a run: from now on finished writes are staged until [`commit`].
pub fn begin() {
    let mut s = state();
    s.staging = true;
    s.each_write = false;
    s.committed = false;
}

/// Set with `State::cancelled`, read without the lock (which [`cancel`]
/// holds while it removes the run's files).
static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the run was cancelled: writers of many files stop early.
pub fn is_cancelled() -> bool {
    CANCELLED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Whether writes are staged (a run began and is not committed).
pub fn staging() -> bool {
    state().staging
}

/// Makes a temporary file or folder with `make` and records it, under the
/// lock [`cancel`] takes: a cancellation either comes first (and the
/// temporary is never made) or finds it recorded.
pub(crate) fn make_temp(make: impl FnOnce() -> io::Result<Temp>) -> io::Result<Temp> {
    let mut s = state();
    if s.cancelled {
        return Err(cancelled_error());
    }
    let temp = make()?;
    s.temporaries.push(temp.path().to_path_buf());
    Ok(temp)
}

/// Forgets a temporary that its owner removed (a failed write).
pub(crate) fn forget(temp: Temp) {
    let path = temp.path().to_path_buf();
    let mut s = state();
    drop(temp);
    s.temporaries.retain(|p| *p != path);
}

/// Publishes a finished write: each move of `moves` (files inside or
/// equal to `temp`) done now, or, in a run, at [`commit`].
pub(crate) fn publish(temp: Temp, moves: Vec<Move>) -> io::Result<()> {
    let path = temp.path().to_path_buf();
    let mut s = state();
    let refuse = |mut s: std::sync::MutexGuard<'_, State>, temp: Temp, e: io::Error| {
        drop(temp);
        s.temporaries.retain(|p| *p != path);
        Err(e)
    };
    if s.cancelled {
        return refuse(s, temp, cancelled_error());
    }
    if s.staging {
        if let Some(m) = moves
            .iter()
            .find(|m| m.how != How::Remove && s.staged.iter().any(|st| st.step.to == m.to))
        {
            let e = io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: written twice in one run (two outputs with the same name)",
                    m.to.display()
                ),
            );
            return refuse(s, temp, e);
        }
        for step in moves {
            let existed = std::fs::symlink_metadata(&step.to).is_ok();
            s.staged.push(Staged { step, existed });
        }
        temp.keep();
        return Ok(());
    }
    for m in &moves {
        if let Err(e) = m.apply() {
            return refuse(s, temp, e);
        }
    }
    drop(temp);
    // A folder that received the old one in an exchange.
    if path.exists() {
        remove(&path);
    }
    s.temporaries.retain(|p| *p != path);
    Ok(())
}

/// Creates `dir` and its missing parents, recording those it created (a
/// failed or cancelled run removes them when they are empty).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    let mut s = state();
    if s.cancelled {
        return Err(cancelled_error());
    }
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(p) = at.filter(|p| !p.as_os_str().is_empty()) {
        if std::fs::symlink_metadata(p).is_ok() {
            break;
        }
        missing.push(p.to_path_buf());
        at = p.parent();
    }
    std::fs::create_dir_all(dir)?;
    missing.reverse();
    s.created.extend(missing);
    Ok(())
}

/// Removes a temporary file or folder; a folder that a writer still fills
/// (GDAL creating a side-car as it goes, the threads of a catalog writer
/// that stop at [`is_cancelled`]) is tried again for up to half a second.
fn remove(path: &Path) -> bool {
    for _ in 0..100 {
        let gone = match std::fs::symlink_metadata(path) {
            Err(_) => return true,
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
            Ok(_) => std::fs::remove_file(path),
        };
        if gone.is_ok() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    false
}

/// Removes every temporary and the created folders; nothing is renamed.
fn undo(s: &mut State) -> usize {
    let mut removed = 0;
    for path in std::mem::take(&mut s.temporaries) {
        removed += usize::from(remove(&path));
    }
    s.staged.clear();
    // Children before parents; only folders left empty.
    for dir in std::mem::take(&mut s.created).iter().rev() {
        removed += usize::from(std::fs::remove_dir(dir).is_ok());
    }
    removed
}

/// Renames every staged write into place, in the order written, and ends
/// the run. When a rename fails, the files the commit created so far are
/// removed again and so is everything else of the run (what it replaced
/// is replaced: renames cannot be undone).
pub fn commit() -> io::Result<()> {
    let mut s = state();
    if s.cancelled {
        return Err(cancelled_error());
    }
    let staged = std::mem::take(&mut s.staged);
    for (done, st) in staged.iter().enumerate() {
        if let Err(e) = st.step.apply() {
            for before in staged[..done].iter().filter(|b| !b.existed) {
                if before.step.how == How::Rename {
                    let _ = std::fs::remove_file(&before.step.to)
                        .or_else(|_| std::fs::remove_dir_all(&before.step.to));
                }
            }
            undo(&mut s);
            s.staging = false;
            return Err(io::Error::new(
                e.kind(),
                format!("cannot rename into {}: {e}", st.step.to.display()),
            ));
        }
    }
    for path in std::mem::take(&mut s.temporaries) {
        remove(&path);
    }
    s.created.clear();
    s.staging = false;
    s.committed = true;
    Ok(())
}

/// From now on, publishes each of the run's finished writes at once, as
/// outside a run (what it staged before is published now, in the order
/// written): a later failure or cancellation removes only the writes in
/// flight and the folders it created that are left empty. For a run whose
/// outputs are many independent files that a rerun completes
/// (`triplets --resume`, on the command line): an interrupted run then
/// leaves whole files, never a half-written one.
pub fn publish_each_write() -> io::Result<()> {
    let mut s = state();
    if s.cancelled {
        return Err(cancelled_error());
    }
    s.staging = false;
    s.each_write = true;
    let staged = std::mem::take(&mut s.staged);
    for st in &staged {
        st.step.apply().map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot rename into {}: {e}", st.step.to.display()),
            )
        })?;
    }
    // The temporaries the published writes came from (a file, or the
    // folder holding a file and its side-car).
    let (done, in_flight): (Vec<PathBuf>, Vec<PathBuf>) = std::mem::take(&mut s.temporaries)
        .into_iter()
        .partition(|t| staged.iter().any(|st| st.step.from.starts_with(t)));
    s.temporaries = in_flight;
    for path in done {
        remove(&path);
    }
    Ok(())
}

/// Whether the run publishes each write as it is finished (what it wrote
/// then stays after a failure or a cancellation).
pub fn publishes_each_write() -> bool {
    state().each_write
}

/// Ends a failed run: removes every temporary file and folder and every
/// folder the run created (when empty); nothing staged is renamed.
/// Returns how many paths were removed.
pub fn rollback() -> usize {
    let mut s = state();
    s.staging = false;
    undo(&mut s)
}

/// Waits for the end of the process when the run was cancelled: the
/// signal's watcher (`backend::cancel`) has removed what the run wrote and
/// is ending the process with the exit code of a cancellation, so a write
/// that failed because of it ("cancelled") is not reported as the run's
/// own error, with exit code 2, before the watcher's exit. Returns at once
/// otherwise.
pub fn wait_if_cancelled() {
    if state().cancelled {
        loop {
            std::thread::park();
        }
    }
}

/// What [`cancel`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Cancel {
    /// The run's temporaries and new folders were removed (how many).
    RolledBack(usize),
    /// The run had already committed its outputs, which stay complete.
    TooLate,
}

/// Cancels the run: every later write fails, every temporary file and
/// folder is removed and no rename happens any more (see [`rollback`]).
pub fn cancel() -> Cancel {
    CANCELLED.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut s = state();
    s.cancelled = true;
    if s.committed {
        return Cancel::TooLate;
    }
    s.staging = false;
    Cancel::RolledBack(undo(&mut s))
}
