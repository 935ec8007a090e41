//! The two front ends of every job agree: what `algorithms --json`
//! announces of a parameter (type, limits, options, default, extension) is
//! what the command line accepts of the same parameter, value for value.
//! Both are derived from the job's spec (`multisenge::jobspec`); this test
//! probes them from the outside: values drawn from each descriptor are
//! given to the command line's arguments (clap, as the program builds them)
//! and to `run`'s parameter check, and must be accepted by both with the
//! same value, or refused by both.

use std::path::Path;

use multisenge::backend::{self, Kind, Parameter, Params};
use multisenge::jobspec::{self, JobSpec, Param, Value};
use serde_json::{json, Value as Json};

/// Values to probe a parameter with, from its descriptor alone: its
/// bounds and just beyond, a fraction, text and non-finite values for
/// numbers; every option and an unknown one for enums; the usual extension
/// and another for outputs; OGR's layer syntax for vectors.
fn probes(p: &Parameter, file: &Path) -> Vec<Json> {
    let f = file.display();
    match &p.kind {
        Kind::Number {
            integer, min, max, ..
        } => {
            let mut v = vec![
                json!("abc"),
                json!("NaN"),
                json!("inf"),
                json!("-5"),
                json!(12.7),
            ];
            for bound in [min, max].into_iter().flatten() {
                v.extend([json!(bound), json!(bound - 1.0), json!(bound + 1.0)]);
                if *integer {
                    v.push(json!(*bound as i64));
                }
            }
            v
        }
        Kind::Enum { options } => {
            let mut v: Vec<Json> = options.iter().map(|o| json!(o)).collect();
            v.push(json!("bogus"));
            v
        }
        Kind::Crs => vec![json!("EPSG:2154"), json!("NOTACRS"), json!("")],
        Kind::String => vec![
            json!("a"),
            json!("31UGQ,31UGP"),
            json!("20200301-20200331"),
            json!("https://example.org/ms"),
        ],
        Kind::OutputFile {
            extension,
            extensions,
        }
        | Kind::OutputVector {
            extension,
            extensions,
        }
        | Kind::OutputRaster {
            extension,
            extensions,
        } => [*extension]
            .iter()
            .chain(extensions.iter())
            .map(|e| json!(format!("{f}-out.{e}")))
            .chain([json!(format!("{f}-out.zzz")), json!("-")])
            .collect(),
        Kind::Vector => vec![
            json!(f.to_string()),
            json!(format!("{f}|layername=a")),
            json!(format!("{f}|layerid=1")),
            json!(format!("{f}|subset=x")),
        ],
        Kind::File {
            options: Some(names),
            ..
        } => names
            .iter()
            .map(|n| json!(n))
            .chain([json!(f.to_string())])
            .collect(),
        Kind::File { .. } | Kind::Raster => vec![json!(f.to_string())],
        Kind::Folder | Kind::OutputFolder | Kind::Boolean => Vec::new(),
    }
}

/// The command line's arguments of `spec`, as the program builds them.
fn command(spec: &'static JobSpec) -> clap::Command {
    jobspec::cli::augment(clap::Command::new(spec.id).no_binary_name(true), spec)
}

/// What the command line makes of `--flag value` (with the job's required
/// arguments): the parameter's value, or the refusal.
fn cli_value(
    spec: &'static JobSpec,
    p: &Param,
    word: &str,
    required: &[(&str, String)],
) -> Result<Option<Value>, String> {
    let flag = p.cli.expect("a parameter of both front ends");
    let mut args: Vec<String> = required
        .iter()
        .filter(|(name, _)| *name != p.name)
        .map(|(_, arg)| arg.clone())
        .collect();
    args.push(format!("--{}={word}", flag.long));
    let matches = command(spec)
        .try_get_matches_from(&args)
        .map_err(|e| e.to_string())?;
    Ok(jobspec::cli::values(spec, &matches).get(p.name).cloned())
}

/// What `run` makes of `NAME: value` (with the job's required parameters).
fn backend_value(
    spec: &'static JobSpec,
    p: &Param,
    value: &Json,
    required: &Json,
) -> Result<Option<Value>, String> {
    let mut params = required.clone();
    params[p.name] = value.clone();
    Params::check(spec, &params, false)
        .map(|checked| checked.values.get(p.name).cloned())
        .map_err(|e| e.to_string())
}

/// A GeoPackage at `path` with two empty polygon layers, `a` and `b`.
fn two_layers(path: &Path) {
    let driver = gdal::DriverManager::get_driver_by_name("GPKG").unwrap();
    let mut ds = driver.create_vector_only(path).unwrap();
    for name in ["a", "b"] {
        ds.create_layer(gdal::vector::LayerOptions {
            name,
            ty: gdal::vector::OGRwkbGeometryType::wkbPolygon,
            ..Default::default()
        })
        .unwrap();
    }
}

#[test]
fn every_parameter_of_both_front_ends_accepts_and_refuses_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    // Any input file given: a GeoPackage with layers `a` and `b`, so that
    // the layers the probes name are there (`run` checks inputs on disk
    // before a job starts, the command line when the job reads them).
    let file = dir.path().join("in.gpkg");
    two_layers(&file);
    let folder = dir.path().display().to_string();
    // The dataset beside the outputs, not holding them (the output gate
    // refuses an output inside a dataset being read).
    let dataset = dir.path().join("dataset");
    std::fs::create_dir(&dataset).unwrap();
    let dataset = dataset.display().to_string();
    let mut compared = 0;
    let mut probed = std::collections::BTreeSet::new();
    for job in backend::JOBS {
        let spec = job.spec;
        let descriptor = job.descriptor();
        // The descriptor lists the spec's backend parameters, in order.
        let names: Vec<&str> = descriptor.parameters.iter().map(|p| p.name).collect();
        let taken: Vec<&str> = spec
            .params
            .iter()
            .filter(|p| p.backend)
            .map(|p| p.name)
            .collect();
        assert_eq!(names, taken, "{}", spec.id);
        // What each front end requires, given valid values.
        let mut cli_required = Vec::new();
        let mut backend_required = json!({});
        for p in spec.params {
            let valid = match (p.name, p.ty) {
                ("DATASET", _) | (_, jobspec::Type::Dataset | jobspec::Type::Folder) => {
                    dataset.clone()
                }
                ("OUTPUT", _) => format!("{folder}/o.{}", usual(&descriptor, p.name)),
                ("TILE", _) => "31UGQ".to_string(),
                _ => file.display().to_string(),
            };
            if p.required_in_backend() && p.backend {
                backend_required[p.name] = json!(valid);
            }
            match p.cli {
                Some(flag) if p.required_in_cli() && flag.long.is_empty() => {
                    cli_required.push((p.name, valid))
                }
                Some(flag) if p.required_in_cli() => {
                    cli_required.push((p.name, format!("--{}={valid}", flag.long)))
                }
                _ => {}
            }
        }
        for d in &descriptor.parameters {
            let p = spec.param(d.name).unwrap();
            let Some(flag) = p.cli.filter(|f| !f.long.is_empty()) else {
                continue;
            };
            // The default GIS front ends show is the command line's.
            let cli_default = command(spec)
                .get_arguments()
                .find(|a| a.get_id() == p.name)
                .map(|a| a.get_default_values().to_vec())
                .unwrap_or_default();
            match (&d.default, cli_default.first()) {
                (Some(Json::Bool(false)), None) => assert_eq!(d.kind, Kind::Boolean),
                (Some(shown), Some(given)) => {
                    let given = given.to_str().unwrap();
                    let parsed = backend_value(spec, p, shown, &backend_required).unwrap();
                    let cli = cli_value(spec, p, given, &cli_required).unwrap();
                    assert_eq!(parsed, cli, "{}: default of {}", spec.id, p.name);
                }
                (None, None) => {}
                other => panic!("{}: {}: defaults differ: {other:?}", spec.id, p.name),
            }
            if d.kind == Kind::Boolean {
                let mut on: Vec<String> = cli_required.iter().map(|(_, a)| a.clone()).collect();
                on.push(format!("--{}", flag.long));
                let matches = command(spec).try_get_matches_from(&on).unwrap();
                let cli = jobspec::cli::values(spec, &matches).get(p.name).cloned();
                let run = backend_value(spec, p, &json!(true), &backend_required).unwrap();
                assert_eq!(cli, run, "{}: {}", spec.id, p.name);
                assert!(backend_value(spec, p, &json!("maybe"), &backend_required).is_err());
                compared += 1;
                // A boolean the profile decides when left out takes a value
                // on the command line too (`--fill-beyond-coverage=false`).
                if matches!(p.ty, jobspec::Type::Bool) {
                    assert_eq!(cli, Some(Value::Flag(true)), "{}: {}", spec.id, p.name);
                    for word in ["true", "false", "maybe", "2", ""] {
                        let cli = cli_value(spec, p, word, &cli_required);
                        let run = backend_value(spec, p, &json!(word), &backend_required);
                        match (&cli, &run) {
                            (Ok(a), Ok(b)) => assert_eq!(a, b, "{} {}={word}", spec.id, p.name),
                            (Err(_), Err(_)) => {}
                            _ => panic!("{} {}={word}: {cli:?}, {run:?}", spec.id, p.name),
                        }
                        compared += 1;
                    }
                    let left_out = backend_value(spec, p, &Json::Null, &backend_required);
                    assert_eq!(left_out, Ok(None), "{}: {} left out", spec.id, p.name);
                }
                continue;
            }
            for probe in probes(d, &file) {
                let word = match &probe {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let cli = cli_value(spec, p, &word, &cli_required);
                let run = backend_value(spec, p, &probe, &backend_required);
                match (&cli, &run) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{} {}={word}", spec.id, p.name),
                    (Err(_), Err(_)) => {}
                    // `run` writes its JSON lines on standard output.
                    (Ok(_), Err(e)) if word == "-" => assert!(e.contains("standard output"), "{e}"),
                    _ => panic!(
                        "{} {}={word}: command line {cli:?}, run {run:?}",
                        spec.id, p.name
                    ),
                }
                compared += 1;
                probed.insert(spec.id);
            }
        }
    }
    assert!(compared > 100, "{compared} values compared");
    // The jobs with options of both front ends had values compared (their
    // required parameters filled); `rules` has none to probe.
    for id in ["validate", "generalize", "compare", "select", "triplets"] {
        assert!(probed.contains(id), "{id} not probed: {probed:?}");
    }
}

/// The parameters of the command line alone (`--railways-from`,
/// `--burn-outside-coverage`…) go through the same parser as `run`'s: a
/// word the command line takes is what the parameter's type makes of it,
/// and a word the type refuses is refused, naming the option.
#[test]
fn command_line_parameters_are_parsed_by_their_type() {
    let words = [
        "true", "false", "maybe", "lines", "surfaces", "both", "rails", "0", "1", "-5", "12.7",
        "abc", "NaN",
    ];
    let mut compared = 0;
    let mut names = std::collections::BTreeSet::new();
    for spec in jobspec::SPECS {
        for p in spec.params.iter().filter(|p| !p.backend) {
            let Some(flag) = p.cli.filter(|f| !f.long.is_empty()) else {
                continue;
            };
            let typed = matches!(
                p.ty,
                jobspec::Type::Bool
                    | jobspec::Type::Choice(_)
                    | jobspec::Type::Int { .. }
                    | jobspec::Type::Real { .. }
            );
            if !typed || p.many != jobspec::Many::One || p.required_in_cli() {
                continue;
            }
            for word in words {
                let arg = format!("--{}={word}", flag.long);
                let cli = command(spec)
                    .try_get_matches_from(required_args(spec).into_iter().chain([arg.clone()]))
                    .map(|m| jobspec::cli::values(spec, &m).get(p.name).cloned())
                    .map_err(|e| e.to_string());
                let typed = p.ty.parse_word(std::ffi::OsStr::new(word));
                match (&cli, &typed) {
                    (Ok(a), Ok(b)) => assert_eq!(a.as_ref(), Some(b), "{} {arg}", spec.id),
                    (Err(e), Err(why)) => {
                        assert!(e.contains(&format!("--{}", flag.long)), "{e}");
                        assert!(e.contains(&why.0), "{} {arg}: {e}", spec.id);
                    }
                    _ => panic!("{} {arg}: command line {cli:?}, type {typed:?}", spec.id),
                }
                compared += 1;
            }
            names.insert(p.name);
        }
    }
    assert!(compared > 50, "{compared} values compared");
    for name in [
        "RAILWAYS_FROM",
        "BURN_OUTSIDE_COVERAGE",
        "ROAD_BUFFER_MODE",
        "FILL_K",
    ] {
        assert!(names.contains(name), "{name} not probed: {names:?}");
    }
}

/// Valid values of the arguments `spec`'s command line requires.
fn required_args(spec: &'static JobSpec) -> Vec<String> {
    spec.params
        .iter()
        .filter(|p| p.required_in_cli())
        .filter_map(|p| {
            let flag = p.cli?;
            let valid = "x.tif".to_string();
            Some(if flag.long.is_empty() {
                valid
            } else {
                format!("--{}={valid}", flag.long)
            })
        })
        .collect()
}

/// The usual extension of an output parameter.
fn usual(descriptor: &backend::Descriptor, name: &str) -> &'static str {
    descriptor
        .parameters
        .iter()
        .find(|p| p.name == name)
        .map(|p| match p.kind {
            Kind::OutputFile { extension, .. }
            | Kind::OutputVector { extension, .. }
            | Kind::OutputRaster { extension, .. } => extension,
            _ => "txt",
        })
        .unwrap_or("txt")
}

/// The program's `--help` of each job shows every option of its spec: the
/// command line is built from the spec, not from another description.
#[test]
fn the_program_takes_every_option_of_each_spec() {
    for spec in jobspec::SPECS {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
            .args([spec.id, "--help"])
            .output()
            .unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        for p in spec.params {
            if let Some(flag) = p.cli.filter(|f| !f.long.is_empty()) {
                assert!(
                    help.contains(&format!("--{}", flag.long)),
                    "{} --{}",
                    spec.id,
                    flag.long
                );
                let first = p
                    .help
                    .split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(
                    help.contains(&first),
                    "{} --{}: {first}",
                    spec.id,
                    flag.long
                );
            }
        }
    }
}

/// Every default of every spec parses as its parameter's type, and every
/// parameter has the texts of its front ends.
#[test]
fn every_spec_is_complete() {
    for spec in jobspec::SPECS {
        for p in spec.params {
            if p.default.is_some() {
                assert!(
                    p.default_value().is_some(),
                    "{}: default of {}",
                    spec.id,
                    p.name
                );
            }
            if p.cli.is_some() {
                assert!(
                    !p.help.is_empty(),
                    "{}: {} has no --help text",
                    spec.id,
                    p.name
                );
            }
            if p.backend && spec.backend.is_some() {
                assert!(!p.label.is_empty(), "{}: {} has no label", spec.id, p.name);
            }
        }
    }
    for job in backend::JOBS {
        assert!(
            job.spec.backend.is_some(),
            "{} has no backend part",
            job.spec.id
        );
    }
}
