//! The few things read straight from a TIFF file's first directory, because
//! GDAL only offers them at a high price:
//!
//! * the EPSG code of the GeoTIFF keys. GDAL builds a complete PROJ CRS from
//!   them on `GetSpatialRef` (a PROJ database look-up, about 0.8 ms a file
//!   on the benchmark machine: 1 200 files/s for open + CRS against 15 700
//!   for open + geotransform, measured with GDAL 3.6 from Python). The keys
//!   give the code directly; GDAL is still asked when they hold a
//!   user-defined CRS.
//! * the strip or tile offsets and byte counts, to detect truncation without
//!   decoding pixels. GDAL exposes them one block at a time as metadata
//!   items, which costs more than reading the two arrays.
//!
//! Classic TIFF and BigTIFF, both byte orders. Reads use `pread` on one file
//! handle (or ranged reads through GDAL for a file in object storage, see
//! [`crate::io::storage::vfs`]): the header, the directory and the arrays it points to.

use std::path::Path;

use crate::io::storage::vfs::RandomAccess;

/// What the first directory says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TiffDirectory {
    /// The file's length, bytes.
    pub file_len: u64,
    /// Whether the file has a GeoKeyDirectory tag.
    pub has_geokeys: bool,
    /// EPSG code of `ProjectedCSTypeGeoKey`, else of `GeographicTypeGeoKey`
    /// for geographic rasters; `None` when absent or user-defined.
    pub epsg: Option<u32>,
    /// The first strip or tile (index, end byte) that ends beyond the end
    /// of the file.
    pub beyond_end: Option<(usize, u64)>,
}

const STRIP_OFFSETS: u16 = 273;
const STRIP_BYTE_COUNTS: u16 = 279;
const TILE_OFFSETS: u16 = 324;
const TILE_BYTE_COUNTS: u16 = 325;
const GEO_KEY_DIRECTORY: u16 = 34735;
const MODEL_TYPE_KEY: u16 = 1024;
const GEOGRAPHIC_TYPE_KEY: u16 = 2048;
const PROJECTED_TYPE_KEY: u16 = 3072;
const USER_DEFINED: u64 = 32767;

struct Reader {
    file: RandomAccess,
    little: bool,
    big_tiff: bool,
    len: u64,
}

struct Entry {
    tag: u16,
    kind: u16,
    count: u64,
    /// The value field's raw bytes (4 or 8).
    value: [u8; 8],
}

impl Reader {
    fn bytes(&self, offset: u64, n: usize) -> Result<Vec<u8>, TiffError> {
        if offset
            .checked_add(n as u64)
            .map_or(true, |end| end > self.len)
        {
            return Err(TiffError::BeyondEnd(self.len));
        }
        let mut buf = vec![0u8; n];
        self.file
            .read_exact_at(&mut buf, offset)
            .map_err(TiffError::Structure)?;
        Ok(buf)
    }

    fn u16(&self, b: &[u8]) -> u16 {
        let a = [b[0], b[1]];
        if self.little {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        }
    }
    fn u32(&self, b: &[u8]) -> u32 {
        let a = [b[0], b[1], b[2], b[3]];
        if self.little {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        }
    }
    fn u64(&self, b: &[u8]) -> u64 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[..8]);
        if self.little {
            u64::from_le_bytes(a)
        } else {
            u64::from_be_bytes(a)
        }
    }

    /// The values of an entry of SHORT, LONG or LONG8 type.
    fn values(&self, e: &Entry) -> Result<Vec<u64>, TiffError> {
        let size = match e.kind {
            3 => 2,
            4 => 4,
            16 => 8,
            other => {
                return Err(TiffError::TagType {
                    tag: e.tag,
                    kind: other,
                })
            }
        };
        let total = (e.count as usize)
            .checked_mul(size)
            .filter(|&t| t <= 1 << 28)
            .ok_or(TiffError::TagTooLarge(e.tag))?;
        let inline = if self.big_tiff { 8 } else { 4 };
        let data = if total <= inline {
            e.value[..total].to_vec()
        } else {
            let offset = if self.big_tiff {
                self.u64(&e.value)
            } else {
                u64::from(self.u32(&e.value))
            };
            self.bytes(offset, total)?
        };
        Ok(data
            .chunks_exact(size)
            .map(|c| match size {
                2 => u64::from(self.u16(c)),
                4 => u64::from(self.u32(c)),
                _ => self.u64(c),
            })
            .collect())
    }
}

/// Why a TIFF directory cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum TiffError {
    #[error("cannot open: {0}")]
    Open(std::io::Error),
    #[error("cannot read: {0}")]
    Read(std::io::Error),
    #[error("not a TIFF file (too short)")]
    TooShort,
    #[error("not a TIFF file")]
    NotTiff,
    #[error("the TIFF structure points beyond the end of the file ({0} bytes)")]
    BeyondEnd(u64),
    #[error("cannot read the TIFF structure: {0}")]
    Structure(std::io::Error),
    #[error("tag {tag} has unexpected type {kind}")]
    TagType { tag: u16, kind: u16 },
    #[error("tag {0} is too large")]
    TagTooLarge(u16),
    #[error("TIFF directory with {0} entries")]
    TooManyEntries(u64),
}

/// Reads the first directory of the TIFF file at `path`.
pub fn read_directory(path: &Path) -> Result<TiffDirectory, TiffError> {
    let file = RandomAccess::open(path).map_err(TiffError::Open)?;
    let len = file.byte_len().map_err(TiffError::Read)?;
    let mut r = Reader {
        file,
        little: true,
        big_tiff: false,
        len,
    };
    let head = r.bytes(0, 16.min(len as usize))?;
    if head.len() < 8 {
        return Err(TiffError::TooShort);
    }
    r.little = match &head[..2] {
        b"II" => true,
        b"MM" => false,
        _ => return Err(TiffError::NotTiff),
    };
    let ifd = match r.u16(&head[2..4]) {
        42 => u64::from(r.u32(&head[4..8])),
        43 if head.len() == 16 => {
            r.big_tiff = true;
            r.u64(&head[8..16])
        }
        _ => return Err(TiffError::NotTiff),
    };
    let (count, entry_size, first) = if r.big_tiff {
        (r.u64(&r.bytes(ifd, 8)?), 20usize, ifd + 8)
    } else {
        (u64::from(r.u16(&r.bytes(ifd, 2)?)), 12usize, ifd + 2)
    };
    if count > 4096 {
        return Err(TiffError::TooManyEntries(count));
    }
    let raw = r.bytes(first, count as usize * entry_size)?;
    let entries: Vec<Entry> = raw
        .chunks_exact(entry_size)
        .map(|b| {
            let mut value = [0u8; 8];
            if r.big_tiff {
                value.copy_from_slice(&b[12..20]);
                Entry {
                    tag: r.u16(&b[0..2]),
                    kind: r.u16(&b[2..4]),
                    count: r.u64(&b[4..12]),
                    value,
                }
            } else {
                value[..4].copy_from_slice(&b[8..12]);
                Entry {
                    tag: r.u16(&b[0..2]),
                    kind: r.u16(&b[2..4]),
                    count: u64::from(r.u32(&b[4..8])),
                    value,
                }
            }
        })
        .collect();
    let find = |tag: u16| entries.iter().find(|e| e.tag == tag);

    let mut dir = TiffDirectory {
        file_len: len,
        ..TiffDirectory::default()
    };
    let blocks = match (find(TILE_OFFSETS), find(TILE_BYTE_COUNTS)) {
        (Some(o), Some(c)) => Some((o, c)),
        _ => find(STRIP_OFFSETS).zip(find(STRIP_BYTE_COUNTS)),
    };
    if let Some((offsets, counts)) = blocks {
        let offsets = r.values(offsets)?;
        let counts = r.values(counts)?;
        dir.beyond_end = offsets
            .iter()
            .zip(&counts)
            .enumerate()
            // Offset 0: a sparse block, legal and read as nodata.
            .filter(|(_, (&o, &c))| o != 0 && c != 0)
            .map(|(i, (&o, &c))| (i, o.saturating_add(c)))
            .find(|&(_, end)| end > len);
    }
    if let Some(keys) = find(GEO_KEY_DIRECTORY) {
        dir.has_geokeys = true;
        let keys = r.values(keys)?;
        let key = |id: u16| {
            keys.get(4..)?
                .chunks_exact(4)
                .find(|k| k[0] == u64::from(id) && k[1] == 0)
                .map(|k| k[3])
        };
        let code = if key(MODEL_TYPE_KEY) == Some(2) {
            key(GEOGRAPHIC_TYPE_KEY)
        } else {
            key(PROJECTED_TYPE_KEY)
        };
        dir.epsg = code
            .filter(|&c| c != 0 && c != USER_DEFINED)
            .and_then(|c| u32::try_from(c).ok());
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, epsg: Option<u32>, big: bool) {
        let driver = gdal::DriverManager::get_driver_by_name("GTiff").unwrap();
        let mut options = vec!["COMPRESS=DEFLATE"];
        if big {
            options.push("BIGTIFF=YES");
        }
        let options = gdal::raster::RasterCreationOptions::from_iter(options);
        let mut ds = driver
            .create_with_band_type_with_options::<f32, _>(path, 64, 64, 2, &options)
            .unwrap();
        ds.set_geo_transform(&[600_000.0, 10.0, 0.0, 5_500_000.0, 0.0, -10.0])
            .unwrap();
        if let Some(code) = epsg {
            ds.set_spatial_ref(&gdal::spatial_ref::SpatialRef::from_epsg(code).unwrap())
                .unwrap();
        }
        let mut band = ds.rasterband(1).unwrap();
        let data: Vec<f32> = (0..64 * 64).map(|i| (i % 97) as f32).collect();
        let mut buf = gdal::raster::Buffer::new((64, 64), data);
        band.write((0, 0), (64, 64), &mut buf).unwrap();
    }

    #[test]
    fn reads_epsg_and_detects_truncation() {
        let dir = tempfile::tempdir().unwrap();
        for big in [false, true] {
            let path = dir.path().join(format!("a{big}.tif"));
            write(&path, Some(32631), big);
            let d = read_directory(&path).unwrap();
            assert!(d.has_geokeys);
            assert_eq!(d.epsg, Some(32631));
            assert_eq!(d.beyond_end, None);
            let bytes = std::fs::read(&path).unwrap();
            // Keep the directory (GDAL writes it first) but lose the tail.
            std::fs::write(&path, &bytes[..bytes.len() - 200]).unwrap();
            let d = read_directory(&path).unwrap();
            assert!(d.beyond_end.is_some(), "big = {big}");
        }
        let geographic = dir.path().join("g.tif");
        write(&geographic, Some(4326), false);
        assert_eq!(read_directory(&geographic).unwrap().epsg, Some(4326));
        let none = dir.path().join("n.tif");
        write(&none, None, false);
        let d = read_directory(&none).unwrap();
        assert_eq!(d.epsg, None);
        let text = dir.path().join("t.tif");
        std::fs::write(&text, "hello, world").unwrap();
        assert!(read_directory(&text).is_err());
    }
}
