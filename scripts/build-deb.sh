#!/usr/bin/env bash
# Builds the Debian package (make deb): the release program, its man pages
# and completions (packaging/deb-assets.sh), a changelog entry, then
# cargo-deb, which strips the program, computes Depends with dpkg-shlibdeps
# and writes target/debian/multisenge_VERSION-1_ARCH.deb. Prints its path.
#
# The Maintainer and the changelog's signature are whoever builds the
# package, as Debian's tools take it: DEBFULLNAME and DEBEMAIL (or EMAIL),
# else the builder's git identity (user.name, user.email), else the
# account's name and USER@HOST. The project publishes no address of its
# own to put there.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo=${CARGO:-cargo}
scripts/install-cargo-deb.sh >&2
command -v dpkg-shlibdeps >/dev/null || {
  echo "dpkg-shlibdeps is missing: apt install dpkg-dev (scripts/install-deps.sh)" >&2
  exit 2
}
user=$(id -un)
name=${DEBFULLNAME:-$(git config user.name 2>/dev/null || true)}
name=${name:-$(getent passwd "$user" | cut -d: -f5 | cut -d, -f1)}
name=${name:-$user}
email=${DEBEMAIL:-${EMAIL:-$(git config user.email 2>/dev/null || true)}}
email=${email:-$user@$(hostname -f 2>/dev/null || hostname)}
maintainer="$name <$email>"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)

"$cargo" build --release --locked --bin multisenge >&2
packaging/deb-assets.sh target/release/multisenge target/deb-assets
# The changelog Debian wants: one entry for this build, dated by its commit.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "unknown")
date=$(git log -1 --format=%cD 2>/dev/null || date -R)
cat >target/deb-assets/changelog <<CHANGES
multisenge ($version-1) unstable; urgency=medium

  * Built from the multisenge repository, commit $commit; its history is
    the repository's git log.

 -- $maintainer  $date
CHANGES
target/tools/bin/cargo-deb --no-build --locked --strip --maintainer "$maintainer" \
  --output target/debian/ | tail -1
