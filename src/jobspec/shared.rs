//! Parameters several jobs take, and the syntaxes of [`Custom`] values
//! (parsed by the library's own parsers).

use super::spec::{Flag, Param, Required};
use super::types::{number, range_words, Custom, OutputKind, Shown, Type};
use super::value::{Refused, Value};
use crate::generalize::limits;

/// The bundled dataset profiles' names.
fn dataset_profiles() -> Vec<&'static str> {
    crate::profile::BUNDLED
        .iter()
        .map(|(name, _, _)| *name)
        .collect()
}

/// The bundled generalization profiles' names.
fn generalization_profiles() -> Vec<&'static str> {
    crate::generalize::config::BUNDLED
        .iter()
        .map(|(name, _, _)| *name)
        .collect()
}

pub const DATASET: Param = Param::new("DATASET", Type::Dataset, Flag::positional())
    .label("Dataset root, or a folder of label files")
    .help("Dataset root, or a folder of label files: local, or /vsis3/BUCKET/PREFIX")
    .required(Required::Both);

pub const PROFILE: Param = Param::new(
    "PROFILE",
    Type::Profile {
        extension: "toml",
        names: dataset_profiles,
    },
    Flag::long("profile", "FILE"),
)
.label("Dataset profile (TOML) or a bundled profile's name (multisenge); default: multisenge")
.help(
    "Dataset profile (TOML), or a bundled profile's name: `multisenge` (default, \
     validators/multisenge.toml)",
);

pub const CONFIG: Param = Param::new(
    "CONFIG",
    Type::Profile {
        extension: "toml",
        names: generalization_profiles,
    },
    Flag::long("config", "FILE"),
)
.label(
    "Generalization profile (TOML) or a bundled profile's name (paper, ocsge-plus); default: paper",
)
.help(
    "Generalization profile (TOML): mapping table, road fields, defaults; or a bundled \
     profile's name: `paper` (default, docs/generalize.md) or `ocsge-plus`",
);

/// `LABELS_ONLY`; each job gives its label and help.
pub const LABELS_ONLY: Param = Param::new("LABELS_ONLY", Type::Flag, Flag::long("labels-only", ""));

pub const LISTING: Param = Param::cli(
    "LISTING",
    Type::File { extension: None },
    Flag::long("listing", "FILE"),
)
.help(
    "Take the dataset's names from FILE, made by `multisenge list` (or an S3 Inventory \
     manifest.json), instead of listing its folders: no LIST request. A stale listing misses \
     the files added since it was made; files removed since are reported as unreadable. \
     Default: list the folders",
);

pub const MAX_MEMORY: Param = Param::cli(
    "MAX_MEMORY",
    Type::Custom(Custom {
        what: "a size in bytes above 0, with an optional K, M, G or T suffix (e.g. 512M, 4G)",
        parse: size,
        shown: Shown::Text,
        hyphen: true,
    }),
    Flag::long("max-memory", "SIZE"),
)
.help(
    "Largest memory the run's big buffers may take (rasters read whole, the generalization \
     grid, supersampling, the patch checks), estimated before allocating: above it the run \
     stops with exit code 2 instead of being killed. Bytes, or with a K, M, G or T suffix \
     (powers of 1024), e.g. 512M, 4G; from 1 byte up (0, negatives and fractions are refused). \
     Default: MULTISENGE_MAX_MEMORY if set, else half the physical memory",
);

/// A buffer width of the step roads, metres.
const fn buffer(name: &'static str, long: &'static str, help: &'static str) -> Param {
    Param::cli(name, real(limits::BUFFER, "m"), Flag::long(long, "METRES")).help(help)
}

pub const WIDE_BUFFER: Param = buffer(
    "WIDE_BUFFER",
    "wide-buffer",
    "Step roads: buffer of the most important roads, metres. [default: 30]",
);
pub const NARROW_BUFFER: Param = buffer(
    "NARROW_BUFFER",
    "narrow-buffer",
    "Step roads: buffer of secondary roads, metres. [default: 10]",
);
pub const RAILWAY_BUFFER: Param = buffer(
    "RAILWAY_BUFFER",
    "railway-buffer",
    "Step roads: buffer of railways, metres. [default: 10]",
);
pub const ROAD_BUFFER_MODE: Param = Param::cli(
    "ROAD_BUFFER_MODE",
    names(&["width", "distance"]),
    Flag::long("road-buffer-mode", "width|distance").hide_choices(),
)
.help(
    "Step roads: the buffers are the corridor's total `width` or a `distance` on each side. \
     [default: width]",
);
pub const RAILWAYS_FROM: Param = Param::cli(
    "RAILWAYS_FROM",
    names(&["lines", "surfaces", "both"]),
    Flag::long("railways-from", "lines|surfaces|both").hide_choices(),
)
.help(
    "Step roads: railways from the railway `lines` of the roads file, the rail `surfaces` of \
     the land-cover source, or `both`. [default: surfaces]",
);

/// A whole number within a limit of [`limits`], in `unit`.
pub const fn int(range: limits::Range, unit: &'static str) -> Type {
    Type::Int {
        min: range.min,
        max: range.max,
        unit,
    }
}

/// A number within a limit of [`limits`], in `unit`.
pub const fn real(range: limits::Range, unit: &'static str) -> Type {
    Type::Real {
        min: range.min,
        max: range.max,
        unit,
    }
}

/// One of `names` (no help per name).
pub const fn names(names: &'static [&'static str]) -> Type {
    Type::Choice(super::types::Choice { names, helps: &[] })
}

/// `--format` of the data outputs (`stats`, `select`): text, json or csv.
pub const fn data_format(help: &'static str) -> Param {
    Param::cli(
        "FORMAT",
        names(&crate::report::data_format::DataFormat::NAMES),
        Flag::long("format", ""),
    )
    .default("text")
    .help(help)
}

/// A file a job writes, any name.
pub const fn report(usual: &'static str, stdout: bool) -> Type {
    Type::Output {
        kind: OutputKind::File,
        usual: Some(usual),
        only: &[],
        stdout,
    }
}

/// A value of the syntax `what`, parsed by `parse`, shown as text.
pub const fn custom(what: &'static str, parse: fn(&str) -> Result<Value, Refused>) -> Type {
    Type::Custom(Custom {
        what,
        parse,
        shown: Shown::Text,
        hyphen: false,
    })
}

fn size(text: &str) -> Result<Value, Refused> {
    crate::io::safety::memory::parse_size(text)
        .and_then(|bytes| i64::try_from(bytes).ok())
        .map(Value::Int)
        .ok_or_else(|| {
            Refused(format!(
                "`{text}`: expected a size in bytes above 0, with an optional K, M, G or T suffix \
                 (e.g. 512M, 4G)"
            ))
        })
}

pub fn tile(text: &str) -> Result<Value, Refused> {
    crate::model::TileCode::parse(text)
        .map(|_| Value::Text(text.to_string()))
        .map_err(|e| Refused(e.to_string()))
}

pub fn date(text: &str) -> Result<Value, Refused> {
    crate::model::naming::Date::parse(text)
        .map(|_| Value::Text(text.to_string()))
        .map_err(|why| Refused(format!("{why}; expected dates YYYYMMDD, e.g. 20200731")))
}

pub fn step(text: &str) -> Result<Value, Refused> {
    if text == "all" || crate::generalize::pipeline::Step::parse(text).is_some() {
        Ok(Value::Text(text.to_string()))
    } else {
        Err(Refused(format!(
            "unknown step `{text}`; expected rasterize, sieve, fill, close, roads, final-mmu or all"
        )))
    }
}

pub fn period(text: &str) -> Result<Value, Refused> {
    text.parse::<crate::model::calendar::Period>()
        .map(|_| Value::Text(text.to_string()))
        .map_err(|e| Refused(e.to_string()))
}

pub fn month(text: &str) -> Result<Value, Refused> {
    text.parse::<crate::model::calendar::Month>()
        .map(|_| Value::Text(text.to_string()))
        .map_err(|e| Refused(e.to_string()))
}

pub fn shard(text: &str) -> Result<Value, Refused> {
    if text == "auto" || text.parse::<crate::engine::shard::ShardSpec>().is_ok() {
        Ok(Value::Text(text.to_string()))
    } else {
        Err(Refused(format!(
            "`{text}`: expected K/N with 0 <= K < N <= {} (e.g. 2/8), or `auto`",
            crate::engine::shard::MAX_SHARDS
        )))
    }
}

/// The hectares the MMU's pixel range covers at 10 m pixels.
const MMU_MAX_HA: f64 = limits::MMU.max / 100.0;

/// `250`, `250px` or `2.5ha`: pixels within [`limits::MMU`], or hectares
/// (converted at the grid's pixel size, checked again in pixels then).
pub fn mmu(text: &str) -> Result<Value, Refused> {
    let t = text.trim();
    let refuse = || {
        Refused::from(format!(
            "`{text}`: expected pixels {} (250, 250px) or hectares {} (2.5ha)",
            range_words(limits::MMU.min, limits::MMU.max, ""),
            range_words(0.0, MMU_MAX_HA, "")
        ))
    };
    match t.strip_suffix("ha") {
        Some(ha) => number(ha.trim(), false, 0.0, MMU_MAX_HA, "").map_err(|_| refuse())?,
        None => {
            let px = t.strip_suffix("px").unwrap_or(t).trim();
            number(px, true, limits::MMU.min, limits::MMU.max, "").map_err(|_| refuse())?
        }
    };
    Ok(Value::Text(t.to_string()))
}

/// `WIDTHxHEIGHT`, odd sizes within [`limits::CLOSING`].
pub fn closing(text: &str) -> Result<Value, Refused> {
    let refuse = || {
        Refused(format!(
            "`{text}`: expected WIDTHxHEIGHT with odd sizes {} pixels, e.g. 3x3",
            range_words(limits::CLOSING.min, limits::CLOSING.max, "")
        ))
    };
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(refuse)?;
    for side in [w, h] {
        let v = number(
            side.trim(),
            true,
            limits::CLOSING.min,
            limits::CLOSING.max,
            "",
        )
        .map_err(|_| refuse())?;
        if v % 2.0 == 0.0 {
            return Err(refuse());
        }
    }
    Ok(Value::Text(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntaxes_of_the_library() {
        assert!(mmu("2.5ha").is_ok() && mmu("250px").is_ok() && mmu("250").is_ok());
        for bad in ["-5", "NaNha", "1e30ha", "12.7", "big", "-1ha"] {
            assert!(mmu(bad).is_err(), "{bad}");
        }
        assert!(closing("5x3").is_ok());
        for bad in ["4x4", "3", "-3x3", "99999x99999"] {
            assert!(closing(bad).is_err(), "{bad}");
        }
        assert!(shard("2/8").is_ok() && shard("auto").is_ok() && shard("8/8").is_err());
        assert!(tile("31UGQ").is_ok() && tile("").is_err());
        assert!(step("all").is_ok() && step("smooth").is_err());
        assert_eq!(size("4G"), Ok(Value::Int(4 << 30)));
        assert!(size("0").is_err() && size("-1").is_err());
    }
}
