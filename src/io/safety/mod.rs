//! Output safety: nothing a user had is overwritten or half-written, no
//! special file is read or replaced, no buffer outgrows the memory budget.

pub mod atomic;
pub mod memory;
pub mod special;
pub mod worktree;
