//! The generalization profile: the mapping from source codes to classes,
//! the road and railway fields, and the defaults of every step. Two are
//! bundled: `paper` (`validators/generalize-paper.toml`, the default) and
//! `ocsge-plus` (`validators/generalize-ocsge-plus.toml`). Unknown keys are
//! errors; errors name the file and the line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The default bundled profile, `paper`.
pub const DEFAULT_CONFIG: &str = include_str!("../../validators/generalize-paper.toml");
pub const DEFAULT_CONFIG_NAME: &str = "validators/generalize-paper.toml";

/// The bundled profiles: name (accepted by `--config`), file, text.
pub const BUNDLED: [(&str, &str, &str); 2] = [
    ("paper", DEFAULT_CONFIG_NAME, DEFAULT_CONFIG),
    (
        "ocsge-plus",
        "validators/generalize-ocsge-plus.toml",
        include_str!("../../validators/generalize-ocsge-plus.toml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneralizeConfig {
    pub source: SourceSection,
    pub defaults: Defaults,
    pub roads: RoadsSection,
    pub railways: RailwaysSection,
    /// Absent: no transport surfaces named.
    #[serde(default)]
    pub network: NetworkSection,
    #[serde(default)]
    pub colors: BTreeMap<String, [u8; 3]>,
    pub mapping: Vec<MappingRule>,
}

/// The `[source]` section: where the land-cover codes are.
pub type SourceSection = crate::io::formats::vector::LandCoverFields;

/// How step 1 decides a pixel's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PixelRule {
    /// The polygon containing the pixel centre (GDAL's default rule).
    Centre,
    /// The class covering most of the pixel, on n × n sample points.
    Majority,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    pub pixel_rule: PixelRule,
    pub majority_samples: usize,
    pub mmu_pixels: usize,
    pub connectivity: u8,
    pub fill_k: usize,
    pub fill_power: f64,
    pub fill_max_radius: usize,
    /// See `FillParams::propagation_limit`; absent: no limit.
    #[serde(default)]
    pub fill_propagation_limit: Option<usize>,
    /// Step 3 also fills the pixels outside the source's coverage
    /// (propagation over the whole grid); absent: no.
    #[serde(default)]
    pub fill_beyond_coverage: bool,
    pub closing_width: usize,
    pub closing_height: usize,
    pub final_mmu_passes: usize,
}

impl std::str::FromStr for PixelRule {
    type Err = String;

    fn from_str(s: &str) -> Result<PixelRule, String> {
        match s {
            "centre" => Ok(PixelRule::Centre),
            "majority" => Ok(PixelRule::Majority),
            _ => Err(format!("`{s}`: expected `centre` or `majority`")),
        }
    }
}

/// How the buffer values of `[roads]` and `[railways]` are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BufferMode {
    /// The corridor's total width: a buffer of 30 m burns 15 m on each side.
    Width,
    /// A distance on each side (GIS buffer distance): 30 m burns a 60 m
    /// corridor. The reading when the key is absent (earlier profiles).
    #[default]
    Distance,
}

impl BufferMode {
    /// The distance on each side of the line, metres, of a buffer `value`.
    ///
    /// ```
    /// use multisenge::generalize::config::BufferMode;
    /// assert_eq!(BufferMode::Width.each_side(30.0), 15.0);
    /// assert_eq!(BufferMode::Distance.each_side(30.0), 30.0);
    /// ```
    pub fn each_side(self, value: f64) -> f64 {
        match self {
            BufferMode::Width => value / 2.0,
            BufferMode::Distance => value,
        }
    }
}

impl std::str::FromStr for BufferMode {
    type Err = String;

    fn from_str(s: &str) -> Result<BufferMode, String> {
        match s {
            "width" => Ok(BufferMode::Width),
            "distance" => Ok(BufferMode::Distance),
            _ => Err(format!("`{s}`: expected `width` or `distance`")),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadsSection {
    /// How the buffer values are read; absent: `distance`.
    #[serde(default)]
    pub buffer_mode: BufferMode,
    pub layer: String,
    pub importance_field: String,
    pub wide_values: Vec<String>,
    pub wide_buffer_m: f64,
    pub narrow_values: Vec<String>,
    pub narrow_buffer_m: f64,
    /// Step 5 also burns pixels outside the source's coverage; absent: no.
    #[serde(default)]
    pub burn_outside_coverage: bool,
}

/// Where step 5 takes the railways from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RailwaySource {
    /// The railway line layer of the roads file (`[railways] layer`); the
    /// reading when the key is absent (earlier profiles).
    #[default]
    Lines,
    /// The rail surfaces of the land-cover source (`[railways] surfaces`),
    /// as the paper ("come from OCSGE2-GEOGRANDEST for the railway").
    Surfaces,
    /// Both.
    Both,
}

impl RailwaySource {
    pub fn lines(self) -> bool {
        self != RailwaySource::Surfaces
    }

    pub fn surfaces(self) -> bool {
        self != RailwaySource::Lines
    }
}

impl std::str::FromStr for RailwaySource {
    type Err = String;

    fn from_str(s: &str) -> Result<RailwaySource, String> {
        match s {
            "lines" => Ok(RailwaySource::Lines),
            "surfaces" => Ok(RailwaySource::Surfaces),
            "both" => Ok(RailwaySource::Both),
            _ => Err(format!("`{s}`: expected `lines`, `surfaces` or `both`")),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RailwaysSection {
    /// Where the railways come from; absent: `lines`.
    #[serde(default)]
    pub from: RailwaySource,
    pub layer: String,
    /// The rail surfaces of the land-cover source; absent: none.
    #[serde(default)]
    pub surfaces: Vec<CodePattern>,
    pub buffer_m: f64,
}

/// The `[network]` section: what `compare --roads` measures the roads
/// step's pixels against.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkSection {
    /// The transport surfaces (roads, railways) of the land-cover source.
    #[serde(default)]
    pub transport_surfaces: Vec<CodePattern>,
}

/// Source codes, as in a mapping rule: a cover code (or a prefix ending
/// with `*`; `*` alone matches any cover) and usage codes or prefixes
/// (empty: any usage).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodePattern {
    pub cover: String,
    #[serde(default)]
    pub usage: Vec<String>,
}

impl CodePattern {
    pub fn matches(&self, cover: &str, usage: &str) -> bool {
        pattern_matches(&self.cover, cover)
            && (self.usage.is_empty() || self.usage.iter().any(|u| pattern_matches(u, usage)))
    }
}

/// Tags of a source polygon ([`GeneralizeConfig::tag_of`]): a rail surface
/// (`[railways] surfaces`).
pub const TAG_RAIL_SURFACE: u8 = 1;
/// A transport surface (`[network] transport_surfaces`).
pub const TAG_TRANSPORT_SURFACE: u8 = 2;

/// One row of the mapping table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingRule {
    /// Cover code, or a prefix ending with `*`.
    pub cover: String,
    /// Usage codes or prefixes; empty matches any usage.
    #[serde(default)]
    pub usage: Vec<String>,
    pub class: u8,
}

/// A configuration error with its file and line: the same type as a
/// dataset profile's.
pub type ConfigError = crate::profile::ProfileError;

fn pattern_matches(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => code.starts_with(prefix),
        None => pattern == code,
    }
}

impl GeneralizeConfig {
    /// The default bundled profile, `paper`.
    pub fn bundled() -> GeneralizeConfig {
        GeneralizeConfig::bundled_named("paper").expect("bundled profile")
    }

    /// A bundled profile by name (`paper`, `ocsge-plus`).
    pub fn bundled_named(name: &str) -> Option<GeneralizeConfig> {
        let (_, file, text) = BUNDLED.iter().find(|(n, _, _)| *n == name)?;
        Some(GeneralizeConfig::parse(text, file).expect("bundled profile is valid"))
    }

    /// `--config`: a profile file, or a bundled profile's name when no such
    /// file exists; `None`: the default bundled profile.
    pub fn from_option(config: Option<&Path>) -> Result<GeneralizeConfig, ConfigError> {
        match config {
            None => Ok(GeneralizeConfig::bundled()),
            Some(p) if !p.exists() => match p.to_str().and_then(Self::bundled_named) {
                Some(c) => Ok(c),
                None => GeneralizeConfig::load(p),
            },
            Some(p) => GeneralizeConfig::load(p),
        }
    }

    pub fn load(path: &Path) -> Result<GeneralizeConfig, ConfigError> {
        let file = path.display().to_string();
        let text = crate::io::safety::gate::read_text_limited(
            path,
            crate::io::safety::gate::limits::PROFILE,
            "a profile",
        )
        .map_err(|e| ConfigError {
            file: file.clone(),
            line: None,
            message: format!("cannot read the generalization profile: {e}"),
        })?;
        GeneralizeConfig::parse(&text, &file)
    }

    /// Parses and checks a profile; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<GeneralizeConfig, ConfigError> {
        let err = |line: Option<usize>, message: String| ConfigError {
            file: source.to_string(),
            line,
            message,
        };
        let config: GeneralizeConfig = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            err(line, e.message().trim().to_string())
        })?;
        let d = &config.defaults;
        if d.connectivity != 4 && d.connectivity != 8 {
            return Err(err(None, "[defaults] connectivity must be 4 or 8".into()));
        }
        if d.closing_width % 2 == 0 || d.closing_height % 2 == 0 {
            return Err(err(
                None,
                "[defaults] closing_width and closing_height must be odd (1, 3, 5...)".into(),
            ));
        }
        if d.fill_k == 0 || d.majority_samples == 0 {
            return Err(err(
                None,
                "[defaults] fill_k and majority_samples must be at least 1".into(),
            ));
        }
        for (i, rule) in config.mapping.iter().enumerate() {
            if rule.class > 14 {
                return Err(err(
                    None,
                    format!(
                        "mapping rule {} (cover `{}`): class {} is not 0 (left blank) to 14",
                        i + 1,
                        rule.cover,
                        rule.class
                    ),
                ));
            }
        }
        let patterns = config
            .railways
            .surfaces
            .iter()
            .map(|p| ("[railways] surfaces", p))
            .chain(
                config
                    .network
                    .transport_surfaces
                    .iter()
                    .map(|p| ("[network] transport_surfaces", p)),
            );
        for (key, p) in patterns {
            if p.cover.trim().is_empty() || p.usage.iter().any(|u| u.trim().is_empty()) {
                return Err(err(
                    None,
                    format!("{key}: an empty code; write `*` to match any code"),
                ));
            }
        }
        for key in config.colors.keys() {
            if !matches!(key.parse::<u8>(), Ok(1..=14)) {
                return Err(err(
                    None,
                    format!("[colors] key `{key}` is not a class 1 to 14"),
                ));
            }
        }
        Ok(config)
    }

    /// The class of a (cover, usage) pair: the first matching rule's.
    pub fn class_of(&self, cover: &str, usage: &str) -> Option<u8> {
        let (cover, usage) = (cover.trim(), usage.trim());
        self.mapping
            .iter()
            .find(|r| {
                pattern_matches(&r.cover, cover)
                    && (r.usage.is_empty() || r.usage.iter().any(|u| pattern_matches(u, usage)))
            })
            .map(|r| r.class)
    }

    /// The tags of a (cover, usage) pair: [`TAG_RAIL_SURFACE`],
    /// [`TAG_TRANSPORT_SURFACE`].
    pub fn tag_of(&self, cover: &str, usage: &str) -> u8 {
        let (cover, usage) = (cover.trim(), usage.trim());
        let any = |ps: &[CodePattern]| ps.iter().any(|p| p.matches(cover, usage));
        let mut tag = 0;
        if any(&self.railways.surfaces) {
            tag |= TAG_RAIL_SURFACE;
        }
        if any(&self.network.transport_surfaces) {
            tag |= TAG_TRANSPORT_SURFACE;
        }
        tag
    }

    /// Quick-look colour of a class (grey when not configured).
    pub fn color(&self, class: u8) -> [u8; 3] {
        self.colors
            .get(&class.to_string())
            .copied()
            .unwrap_or([96, 96, 96])
    }
}

impl crate::io::formats::vector::LandCoverSchema for GeneralizeConfig {
    fn fields(&self) -> &SourceSection {
        &self.source
    }

    fn class_of(&self, cover: &str, usage: &str) -> Option<u8> {
        GeneralizeConfig::class_of(self, cover, usage)
    }

    fn tag_of(&self, cover: &str, usage: &str) -> u8 {
        GeneralizeConfig::tag_of(self, cover, usage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_profile_maps_codes() {
        let c = GeneralizeConfig::bundled();
        assert_eq!(c.class_of("CS1.1.1.1", "US5"), Some(1));
        assert_eq!(c.class_of("CS1.1.1.1", "US2"), Some(3));
        assert_eq!(c.class_of("CS1.1.1.2", "US4.1.1"), Some(0));
        assert_eq!(c.class_of("CS2.1.1.2", "US1.2"), Some(11));
        assert_eq!(c.class_of("CS2.2.1.1", "US1.1"), Some(6));
        assert_eq!(c.class_of("CS1.2.2", "US6.3"), Some(14));
        assert_eq!(c.class_of("CS9", "US1.1"), None);
    }

    #[test]
    fn the_two_bundled_profiles() {
        let paper = GeneralizeConfig::bundled();
        let plus = GeneralizeConfig::bundled_named("ocsge-plus").unwrap();
        // Transport surfaces: blank in `paper`, class 5 in `ocsge-plus`.
        assert_eq!(paper.class_of("CS1.1.1.2", "US4.1.1"), Some(0));
        assert_eq!(plus.class_of("CS1.1.1.2", "US4.1.1"), Some(5));
        assert!(paper.mapping.iter().all(|r| r.class != 5));
        assert_eq!(paper.defaults.final_mmu_passes, 0);
        assert_eq!(plus.defaults.final_mmu_passes, 5);
        assert_eq!(paper.roads.buffer_mode, BufferMode::Width);
        assert_eq!(plus.roads.buffer_mode, BufferMode::Distance);
        // Railways: from the land cover's rail surfaces as the paper says,
        // or from the line layer.
        assert_eq!(paper.railways.from, RailwaySource::Surfaces);
        assert_eq!(plus.railways.from, RailwaySource::Lines);
        assert_eq!(
            paper.tag_of("CS1.1.1.2", "US4.1.2"),
            TAG_RAIL_SURFACE | TAG_TRANSPORT_SURFACE
        );
        assert_eq!(
            paper.tag_of("CS1.1.2.1", "US4.1.2"),
            TAG_RAIL_SURFACE | TAG_TRANSPORT_SURFACE
        );
        assert_eq!(paper.tag_of("CS1.1.1.2", "US4.1.1"), TAG_TRANSPORT_SURFACE);
        assert_eq!(paper.tag_of("CS1.1.1.2", "US4.2"), 0);
        // Nothing is invented, in both.
        for c in [&paper, &plus] {
            assert!(!c.defaults.fill_beyond_coverage && !c.roads.burn_outside_coverage);
        }
        // Absent keys: the earlier behaviour for railways, none invented.
        let old = DEFAULT_CONFIG
            .replace("from = \"surfaces\"", "")
            .replace("fill_beyond_coverage = false", "");
        let old = GeneralizeConfig::parse(&old, "old.toml").unwrap();
        assert_eq!(old.railways.from, RailwaySource::Lines);
        assert!(!old.defaults.fill_beyond_coverage);
        assert_eq!("both".parse(), Ok(RailwaySource::Both));
        assert!("rails".parse::<RailwaySource>().is_err());
        // An empty code is refused.
        let empty = DEFAULT_CONFIG.replace("usage = [\"US4.1.2\"]", "usage = [\"\"]");
        let e = GeneralizeConfig::parse(&empty, "x.toml").unwrap_err();
        assert!(e.message.contains("[railways] surfaces"), "{e}");
        // Values the paper states, in both.
        for c in [&paper, &plus] {
            assert_eq!(c.defaults.mmu_pixels, 250);
            assert_eq!(
                (c.roads.wide_buffer_m, c.roads.narrow_buffer_m),
                (30.0, 10.0)
            );
            assert_eq!(c.railways.buffer_m, 10.0);
        }
        assert!(GeneralizeConfig::bundled_named("plus").is_none());
        let named = GeneralizeConfig::from_option(Some(Path::new("ocsge-plus"))).unwrap();
        assert_eq!(named.defaults.final_mmu_passes, 5);
        let missing = GeneralizeConfig::from_option(Some(Path::new("nope.toml"))).unwrap_err();
        assert_eq!(missing.file, "nope.toml");
        assert_eq!("width".parse(), Ok(BufferMode::Width));
        assert!("both".parse::<BufferMode>().is_err());
        // Absent key: distance, the reading of earlier profiles.
        let old = DEFAULT_CONFIG.replace("buffer_mode = \"width\"", "");
        let old = GeneralizeConfig::parse(&old, "old.toml").unwrap();
        assert_eq!(old.roads.buffer_mode, BufferMode::Distance);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let text = DEFAULT_CONFIG.replace("mmu_pixels = 250", "mmu_pixels = 250\nmmu_pixel = 3");
        let e = GeneralizeConfig::parse(&text, "x.toml").unwrap_err();
        assert_eq!(e.file, "x.toml");
        assert!(e.line.is_some(), "{e}");
        assert!(e.message.contains("mmu_pixel"), "{e}");
    }

    #[test]
    fn even_structuring_element_is_rejected() {
        let text = DEFAULT_CONFIG.replace("closing_width = 3", "closing_width = 4");
        assert!(GeneralizeConfig::parse(&text, "x.toml").is_err());
    }
}
