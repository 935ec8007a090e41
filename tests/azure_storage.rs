//! Datasets in Azure Blob Storage, against Azure's own emulator, Azurite
//! (npm, installed into target/npm by scripts/install-deps.sh): the valid
//! sample uploaded through GDAL's `/vsiaz/` (Python's GDAL bindings), then
//! `validate /vsiaz/CONTAINER/PREFIX`, with and without a listing made by
//! `multisenge list`, gives the report of the same files on disk.

mod common;

use std::path::Path;
use std::process::{Child, Command, Output};
use std::time::Duration;

use common::{multisenge, npm_file, require_tool, sample, stderr};

/// Azurite's well-known development account (documented by Microsoft).
const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

struct Azurite(Child);

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn connection(port: u16) -> String {
    format!(
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={KEY};\
         BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    )
}

fn with_azure(command: &mut Command, port: u16) -> Output {
    command
        .env("AZURE_STORAGE_CONNECTION_STRING", connection(port))
        .env("GDAL_HTTP_MAX_RETRY", "0")
        .output()
        .unwrap()
}

/// The report with its `root` replaced.
fn without_root(json: &[u8]) -> serde_json::Value {
    let mut report: serde_json::Value = serde_json::from_slice(json).unwrap();
    report["root"] = "ROOT".into();
    report
}

#[test]
fn reports_from_azurite_equal_the_local_report() {
    let Some(azurite) = npm_file(".bin/azurite-blob") else {
        return;
    };
    let gdal_python = Command::new("/usr/bin/python3")
        .args(["-c", "from osgeo import gdal"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !require_tool("python3-gdal", gdal_python) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        free.local_addr().unwrap().port()
    };
    let _server = Azurite(
        Command::new(azurite)
            .args([
                "--silent",
                "--skipApiVersionCheck",
                "--blobHost",
                "127.0.0.1",
            ])
            .arg("--blobPort")
            .arg(port.to_string())
            .arg("--location")
            .arg(dir.path().join("azurite"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("azurite starts"),
    );
    let up = (0..300).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "azurite does not answer on port {port}");

    let valid = sample().join("valid");
    let upload = r#"
import os, sys
from osgeo import gdal
gdal.UseExceptions()
root, target = sys.argv[1:3]
gdal.Mkdir(target.rsplit("/", 1)[0], 0o755)
for folder, _, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        f = gdal.VSIFOpenL(target + "/" + os.path.relpath(path, root), "wb")
        gdal.VSIFWriteL(data, 1, len(data), f)
        gdal.VSIFCloseL(f)
"#;
    let root = "/vsiaz/multisenge/valid";
    let run = with_azure(
        Command::new("/usr/bin/python3")
            .args(["-c", upload])
            .arg(&valid)
            .arg(root),
        port,
    );
    assert!(run.status.success(), "upload: {}", stderr(&run));

    let local = multisenge()
        .args(["validate", "--format", "json"])
        .arg(&valid)
        .output()
        .unwrap();
    let remote = with_azure(
        multisenge().args(["validate", root, "--format", "json"]),
        port,
    );
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    let report = without_root(&remote.stdout);
    assert_eq!(report, without_root(&local.stdout));
    assert!(
        report["summary"]["patches"].as_u64().unwrap() > 0,
        "{report}"
    );

    let listing = dir.path().join("listing.txt.gz");
    let made = with_azure(
        multisenge()
            .args(["list", root, "-o"])
            .arg(Path::new(&listing)),
        port,
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let listed = with_azure(
        multisenge()
            .args(["validate", root, "--format", "json", "--listing"])
            .arg(&listing),
        port,
    );
    assert_eq!(listed.stdout, remote.stdout, "{}", stderr(&listed));
}
