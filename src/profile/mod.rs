//! Dataset profiles: TOML files under `validators/` that describe a dataset
//! (folders, class table, grid) and which rules run at which severity.
//! `validators/multisenge.toml` is compiled in and used by default.
//!
//! Errors name the file and the line: an unknown key, a value of the wrong
//! type or an unknown rule code is a configuration error (exit code 2).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::finding::Severity;
use crate::model::FileKind;
use crate::rules::select::{self, RuleSet};

pub mod layout;
pub mod limits;
pub mod publication;
pub mod rasters;
pub mod release;
pub mod spatial;

pub use layout::LayoutSection;

/// The rules and paths `validate` is asked to check, over the profile's
/// choice (`validate --select`…, parsed by [`crate::jobspec::validate`]).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Run only these rules: codes or prefixes, comma-separated (e.g. N,T003).
    pub select: Vec<String>,
    /// Do not run these rules: codes or prefixes, comma-separated.
    pub ignore: Vec<String>,
    /// Change a rule's severity: CODE=LEVEL with LEVEL error, warning or
    /// info; CODE may be a prefix. Repeatable.
    pub severity: Vec<String>,
    /// Skip paths matching GLOB (relative to the dataset root, `*` matches
    /// any characters, `/` included), in addition to the profile's
    /// `[layout] exclude`. Repeatable. Default: none.
    pub exclude: Vec<String>,
}

/// The default profile's text and name.
pub const DEFAULT_PROFILE: &str = include_str!("../../validators/multisenge.toml");
pub const DEFAULT_PROFILE_NAME: &str = "validators/multisenge.toml";

/// The published MultiSenGE release: the default profile and its declared
/// totals (`[release]`).
pub const RELEASE_PROFILE: &str = include_str!("../../validators/multisenge-release.toml");
pub const RELEASE_PROFILE_NAME: &str = "validators/multisenge-release.toml";

/// The bundled profiles: name (accepted by `--profile`), file, text.
pub const BUNDLED: [(&str, &str, &str); 2] = [
    ("multisenge", DEFAULT_PROFILE_NAME, DEFAULT_PROFILE),
    ("multisenge-release", RELEASE_PROFILE_NAME, RELEASE_PROFILE),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub dataset: DatasetSection,
    #[serde(default)]
    pub folders: Folders,
    #[serde(default)]
    pub layout: LayoutSection,
    #[serde(default)]
    pub label_files: LabelFilesSection,
    /// Class value (as a string key) → name; checked to be 1–255 on load.
    pub classes: BTreeMap<Spanned<String>, String>,
    /// Class value (as a string key) → RGB colour of the rasters written
    /// (colour table) and of QGIS styles; classes left out take
    /// [`default_class_color`].
    #[serde(default)]
    pub class_colors: BTreeMap<Spanned<String>, [u8; 3]>,
    #[serde(default)]
    pub rasters: RastersSection,
    #[serde(default)]
    pub georeferencing: GeoreferencingSection,
    #[serde(default)]
    pub mmu: MmuSection,
    #[serde(default)]
    pub rules: RulesSection,
    #[serde(default)]
    pub spatial: spatial::SpatialSection,
    /// What `stac` and `report` say of the dataset (licence, citation).
    #[serde(default)]
    pub publication: publication::PublicationSection,
    /// What a release declares of itself: tiles, totals, dates per patch
    /// (D001-D004).
    #[serde(default)]
    pub release: release::ReleaseSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSection {
    pub name: String,
    /// Year of every acquisition date; `None` accepts any year.
    pub year: Option<u16>,
    #[serde(default = "default_patch_size")]
    pub patch_size: u32,
    #[serde(default = "default_grid_stride")]
    pub grid_stride: u32,
    #[serde(default = "default_tile_size")]
    pub tile_size: u32,
}

impl DatasetSection {
    /// What the naming rules need of it.
    pub fn naming_settings(&self) -> crate::rules::input::NamingSettings {
        crate::rules::input::NamingSettings {
            year: self.year,
            patch_size: self.patch_size,
            grid_stride: self.grid_stride,
            tile_size: self.tile_size,
        }
    }
}

fn default_patch_size() -> u32 {
    256
}
fn default_grid_stride() -> u32 {
    257
}
fn default_tile_size() -> u32 {
    10_980
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folders {
    pub ground_reference: String,
    pub s2: String,
    pub s1: String,
    pub labels: String,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            ground_reference: "ground_reference".into(),
            s2: "s2".into(),
            s1: "s1".into(),
            labels: "labels".into(),
        }
    }
}

impl Folders {
    pub fn name(&self, kind: FileKind) -> &str {
        match kind {
            FileKind::GroundReference => &self.ground_reference,
            FileKind::S2 => &self.s2,
            FileKind::S1 => &self.s1,
            FileKind::Label => &self.labels,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelFilesSection {
    pub max_bytes: u64,
}

impl Default for LabelFilesSection {
    fn default() -> Self {
        LabelFilesSection { max_bytes: 1 << 20 }
    }
}

pub use crate::rules::input::BackscatterUnit;
pub use rasters::{RasterKind, RastersSection, S1_BANDS, S2_BANDS};

/// Expected georeferencing (rules G004, G005).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeoreferencingSection {
    /// Pixel width and height, metres.
    #[serde(default = "default_pixel_size")]
    pub pixel_size: f64,
    /// Largest accepted distance between a raster's origin and the expected
    /// one (tile origin + (x, y) × pixel size), metres, per axis.
    #[serde(default = "default_origin_tolerance")]
    pub origin_tolerance: f64,
}

fn default_pixel_size() -> f64 {
    10.0
}
fn default_origin_tolerance() -> f64 {
    0.5
}

impl Default for GeoreferencingSection {
    fn default() -> Self {
        GeoreferencingSection {
            pixel_size: default_pixel_size(),
            origin_tolerance: default_origin_tolerance(),
        }
    }
}

/// The minimum mapping unit of the ground reference (rules M001–M003).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MmuSection {
    /// Regions with fewer pixels than this are reported, pixels.
    #[serde(default = "default_min_region_pixels")]
    pub min_region_pixels: u32,
    /// 8: diagonal neighbours are connected; 4: only edge neighbours.
    #[serde(default = "default_connectivity")]
    pub connectivity: u8,
    /// Classes whose regions are never reported (roads and railways, burned
    /// in after the MMU step).
    #[serde(default = "default_exempt_classes")]
    pub exempt_classes: Vec<u8>,
    /// Class burned in after the MMU step; small regions touching it are
    /// reported apart (M003). `0` disables that distinction.
    #[serde(default = "default_road_class")]
    pub road_class: u8,
}

impl MmuSection {
    /// What the MMU rules need of it (`connectivity` is checked to be 4 or 8
    /// on load).
    pub fn settings(&self) -> crate::rules::input::MmuSettings {
        crate::rules::input::MmuSettings {
            min_region_pixels: self.min_region_pixels,
            connectivity: crate::raster::Connectivity::from_number(self.connectivity)
                .unwrap_or(crate::raster::Connectivity::Eight),
            exempt_classes: self.exempt_classes.clone(),
            road_class: self.road_class,
        }
    }
}

fn default_min_region_pixels() -> u32 {
    250
}
fn default_connectivity() -> u8 {
    8
}
fn default_exempt_classes() -> Vec<u8> {
    vec![5]
}
fn default_road_class() -> u8 {
    5
}

impl Default for MmuSection {
    fn default() -> Self {
        MmuSection {
            min_region_pixels: default_min_region_pixels(),
            connectivity: default_connectivity(),
            exempt_classes: default_exempt_classes(),
            road_class: default_road_class(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesSection {
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// A configuration-file error (a dataset profile, or the generalization
/// profile: `generalize::config::ConfigError` is this type), with the file
/// and line it comes from.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ProfileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// A profile with its class table checked and its rule set resolved.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// Where it came from, as shown to users.
    pub source: String,
    pub profile: Profile,
    /// Class value → name.
    pub classes: BTreeMap<u8, String>,
    pub rules: RuleSet,
}

impl LoadedProfile {
    /// A hash of what decides the findings: the settings, classes and rule
    /// selection with severities (FNV-1a 64 of their debug text). Shards
    /// compare it; the validation cache is keyed by it.
    pub fn fingerprint(&self) -> String {
        let text = format!("{:?}{:?}{:?}", self.profile, self.classes, self.rules);
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{hash:016x}")
    }

    /// The profile at `path` (`--profile`): a file, or a bundled
    /// profile's name when no such file exists; `None`: the bundled
    /// default.
    pub fn load_or_default(path: Option<&Path>) -> Result<LoadedProfile, ProfileError> {
        let bundled = |p: &Path| {
            let name = p.to_str()?;
            let (_, file, text) = BUNDLED.iter().find(|(n, _, _)| *n == name)?;
            Some(LoadedProfile::parse(text, file))
        };
        match path {
            None => Ok(LoadedProfile::default_profile()),
            Some(p) if !p.exists() => bundled(p).unwrap_or_else(|| LoadedProfile::load(p)),
            Some(p) => LoadedProfile::load(p),
        }
    }

    /// The command line's rule and path selection, over the profile's.
    pub fn apply(&mut self, selection: &Selection) -> Result<(), select::SelectError> {
        let exclude = &mut self.profile.layout.exclude;
        exclude.extend(selection.exclude.iter().cloned());
        self.rules
            .apply_command_line(&selection.select, &selection.ignore, &selection.severity)
    }

    /// The compiled-in default profile.
    pub fn default_profile() -> LoadedProfile {
        LoadedProfile::parse(DEFAULT_PROFILE, DEFAULT_PROFILE_NAME)
            .expect("the bundled profile is valid")
    }

    pub fn load(path: &Path) -> Result<LoadedProfile, ProfileError> {
        let source = path.display().to_string();
        let text = crate::io::safety::gate::read_text_limited(
            path,
            crate::io::safety::gate::limits::PROFILE,
            "a profile",
        )
        .map_err(|e| ProfileError {
            file: source.clone(),
            line: None,
            message: format!("cannot read profile: {e}"),
        })?;
        LoadedProfile::parse(&text, &source)
    }

    pub fn parse(text: &str, source: &str) -> Result<LoadedProfile, ProfileError> {
        let line_of =
            |offset: usize| Some(text[..offset.min(text.len())].matches('\n').count() + 1);
        let err_at = |offset: Option<usize>, message: String| ProfileError {
            file: source.to_string(),
            line: offset.and_then(line_of),
            message,
        };
        let profile: Profile = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start);
            let mut message = e.message().trim().to_string();
            // A value of the wrong type or size: say what the key takes.
            let key = offset
                .and_then(line_of)
                .and_then(|l| limits::key_at_line(text, l));
            if let Some(limit) = key.and_then(|(section, key)| limits::find(&section, &key)) {
                let (section, key) = (limit.section, limit.key);
                message = format!("{message} ([{section}] {key}: expected {})", limit.expected);
            }
            err_at(offset, message)
        })?;

        let mut classes = BTreeMap::new();
        for (key, name) in &profile.classes {
            match key.get_ref().parse::<u8>() {
                Ok(v) if v > 0 => {
                    classes.insert(v, name.clone());
                }
                _ => {
                    return Err(err_at(
                        Some(key.span().start),
                        format!(
                            "class value `{}` must be an integer from 1 to 255",
                            key.get_ref()
                        ),
                    ))
                }
            }
        }
        for key in profile.class_colors.keys() {
            if !key
                .get_ref()
                .parse::<u8>()
                .is_ok_and(|v| classes.contains_key(&v))
            {
                return Err(err_at(
                    Some(key.span().start),
                    format!(
                        "[class_colors] key `{}` is not a class of [classes]",
                        key.get_ref()
                    ),
                ));
            }
        }
        limits::check(&profile).map_err(|e| {
            let line = limits::line_of_key(text, &e.section, e.key);
            ProfileError {
                file: source.to_string(),
                line,
                message: e.message,
            }
        })?;

        check_raster_sections(&profile).map_err(|m| err_at(None, m))?;
        limits::check_folders(&profile.folders).map_err(|(key, message)| ProfileError {
            file: source.to_string(),
            line: limits::line_of_key(text, "folders", key),
            message,
        })?;
        profile.spatial.check().map_err(|m| err_at(None, m))?;
        profile.publication.check().map_err(|m| err_at(None, m))?;

        let resolve = |s: &Spanned<String>| {
            select::matching(s.get_ref()).map_err(|m| err_at(Some(s.span().start), m.to_string()))
        };
        let mut rules = RuleSet::all();
        if !profile.rules.select.is_empty() {
            let mut selected = Vec::new();
            for s in &profile.rules.select {
                selected.extend(resolve(s)?);
            }
            rules.select(&selected);
        }
        for s in &profile.rules.ignore {
            rules.ignore(&resolve(s)?);
        }
        for (code, level) in &profile.rules.severity {
            let severity = Severity::parse(level.get_ref()).ok_or_else(|| {
                err_at(
                    Some(level.span().start),
                    format!(
                        "severity `{}` must be \"error\", \"warning\" or \"info\"",
                        level.get_ref()
                    ),
                )
            })?;
            rules.set_severity(&resolve(code)?, severity);
        }
        Ok(LoadedProfile {
            source: source.to_string(),
            profile,
            classes,
            rules,
        })
    }

    pub fn class_name(&self, value: u8) -> Option<&str> {
        self.classes.get(&value).map(String::as_str)
    }

    /// Every class with its name and colour (`[class_colors]`, else
    /// [`default_class_color`]), in value order.
    pub fn class_entries(&self) -> Vec<crate::io::formats::symbology::ClassEntry> {
        self.classes
            .iter()
            .map(|(&value, name)| {
                let rgb = self
                    .profile
                    .class_colors
                    .iter()
                    .find(|(k, _)| k.get_ref().parse::<u8>() == Ok(value))
                    .map(|(_, rgb)| *rgb)
                    .unwrap_or_else(|| default_class_color(value));
                crate::io::formats::symbology::ClassEntry {
                    value,
                    name: name.clone(),
                    rgb,
                }
            })
            .collect()
    }
}

/// Colour of a class the profile gives none: the MultiSenGE classes 1–14 in
/// the colours of the bundled profile (close to the paper's Figure 4), grey
/// for any other value.
pub fn default_class_color(value: u8) -> [u8; 3] {
    const COLORS: [[u8; 3]; 14] = [
        [230, 0, 77],
        [255, 102, 102],
        [204, 77, 242],
        [255, 166, 255],
        [128, 128, 128],
        [255, 255, 168],
        [230, 128, 0],
        [242, 166, 77],
        [204, 242, 77],
        [128, 255, 0],
        [0, 140, 0],
        [204, 204, 204],
        [166, 166, 255],
        [0, 204, 242],
    ];
    COLORS
        .get(usize::from(value).wrapping_sub(1))
        .copied()
        .unwrap_or([96, 96, 96])
}

/// Values serde cannot check on its own; the error is the message of the
/// profile's [`ProfileError`].
fn check_raster_sections(profile: &Profile) -> Result<(), String> {
    let r = &profile.rasters;
    for (key, kind) in [
        ("ground_reference", &r.ground_reference),
        ("s2", &r.s2),
        ("s1", &r.s1),
    ] {
        if crate::io::formats::raster::data_type_from_name(&kind.data_type).is_none() {
            return Err(format!(
                "[rasters.{key}] data_type `{}` is not a GDAL data type (Byte, Int16, UInt16, Int32, UInt32, Float32, Float64...)",
                kind.data_type
            ));
        }
    }
    if !matches!(profile.mmu.connectivity, 4 | 8) {
        return Err(format!(
            "[mmu] connectivity must be 4 or 8, not {}",
            profile.mmu.connectivity
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::layout::glob_match;
    use super::*;

    fn with(extra: &str) -> String {
        format!("{DEFAULT_PROFILE}{extra}")
    }

    #[test]
    fn default_profile_loads() {
        let p = LoadedProfile::default_profile();
        assert_eq!(p.classes.len(), 14);
        assert_eq!(p.class_name(5), Some("Large scale networks"));
        assert_eq!(p.profile.dataset.grid_stride, 257);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let text = DEFAULT_PROFILE.replace("patch_size = 256", "patch_size = 256\npatch_sise = 3");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        let line = text
            .lines()
            .position(|l| l.starts_with("patch_sise"))
            .unwrap()
            + 1;
        assert_eq!((err.file.as_str(), err.line), ("p.toml", Some(line)));
        assert!(
            err.message.contains("unknown field `patch_sise`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn unknown_rule_code_and_bad_severity() {
        let text = with("N003 = \"loud\"\n");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("severity `loud`"), "{err}");
        assert_eq!(err.line, Some(text.lines().count()));

        let text = DEFAULT_PROFILE.replace("ignore = []", "ignore = [\"Z123\"]");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("`Z123` is not a rule code"), "{err}");
        assert!(err.line.is_some());
    }

    #[test]
    fn severity_overrides_apply() {
        let p = LoadedProfile::parse(&with("T = \"warning\"\n"), "p.toml").unwrap();
        assert_eq!(
            p.rules.severity(crate::rules::Rule::UnlistedFile),
            Some(Severity::Warning)
        );
    }

    #[test]
    fn raster_sections_default_and_check() {
        let p = LoadedProfile::default_profile().profile;
        assert_eq!(p.rasters.s2.bands, 10);
        assert_eq!(p.rasters.s1.data_type, "Float32");
        assert_eq!(p.mmu.min_region_pixels, 250);
        assert_eq!(p.mmu.connectivity, 8);
        let text = DEFAULT_PROFILE.replace("connectivity = 8", "connectivity = 6");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("connectivity must be 4 or 8"), "{err}");
        let text = DEFAULT_PROFILE.replace("data_type = \"Int16\"", "data_type = \"Int17\"");
        let err = LoadedProfile::parse(&text, "p.toml").unwrap_err();
        assert!(err.message.contains("`Int17`"), "{err}");
    }

    #[test]
    fn globs() {
        assert!(glob_match("README*", "README.md"));
        assert!(glob_match("*.md", "notes.md"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("*.md", "md"));
        assert!(!glob_match("LICENSE", "LICENSE.txt"));
    }

    /// Against a matcher written straight from the definition (`*` takes
    /// any run, tried at every length): every pattern and name of up to
    /// five characters over `a`, `b` and `*` (names without `*` too).
    #[test]
    fn glob_agrees_with_the_definition() {
        fn by_definition(p: &[u8], n: &[u8]) -> bool {
            match p.split_first() {
                None => n.is_empty(),
                Some((b'*', rest)) => (0..=n.len()).any(|k| by_definition(rest, &n[k..])),
                Some((c, rest)) => n.first() == Some(c) && by_definition(rest, &n[1..]),
            }
        }
        let mut texts = vec![String::new()];
        let mut all = texts.clone();
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| ["a", "b", "*"].map(|c| format!("{t}{c}")))
                .collect();
            all.extend(texts.iter().cloned());
        }
        let names: Vec<&String> = all.iter().filter(|t| !t.contains('*')).collect();
        for pattern in &all {
            for name in &names {
                assert_eq!(
                    glob_match(pattern, name),
                    by_definition(pattern.as_bytes(), name.as_bytes()),
                    "{pattern} against {name}"
                );
            }
        }
    }
}
