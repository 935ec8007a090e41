//! Bad input never stops or crashes a run: each case becomes a finding (or a
//! clear error), and the rest of the dataset is still checked.

mod common;

use std::fs;
use std::path::Path;

use common::{code_paths, copy_tree, sample, validate_json};

/// A fresh copy of the valid sample to damage.
fn valid_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&sample().join("valid"), dir.path());
    dir
}

/// The findings of `dataset`, after checking the run did not crash and still
/// checked the rest (every valid patch counted).
fn findings(dataset: &Path) -> Vec<(String, String)> {
    let (report, code) = validate_json(dataset, &[]);
    assert!(code == 0 || code == 1, "exit code {code}");
    assert!(
        report["summary"]["patches"].as_u64().unwrap() >= 6,
        "{report}"
    );
    code_paths(&report)
}

/// The label file of an existing patch, overwritten by each case.
const DAMAGED_LABEL: &str = "labels/31UGQ_257_0.json";

#[test]
fn zero_byte_label_file() {
    let d = valid_copy();
    fs::write(d.path().join(DAMAGED_LABEL), b"").unwrap();
    assert_eq!(findings(d.path()), [("J001".into(), DAMAGED_LABEL.into())]);
    let (report, _) = validate_json(d.path(), &[]);
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("the file is empty"));
}

#[test]
fn binary_file_named_like_a_label_file() {
    let d = valid_copy();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(d.path().join(DAMAGED_LABEL), bytes).unwrap();
    assert_eq!(findings(d.path()), [("J001".into(), DAMAGED_LABEL.into())]);
}

#[test]
fn fifty_megabyte_label_file_is_not_read() {
    let d = valid_copy();
    let file = fs::File::create(d.path().join(DAMAGED_LABEL)).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    assert_eq!(findings(d.path()), [("J006".into(), DAMAGED_LABEL.into())]);
}

#[test]
fn non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let d = valid_copy();
    let name = std::ffi::OsStr::from_bytes(b"31UGQ_\xfe\xff_0_0.json");
    fs::write(d.path().join("labels").join(name), b"{}").unwrap();
    assert_eq!(
        findings(d.path()),
        [(
            "L006".into(),
            "labels/31UGQ_\u{FFFD}\u{FFFD}_0_0.json".into()
        )]
    );
}

#[test]
fn unreadable_folder_by_symbolic_link_loop() {
    // Root ignores permissions, so a link loop is the unreadable folder that
    // works for every user.
    let d = valid_copy();
    fs::remove_dir_all(d.path().join("s1")).unwrap();
    std::os::unix::fs::symlink("s1", d.path().join("s1")).unwrap();
    let found = findings(d.path());
    assert!(found.contains(&("L005".into(), "s1".into())), "{found:?}");
    // The other folders are still checked: their files are all there.
    let (report, _) = validate_json(d.path(), &[]);
    assert_eq!(report["summary"]["files"]["s2"], 18);
    assert_eq!(report["summary"]["files"]["labels"], 6);
}

/// A copy of the valid sample that another user can read: folders 0755,
/// files 0644, in a temporary folder opened to everyone.
fn world_readable_copy() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    fn open_up(path: &Path) {
        let dir = path.is_dir();
        let mode = if dir { 0o755 } else { 0o644 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
        if dir {
            for entry in fs::read_dir(path).unwrap() {
                open_up(&entry.unwrap().path());
            }
        }
    }
    // In /tmp, which every user can enter, whatever TMPDIR says.
    let d = tempfile::tempdir_in("/tmp").unwrap();
    copy_tree(&sample().join("valid"), d.path());
    open_up(d.path());
    d
}

/// The binary, copied where another user can run it (the build folder
/// may be in a home folder closed to others).
fn binary_for_everyone() -> &'static Path {
    use std::os::unix::fs::PermissionsExt;
    static COPY: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    &COPY
        .get_or_init(|| {
            let dir = tempfile::tempdir_in("/tmp").unwrap();
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
            let path = dir.path().join("multisenge");
            fs::copy(env!("CARGO_BIN_EXE_multisenge"), &path).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
            (dir, path)
        })
        .1
}

/// The findings of `validate` on `dataset` as a user whom permissions bind:
/// this user, or, when it is root (as in CI, where chmod denies nothing),
/// `nobody` (uid 65534) through `setpriv` of util-linux. Never skipped.
fn findings_without_privileges(dataset: &Path) -> (Vec<(String, String)>, i32) {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    let root = fs::metadata(probe.path()).unwrap().uid() == 0;
    let mut command = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(binary_for_everyone());
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_multisenge"))
    };
    command.env("XDG_CACHE_HOME", common::test_cache_home());
    let output = command
        .arg("validate")
        .arg(dataset)
        .args(["--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "JSON report ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (code_paths(&report), output.status.code().unwrap_or(-1))
}

/// Makes `rel` in a readable copy of the sample `mode`, validates it
/// without privileges, and expects exactly one L005 finding on `shown`.
fn one_unreadable_finding(rel: &str, mode: u32, shown: &str) {
    use std::os::unix::fs::PermissionsExt;
    let d = world_readable_copy();
    let path = d.path().join(rel);
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    let (found, code) = findings_without_privileges(d.path());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(found, vec![("L005".to_string(), shown.to_string())]);
    assert_eq!(code, 1);
}

/// One test per case: `unreadable!(name, path made unreadable, mode,
/// path of the one finding)`.
macro_rules! unreadable {
    ($($name:ident: $rel:expr, $mode:expr => $shown:expr;)+) => {
        $(
            #[test]
            fn $name() {
                one_unreadable_finding($rel, $mode, $shown);
            }
        )+
    };
}

unreadable! {
    unreadable_root_is_one_finding_not_four_missing_folders: "", 0o000 => ".";
    root_without_execute_permission_is_one_finding: "", 0o644 => ".";
    unreadable_labels_folder_is_one_finding_not_triplet_findings: "labels", 0o000 => "labels";
    labels_folder_without_execute_permission_is_one_finding: "labels", 0o644 => "labels";
    sentinel2_folder_without_execute_permission_is_one_finding_not_listed_file_missing: "s2", 0o644 => "s2";
    unreadable_ground_reference_folder_is_one_finding: "ground_reference", 0o000 => "ground_reference";
}

#[test]
fn missing_root_is_a_usage_error() {
    let output = common::run(&["validate", "/nonexistent/dataset"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("/nonexistent/dataset: dataset root does not exist"));
}

#[test]
fn bad_profile_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let profile = d.path().join("bad.toml");
    let text = multisenge::profile::DEFAULT_PROFILE.replace("ignore = []", "ignore = [\"X42\"]");
    let line = text.lines().position(|l| l.contains("X42")).unwrap() + 1;
    fs::write(&profile, text).unwrap();
    let output = common::run(&[
        "validate",
        sample().join("valid").to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = common::stderr(&output);
    assert!(
        err.contains(&format!("bad.toml:{line}: `X42` is not a rule code")),
        "{err}"
    );
}
