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
//! Each entry is its file's path, its stamp and its facts, the facts in
//! postcard as a byte string of their own: a run decodes only the facts
//! of the entries it uses, and writes the entries it kept back as the
//! bytes it read (a million entries are not decoded and encoded again
//! for the hundred thousand files that changed).
//!
//! A file whose magic, version, length or checksum is wrong, or whose body
//! does not decode, is refused with the reason, never partly trusted.

use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::entry::Facts;
use super::totals::Totals;
use crate::io::storage::stamp::Stamp;

pub(crate) const MAGIC: &[u8; 8] = b"MSGECACH";
/// Raised whenever [`Body`] or what it holds changes shape.
/// 2: kept dataset-wide results (dates per tile and date, overlap pairs)
/// and a label file's dates packed; 3: an object's stamp may also be its
/// size and ETag ([`Stamp::ObjectTag`]); 4: an entry's facts are a byte
/// string of their own.
pub(crate) const FORMAT_VERSION: u32 = 4;
const HEADER: usize = 24;

/// What a cache file holds: the entries' paths and facts are ranges of
/// `bytes`, the file as read.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// The run key it was written under (see [`super::key`]).
    pub run_key: String,
    /// The long texts entries share (projections, CRS definitions).
    pub texts: Vec<Box<str>>,
    pub entries: Vec<Kept>,
    /// Results across files, kept and updated (see [`super::totals`]).
    pub totals: Totals,
    pub bytes: Vec<u8>,
}

/// One entry of a file read: where its path and its encoded facts are in
/// the file's bytes, and its stamp.
#[derive(Debug)]
pub(crate) struct Kept {
    pub path: Range<usize>,
    pub stamp: Stamp,
    pub facts: Range<usize>,
}

impl Body {
    /// The path of entry `e`.
    pub(crate) fn path(&self, e: &Kept) -> &str {
        std::str::from_utf8(&self.bytes[e.path.clone()]).unwrap_or_default()
    }

    /// The facts of entry `e`, decoded; `None` when they do not decode
    /// (the file is then read again).
    pub(crate) fn facts(&self, e: &Kept) -> Option<Facts> {
        postcard::from_bytes(&self.bytes[e.facts.clone()]).ok()
    }

    /// The encoded facts of entry `e`, as written back.
    pub(crate) fn facts_bytes(&self, e: &Kept) -> &[u8] {
        &self.bytes[e.facts.clone()]
    }
}

/// A byte string, borrowed when read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blob<'a>(pub &'a [u8]);

impl Serialize for Blob<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Blob<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Blob<'a>, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Blob<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Blob<'de>, E> {
                Ok(Blob(v))
            }
        }
        d.deserialize_bytes(Visitor)
    }
}

/// An entry as written and read.
#[derive(Serialize, Deserialize)]
pub(crate) struct Record<'a, S> {
    pub path: &'a str,
    pub stamp: S,
    #[serde(borrow)]
    pub facts: Blob<'a>,
}

/// The body as written (borrowed: nothing copied before encoding).
#[derive(Serialize)]
pub(crate) struct BodyRef<'a> {
    pub run_key: &'a str,
    pub texts: Vec<&'a str>,
    pub entries: Vec<Record<'a, &'a Stamp>>,
    pub totals: &'a Totals,
}

/// The body as read, borrowing from the file's bytes.
#[derive(Deserialize)]
struct BodyIn<'a> {
    run_key: String,
    texts: Vec<Box<str>>,
    #[serde(borrow)]
    entries: Vec<Record<'a, Stamp>>,
    totals: Totals,
}

/// The file's bytes.
pub(crate) fn encode(body: &BodyRef) -> Result<Vec<u8>, String> {
    // Room for the whole file at once (a few bytes per entry over): a
    // buffer doubled and copied up to hundreds of megabytes cost more
    // than the encoding.
    let entries: usize = (body.entries.iter())
        .map(|r| r.path.len() + r.facts.0.len() + 64)
        .sum();
    let texts: usize = body.texts.iter().map(|t| t.len() + 8).sum();
    let mut out = Vec::with_capacity(HEADER + 4096 + entries + texts);
    out.resize(HEADER, 0);
    let mut out = postcard::to_extend(body, out).map_err(|e| e.to_string())?;
    let header = header(MAGIC, FORMAT_VERSION, &out[HEADER..]);
    out[..HEADER].copy_from_slice(&header);
    Ok(out)
}

/// The facts of an entry, encoded as [`BodyRef`]'s entries hold them.
pub(crate) fn encode_facts(facts: &Facts) -> Result<Vec<u8>, String> {
    postcard::to_stdvec(facts).map_err(|e| e.to_string())
}

/// The body of a cache file, or why it cannot be trusted.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<Body, String> {
    let payload = unframe(&bytes, MAGIC, FORMAT_VERSION)?;
    let body: BodyIn =
        postcard::from_bytes(payload).map_err(|e| format!("body does not decode: {e}"))?;
    // Where each borrowed slice is in `bytes` (it is always inside: the
    // body is decoded borrowing from it; checked all the same).
    let base = bytes.as_ptr() as usize;
    let range = |s: &[u8]| {
        let start = (s.as_ptr() as usize).checked_sub(base)?;
        let end = start.checked_add(s.len())?;
        (end <= bytes.len()).then_some(start..end)
    };
    let entries = body
        .entries
        .into_iter()
        .map(|r| {
            Some(Kept {
                path: range(r.path.as_bytes())?,
                stamp: r.stamp,
                facts: range(r.facts.0)?,
            })
        })
        .collect::<Option<Vec<Kept>>>()
        .ok_or("body does not decode: an entry outside the file")?;
    Ok(Body {
        run_key: body.run_key,
        texts: body.texts,
        entries,
        totals: body.totals,
        bytes,
    })
}

/// `payload` behind the header: `magic`, `version`, its length and CRC
/// (the layout above; also the kept outcome's file, `state`).
pub(crate) fn frame(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(&header(magic, version, payload));
    out.extend_from_slice(payload);
    out
}

fn header(magic: &[u8; 8], version: u32, payload: &[u8]) -> [u8; HEADER] {
    let mut out = [0; HEADER];
    out[..8].copy_from_slice(magic);
    out[8..12].copy_from_slice(&version.to_le_bytes());
    out[12..20].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    out[20..24].copy_from_slice(&crc32fast::hash(payload).to_le_bytes());
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
    use crate::engine::cache::entry::LabelEntry;

    fn sample() -> Vec<u8> {
        sample_with(&Totals::default())
    }

    fn sample_with(totals: &Totals) -> Vec<u8> {
        let stamp = Stamp::Object {
            size: 120,
            mtime: 1_700_000_000,
        };
        let facts = encode_facts(&Facts::Label(LabelEntry {
            parsed: true,
            classes: Some(vec![6, 9, 11]),
            projection: Some(0),
            s2_dates: super::super::entry::PackedDates::pack(vec![20200105, 20200111]),
            ..LabelEntry::default()
        }))
        .unwrap();
        encode(&BodyRef {
            run_key: "k",
            texts: vec!["PROJCS[...]"],
            entries: vec![Record {
                path: "labels/31TFN_0_0.json",
                stamp: &stamp,
                facts: Blob(&facts),
            }],
            totals,
        })
        .unwrap()
    }

    #[test]
    fn a_file_reads_back() {
        let body = decode(sample()).unwrap();
        assert_eq!(body.run_key, "k");
        assert_eq!(&*body.texts[0], "PROJCS[...]");
        assert_eq!(body.entries.len(), 1);
        let entry = &body.entries[0];
        assert_eq!(body.path(entry), "labels/31TFN_0_0.json");
        assert_eq!(
            entry.stamp,
            Stamp::Object {
                size: 120,
                mtime: 1_700_000_000
            }
        );
        let Some(Facts::Label(label)) = body.facts(entry) else {
            panic!("a label entry")
        };
        assert_eq!(label.classes.as_deref(), Some(&[6u8, 9, 11][..]));
        assert_eq!(
            label.s2_dates.dates().collect::<Vec<_>>(),
            [20200105, 20200111]
        );
        assert_eq!(body.totals, Totals::default());
        // Written back as read: the same bytes.
        let again = encode(&BodyRef {
            run_key: &body.run_key,
            texts: body.texts.iter().map(|t| &**t).collect(),
            entries: vec![Record {
                path: body.path(entry),
                stamp: &entry.stamp,
                facts: Blob(body.facts_bytes(entry)),
            }],
            totals: &body.totals,
        })
        .unwrap();
        assert_eq!(again, sample());
    }

    /// Facts that do not decode are no facts (the file is read again).
    #[test]
    fn an_entry_whose_facts_do_not_decode_gives_none() {
        let stamp = Stamp::Object { size: 1, mtime: 1 };
        let bytes = encode(&BodyRef {
            run_key: "k",
            texts: vec![],
            entries: vec![Record {
                path: "labels/a.json",
                stamp: &stamp,
                facts: Blob(&[0xff, 0xff, 0xff]),
            }],
            totals: &Totals::default(),
        })
        .unwrap();
        let body = decode(bytes).unwrap();
        assert!(body.facts(&body.entries[0]).is_none());
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
        assert_eq!(decode(sample_with(&totals)).unwrap().totals, totals);
    }

    #[test]
    fn damaged_files_are_refused_with_the_reason() {
        let good = sample();
        let truncated = good[..good.len() - 3].to_vec();
        assert!(decode(truncated).unwrap_err().contains("truncated"));
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(decode(flipped).unwrap_err().contains("checksum"));
        let mut other_version = good.clone();
        other_version[8] = 99;
        assert!(decode(other_version).unwrap_err().contains("version 99"));
        assert!(decode(b"random bytes, not a cache at all".to_vec())
            .unwrap_err()
            .contains("not a multisenge cache"));
        assert!(decode(good[..10].to_vec()).is_err());
        // A body that passes the checksum but is not a body.
        let mut forged = good[..HEADER].to_vec();
        let junk = [0xffu8; 16];
        forged[12..20].copy_from_slice(&(junk.len() as u64).to_le_bytes());
        forged[20..24].copy_from_slice(&crc32fast::hash(&junk).to_le_bytes());
        forged.extend_from_slice(&junk);
        assert!(decode(forged).unwrap_err().contains("does not decode"));
    }
}
