#!/usr/bin/env bash
# Writes what the Debian package installs besides the program and the
# plugin, from the program itself: its man pages (gzipped, as Debian
# policy wants) and its bash, zsh and fish completions.
#
# usage: packaging/deb-assets.sh PROGRAM OUT_DIR
set -euo pipefail
program=$1
out=$2
rm -rf "$out"
mkdir -p "$out/man" "$out/completions"
"$program" man "$out/man" >/dev/null
gzip -9n "$out"/man/*.1
"$program" completions bash >"$out/completions/multisenge"
"$program" completions zsh >"$out/completions/_multisenge"
"$program" completions fish >"$out/completions/multisenge.fish"
