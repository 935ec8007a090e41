//! The cache file: a header, then its body in postcard (a compact binary
//! serde format: variable-length integers, no field names).
//!
//! ```text
//! bytes 0..8    magic  "MSGECACH"
//! bytes 8..12   format version (u32, little-endian): FORMAT_VERSION
//! bytes 12..20  body length in bytes (u64, little-endian)
//! bytes 20..24  CRC-32 (IEEE) of the body (u32, little-endian)
//! bytes 24..    body: postcard of { run key, table of texts, entries, totals }
//! ```
//!
//! A file whose magic, version, length or checksum is wrong, or whose body
//! does not decode, is refused with the reason, never partly trusted.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::entry::Entry;
use super::totals::Totals;

pub(crate) const MAGIC: &[u8; 8] = b"MSGECACH";
/// Raised whenever [`Body`] or what it holds changes shape.
/// 2: kept dataset-wide results (dates per tile and date, overlap pairs)
/// and a label file's dates packed; 3: an object's stamp may also be its
/// size and ETag ([`Stamp::ObjectTag`]).
///
/// [`Stamp::ObjectTag`]: crate::io::storage::stamp::Stamp::ObjectTag
pub(crate) const FORMAT_VERSION: u32 = 3;
const HEADER: usize = 24;

/// What a cache file holds.
#[derive(Debug, Deserialize)]
pub(crate) struct Body {
    /// The run key it was written under (see [`super::key`]).
    pub run_key: String,
    /// The long texts entries share (projections, CRS definitions).
    pub texts: Vec<Box<str>>,
    pub entries: Vec<Entry>,
    /// Results across files, kept and updated (see [`super::totals`]).
    pub totals: Totals,
}

/// [`Body`] borrowed, for writing without copying the entries.
#[derive(Serialize)]
pub(crate) struct BodyRef<'a> {
    pub run_key: &'a str,
    pub texts: Vec<&'a str>,
    pub entries: Vec<&'a Entry>,
    pub totals: &'a Totals,
}

/// The file's bytes.
pub(crate) fn encode(body: &BodyRef) -> Result<Vec<u8>, String> {
    let payload = postcard::to_stdvec(body).map_err(|e| e.to_string())?;
    Ok(frame(MAGIC, FORMAT_VERSION, &payload))
}

/// The body of a cache file, or why it cannot be trusted.
pub(crate) fn decode(bytes: &[u8]) -> Result<Body, String> {
    let payload = unframe(bytes, MAGIC, FORMAT_VERSION)?;
    postcard::from_bytes(payload).map_err(|e| format!("body does not decode: {e}"))
}

/// `payload` behind the header: `magic`, `version`, its length and CRC
/// (the layout above; also the kept outcome's file, `state`).
pub(crate) fn frame(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload [`frame`] wrapped, or why the bytes cannot be trusted.
pub(crate) fn unframe<'a>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    version: u32,
) -> Result<&'a [u8], String> {
    if bytes.len() < HEADER || &bytes[..8] != magic {
        return Err("not a multisenge cache file".into());
    }
    let word =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let found = word(8);
    if found != version {
        return Err(format!(
            "cache format version {found}, this multisenge reads version {version}"
        ));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&bytes[12..20]);
    let len = u64::from_le_bytes(len);
    let payload = &bytes[HEADER..];
    if payload.len() as u64 != len {
        return Err(format!(
            "truncated or extended: {} bytes of body, the header says {len}",
            payload.len()
        ));
    }
    if crc32fast::hash(payload) != word(20) {
        return Err("checksum mismatch (the file was damaged)".into());
    }
    Ok(payload)
}

/// Writes `bytes` to `file` through a temporary file renamed onto it,
/// making its folder first.
pub(crate) fn write(file: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    crate::io::safety::atomic::write_bytes_unsynced(file, bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cache::entry::{Facts, LabelEntry};
    use crate::io::storage::stamp::Stamp;

    fn sample() -> Vec<u8> {
        sample_with(&Totals::default())
    }

    fn sample_with(totals: &Totals) -> Vec<u8> {
        let entry = Entry {
            path: "labels/31TFN_0_0.json".into(),
            stamp: Stamp::Object {
                size: 120,
                mtime: 1_700_000_000,
            },
            facts: Facts::Label(LabelEntry {
                parsed: true,
                classes: Some(vec![6, 9, 11]),
                projection: Some(0),
                s2_dates: super::super::entry::PackedDates::pack(vec![20200105, 20200111]),
                ..LabelEntry::default()
            }),
        };
        encode(&BodyRef {
            run_key: "k",
            texts: vec!["PROJCS[...]"],
            entries: vec![&entry],
            totals,
        })
        .unwrap()
    }

    #[test]
    fn a_file_reads_back() {
        let body = decode(&sample()).unwrap();
        assert_eq!(body.run_key, "k");
        assert_eq!(&*body.texts[0], "PROJCS[...]");
        assert_eq!(body.entries.len(), 1);
        let Facts::Label(label) = &body.entries[0].facts else {
            panic!("a label entry")
        };
        assert_eq!(label.classes.as_deref(), Some(&[6u8, 9, 11][..]));
        assert_eq!(
            label.s2_dates.dates().collect::<Vec<_>>(),
            [20200105, 20200111]
        );
        assert_eq!(body.totals, Totals::default());
    }

    #[test]
    fn totals_read_back() {
        let totals = Totals {
            dates: vec![("31TFN".into(), crate::model::FileKind::S1, 20200105, 7)],
            overlaps: Some(super::super::totals::OverlapMemo {
                fingerprint: 0x0123_4567_89ab_cdef,
                overlaps: vec![crate::spatial::overlap::Overlap {
                    a: 3,
                    b: 7,
                    area_m2: 1234.5,
                    epsg: 32631,
                    ring: vec![[0.0, 1.0], [2.0, 3.0], [0.0, 1.0]],
                    difference_m2: Some(0.25),
                }],
            }),
        };
        assert_eq!(decode(&sample_with(&totals)).unwrap().totals, totals);
    }

    #[test]
    fn damaged_files_are_refused_with_the_reason() {
        let good = sample();
        let truncated = &good[..good.len() - 3];
        assert!(decode(truncated).unwrap_err().contains("truncated"));
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(decode(&flipped).unwrap_err().contains("checksum"));
        let mut other_version = good.clone();
        other_version[8] = 99;
        assert!(decode(&other_version).unwrap_err().contains("version 99"));
        assert!(decode(b"random bytes, not a cache at all")
            .unwrap_err()
            .contains("not a multisenge cache"));
        assert!(decode(&good[..10]).is_err());
        // A body that passes the checksum but is not a body.
        let mut forged = good[..HEADER].to_vec();
        let junk = [0xffu8; 16];
        forged[12..20].copy_from_slice(&(junk.len() as u64).to_le_bytes());
        forged[20..24].copy_from_slice(&crc32fast::hash(&junk).to_le_bytes());
        forged.extend_from_slice(&junk);
        assert!(decode(&forged).unwrap_err().contains("does not decode"));
    }
}
