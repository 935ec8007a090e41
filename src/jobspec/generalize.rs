//! `generalize`: vector land cover (+ roads) → the ground reference of a
//! tile, optionally cut into patches.

use super::shared::{
    custom, int, names, real, CONFIG, MAX_MEMORY, NARROW_BUFFER, RAILWAYS_FROM, RAILWAY_BUFFER,
    ROAD_BUFFER_MODE, WIDE_BUFFER,
};
use super::spec::{Backend, Flag, JobSpec, Param, Required};
use super::types::{Choice, Custom, OutputKind, Shown, Type};
use super::value::Values;
use crate::generalize::config::GeneralizeConfig;
use crate::generalize::error::JobError;
use crate::generalize::limits;
use crate::generalize::request::{Job, Overrides, RoadOverrides};
use crate::io::formats::vector;

/// The land-cover layer (`generalize` and `compare`).
pub const SOURCE: Param = Param::new("SOURCE", Type::Vector, Flag::long("source", "FILE"))
    .label("Land-cover polygons (any OGR format and CRS)")
    .help(
        "Land-cover polygons: any OGR format (GeoPackage, Shapefile, GeoJSON, FlatGeobuf) in any \
         declared CRS, mapped to classes by the generalization profile; FILE|layername=NAME or \
         FILE|layerid=N reads that layer instead of the profile's [source] layer",
    );

/// A tile code of the Sentinel-2 tiling grid.
const TILE: Type = custom("a Sentinel-2 tile code (e.g. 31UGQ)", super::shared::tile);

pub const SPEC: JobSpec = JobSpec {
    id: "generalize",
    about: "Turn vector land cover into the 10 m ground reference of a tile.",
    long_about: "From a land-cover layer (and road/railway lines) to the ground reference on the \
                 10 m grid of a Sentinel-2 tile: rasterize, remove regions below the MMU, fill, \
                 close, burn roads, and optionally cut patches with label files. Options left out \
                 take their value from the generalization profile (--config); the defaults shown \
                 are those of the default profile, `paper`. See docs/generalize.md for the exact \
                 semantics of every step.",
    backend: Some(Backend {
        name: "Generalize land cover to a ground reference",
        group: "Generalization",
        help: "Rasterizes a land-cover layer onto the 10 m grid of a Sentinel-2 tile (or of a \
               given raster), removes regions below the minimum mapping unit, fills, closes, \
               burns roads, and writes the class raster (colour table and class names of the \
               profile, internal overviews) and optionally the 256 x 256 patches with their \
               label files. Options left out take the generalization profile's values; see \
               docs/generalize.md.",
        outputs: &[],
        styles: &[("OUTPUT", "classes")],
    }),
    params: &[
        SOURCE.required(Required::Backend),
        Param::new("ROADS", Type::Vector, Flag::long("roads", "FILE"))
            .label("Road and railway lines")
            .help(
                "Road and railway lines (layers and fields named in the profile; \
                 FILE|layername=NAME or FILE|layerid=N: that layer as the roads). Without it, \
                 step `roads` burns nothing",
            ),
        Param::new("TILE", TILE, Flag::long("tile", "CODE"))
            .label("Sentinel-2 tile code of the target grid (e.g. 31UGQ); names the patches")
            .help(
                "Target grid: the 10 980 × 10 980 px, 10 m grid of this Sentinel-2 tile (e.g. \
                 31UGQ, from the official tiling grid). Also names patches",
            ),
        Param::cli("TILES", TILE, Flag::long("tiles", "CODES"))
            .list()
            .help(
                "Several tiles in one run, comma-separated: the source is read once; -o must hold \
             `{tile}` (e.g. out/{tile}_GR.tif). Replaces --tile",
            ),
        Param::new("LIKE", Type::Raster, Flag::long("like", "FILE"))
            .label("Target grid: the grid and CRS of this raster instead of a tile")
            .help("Target grid: the grid and CRS of this raster instead of a tile"),
        Param::cli("FROM", Type::Raster, Flag::long("from", "FILE")).help(
            "Start from this class raster instead of rasterizing (to run later steps alone, e.g. \
             on a kept intermediate); its grid is the target grid",
        ),
        CONFIG,
        Param::cli(
            "STEPS",
            custom("a step name", super::shared::step),
            Flag::long("steps", "STEPS"),
        )
        .list()
        .default("all")
        .help(
            "Steps to run, comma-separated, always in pipeline order: rasterize, sieve, fill, \
             close, roads, final-mmu, or `all`",
        ),
        Param::new(
            "PIXEL_RULE",
            Type::Choice(Choice {
                names: &["majority", "centre"],
                helps: &[
                    "The class covering most of the pixel, on n × n sample points",
                    "The polygon containing the pixel centre (GDAL's default rule)",
                ],
            }),
            Flag::long("pixel-rule", "RULE"),
        )
        .label("Rasterize pixel rule (default: the profile's, majority)")
        .help(
            "Step 1 pixel rule: `centre` (class of the polygon containing the pixel centre, as \
             gdal_rasterize) or `majority` (class covering most of the pixel, on N × N samples). \
             [default: majority]",
        ),
        Param::cli(
            "MAJORITY_SAMPLES",
            int(limits::MAJORITY_SAMPLES, "samples"),
            Flag::long("majority-samples", "N"),
        )
        .help("N of the majority rule, samples per pixel side. [default: 3]"),
        Param::new(
            "MMU",
            Type::Custom(Custom {
                what: "pixels (250, 250px) or hectares (2.5ha)",
                parse: super::shared::mmu,
                shown: Shown::Number {
                    integer: true,
                    min: limits::MMU.min,
                    max: limits::MMU.max,
                    unit: "px",
                },
                hyphen: true,
            }),
            Flag::long("mmu", "SIZE"),
        )
        .label("Minimum mapping unit, pixels (default: the profile's, 250)")
        .help(
            "Minimum mapping unit of steps sieve and final-mmu: regions with fewer pixels are \
             removed; pixels (`250`, `250px`) or hectares (`2.5ha`). [default: 250 px = 2.5 ha]",
        ),
        Param::new(
            "CONNECTIVITY",
            names(&["8", "4"]),
            Flag::long("connectivity", "4|8").hide_choices(),
        )
        .label("Region connectivity (default: the profile's, 8)")
        .help("Region connectivity, 4 or 8 neighbours. [default: 8]"),
        Param::cli(
            "FILL_K",
            int(limits::FILL_K, "pixels"),
            Flag::long("fill-k", "K"),
        )
        .help("Step fill: number of nearest labelled pixels voting. [default: 8]"),
        Param::cli(
            "FILL_POWER",
            real(limits::FILL_POWER, ""),
            Flag::long("fill-power", "P"),
        )
        .help("Step fill: power p of the vote weight 1 / distance^p. [default: 1]"),
        Param::cli(
            "FILL_MAX_RADIUS",
            int(limits::FILL_MAX_RADIUS, "pixels"),
            Flag::long("fill-max-radius", "PIXELS"),
        )
        .help(
            "Step fill: search radius of the vote, pixels; farther pixels take the class of \
             their nearest labelled pixel by propagation. [default: 16]",
        ),
        Param::new(
            "FILL_PROPAGATION_LIMIT",
            int(limits::FILL_PROPAGATION_LIMIT, "px"),
            Flag::long("fill-propagation-limit", "PIXELS"),
        )
        .label("Fill: how far the propagation may go beyond the vote radius (default: no limit)")
        .help(
            "Step fill: how far the propagation may go beyond --fill-max-radius, pixels; farther \
             pixels stay empty and patches holding them are not written. [default: no limit]",
        ),
        Param::new(
            "FILL_BEYOND_COVERAGE",
            Type::Bool,
            Flag::long("fill-beyond-coverage", "BOOL"),
        )
        .label("Fill also the pixels no source polygon covers (invents land cover there)")
        .help(
            "Step fill: also fill the pixels outside the source's coverage (no source polygon \
             covers them), propagating classes over the whole grid; `false` leaves them empty \
             (nodata) and no patch holding them is written. [default: false]",
        ),
        Param::cli(
            "CLOSING",
            Type::Custom(Custom {
                what: "WIDTHxHEIGHT with odd sizes",
                parse: super::shared::closing,
                shown: Shown::Text,
                hyphen: true,
            }),
            Flag::long("closing", "WxH"),
        )
        .help("Step close: structuring element WIDTHxHEIGHT, pixels, odd. [default: 3x3]"),
        WIDE_BUFFER,
        NARROW_BUFFER,
        RAILWAY_BUFFER,
        ROAD_BUFFER_MODE,
        RAILWAYS_FROM,
        Param::cli(
            "BURN_OUTSIDE_COVERAGE",
            Type::Bool,
            Flag::long("burn-outside-coverage", "BOOL"),
        )
        .help(
            "Step roads: also burn roads and railways over pixels outside the source's coverage; \
             `false` leaves them empty. [default: false]",
        ),
        Param::cli(
            "FINAL_MMU_PASSES",
            int(limits::FINAL_MMU_PASSES, "passes"),
            Flag::long("final-mmu-passes", "N"),
        )
        .help(
            "Step final-mmu (not in the paper): regions below the MMU left by steps 3–5 (class 5 \
             exempt) merge into the neighbouring class with the longest shared boundary, or into \
             class 5 when enclosed by roads; at most N passes; 0 disables. [default: 0]",
        ),
        Param::cli(
            "STRICT_MAPPING",
            Type::Flag,
            Flag::long("strict-mapping", ""),
        )
        .help(
            "Fail (exit 2) when source features have codes missing from the mapping table, \
             instead of reporting and skipping them",
        ),
        Param::new("COG", Type::Flag, Flag::long("cog", ""))
            .label("Write a Cloud Optimized GeoTIFF")
            .help(
                "Write the output as a Cloud Optimized GeoTIFF (tiled 512 px, DEFLATE, internal \
                 overviews). Default: a tiled GeoTIFF, with internal overviews from 1 024 px a \
                 side",
            ),
        Param::cli("QML", Type::Flag, Flag::long("qml", "")).help(
            "Also write a QGIS style beside the output and each patch (NAME.qml: the profile's \
             classes with their names and colours, nothing for other values), which QGIS opens \
             as the raster's default style. Without it, QGIS 3.22 lists all 256 entries of the \
             GeoTIFF's colour table (the plugin styles the rasters itself)",
        ),
        Param::new(
            "OUTPUT",
            Type::Output {
                kind: OutputKind::Raster,
                usual: Some("tif"),
                only: &["tif", "tiff"],
                stdout: false,
            },
            Flag::long("output", "FILE").short('o'),
        )
        .label("Ground-reference raster (GeoTIFF)")
        .help("Final ground-reference raster (GeoTIFF, tiled, DEFLATE)")
        .required(Required::Backend),
        Param::cli(
            "KEEP_INTERMEDIATE",
            Type::Flag,
            Flag::long("keep-intermediate", ""),
        )
        .help("Also write every step's raster beside the output, as OUTPUT-STEM.N-STEP.tif"),
        Param::new(
            "PATCHES",
            Type::Output {
                kind: OutputKind::Folder,
                usual: None,
                only: &[],
                stdout: false,
            },
            Flag::long("patches", "DIR"),
        )
        .label("Folder for the patches (ground_reference/ and labels/); needs TILE")
        .help(
            "Cut 256 × 256 patches on the 257-pixel grid into DIR/ground_reference \
             ({tile}_GR_{x}_{y}.tif) and DIR/labels ({tile}_{x}_{y}.json); patches holding any \
             empty pixel (outside the source's coverage, or not reached by the fill) are \
             skipped. Needs --tile for the names",
        ),
        Param::new(
            "PATCH_SIDECARS",
            Type::Flag,
            Flag::long("patch-sidecars", ""),
        )
        .label("Write a .aux.xml (class names) beside every patch")
        .help(
            "With --patches: also write NAME.tif.aux.xml beside every patch (category names and \
             attribute table, which QGIS shows as the legend). Default: none, as in the \
             published dataset; the colour table, nodata and band description are in every patch",
        ),
        Param::cli(
            "S2_DATES",
            custom("a date YYYYMMDD", super::shared::date),
            Flag::long("s2-dates", "DATES"),
        )
        .list()
        .help(
            "Sentinel-2 dates listed in every label file's corresponding_s2 as \
             {tile}_{date}_S2_{x}_{y}.tif, comma-separated YYYYMMDD. Default: none (the field is \
             an empty string)",
        ),
        Param::cli(
            "S1_DATES",
            custom("a date YYYYMMDD", super::shared::date),
            Flag::long("s1-dates", "DATES"),
        )
        .list()
        .help("Sentinel-1 dates for corresponding_s1, as --s2-dates. Default: none"),
        Param::cli("FORCE", Type::Flag, Flag::long("force", "")).help("Overwrite existing outputs"),
        Param::cli(
            "HALO",
            int(limits::HALO, "pixels"),
            Flag::long("halo", "PIXELS"),
        )
        .help(
            "Pixels read and processed beyond each side of the target grid, then cropped, so \
             that decisions at its edge see the ground beyond; 0 disables; ignored with --from. \
             [default: 512]",
        ),
        MAX_MEMORY,
        Param::cli("AVOID", Type::Dataset, Flag::long("avoid", "DATASET"))
            .repeat()
            .help(
                "With --patches: skip patches whose footprint overlaps (by more than the default \
                 profile's [spatial] overlap_tolerance, 10 m²) a patch of another tile in DATASET \
                 (a dataset or a folder of label files; repeatable) or already in DIR. Patches of \
                 DIR are always avoided",
            ),
    ],
};

/// The road buffer options (`generalize` and `compare --roads`).
pub fn road_overrides(v: &Values) -> RoadOverrides {
    RoadOverrides {
        wide_buffer: v.real("WIDE_BUFFER"),
        narrow_buffer: v.real("NARROW_BUFFER"),
        railway_buffer: v.real("RAILWAY_BUFFER"),
        mode: v.text("ROAD_BUFFER_MODE").and_then(|m| m.parse().ok()),
        railways_from: v.text("RAILWAYS_FROM").and_then(|m| m.parse().ok()),
    }
}

/// The generalization asked for (`force`: `--force`, or `run --force`).
pub fn job(v: &Values, force: bool) -> Job {
    let texts = |name| v.texts(name);
    Job {
        source: v.path("SOURCE"),
        roads: v.path("ROADS"),
        tile: v.text("TILE").map(str::to_string),
        tiles: texts("TILES"),
        like: v.path("LIKE"),
        from: v.path("FROM"),
        steps: texts("STEPS"),
        output: v.path("OUTPUT"),
        keep_intermediate: v.flag("KEEP_INTERMEDIATE"),
        patches: v.path("PATCHES"),
        patch_sidecars: v.flag("PATCH_SIDECARS"),
        s2_dates: texts("S2_DATES"),
        s1_dates: texts("S1_DATES"),
        overrides: Overrides {
            pixel_rule: v.text("PIXEL_RULE").and_then(|r| r.parse().ok()),
            majority_samples: v.int("MAJORITY_SAMPLES"),
            mmu: v.text("MMU").map(str::to_string),
            connectivity: v.text("CONNECTIVITY").and_then(|c| c.parse().ok()),
            fill_k: v.int("FILL_K"),
            fill_power: v.real("FILL_POWER"),
            fill_max_radius: v.int("FILL_MAX_RADIUS"),
            fill_propagation_limit: v.int("FILL_PROPAGATION_LIMIT"),
            fill_beyond_coverage: v.boolean("FILL_BEYOND_COVERAGE"),
            closing: v.text("CLOSING").map(str::to_string),
            roads: road_overrides(v),
            burn_outside_coverage: v.boolean("BURN_OUTSIDE_COVERAGE"),
            final_mmu_passes: v.int("FINAL_MMU_PASSES"),
        },
        strict_mapping: v.flag("STRICT_MAPPING"),
        cog: v.flag("COG"),
        qml: v.flag("QML"),
        force: force || v.flag("FORCE"),
        avoid: None,
        halo: v.int("HALO"),
        memory: super::validate::memory(v),
    }
}

/// The generalization profile (`CONFIG`: a file or a bundled profile's
/// name), with the layers named with `SOURCE` and `ROADS` in place of its
/// `[source]` and `[roads]` layers.
pub fn config(v: &Values) -> Result<GeneralizeConfig, JobError> {
    let mut config = GeneralizeConfig::from_option(v.path("CONFIG").as_deref())?;
    let name = |param: &str| -> Result<Option<String>, JobError> {
        let (Some(path), Some(layer)) = (v.path(param), v.layer(param)) else {
            return Ok(None);
        };
        Ok(Some(vector::layer_name(&path, layer)?))
    };
    if let Some(layer) = name("SOURCE")? {
        config.source.layer = layer;
    }
    if let Some(layer) = name("ROADS")? {
        config.roads.layer = layer;
    }
    Ok(config)
}
