//! The listing file: its text (format version [`LISTING_VERSION`], see
//! [the module](super)), written atomically and gzip-compressed by name,
//! read back (plain or gzip, local or in object storage) and checked
//! record by record.

use std::ffi::OsString;
use std::io::{self, BufRead, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

use super::{Broken, Folder, Kind, Listing, ListingError, LISTING_VERSION, MAGIC, OLDEST_VERSION};
use crate::io::storage::stamp::Listed;
use crate::io::storage::vfs;

impl Listing {
    /// The listing's text (format version [`LISTING_VERSION`]).
    pub fn to_text(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write_text(&mut out);
        out
    }

    /// Writes the listing's text to `out`, record by record.
    pub(super) fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let mut records = 0usize;
        let mut line = |out: &mut dyn Write, fields: &[&[u8]]| {
            records += 1;
            out.write_all(&fields.join(&b'\t'))?;
            out.write_all(b"\n")
        };
        write!(out, "{MAGIC} {LISTING_VERSION}\nroot\t")?;
        out.write_all(&encode(self.root.as_bytes()))?;
        out.write_all(b"\n")?;
        let mut folders: Vec<(&PathBuf, &Folder)> = self.folders.iter().collect();
        folders.sort_by(|a, b| a.0.as_os_str().as_bytes().cmp(b.0.as_os_str().as_bytes()));
        for (rel, folder) in folders {
            let rel_text = encode(rel.as_os_str().as_bytes());
            if let Some(error) = &folder.error {
                line(out, &[b"x", &rel_text, &encode(error.as_bytes())])?;
            }
            for error in &folder.list_errors {
                line(out, &[b"e", &rel_text, &encode(error.as_bytes())])?;
            }
            for entry in &folder.entries {
                let path = encode(rel.join(&entry.name).as_os_str().as_bytes());
                match &entry.kind {
                    Kind::File => match entry.listed.as_deref() {
                        Some(listed) => {
                            let [size, mtime, etag] = listed_fields(listed);
                            let mut fields: Vec<&[u8]> = vec![b"f", &path, &size, &mtime, &etag];
                            // Unknown columns at the end are left out.
                            while fields.last().is_some_and(|f| f.is_empty()) {
                                fields.pop();
                            }
                            line(out, &fields)?
                        }
                        None => line(out, &[b"f", &path])?,
                    },
                    Kind::Folder => line(out, &[b"d", &path])?,
                    Kind::Unknown(broken) => {
                        let Broken { error, link } = broken.as_ref();
                        let link = link
                            .as_ref()
                            .map(|l| encode(l.as_os_str().as_bytes()))
                            .unwrap_or_default();
                        line(out, &[b"?", &path, &encode(error.as_bytes()), &link])?;
                    }
                }
            }
        }
        writeln!(out, "end\t{records}")
    }

    /// Writes the listing to `path` atomically (a temporary file renamed
    /// when complete), gzip-compressed when the name ends in `.gz`.
    pub fn write(&self, path: &Path) -> Result<(), ListingError> {
        use crate::io::safety::atomic::{destination, Destination};
        let gzip = path.extension().is_some_and(|x| x == "gz");
        // A device or FIFO (`/dev/null`, a pipe) is written through.
        if let Ok(Destination::Direct(target)) = destination(path) {
            let written = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .and_then(|file| self.write_to(file, gzip).map(drop));
            return written.map_err(|source| ListingError::Write {
                path: path.display().to_string(),
                source,
            });
        }
        let written =
            crate::io::safety::atomic::write_with(path, true, &[], |tmp| -> io::Result<()> {
                let file = std::fs::File::create(tmp)?;
                self.write_to(file, gzip)?.sync_all()
            });
        written.map_err(|e| ListingError::Write {
            path: path.display().to_string(),
            source: match e {
                crate::io::safety::atomic::WriteWithError::Io(e)
                | crate::io::safety::atomic::WriteWithError::Write(e) => e,
                crate::io::safety::atomic::WriteWithError::Exists => {
                    io::ErrorKind::AlreadyExists.into()
                }
            },
        })
    }

    /// Writes the listing's text into `file`, gzip-compressed if asked;
    /// gives the file back once written.
    fn write_to(&self, file: std::fs::File, gzip: bool) -> io::Result<std::fs::File> {
        // Buffered before the compressor: it is called once a megabyte,
        // not once a record.
        if gzip {
            let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            let mut out = io::BufWriter::with_capacity(1 << 20, gz);
            self.write_text(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())?.finish()
        } else {
            let mut out = io::BufWriter::with_capacity(1 << 20, file);
            self.write_text(&mut out)?;
            out.into_inner().map_err(|e| e.into_error())
        }
    }
}

/// The SIZE, MTIME and ETAG columns of a file's record (empty when not
/// known; the writer leaves out the empty ones at the end).
fn listed_fields(listed: &Listed) -> [Vec<u8>; 3] {
    [
        listed
            .size
            .map(|s| s.to_string())
            .unwrap_or_default()
            .into_bytes(),
        listed
            .mtime
            .map(|t| t.to_string())
            .unwrap_or_default()
            .into_bytes(),
        listed
            .etag
            .as_ref()
            .map(|e| encode(e.as_bytes()))
            .unwrap_or_default(),
    ]
}

/// The SIZE, MTIME and ETAG columns of a file's record read back; the
/// reason when one is malformed.
fn parse_listed(fields: &[&[u8]]) -> Result<Listed, String> {
    if fields.len() > 3 {
        return Err(format!(
            "a file record has at most 5 tab-separated fields (f, path, size, time, ETag), not {}",
            fields.len() + 2
        ));
    }
    let text = |i: usize, what: &str| -> Result<Option<String>, String> {
        let Some(bytes) = fields.get(i).filter(|b| !b.is_empty()) else {
            return Ok(None);
        };
        let decoded = decode(bytes)
            .and_then(|d| String::from_utf8(d).ok())
            .ok_or_else(|| format!("the {what} is not %XX-escaped UTF-8 text"))?;
        Ok(Some(decoded))
    };
    let size = text(0, "size")?
        .map(|t| {
            t.parse::<u64>()
                .ok()
                .filter(|_| t.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    format!(
                        "size `{t}` is not a whole number of bytes (0 to {})",
                        u64::MAX
                    )
                })
        })
        .transpose()?;
    let mtime = text(1, "modification time")?
        .map(|t| {
            t.parse::<i64>()
                .map_err(|_| format!("modification time `{t}` is not whole seconds since 1970"))
        })
        .transpose()?;
    // Taken as written: `list` wrote it escaped, whatever a server put in
    // it (a weak tag's `W/"..."` included).
    let etag = text(2, "ETag")?.map(String::into_boxed_str);
    Ok(Listed { size, mtime, etag })
}

/// `%XX` for `%`, control characters and, when `bytes` is not UTF-8,
/// every byte above 127.
///
/// ```
/// use multisenge::io::storage::listing::text::{decode, encode};
/// assert_eq!(encode(b"a b%\t\xff"), b"a b%25%09%FF");
/// assert_eq!(encode("é".as_bytes()), "é".as_bytes());
/// assert_eq!(decode(b"a b%25%09%FF").unwrap(), b"a b%\t\xff");
/// ```
pub fn encode(bytes: &[u8]) -> Vec<u8> {
    let utf8 = std::str::from_utf8(bytes).is_ok();
    let mut out = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b == b'%' || b < 0x20 || b == 0x7f || (b >= 0x80 && !utf8) {
            out.extend_from_slice(format!("%{b:02X}").as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

/// The bytes [`encode`] wrote; `None` for a bad `%` sequence.
pub fn decode(text: &[u8]) -> Option<Vec<u8>> {
    if !text.contains(&b'%') {
        return Some(text.to_vec());
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            let hex = std::str::from_utf8(text.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The file at `path` (local or in object storage), decompressed when it
/// starts as gzip does.
pub(crate) fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = if vfs::is_virtual(path) {
        Box::new(VsiReader {
            file: vfs::RandomAccess::open(path)?,
            at: 0,
        })
    } else {
        Box::new(crate::io::safety::gate::open_regular(path)?)
    };
    let mut raw = io::BufReader::with_capacity(1 << 20, raw);
    if raw.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(raw);
        return Ok(Box::new(io::BufReader::with_capacity(1 << 20, gz)));
    }
    Ok(Box::new(raw))
}

/// A file in object storage read from start to end.
struct VsiReader {
    file: vfs::RandomAccess,
    at: u64,
}

impl Read for VsiReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_some_at(buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// Parses a listing's text.
pub(super) fn parse(path: &str, mut reader: Box<dyn BufRead>) -> Result<Listing, ListingError> {
    let read = |source| ListingError::Read {
        path: path.to_string(),
        source,
    };
    let truncated = |why: &str| ListingError::Truncated {
        path: path.to_string(),
        why: why.to_string(),
    };
    let mut line = Vec::new();
    let mut next = |line: &mut Vec<u8>| -> Result<bool, ListingError> {
        crate::io::safety::gate::read_line_limited(&mut reader, line).map_err(read)
    };
    if !next(&mut line)? {
        return Err(ListingError::NotListing {
            path: path.to_string(),
        });
    }
    let first = String::from_utf8_lossy(&line).trim_end().to_string();
    let version = match first.split_once(' ') {
        Some((MAGIC, version))
            if (OLDEST_VERSION..=LISTING_VERSION).any(|v| version == v.to_string()) =>
        {
            version.parse::<u32>().unwrap_or(LISTING_VERSION)
        }
        Some((MAGIC, version)) => {
            return Err(ListingError::Version {
                path: path.to_string(),
                found: version.to_string(),
            })
        }
        _ => {
            return Err(ListingError::NotListing {
                path: path.to_string(),
            })
        }
    };
    let mut number = 1;
    let malformed = |number: usize, why: &str| ListingError::Malformed {
        path: path.to_string(),
        line: number,
        why: why.to_string(),
    };
    if !next(&mut line)? {
        return Err(truncated("no root line"));
    }
    number += 1;
    let root = match line
        .strip_suffix(b"\n")
        .and_then(|l| l.strip_prefix(b"root\t"))
    {
        Some(root) => decode(root)
            .and_then(|r| String::from_utf8(r).ok())
            .ok_or_else(|| malformed(number, "the root is not UTF-8 text"))?,
        None => return Err(malformed(number, "expected `root<TAB>PATH`")),
    };
    let mut listing = Listing::new(&root);
    listing.folders.clear();
    listing.folders.insert(PathBuf::new(), Folder::default());
    let mut records = 0usize;
    loop {
        if !next(&mut line)? {
            return Err(truncated("no `end` line"));
        }
        number += 1;
        let Some(text) = line.strip_suffix(b"\n") else {
            return Err(truncated("the last line is cut"));
        };
        let fields: Vec<&[u8]> = text.split(|&b| b == b'\t').collect();
        if fields[0] == b"end" {
            let count = fields
                .get(1)
                .and_then(|c| std::str::from_utf8(c).ok())
                .and_then(|c| c.parse::<usize>().ok());
            if count != Some(records) {
                return Err(truncated(&format!(
                    "{records} records, the `end` line says {}",
                    String::from_utf8_lossy(fields.get(1).copied().unwrap_or_default())
                )));
            }
            if next(&mut line)? {
                return Err(malformed(number + 1, "text after the `end` line"));
            }
            break;
        }
        records += 1;
        let field = |i: usize| -> Result<Vec<u8>, ListingError> {
            let bytes = fields.get(i).ok_or_else(|| ListingError::Malformed {
                path: path.to_string(),
                line: number,
                why: format!("expected {} tab-separated fields", i + 1),
            })?;
            decode(bytes).ok_or_else(|| ListingError::Malformed {
                path: path.to_string(),
                line: number,
                why: "a bad %XX sequence".to_string(),
            })
        };
        let rel = PathBuf::from(OsString::from_vec(field(1)?));
        let plain = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || rel.components().count() > 2 {
            return Err(malformed(
                number,
                "a path deeper than two levels, absolute, or with `.` or `..`",
            ));
        }
        let message = |i| field(i).map(|m| String::from_utf8_lossy(&m).into_owned());
        match fields[0] {
            // Version 1 has no columns after the path (and never checked
            // for any).
            b"f" if version < 2 => listing.push(&rel, Kind::File),
            b"f" => {
                let listed = parse_listed(fields.get(2..).unwrap_or_default())
                    .map_err(|why| malformed(number, &why))?;
                listing.push_listed(&rel, Kind::File, listed);
            }
            b"d" => listing.push(&rel, Kind::Folder),
            b"?" => {
                let link = field(3)?;
                let kind = Kind::Unknown(Box::new(Broken {
                    error: message(2)?,
                    link: (!link.is_empty()).then(|| PathBuf::from(OsString::from_vec(link))),
                }));
                listing.push(&rel, kind);
            }
            b"x" => listing.folders.entry(rel).or_default().error = Some(message(2)?),
            b"e" => {
                let error = message(2)?;
                listing
                    .folders
                    .entry(rel)
                    .or_default()
                    .list_errors
                    .push(error);
            }
            _ => {
                return Err(malformed(
                    number,
                    "unknown record type (f, d, ?, x, e or end)",
                ))
            }
        }
    }
    listing.sort();
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::io::storage::listing::Names;

    fn parsed(text: &str) -> Result<Listing, ListingError> {
        parse("l.txt", Box::new(io::Cursor::new(text.as_bytes().to_vec())))
    }

    #[test]
    fn text_round_trip_keeps_every_record() {
        let mut listing = Listing::new("/vsis3/b/data");
        listing.add(Path::new("s2/a.tif"), false);
        listing.add(Path::new("s2/sub"), true);
        listing.add(Path::new("x\ty%.json"), false);
        listing.push(
            Path::new("labels"),
            Kind::Unknown(Box::new(Broken {
                error: "No such file or directory (os error 2)".into(),
                link: Some("nowhere".into()),
            })),
        );
        listing.folders.entry("s1".into()).or_default().error = Some("denied".into());
        listing.add(Path::new("s1"), true);
        let bad = OsString::from_vec(b"bad\xffname.tif".to_vec());
        listing.add(&Path::new("s2").join(&bad), false);
        listing.sort();
        let text = listing.to_text();
        let back = parse("l", Box::new(io::Cursor::new(text.clone()))).unwrap();
        assert_eq!(back, listing);
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with("multisenge-listing 2\nroot\t/vsis3/b/data\n"));
        assert!(text.contains("f\tx%09y%25.json\n"), "{text}");
        assert!(text.contains("f\ts2/bad%FFname.tif\n"), "{text}");
        assert!(text.ends_with("end\t8\n"), "{text}");
        let root = Path::new("/vsis3/b/data");
        assert!(back.is_file(&root.join("s2").join(&bad)));
        assert!(back.enter(&root.join("s1")).is_err());
        assert_eq!(back.read_link(&root.join("labels")), Some("nowhere".into()));
        let names: Vec<OsString> = Names::Listed(Arc::new(back.clone()))
            .read_dir(&root.join("s2"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [OsString::from("a.tif"), bad, "sub".into()]);
    }

    #[test]
    fn bad_listings_are_refused_with_the_reason() {
        let good = "multisenge-listing 1\nroot\t/d\nf\ta.json\nend\t1\n";
        assert!(parsed(good).is_ok());
        let cases = [
            ("", "not a multisenge listing"),
            ("hello\n", "not a multisenge listing"),
            (
                "multisenge-listing 3\nroot\t/d\nend\t0\n",
                "version 3, this multisenge reads versions 1 to 2",
            ),
            ("multisenge-listing 0\nroot\t/d\nend\t0\n", "version 0"),
            (
                "multisenge-listing 1\nroot\t/d\nf\ta.json\n",
                "no `end` line",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nf\ta.json",
                "the last line is cut",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nf\ta\nend\t2\n",
                "1 records, the `end` line says 2",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nz\ta\nend\t1\n",
                "line 3: unknown record",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nf\ta%G1\nend\t1\n",
                "line 3: a bad %XX",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nf\ta/b/c\nend\t1\n",
                "deeper than two levels",
            ),
            (
                "multisenge-listing 1\nroot\t/d\nx\ts2\nend\t1\n",
                "expected 3 tab-separated",
            ),
            ("multisenge-listing 1\n", "no root line"),
            (
                "multisenge-listing 1\nroot\t/d\nend\t0\nf\ta\n",
                "text after the `end`",
            ),
        ];
        for (text, says) in cases {
            let e = parsed(text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
            assert!(e.contains("l.txt"), "{e}");
        }
    }

    #[test]
    fn sizes_times_and_etags_round_trip_escaped() {
        let mut listing = Listing::new("/vsis3/b/data");
        let tagged = Listed {
            size: Some(1_311_158),
            mtime: Some(1_764_118_800),
            etag: Some("9b2cf535f27731c974343645a3985328-2".into()),
        };
        listing.add_listed(Path::new("s2/a.tif"), false, tagged.clone());
        // An ETag a server made of odd bytes: escaped as names are.
        let odd = Listed {
            size: Some(0),
            mtime: Some(-5),
            etag: Some("x%y\u{e9}/+".into()),
        };
        listing.add_listed(Path::new("s2/b.tif"), false, odd.clone());
        let timed = Listed {
            size: Some(7),
            mtime: None,
            etag: Some("t".into()),
        };
        listing.add_listed(Path::new("labels/c.json"), false, timed.clone());
        listing.add(Path::new("labels/bare.json"), false);
        listing.sort();
        let text = listing.to_text();
        let back = parse("l", Box::new(io::Cursor::new(text.clone()))).unwrap();
        assert_eq!(back, listing);
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.contains("f\ts2/a.tif\t1311158\t1764118800\t9b2cf535f27731c974343645a3985328-2\n"),
            "{text}"
        );
        assert!(
            text.contains("f\ts2/b.tif\t0\t-5\tx%25y\u{e9}/+\n"),
            "{text}"
        );
        assert!(text.contains("f\tlabels/c.json\t7\t\tt\n"), "{text}");
        assert!(text.contains("f\tlabels/bare.json\n"), "{text}");
        let root = Path::new("/vsis3/b/data");
        assert_eq!(back.listed(&root.join("s2/a.tif")), Some(&tagged));
        assert_eq!(back.listed(&root.join("s2/b.tif")), Some(&odd));
        assert_eq!(back.listed(&root.join("labels/c.json")), Some(&timed));
        assert_eq!(back.listed(&root.join("labels/bare.json")), None);
        assert_eq!(back.listed(&root.join("labels")), None);
        assert!(back.has_stamps());
        // Whatever a server put in an ETag comes back: a weak tag's quotes,
        // a tab (escaped).
        for odd in ["W/\"e\"", "a\tb"] {
            let mut listing = Listing::new("/d");
            let known = Listed {
                size: Some(1),
                mtime: None,
                etag: Some(odd.into()),
            };
            listing.add_listed(Path::new("a"), false, known.clone());
            listing.sort();
            let back = parse("l", Box::new(io::Cursor::new(listing.to_text()))).unwrap();
            assert_eq!(back.listed(Path::new("/d/a")), Some(&known), "{odd:?}");
        }
    }

    #[test]
    fn a_version_1_listing_reads_without_stamps() {
        // Version 1 never had columns after the path: any there are ignored.
        let listing =
            parsed("multisenge-listing 1\nroot\t/d\nf\ta.json\nf\tb.json\tjunk\nend\t2\n").unwrap();
        assert!(listing.is_file(Path::new("/d/b.json")));
        assert_eq!(listing.listed(Path::new("/d/a.json")), None);
        assert!(!listing.has_stamps());
        let v2 =
            parsed("multisenge-listing 2\nroot\t/d\nf\ta.json\nf\tb.json\t\t\t\nend\t2\n").unwrap();
        assert_eq!(v2, listing);
    }

    #[test]
    fn malformed_sizes_times_and_etags_are_refused_with_file_and_line() {
        let head = "multisenge-listing 2\nroot\t/d\nd\ts2\n";
        let cases = [
            (
                "f\ts2/a\t-1\t0\te",
                "line 4: size `-1` is not a whole number of bytes",
            ),
            (
                "f\ts2/a\t+1\t0\te",
                "line 4: size `+1` is not a whole number",
            ),
            ("f\ts2/a\t1e3\t0\te", "line 4: size `1e3`"),
            (
                "f\ts2/a\t18446744073709551616\t0\te",
                "line 4: size `18446744073709551616` is not a whole number",
            ),
            (
                "f\ts2/a\t12\t3.5\te",
                "line 4: modification time `3.5` is not whole seconds",
            ),
            (
                "f\ts2/a\t12\t0\te%G0",
                "line 4: the ETag is not %XX-escaped UTF-8",
            ),
            (
                "f\ts2/a\t12\t0\te%FF",
                "line 4: the ETag is not %XX-escaped UTF-8",
            ),
            (
                "f\ts2/a\t12\t0\te\textra",
                "line 4: a file record has at most 5",
            ),
            ("f\ts2/a\t1%3", "line 4: the size is not %XX-escaped"),
        ];
        for (record, says) in cases {
            let text = format!("{head}{record}\nend\t2\n");
            let e = parsed(&text).unwrap_err().to_string();
            assert!(e.starts_with("l.txt, "), "{record:?}: {e}");
            assert!(e.contains(says), "{record:?}: {e}");
        }
    }
}
