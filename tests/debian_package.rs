//! The Debian package (`make deb`: scripts/build-deb.sh, cargo-deb):
//!
//! * its `Depends` cover every shared library the program links: those
//!   `dpkg-shlibdeps` computes, and (the oracle) the packages owning the
//!   libraries the dynamic loader resolves for the installed binary;
//! * `lintian` finds no error in it;
//! * it holds the program, its man pages and completions, the plugin and
//!   the startup file that enables it;
//! * installed with `apt` on this machine and purged afterwards, it gives
//!   `multisenge` on `PATH`, `man multisenge`, and the provider in
//!   `qgis_process.bin list` with no plugin path, no program path and no
//!   `plugins enable`; purging leaves none of its files.
//!
//! The installation changes the machine: it runs only as root, and not
//! when a `multisenge` package is already installed (which it would
//! replace). Under CI (`CI` set) a missing tool fails these tests.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

mod common;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ok(command: &mut Command) -> Output {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn tools_present() -> bool {
    let found = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    ["dpkg-deb", "dpkg-shlibdeps", "lintian", "objdump", "ldd"]
        .iter()
        .all(|t| common::require_tool(t, found(t)))
}

/// The package, built once per test run by the script `make deb` runs.
fn deb() -> &'static Path {
    static DEB: OnceLock<PathBuf> = OnceLock::new();
    DEB.get_or_init(|| {
        let out = ok(&mut Command::new(repo().join("scripts/build-deb.sh")));
        let path = repo().join(text(&out).trim());
        assert!(
            path.is_file() && path.extension().is_some_and(|e| e == "deb"),
            "{path:?}"
        );
        path
    })
}

/// Package names of a Depends-like field (alternatives and versions
/// dropped).
fn packages(field: &str) -> BTreeSet<String> {
    field
        .split([',', '|'])
        .map(|p| p.split_whitespace().next().unwrap_or("").to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn depends_cover_every_linked_library_and_lintian_finds_no_error() {
    if !tools_present() {
        return;
    }
    let deb = deb();
    let depends = packages(&text(&ok(Command::new("dpkg-deb")
        .arg("-f")
        .arg(deb)
        .arg("Depends"))));
    let dir = tempfile::tempdir().unwrap();
    ok(Command::new("dpkg-deb").arg("-x").arg(deb).arg(dir.path()));
    let binary = dir.path().join("usr/bin/multisenge");

    // dpkg-shlibdeps' own answer (it wants a debian/control beside it).
    std::fs::create_dir(dir.path().join("debian")).unwrap();
    std::fs::write(
        dir.path().join("debian/control"),
        "Source: multisenge\n\nPackage: multisenge\nArchitecture: any\n",
    )
    .unwrap();
    let shlibs = text(&ok(Command::new("dpkg-shlibdeps")
        .args(["-O", "-e"])
        .arg(&binary)
        .current_dir(dir.path())));
    let computed = packages(
        shlibs
            .lines()
            .find_map(|l| l.strip_prefix("shlibs:Depends="))
            .expect("shlibs:Depends"),
    );
    assert!(
        computed.contains("libc6") && computed.contains("libgdal32"),
        "{computed:?}"
    );
    let missing: Vec<_> = computed.difference(&depends).collect();
    assert!(
        missing.is_empty(),
        "not in Depends {depends:?}: {missing:?}"
    );

    // The oracle: every library the binary needs, as the loader resolves
    // it, belongs to a package of Depends.
    let needed: Vec<String> = text(&ok(Command::new("objdump").arg("-p").arg(&binary)))
        .lines()
        .filter_map(|l| l.trim().strip_prefix("NEEDED"))
        .map(|l| l.trim().to_string())
        .collect();
    assert!(needed.len() >= 3, "{needed:?}");
    let resolved = text(&ok(Command::new("ldd").arg(&binary)));
    for library in &needed {
        // `NAME => PATH (address)`, or `PATH (address)` for the loader.
        let path = resolved
            .lines()
            .find_map(|l| {
                let l = l.trim();
                match l.split_once(" => ") {
                    Some((name, rest)) => (name == library)
                        .then(|| rest.split_whitespace().next().unwrap().to_string()),
                    None => {
                        let path = l.split_whitespace().next()?;
                        path.ends_with(&format!("/{library}"))
                            .then(|| path.to_string())
                    }
                }
            })
            .unwrap_or_else(|| panic!("{library} not resolved:\n{resolved}"));
        let real = std::fs::canonicalize(&path).unwrap();
        // dpkg knows a file under the path its package installed it at
        // (/lib or /usr/lib, merged on Debian 12).
        let owner = [PathBuf::from(&path), real.clone()]
            .into_iter()
            .chain([real
                .strip_prefix("/usr")
                .map(|p| Path::new("/").join(p))
                .unwrap_or(real.clone())])
            .find_map(|p| {
                let out = Command::new("dpkg").arg("-S").arg(&p).output().ok()?;
                out.status.success().then(|| text(&out))
            })
            .unwrap_or_else(|| panic!("no package owns {path}"));
        let package = owner.split(':').next().unwrap().trim().to_string();
        assert!(
            depends.contains(&package),
            "{library} ({path}) is in {package}, not in Depends {depends:?}"
        );
    }

    // lintian: no error (warnings are printed).
    let lint = Command::new("lintian")
        .args(["--fail-on", "error", "--no-tag-display-limit"])
        .arg(deb)
        .output()
        .unwrap();
    eprintln!("lintian:\n{}", text(&lint));
    assert!(lint.status.success(), "lintian:\n{}", text(&lint));

    // What it installs.
    let listing = text(&ok(Command::new("dpkg-deb").arg("-c").arg(deb)));
    let mut want = vec![
        "usr/bin/multisenge".to_string(),
        "usr/share/man/man1/multisenge.1.gz".into(),
        "usr/share/man/man1/multisenge-validate.1.gz".into(),
        "usr/share/bash-completion/completions/multisenge".into(),
        "usr/share/zsh/vendor-completions/_multisenge".into(),
        "usr/share/fish/vendor_completions.d/multisenge.fish".into(),
        "usr/share/QGIS/QGIS3/startup.py".into(),
    ];
    let plugin = repo().join("qgis/multisenge");
    for sub in ["", "styles", "icons"] {
        for entry in std::fs::read_dir(plugin.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() && !path.to_string_lossy().ends_with(".pyc") {
                let relative = path.strip_prefix(&plugin).unwrap().display().to_string();
                want.push(format!(
                    "usr/share/qgis/python/plugins/multisenge/{relative}"
                ));
            }
        }
    }
    for file in want {
        assert!(
            listing.lines().any(|l| l.ends_with(&file)),
            "{file} not in the package:\n{listing}"
        );
    }
}

/// Purges the package when dropped (also when a check failed).
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("apt-get")
            .args(["purge", "-y", "-q", "multisenge"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status();
    }
}

fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${Status} ${Version}", "multisenge"])
        .output()
        .ok()?;
    let status = text(&out);
    status
        .starts_with("install ok installed")
        .then(|| status.rsplit(' ').next().unwrap().to_string())
}

#[test]
fn installed_with_apt_it_gives_the_program_its_man_page_and_the_provider() {
    if !tools_present() {
        return;
    }
    // SAFETY: getuid has no preconditions.
    let root = unsafe { libc::getuid() } == 0;
    if !common::require_tool("root (to install a package)", root) {
        return;
    }
    if let Some(version) = installed_version() {
        eprintln!("skipped: multisenge {version} is installed; the test would replace it");
        assert!(
            !common::in_ci(),
            "multisenge is installed on the CI machine"
        );
        return;
    }
    let deb = deb();
    // Folders the package may create, and whether they were there before.
    let folders = [
        "/usr/share/QGIS",
        "/usr/share/qgis/python/plugins/multisenge",
    ];
    let before: Vec<bool> = folders.iter().map(|f| Path::new(f).exists()).collect();
    let installed = Installed;
    ok(Command::new("apt-get")
        .args(["install", "-y", "-q"])
        .arg(deb)
        .env("DEBIAN_FRONTEND", "noninteractive"));
    assert_eq!(
        installed_version().as_deref(),
        Some(concat!(env!("CARGO_PKG_VERSION"), "-1"))
    );

    // A user's environment: default PATH, a new QGIS profile, nothing set.
    let home = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(runtime.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let user = |program: &str| {
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", home.path())
            .env("XDG_RUNTIME_DIR", runtime.path())
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("LANG", "C.UTF-8")
            .current_dir(home.path());
        c
    };
    let found = text(&ok(user("sh").args(["-c", "command -v multisenge"])));
    assert_eq!(found.trim(), "/usr/bin/multisenge");
    let version = text(&ok(user("multisenge").arg("--version")));
    assert!(version.contains(env!("CARGO_PKG_VERSION")), "{version}");
    let page = text(&ok(user("man").args(["-w", "multisenge"])));
    assert_eq!(page.trim(), "/usr/share/man/man1/multisenge.1.gz");
    let manual = text(&ok(user("man").arg("multisenge").env("MANPAGER", "cat")));
    assert!(manual.contains("multisenge"), "{manual}");
    // The provider, in a new profile, without QGIS_PLUGINPATH,
    // MULTISENGE_BIN or `plugins enable`.
    let listed = text(&ok(user("qgis_process.bin").arg("list")));
    for job in [
        "multisenge:validate",
        "multisenge:generalize",
        "multisenge:compare",
    ] {
        assert!(listed.contains(job), "{job} not listed:\n{listed}");
    }
    let rules = home.path().join("rules.md");
    ok(user("qgis_process.bin").args([
        "run",
        "multisenge:rules",
        "--",
        &format!("OUTPUT={}", rules.display()),
    ]));
    assert!(std::fs::read_to_string(&rules).unwrap().contains("## "));

    // The desktop, under Xvfb: the plugin is active in a new profile and its
    // provider holds the program's jobs.
    let xvfb = Command::new("xvfb-run").arg("--help").output().is_ok();
    if common::require_tool("xvfb-run (xvfb)", xvfb) {
        let report = home.path().join("desktop.txt");
        let script = home.path().join("desktop.py");
        std::fs::write(
            &script,
            format!(
                "import qgis.utils\n\
                 from qgis.core import QgsApplication\n\
                 from qgis.PyQt.QtCore import QTimer\n\
                 p = QgsApplication.processingRegistry().providerById('multisenge')\n\
                 with open({report:?}, 'w') as f:\n\
                 \x20   f.write(' '.join(sorted(qgis.utils.active_plugins)) + '\\n')\n\
                 \x20   f.write(' '.join(sorted(a.name() for a in p.algorithms())) if p else 'no provider')\n\
                 QTimer.singleShot(0, qgis.utils.iface.actionExit().trigger)\n"
            ),
        )
        .unwrap();
        ok(user("timeout")
            .args([
                "300",
                "xvfb-run",
                "-a",
                "qgis",
                "--nologo",
                "--noversioncheck",
                "--code",
            ])
            .arg(&script)
            .env_remove("QT_QPA_PLATFORM"));
        let seen = std::fs::read_to_string(&report).unwrap();
        let (active, jobs) = seen.split_once('\n').unwrap();
        assert!(active.split(' ').any(|p| p == "multisenge"), "{seen}");
        assert!(
            jobs.contains("generalize") && jobs.contains("validate"),
            "{seen}"
        );
    }

    drop(installed);
    assert_eq!(installed_version(), None);
    for path in [
        "/usr/bin/multisenge",
        "/usr/share/qgis/python/plugins/multisenge",
        "/usr/share/QGIS/QGIS3/startup.py",
        "/usr/share/man/man1/multisenge.1.gz",
    ] {
        assert!(!Path::new(path).exists(), "{path} left after purge");
    }
    // Nor the byte-code caches QGIS wrote when it ran the plugin and the
    // startup file as root.
    for (folder, existed) in folders.iter().zip(before) {
        assert!(
            existed || !Path::new(folder).exists(),
            "{folder} left after purge"
        );
    }
}
