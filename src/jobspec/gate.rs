//! The input and output gates ([`crate::io::safety::gate`]) applied to a
//! job's checked values, before any work, by both front ends: the inputs
//! and outputs are read off the spec's types (`File`, `FileOrFolder`,
//! `Raster`, `Vector`, `Profile`, `Dataset` are read; `Output` is written), plus the outputs a
//! job derives from them (`generalize`'s kept intermediates and the
//! outputs of each tile of `--tiles`).

use std::path::PathBuf;

use super::spec::{JobSpec, Param};
use super::types::{OutputKind, Type};
use super::value::Values;
use crate::io::safety::gate::{self, GateError, Input, Output};

/// How a front end names a parameter in messages.
pub type Namer = fn(&Param) -> String;

/// The command line's name of a parameter: `--output`, or the positional
/// argument's name.
pub fn cli_name(p: &Param) -> String {
    match p.cli {
        Some(flag) if !flag.long.is_empty() => format!("--{}", flag.long),
        _ => p.name.to_string(),
    }
}

/// `run`'s name of a parameter.
pub fn backend_name(p: &Param) -> String {
    p.name.to_string()
}

/// The inputs and outputs of a job with `values`.
pub fn plan(spec: &JobSpec, values: &Values, name: Namer) -> (Vec<Input>, Vec<Output>) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for p in spec.params {
        let paths = values.paths(p.name);
        match p.ty {
            Type::File { .. }
            | Type::FileOrFolder
            | Type::Raster
            | Type::Vector
            | Type::Profile { .. } => {
                for path in paths {
                    inputs.push(Input {
                        name: name(p),
                        path,
                        dataset: false,
                    });
                }
            }
            Type::Dataset => {
                for path in paths {
                    inputs.push(Input {
                        name: name(p),
                        path,
                        dataset: true,
                    });
                }
            }
            Type::Output { kind, .. } => {
                let kind = match kind {
                    OutputKind::File => gate::OutputKind::Stream,
                    OutputKind::Vector | OutputKind::Raster => gate::OutputKind::File,
                    OutputKind::Folder => gate::OutputKind::Folder,
                };
                for path in paths {
                    outputs.push(Output {
                        name: name(p),
                        path,
                        kind,
                    });
                }
            }
            _ => {}
        }
    }
    if spec.id == super::generalize::SPEC.id {
        derived_generalize(spec, values, name, &mut outputs);
    }
    (inputs, outputs)
}

/// `generalize`'s rasters as each tile's job writes them: with `--tiles`,
/// one output per tile (`{tile}` replaced), and with
/// `--keep-intermediate` every step's raster beside each.
fn derived_generalize(spec: &JobSpec, values: &Values, name: Namer, outputs: &mut Vec<Output>) {
    let job = super::generalize::job(values, false);
    let Ok(steps) = crate::generalize::request::parse_steps(&job.steps) else {
        return;
    };
    let jobs = if job.tiles.is_empty() {
        vec![job]
    } else {
        match crate::generalize::tiles::jobs_for_tiles(&job) {
            Ok(jobs) => jobs,
            // Refused by the job itself, with its own message.
            Err(_) => return,
        }
    };
    let output = spec.param("OUTPUT").map(name).unwrap_or_default();
    outputs.retain(|o| o.name != output);
    for j in &jobs {
        let tile = j.tile.as_deref().filter(|_| jobs.len() > 1);
        for (i, path) in crate::generalize::outputs::raster_outputs(j, &steps)
            .into_iter()
            .enumerate()
        {
            let what = match (i, tile) {
                (0, None) => output.clone(),
                (0, Some(t)) => format!("{output} (tile {t})"),
                (_, None) => format!("{output} (kept intermediate)"),
                (_, Some(t)) => format!("{output} (tile {t}, kept intermediate)"),
            };
            outputs.push(Output {
                name: what,
                path,
                kind: gate::OutputKind::File,
            });
        }
    }
}

/// Checks a job's inputs and outputs (see [`crate::io::safety::gate`]).
pub fn check(spec: &JobSpec, values: &Values, name: Namer) -> Result<(), GateError> {
    let (inputs, outputs) = plan(spec, values, name);
    // A vector dataset may be a folder (a Shapefile's, a FileGDB), and so
    // may a file-or-folder input.
    let vectors: Vec<PathBuf> = spec
        .params
        .iter()
        .filter(|p| matches!(p.ty, Type::Vector | Type::FileOrFolder))
        .flat_map(|p| values.paths(p.name))
        .collect();
    for input in &inputs {
        let folder_ok = input.dataset || vectors.contains(&input.path);
        gate::check_input(&input.path, folder_ok).map_err(|e| GateError {
            name: input.name.clone(),
            path: input.path.clone(),
            why: e.to_string(),
        })?;
    }
    gate::check_outputs(&outputs, &inputs)
}
