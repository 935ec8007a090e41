//! The run key: everything that changes what a file's checks find or what
//! is read of it, besides the file itself.
//!
//! * the cache format, multisenge's version, and its build (the size and
//!   modification time of the running program: a rebuilt program may
//!   judge differently under the same version number);
//! * GDAL's version (it decodes the rasters);
//! * the profile's settings, class table, rule selection and severities
//!   (`--select`, `--ignore`, `--severity` and the profile's `[rules]`);
//! * the run's mode (labels-only or full) and what it reads beyond the
//!   rules (`stats`'s pixel histogram, the placed patches of `footprints`).
//!
//! Not in it: the memory limit (`--max-memory`), which never changes what
//! is read: a run the limit does not allow stops before reading anything
//! (exit code 2).

use crate::model::dataset::Mode;
use crate::profile::LoadedProfile;

/// The run key of a run of `profile` in `mode`.
pub fn run_key(
    profile: &LoadedProfile,
    mode: Mode,
    class_pixels: bool,
    place_patches: bool,
) -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            use std::os::unix::fs::MetadataExt;
            format!("{}:{}.{}", m.size(), m.mtime(), m.mtime_nsec())
        })
        .unwrap_or_default();
    format!(
        "format {}; multisenge {}; build {build}; gdal {}; profile {}; mode {mode:?}; \
         class pixels {class_pixels}; placed {place_patches}",
        super::format::FORMAT_VERSION,
        env!("CARGO_PKG_VERSION"),
        gdal::version::version_info("RELEASE_NAME"),
        profile.fingerprint(),
    )
}

/// FNV-1a, 64 bits.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::select::matching;

    #[test]
    fn a_profile_key_a_selection_or_a_severity_changes_the_key() {
        let base = LoadedProfile::default_profile();
        let key = |p: &LoadedProfile| run_key(p, Mode::Full, false, false);
        let k0 = key(&base);
        assert_eq!(k0, key(&LoadedProfile::default_profile()));
        let mut selected = LoadedProfile::default_profile();
        selected.rules.select(&matching("N").unwrap());
        assert_ne!(k0, key(&selected));
        let mut setting = LoadedProfile::default_profile();
        setting.profile.dataset.patch_size = 128;
        assert_ne!(k0, key(&setting));
        assert_ne!(k0, run_key(&base, Mode::LabelsOnly, false, false));
        assert_ne!(k0, run_key(&base, Mode::Full, true, false));
    }
}
