//! Conventions every subcommand follows: colour (`--color`, `NO_COLOR`,
//! `TERM=dumb`), `-o -`, `-q`, `-v`, `--no-progress`, completions and man
//! pages, and GDAL errors as sentences.

mod common;

use std::process::Command;

use common::{sample, stderr, stdout};

/// `validate` on the defective sample with the environment given, the
/// sample's location replaced by `[SAMPLE]`.
fn validate(args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_multisenge"));
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd.env("XDG_CACHE_HOME", common::test_cache_home());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd
        .arg("validate")
        .arg(sample().join("defective"))
        .args(args)
        .output()
        .unwrap();
    let clean = |s: String| s.replace(sample().to_str().unwrap(), "[SAMPLE]");
    (
        clean(stdout(&output)),
        clean(stderr(&output)),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn no_color_and_color_never_give_plain_text() {
    let (never, _, code) = validate(&["--color", "never"], &[]);
    assert_eq!(code, 1);
    assert!(!never.contains('\u{1b}'));
    insta::assert_snapshot!("color_never", never);
    // NO_COLOR (any non-empty value) and TERM=dumb turn `auto` off; they
    // cannot be tested on a real terminal here, so `always` shows that the
    // variables do not override an explicit choice.
    let (no_color, _, _) = validate(&[], &[("NO_COLOR", "1")]);
    assert_eq!(no_color, never);
    let (always, _, _) = validate(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(always.contains("\u{1b}["));
    let (dumb, _, _) = validate(&["--color", "auto"], &[("TERM", "dumb")]);
    assert_eq!(dumb, never);
}

/// Runs `validate` on the valid sample on a pseudo-terminal (`script`, of
/// util-linux), where `--color auto` colours unless told not to.
fn on_a_terminal(env: &[(&str, &str)]) -> Option<String> {
    let command = format!(
        "{} validate {}",
        env!("CARGO_BIN_EXE_multisenge"),
        sample().join("valid").display()
    );
    let mut cmd = Command::new("script");
    cmd.env("XDG_CACHE_HOME", common::test_cache_home());
    cmd.args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output();
    if !common::require_tool("script (util-linux)", output.is_ok()) {
        return None;
    }
    let output = output.unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    Some(stdout(&output))
}

#[test]
fn no_color_and_term_dumb_are_honoured_on_a_terminal() {
    let Some(coloured) = on_a_terminal(&[("TERM", "xterm")]) else {
        return;
    };
    assert!(coloured.contains("\u{1b}["), "{coloured:?}");
    for env in [
        [("TERM", "xterm"), ("NO_COLOR", "1")],
        [("TERM", "dumb"), ("NO_COLOR", "")],
    ] {
        let plain = on_a_terminal(&env).unwrap();
        assert!(!plain.contains('\u{1b}'), "{env:?}: {plain:?}");
        assert!(plain.contains("0 errors, 0 warnings, 0 info."));
    }
}

#[test]
fn quiet_prints_findings_only() {
    let (quiet, err, code) = validate(&["-q"], &[]);
    assert_eq!(code, 1);
    assert!(err.is_empty(), "{err}");
    insta::assert_snapshot!("quiet", quiet);
    let (full, _, _) = validate(&[], &[]);
    assert!(full.starts_with(&quiet));
    assert!(!quiet.contains("Checked "));
    let both = common::run(&["validate", "-q", "-v", "."]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn verbose_says_what_was_read_and_how_long_it_took() {
    // Without the cache (a run with it and nothing changed reads nothing,
    // and says so: tests/cache.rs).
    let (out, err, _) = validate(&["-v", "--format", "json", "--no-cache"], &[]);
    assert!(out.starts_with('{'));
    assert!(
        err.contains("dataset [SAMPLE]/defective (full mode)"),
        "{err}"
    );
    assert!(err.contains("rules run"), "{err}");
    for step in ["scan", "label files", "triplets", "rasters"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with(step) && l.ends_with(" s")),
            "{err}"
        );
    }
}

#[test]
fn dash_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    // The validation report and the stats figures have schemas of their own.
    for (args, schema_version) in [
        (vec!["validate", "--format", "json", "-o", "-"], 1),
        (vec!["stats", "--format", "json", "--output", "-"], 2),
    ] {
        let output = common::multisenge()
            .current_dir(dir.path())
            .args(&args)
            .arg(sample().join("defective"))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["schema_version"], schema_version);
        assert!(
            !dir.path().join("-").exists(),
            "{args:?} wrote a file named -"
        );
    }
    let raster = common::run(&[
        "generalize",
        "--tile",
        "31UGQ",
        "--source",
        "x.gpkg",
        "-o",
        "-",
    ]);
    assert_eq!(raster.status.code(), Some(2));
    assert!(stderr(&raster).contains("cannot be written to standard output"));
}

#[test]
fn shared_options_are_accepted_by_every_subcommand() {
    for sub in ["validate", "stats", "generalize", "compare", "rules"] {
        for option in ["--no-progress", "-q", "-v", "--color=never"] {
            let output = common::run(&[sub, option, "--help"]);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{sub} {option}: {}",
                stderr(&output)
            );
        }
    }
    let output = common::run(&["validate", "--color", "sometimes", "."]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn completions_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = common::run(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0));
        let script = stdout(&output);
        assert!(
            script.contains("--baseline") && script.contains("generalize"),
            "{shell}"
        );
    }
    if Command::new("bash").arg("--version").output().is_ok() {
        let script = stdout(&common::run(&["completions", "bash"]));
        let check = Command::new("bash")
            .args(["-n", "-c", &script])
            .output()
            .unwrap();
        assert!(check.status.success(), "{}", stderr(&check));
    }
    let dir = tempfile::tempdir().unwrap();
    let output = common::multisenge()
        .arg("man")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.path().join("multisenge-validate.1")).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH MULTISENGE-VALIDATE"),
        "{page}"
    );
    assert!(page.contains("baseline"));
    assert!(dir.path().join("multisenge.1").exists());
    if Command::new("man").arg("--version").output().is_ok() {
        let rendered = Command::new("man")
            .arg("-l")
            .arg(dir.path().join("multisenge.1"))
            .env("MANPAGER", "cat")
            .output()
            .unwrap();
        assert!(stdout(&rendered).contains("completions"));
    }
}

#[test]
fn gdal_errors_are_sentences_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.tif");
    let not_raster = dir.path().join("notes.tif");
    std::fs::write(&not_raster, "not a raster").unwrap();
    for raster in [&missing, &not_raster] {
        let output = common::multisenge()
            .args(["compare", "--source", "x.gpkg", "--raster"])
            .arg(raster)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let err = stderr(&output);
        assert!(err.contains(raster.to_str().unwrap()), "{err}");
        assert!(
            !err.contains("NULL pointer") && !err.contains("Error msg"),
            "{err}"
        );
        insta::assert_snapshot!(
            format!(
                "gdal_error_{}",
                raster.file_stem().unwrap().to_str().unwrap()
            ),
            err.replace(dir.path().to_str().unwrap(), "[DIR]")
        );
    }
}

/// The commands docs/ci.md and .pre-commit-hooks.yaml show, run as written
/// on a copy of the defective sample at `data/MultiSenGE`.
#[test]
fn ci_md_commands_run_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &sample().join("defective"),
        &dir.path().join("data/MultiSenGE"),
    );
    let root = env!("CARGO_MANIFEST_DIR");
    let doc = std::fs::read_to_string(format!("{root}/docs/ci.md")).unwrap();
    let hooks = std::fs::read_to_string(format!("{root}/.pre-commit-hooks.yaml")).unwrap();
    let mut commands: Vec<String> = doc
        .lines()
        .filter_map(|l| l.find("multisenge validate data/").map(|i| &l[i..]))
        .map(|c| c.trim_end_matches('`').to_string())
        .collect();
    assert_eq!(commands.len(), 5, "{commands:?}");
    assert!(commands[0].contains("--write-baseline"));
    for entry in hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
    {
        commands.push(format!(
            "{entry} data/MultiSenGE --baseline .multisenge-baseline.json"
        ));
    }
    assert_eq!(commands.len(), 7);
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let output = common::multisenge()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        // The baseline is the full run's; labels-only runs compare the
        // label `projection` with the tile instead of the rasters (G003),
        // a different message, hence new findings.
        let expected = if command.contains("--baseline") && !command.contains("--labels-only") {
            0
        } else {
            1
        };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{command}: {}",
            stderr(&output)
        );
    }
    for written in [
        "multisenge.sarif",
        "multisenge-junit.xml",
        ".multisenge-baseline.json",
    ] {
        assert!(dir.path().join(written).is_file(), "{written}");
    }
}
