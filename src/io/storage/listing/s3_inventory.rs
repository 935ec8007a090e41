//! An AWS S3 Inventory report as a dataset [`Listing`]: S3 writes, daily or
//! weekly, the list of a bucket's objects without any `LIST` request; its
//! `manifest.json` names gzipped CSV files, whose columns are given by the
//! manifest's `fileSchema` (`Bucket, Key, Size, ...`), every field quoted
//! and the key URL-encoded.
//!
//! The manifest is read from object storage (`/vsis3/DEST/.../manifest.json`,
//! the data files then from `/vsis3/DEST/KEY`, DEST the manifest's
//! `destinationBucket`) or from a local copy of the inventory's folder,
//! where the data files are looked for in `../data/` beside the manifest's
//! folder (the layout S3 writes: `CONFIG/TIMESTAMP/manifest.json` and
//! `CONFIG/data/*.csv.gz`) or beside the manifest itself. Only CSV
//! inventories are read (not ORC or Parquet); of a versioned inventory,
//! only the latest version of each object that is not a delete marker.
//!
//! When the `fileSchema` has them, each object's `Size` (bytes),
//! `LastModifiedDate` (ISO 8601 in UTC, `2026-11-26T01:00:00.000Z`) and
//! `ETag` (hexadecimal, `-N` after a multipart upload's) are kept: the
//! validation cache then stamps the object by its size and ETag with no
//! request (docs/cache.md).

use std::io::BufRead;
use std::path::{Path, PathBuf};

use super::{text, InventoryError, Listing};
use crate::io::storage::stamp::{self, Listed};

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    source_bucket: String,
    destination_bucket: String,
    file_format: String,
    file_schema: String,
    files: Vec<ManifestFile>,
}

#[derive(serde::Deserialize)]
struct ManifestFile {
    key: String,
}

/// The listing of the dataset at `root` (`/vsis3/BUCKET/PREFIX`) from the
/// inventory whose manifest is at `path` (being read by `reader`).
pub fn listing(
    path: &Path,
    reader: Box<dyn BufRead>,
    root: &Path,
) -> Result<Listing, InventoryError> {
    let shown = path.display().to_string();
    let limit = crate::io::safety::gate::limits::MANIFEST;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(reader, limit + 1), &mut bytes).map_err(
        |e| InventoryError::Manifest {
            path: shown.clone(),
            why: e.to_string(),
        },
    )?;
    if bytes.len() as u64 > limit {
        return Err(InventoryError::Manifest {
            path: shown,
            why: format!(
                "larger than {}, the limit for an S3 Inventory manifest; not read",
                crate::io::safety::gate::size_words(limit)
            ),
        });
    }
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| InventoryError::Manifest {
            path: shown.clone(),
            why: e.to_string(),
        })?;
    if !manifest.file_format.eq_ignore_ascii_case("CSV") {
        return Err(InventoryError::Format {
            path: shown,
            format: manifest.file_format,
        });
    }
    let columns: Vec<&str> = manifest.file_schema.split(',').map(str::trim).collect();
    let column = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(bucket_at), Some(key_at)) = (column("Bucket"), column("Key")) else {
        return Err(InventoryError::Manifest {
            path: shown,
            why: format!("fileSchema `{}` has no Bucket or Key", manifest.file_schema),
        });
    };
    let size_at = column("Size");
    let mtime_at = column("LastModifiedDate");
    let etag_at = column("ETag");
    let latest_at = column("IsLatest");
    let deleted_at = column("IsDeleteMarker");
    let root_text = root.to_string_lossy();
    let (bucket, prefix) = root_text
        .strip_prefix("/vsis3/")
        .map(|rest| rest.split_once('/').unwrap_or((rest, "")))
        .ok_or_else(|| InventoryError::Root {
            root: root_text.to_string(),
        })?;
    if bucket != manifest.source_bucket {
        return Err(InventoryError::Bucket {
            path: shown,
            inventory: manifest.source_bucket,
            dataset: bucket.to_string(),
        });
    }
    let prefix = prefix.trim_matches('/');
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut listing = Listing::new(&root_text);
    for file in &manifest.files {
        let data = data_path(path, &manifest.destination_bucket, &file.key);
        let data_shown = data.display().to_string();
        let failed = |source| InventoryError::Data {
            path: data_shown.clone(),
            source,
        };
        let mut reader = text::open(&data).map_err(failed)?;
        let mut line = Vec::new();
        let mut number = 0;
        while crate::io::safety::gate::read_line_limited(&mut reader, &mut line).map_err(failed)? {
            number += 1;
            let line = line.strip_suffix(b"\n").unwrap_or(&line);
            let bad = |why: &str| InventoryError::Row {
                path: data_shown.clone(),
                line: number,
                why: why.to_string(),
            };
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let text = std::str::from_utf8(line).map_err(|_| bad("not UTF-8 text"))?;
            let fields = csv_fields(text).ok_or_else(|| bad("an unclosed quote"))?;
            let field = |at: usize| fields.get(at).map(String::as_str);
            let (Some(row_bucket), Some(key)) = (field(bucket_at), field(key_at)) else {
                return Err(bad(&format!(
                    "fewer fields than `{}`",
                    manifest.file_schema
                )));
            };
            let old = latest_at.is_some_and(|at| field(at) == Some("false"));
            let deleted = deleted_at.is_some_and(|at| field(at) == Some("true"));
            if row_bucket != manifest.source_bucket || old || deleted {
                continue;
            }
            let key = url_decode(key).ok_or_else(|| bad("a key that is not URL-encoded UTF-8"))?;
            let Some(rel) = key.strip_prefix(&prefix) else {
                continue;
            };
            let listed = Listed {
                size: match size_at.and_then(field).filter(|s| !s.is_empty()) {
                    Some(size) => Some(
                        size.parse::<u64>()
                            .ok()
                            .filter(|_| size.bytes().all(|b| b.is_ascii_digit()))
                            .ok_or_else(|| {
                                bad(&format!("Size `{size}` is not a whole number of bytes"))
                            })?,
                    ),
                    None => None,
                },
                mtime: match mtime_at.and_then(field).filter(|t| !t.is_empty()) {
                    Some(date) => Some(iso_seconds(date).ok_or_else(|| {
                        bad(&format!(
                            "LastModifiedDate `{date}` is not a date YYYY-MM-DDThh:mm:ss[.fff]Z"
                        ))
                    })?),
                    None => None,
                },
                etag: match etag_at.and_then(field) {
                    Some(tag) if tag.chars().any(char::is_control) => {
                        return Err(bad("an ETag holding a control character"))
                    }
                    Some(tag) => stamp::etag(tag),
                    None => None,
                },
            };
            add_key(&mut listing, rel, listed);
        }
    }
    listing.sort();
    Ok(listing)
}

/// Records the key `rel` (relative to the root): a file at most two
/// levels deep, else its folders; a key ending in `/` is a folder.
fn add_key(listing: &mut Listing, rel: &str, listed: Listed) {
    let folder = rel.ends_with('/');
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    // `.` and `..` name no object a dataset holds; read as a path they
    // would lead outside the dataset.
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return;
    }
    match parts.len() {
        0 => {}
        1 | 2 => listing.add_listed(&parts.iter().collect::<PathBuf>(), folder, listed),
        _ => listing.add(&parts[..2].iter().collect::<PathBuf>(), true),
    }
}

/// Seconds since 1970 of an S3 Inventory `LastModifiedDate` in UTC:
/// `YYYY-MM-DDThh:mm:ss`, optional fraction (dropped: listings keep whole
/// seconds, as `ListObjects` through GDAL gives them), then `Z`.
///
/// ```
/// use multisenge::io::storage::listing::s3_inventory::iso_seconds;
/// assert_eq!(iso_seconds("1970-01-01T00:00:00Z"), Some(0));
/// assert_eq!(iso_seconds("2016-11-22T06:52:43.000Z"), Some(1_479_797_563));
/// assert_eq!(iso_seconds("2024-02-29T23:59:59.999Z"), Some(1_709_251_199));
/// assert_eq!(iso_seconds("2023-02-29T00:00:00Z"), None);
/// assert_eq!(iso_seconds("2016-11-22 06:52:43"), None);
/// ```
pub fn iso_seconds(date: &str) -> Option<i64> {
    let rest = date.strip_suffix('Z')?;
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = whole.as_bytes();
    let shape = b.len() == 19
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && b[10] == b'T'
        && [13, 16].iter().all(|&i| b[i] == b':');
    if !shape {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        let part = &whole[from..to];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days from 1970-01-01 to the date, in the proleptic Gregorian
    // calendar (eras of 400 years, years starting in March).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Where the data file `key` of the destination bucket is.
fn data_path(manifest: &Path, destination: &str, key: &str) -> PathBuf {
    if crate::io::storage::vfs::is_virtual(manifest) {
        let bucket = destination.rsplit(':').next().unwrap_or(destination);
        return PathBuf::from(format!("/vsis3/{bucket}/{key}"));
    }
    let name = key.rsplit('/').next().unwrap_or(key);
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let beside_data = dir.parent().map(|d| d.join("data").join(name));
    beside_data
        .filter(|p| p.exists())
        .unwrap_or_else(|| dir.join(name))
}

/// The fields of a CSV line (quoted or not, `""` a quote inside quotes);
/// `None` for an unclosed quote.
///
/// ```
/// use multisenge::io::storage::listing::s3_inventory::csv_fields;
/// assert_eq!(csv_fields(r#""b","a,""x""",3"#).unwrap(), ["b", r#"a,"x""#, "3"]);
/// assert!(csv_fields(r#""b,c"#).is_none());
/// ```
pub fn csv_fields(line: &str) -> Option<Vec<String>> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let field = fields.last_mut()?;
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => field.push(c),
        }
    }
    (!quoted).then_some(fields)
}

/// A key as S3 Inventory writes it in CSV: URL-encoded (`%XX`, and `+`
/// for a space); `None` when the bytes are not UTF-8.
///
/// ```
/// use multisenge::io::storage::listing::s3_inventory::url_decode;
/// assert_eq!(url_decode("s2/a+b%2Bc%C3%A9.tif").unwrap(), "s2/a b+cé.tif");
/// ```
pub fn url_decode(key: &str) -> Option<String> {
    let plus = key.replace('+', " ");
    let bytes = text::decode(plus.as_bytes())?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days since 1970 counted one day at a time: an oracle independent
    /// of the era arithmetic.
    fn brute_days(year: i64, month: i64, day: i64) -> i64 {
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = |y: i64, m: i64| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut days = 0;
        for y in 1970..year {
            days += if leap(y) { 366 } else { 365 };
        }
        for m in 1..month {
            days += month_days(year, m);
        }
        days + day - 1
    }

    #[test]
    fn inventory_dates_agree_with_counting_days() {
        for year in [1970, 1999, 2000, 2020, 2024, 2026, 2100, 2400] {
            for (month, day) in [(1, 1), (2, 28), (3, 1), (6, 15), (12, 31)] {
                let text = format!("{year:04}-{month:02}-{day:02}T13:04:05.123Z");
                let want = brute_days(year, month, day) * 86_400 + 13 * 3_600 + 4 * 60 + 5;
                assert_eq!(iso_seconds(&text), Some(want), "{text}");
            }
        }
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.Z",
            "2026-1-01T00:00:00Z",
            "+026-01-01T00:00:00Z",
        ] {
            assert_eq!(iso_seconds(bad), None, "{bad}");
        }
    }
}
