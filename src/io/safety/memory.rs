//! The memory a run may allocate: large buffers (rasters sized from a
//! header, supersampling, structuring elements) are estimated before they
//! are allocated and refused above the limit, with a message naming what
//! needed the memory, instead of an abort by the allocator or the OOM
//! killer.
//!
//! The limit: the `--max-memory` option of `validate`, `generalize` and
//! `compare` ([`MemoryOptions`]), else the `MULTISENGE_MAX_MEMORY`
//! environment variable (bytes, or with a suffix K, M, G, T in powers of
//! 1024, e.g. `4G`); default half of the physical memory (`MemTotal` of
//! `/proc/meminfo`), 4 GiB when that cannot be read. The option is set once
//! for the process ([`MemoryOptions::apply`]), as the checks sit deep in
//! the readers.

use std::sync::atomic::{AtomicU64, Ordering};

/// Environment variable holding the limit.
pub const ENV: &str = "MULTISENGE_MAX_MEMORY";

/// The `--max-memory` of this process; 0: not given.
static OPTION: AtomicU64 = AtomicU64::new(0);

/// The memory limit a command takes (`--max-memory`).
#[derive(Clone, Debug, Default)]
pub struct MemoryOptions {
    /// Largest memory the run's big buffers may take (rasters read whole,
    /// the generalization grid, supersampling, the patch checks), estimated
    /// before allocating: above it the run stops with exit code 2 instead
    /// of being killed. Bytes, or with a K, M, G or T suffix (powers of
    /// 1024), e.g. 512M, 4G; from 1 byte up (0, negatives and fractions are
    /// refused). Default: MULTISENGE_MAX_MEMORY if set, else half the
    /// physical memory.
    pub max_memory: Option<u64>,
}

impl MemoryOptions {
    /// Makes `--max-memory`, when given, the limit of this process.
    pub fn apply(&self) {
        if let Some(bytes) = self.max_memory {
            OPTION.store(bytes, Ordering::Relaxed);
        }
    }
}

/// A buffer larger than the limit, or a limit that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MemoryError {
    #[error("{what} needs about {} of memory, above the limit of {} (give --max-memory, e.g. --max-memory 16G, or set {ENV}, to allow more)", human(*.needed), human(*.limit))]
    TooLarge {
        what: String,
        needed: u64,
        limit: u64,
    },
    #[error(
        "{ENV}=`{0}`: expected a size in bytes, with an optional K, M, G or T suffix (e.g. 4G)"
    )]
    BadLimit(String),
}

fn human(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{bytes} bytes")
    } else if bytes < 1 << 30 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    }
}

/// Parses `4G`, `512M`, `1000000` (bytes). Zero is refused.
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let (digits, shift) = match t.chars().last()?.to_ascii_uppercase() {
        'K' => (&t[..t.len() - 1], 10),
        'M' => (&t[..t.len() - 1], 20),
        'G' => (&t[..t.len() - 1], 30),
        'T' => (&t[..t.len() - 1], 40),
        _ => (t, 0),
    };
    let n: u64 = digits.trim().parse().ok()?;
    n.checked_mul(1u64 << shift).filter(|&v| v > 0)
}

fn physical_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The limit in bytes (see the module's documentation).
pub fn limit() -> Result<u64, MemoryError> {
    let option = OPTION.load(Ordering::Relaxed);
    if option > 0 {
        return Ok(option);
    }
    match std::env::var(ENV) {
        Ok(v) => parse_size(&v).ok_or(MemoryError::BadLimit(v)),
        Err(_) => Ok(physical_memory().map_or(4 << 30, |m| m / 2)),
    }
}

/// `Ok` when `count` items of `item_bytes` each fit in `limit`.
pub fn check_within(
    what: &str,
    count: u64,
    item_bytes: u64,
    limit: u64,
) -> Result<(), MemoryError> {
    let needed = count.saturating_mul(item_bytes);
    if needed > limit {
        return Err(MemoryError::TooLarge {
            what: what.to_string(),
            needed,
            limit,
        });
    }
    Ok(())
}

/// [`check_within`] the process's [`limit`].
pub fn check(what: &str, count: u64, item_bytes: u64) -> Result<(), MemoryError> {
    check_within(what, count, item_bytes, limit()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_suffixes_and_refuse_nonsense() {
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("512m"), Some(512 << 20));
        assert_eq!(parse_size("1000"), Some(1000));
        for bad in ["", "0", "-1G", "G", "1.5G", "99999999999T", "NaN"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn limit_is_enforced_with_saturation() {
        assert!(check_within("a raster", 10, 10, 100).is_ok());
        let e = check_within("a raster", 11, 10, 100).unwrap_err();
        assert!(
            matches!(e, MemoryError::TooLarge { needed: 110, .. }),
            "{e}"
        );
        assert!(check_within("x", u64::MAX, u64::MAX, u64::MAX - 1).is_err());
    }
}
