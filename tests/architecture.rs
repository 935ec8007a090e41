//! The layering of docs/architecture.md, checked on the sources: each
//! module uses only the modules below it, and the command line stays thin.
//! A failure names the file and the forbidden use.

use std::path::{Path, PathBuf};

/// The validation's layers, bottom first: each may use only those before it
/// (`finding` lives in `rules`).
const LAYERS: [&str; 12] = [
    "raster",
    "model",
    "spatial",
    "io",
    "rules",
    "profile",
    "engine",
    "select",
    "dataset_stats",
    "footprints",
    "report",
    "publish",
];

/// The generalization side: modules of `src/` and those they must not use.
const SIDE: [(&str, &[&str]); 2] = [
    (
        "generalize",
        &[
            "rules",
            "finding",
            "engine",
            "report",
            "compare",
            "dataset_stats",
            "select",
            "footprints",
            "publish",
        ],
    ),
    (
        "compare",
        &[
            "rules",
            "finding",
            "engine",
            "report",
            "dataset_stats",
            "select",
            "footprints",
            "publish",
        ],
    ),
];

/// Every module with the modules it must not use.
fn forbidden() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = LAYERS
        .iter()
        .enumerate()
        .map(|(i, &module)| {
            let mut above: Vec<&str> = LAYERS[i + 1..].to_vec();
            if i < 4 {
                above.push("finding");
            }
            above.extend(["generalize", "compare"]);
            (module, above)
        })
        .collect();
    out.extend(SIDE.iter().map(|(m, f)| (*m, f.to_vec())));
    out
}

fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for entry in entries {
            sources(&entry, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The code of a file without comments and test modules (tests may use
/// anything).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("\n#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for (module, forbidden) in forbidden() {
        let mut files = Vec::new();
        sources(&src.join(module), &mut files);
        sources(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for module `{module}`");
        for file in files {
            let code = code(&file);
            for used in &forbidden {
                if code.contains(&format!("crate::{used}::"))
                    || code.contains(&format!("crate::{used}}}"))
                    || code.contains(&format!("crate::{used};"))
                    || code.contains(&format!("crate::{{{used}"))
                {
                    broken.push(format!("{} uses `{used}`", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_command_line_stays_thin() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli"),
        &mut files,
    );
    let lines: usize = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap().lines().count())
        .sum();
    assert!(
        lines < 700,
        "src/cli/ has {lines} lines: move what does not parse arguments into the library"
    );
}
