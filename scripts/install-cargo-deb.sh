#!/usr/bin/env bash
# Installs cargo-deb (crates.io), which builds the Debian package, into a
# project-local folder (target/tools, ignored by git) when it is missing
# or another version. 2.9.0: the newest that builds with Rust 1.80 (3.x
# needs 1.85). Used by `make deb` and scripts/install-deps.sh.
set -euo pipefail
version=2.9.0
root="$(cd "$(dirname "$0")/.." && pwd)/target/tools"
if ! "$root/bin/cargo-deb" --version 2>/dev/null | grep -qw "$version"; then
  echo "Installing cargo-deb $version into target/tools"
  cargo install --locked --quiet --root "$root" cargo-deb --version "$version"
fi
