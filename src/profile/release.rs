//! The profile's `[release]` section: what a release declares of itself
//! (its tiles, its patch and file counts, the dates a patch has per
//! sensor), which the dataset rules (D001-D004) check. Every key is
//! optional; a key left out is not checked. Its limits are in
//! [`super::limits`].

use serde::Deserialize;

use crate::model::TileCode;
use crate::rules::input::ReleaseDeclaration;

/// `[release]` in a profile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseSection {
    /// The release's tiles (Sentinel-2 tile codes without the `T`).
    pub tiles: Option<Vec<String>>,
    /// Its patch count.
    pub patches: Option<u64>,
    /// Its Sentinel-2 and Sentinel-1 file counts (names listed by the
    /// label files).
    pub s2_files: Option<u64>,
    pub s1_files: Option<u64>,
    /// `[min, max]` distinct dates a patch has, per sensor.
    pub s2_dates: Option<[u32; 2]>,
    pub s1_dates: Option<[u32; 2]>,
}

impl ReleaseSection {
    /// What the dataset rules take; tile codes that do not parse are left
    /// out (the limits refuse them on load).
    pub fn declaration(&self) -> ReleaseDeclaration {
        let tiles = self.tiles.as_ref().map(|tiles| {
            let mut codes: Vec<TileCode> = tiles
                .iter()
                .filter_map(|t| TileCode::parse(t).ok())
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        });
        ReleaseDeclaration {
            tiles,
            patches: self.patches,
            s2_files: self.s2_files,
            s1_files: self.s1_files,
            s2_dates: self.s2_dates.map(|[a, b]| (a, b)),
            s1_dates: self.s1_dates.map(|[a, b]| (a, b)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::{LoadedProfile, DEFAULT_PROFILE, RELEASE_PROFILE};

    /// The release profile is the default one and its `[release]` section,
    /// so that the two cannot drift apart.
    #[test]
    fn the_release_profile_is_the_default_one_and_its_totals() {
        let body = |text: &'static str| &text[text.find("[dataset]").unwrap()..];
        let (default, release) = (body(DEFAULT_PROFILE), body(RELEASE_PROFILE));
        assert!(
            release.starts_with(default),
            "validators/multisenge-release.toml"
        );
        let tail = &release[default.len()..];
        let tail_tables: Vec<&str> = tail.lines().filter(|l| l.starts_with('[')).collect();
        assert_eq!(tail_tables, ["[release]"]);
        let loaded = LoadedProfile::load_or_default(Some("multisenge-release".as_ref())).unwrap();
        let d = loaded.profile.release.declaration();
        assert_eq!(d.patches, Some(8157));
        assert_eq!((d.s2_files, d.s1_files), (Some(72_033), Some(1_012_227)));
        assert_eq!((d.s2_dates, d.s1_dates), (Some((2, 23)), Some((89, 181))));
        assert_eq!(d.tiles, None, "the paper does not name its 14 tiles");
        let default = LoadedProfile::default_profile()
            .profile
            .release
            .declaration();
        assert!(!default.declares_totals() && default.s2_dates.is_none());
    }

    #[test]
    fn every_release_key_has_its_limit() {
        let error_of = |section: &str| {
            let text = format!("{DEFAULT_PROFILE}\n[release]\n{section}\n");
            LoadedProfile::parse(&text, "p.toml")
                .map(|_| String::new())
                .unwrap_or_else(|e| e.to_string())
        };
        for (section, want) in [
            ("patches = 100000001", "[release] patches = 100000001: expected an integer from 0 to 100000000"),
            ("patches = -1", "[release] patches"),
            ("s2_files = 10000000001", "[release] s2_files = 10000000001: expected an integer from 0 to 10000000000"),
            ("s1_files = 1e3", "[release] s1_files"),
            ("s2_dates = [23, 2]", "[release] s2_dates = [23, 2]: expected [min, max]: integers from 0 to 100000, min at most max"),
            ("s1_dates = [0, 100001]", "[release] s1_dates = [0, 100001]"),
            ("s1_dates = [89]", "[release] s1_dates"),
            ("tiles = []", "[release] tiles = 0 tiles: expected 1 to 60000 distinct tile codes"),
            ("tiles = [\"31UGQ\", \"31UGQ\"]", "[release] tiles = [.., \"31UGQ\", ..]"),
            ("tiles = [\"T31UGQ\"]", "[release] tiles = [.., \"T31UGQ\", ..]"),
            ("tiles = [\"31UAA\"]", "[release] tiles = [.., \"31UAA\", ..]"),
            ("total = 3", "unknown field `total`"),
        ] {
            let got = error_of(section);
            assert!(got.contains(want), "{section}: {got}");
        }
        for section in [
            "patches = 0",
            "patches = 100000000\ns2_files = 10000000000\ns1_files = 0",
            "s2_dates = [0, 100000]\ns1_dates = [5, 5]",
            "tiles = [\"31UGQ\", \"32UMU\"]",
        ] {
            assert_eq!(error_of(section), "", "{section}");
        }
    }
}
