//! Stable finding fingerprints: the same finding gets the same fingerprint
//! in every run, whatever else changed in the dataset, so that a baseline
//! (`--baseline`) and code-scanning dashboards (SARIF `partialFingerprints`)
//! can recognise it.
//!
//! A fingerprint hashes the rule code, the path relative to the dataset root
//! and a key for the place inside the file: the pixel window when the
//! finding has one (two small regions of one raster differ by their
//! windows), the message otherwise (the message names what is wrong, e.g.
//! the missing field or the listed name). It does not depend on the order of
//! findings; only findings equal in all three get an occurrence number
//! (`#1`, `#2`, …) in report order to tell them apart.

use std::collections::HashMap;

use crate::finding::{Finding, Location};

/// Name of the fingerprint in SARIF `partialFingerprints`; the version
/// changes if the recipe ever does.
pub const SARIF_KEY: &str = "multisengeFinding/v1";

/// The fingerprint of every finding, in order: 32 hexadecimal digits.
pub fn all(findings: &[Finding]) -> Vec<String> {
    of_keys(findings.iter().map(|f| Key {
        code: f.rule.code(),
        path: f.path.as_deref(),
        location: f.location.as_ref(),
        message: &f.message,
    }))
}

/// What a fingerprint is made of: a finding's rule code, path, location
/// and message.
pub struct Key<'a> {
    pub code: &'a str,
    pub path: Option<&'a str>,
    pub location: Option<&'a Location>,
    pub message: &'a str,
}

/// The fingerprint of every finding given by its key, in order.
pub fn of_keys<'a>(keys: impl IntoIterator<Item = Key<'a>>) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    keys.into_iter()
        .map(|f| {
            let mut k = key(f.code, f.path, f.location, f.message);
            let n = seen.entry(k.clone()).or_default();
            if *n > 0 {
                k.push_str(&format!("\u{1f}#{n}"));
            }
            *n += 1;
            format!("{:032x}", fnv1a_128(k.as_bytes()))
        })
        .collect()
}

/// The text a fingerprint hashes (before the occurrence number).
fn key(code: &str, path: Option<&str>, location: Option<&Location>, message: &str) -> String {
    let place = match location {
        Some(Location::Window {
            col,
            row,
            width,
            height,
        }) => format!("window {col} {row} {width} {height}"),
        _ => format!("message {message}"),
    };
    format!("{code}\u{1f}{}\u{1f}{place}", path.unwrap_or(""))
}

/// FNV-1a, 128 bits: stable across platforms and compiler versions, unlike
/// the standard library's hashers, and collisions are out of reach at any
/// dataset size (2^-64 for a billion findings).
fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u128::from(*b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_128_matches_the_published_test_vectors() {
        // Test vectors of the FNV reference (draft-eastlake-fnv).
        assert_eq!(fnv1a_128(b""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(fnv1a_128(b"a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_eq!(fnv1a_128(b"foobar"), 0x343e1662793c64bf6f0d3597ba446f18);
    }

    fn finding(code: &'static str, message: &'static str, path: &'static str) -> Key<'static> {
        Key {
            code,
            path: Some(path),
            location: None,
            message,
        }
    }

    #[test]
    fn same_finding_same_fingerprint_whatever_the_order() {
        let a = || finding("J002", "field `projection` is missing", "labels/a.json");
        let b = || finding("J002", "field `labels` is missing", "labels/a.json");
        let windows: Vec<Location> = [1, 5]
            .map(|col| Location::Window {
                col,
                row: 0,
                width: 2,
                height: 2,
            })
            .to_vec();
        let w = |i: usize| Key {
            location: Some(&windows[i]),
            ..finding("M001", "small", "gr.tif")
        };
        let one = of_keys([a(), b(), w(0), w(1)]);
        let other = of_keys([w(1), b(), w(0), a()]);
        assert_eq!(one[0], other[3]);
        assert_eq!(one[1], other[1]);
        assert_eq!(one[2], other[2]);
        assert_eq!(one[3], other[0]);
        let mut unique = one.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 4);
        assert!(one.iter().all(|f| f.len() == 32));
    }

    #[test]
    fn identical_findings_are_numbered() {
        let f = || finding("L003", "stray", "x");
        let prints = of_keys([f(), f(), f()]);
        assert_ne!(prints[0], prints[1]);
        assert_ne!(prints[1], prints[2]);
        assert_eq!(prints, of_keys(vec![f(), f(), f()]));
    }
}
