//! Output safety: nothing a user had is overwritten or half-written, no
//! special file is read or replaced, no buffer outgrows the memory budget;
//! the input and output gates every job passes before any work.

pub mod atomic;
pub mod gate;
pub mod journal;
pub mod memory;
pub mod special;
pub mod worktree;
