# Entry points on a fresh Debian 12 machine (as root, or with sudo):
#   make demo   installs what is missing, builds, writes the sample dataset
#               and validates it
#   make test   installs what is missing, runs the whole test suite
#   make man    writes the man pages into target/man
#   make deb    builds the Debian package target/debian/multisenge_*.deb
#               (program, man pages, completions, QGIS plugin)
SHELL := /bin/bash
CARGO ?= cargo
SAMPLE ?= target/sample

.PHONY: deps demo test lint man qgis-plugin deb

deps:
	@scripts/install-deps.sh

demo: deps
	$(CARGO) build --release --locked --bins
	./target/release/multisenge-testdata sample $(SAMPLE) --force
	@echo
	@echo "== The valid sample: nothing to report (exit code 0)"
	./target/release/multisenge validate $(SAMPLE)/valid
	@echo
	@echo "== The defective sample: one known defect per rule (exit code 1)"
	@echo "./target/release/multisenge validate $(SAMPLE)/defective"
	@./target/release/multisenge validate $(SAMPLE)/defective; \
	  echo "(exit code $$?: 1 means findings at or above --fail-on, as expected here)"
	@echo
	@echo "== The published MultiSenGE label files, labels-only mode"
	@if [ -d ../shared/data/multisenge-labels-sample ]; then \
	  ./target/release/multisenge validate ../shared/data/multisenge-labels-sample; \
	else echo "(../shared/data/multisenge-labels-sample is not here; skipped)"; fi

test: deps
	$(CARGO) test --locked --no-fail-fast

lint: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

# The QGIS plugin as QGIS's plugin manager installs it ("Install from ZIP"):
# one top-level folder, multisenge/, holding metadata.txt.
qgis-plugin:
	python3 scripts/package-qgis-plugin.py target/multisenge-qgis-plugin.zip

man:
	$(CARGO) run --quiet --locked --bin multisenge -- man target/man
	@echo "man -l target/man/multisenge.1"

# The Debian package: `sudo apt install ./target/debian/multisenge_*.deb`
# (README, "In QGIS"). Installs cargo-deb into target/tools when missing.
deb: deps
	@scripts/build-deb.sh
