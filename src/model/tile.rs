//! Sentinel-2 tile codes, which are MGRS 100 km grid squares: `31UFQ` is UTM
//! zone 31, latitude band U, column letter F, row letter Q.

use std::fmt;

/// Latitude bands C to X, without I and O.
const BANDS: &str = "CDEFGHJKLMNPQRSTUVWX";
/// Row letters of the 100 km squares (A to V, without I and O); every zone
/// uses all twenty, the even zones starting at F.
const ROW_LETTERS: &str = "ABCDEFGHJKLMNPQRSTUV";
/// Column letters of the 100 km squares, in three sets that repeat every
/// three zones (zone 1 uses the first set).
const COLUMN_SETS: [&str; 3] = ["ABCDEFGH", "JKLMNPQR", "STUVWXYZ"];

/// Why a text is not a tile code (the message of rule N002).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TileCodeError {
    #[error("tile code `{0}` must have 5 characters (zone, band, two square letters)")]
    Length(String),
    #[error("tile code `{0}` must start with a two-digit UTM zone")]
    NoZone(String),
    #[error("tile code `{0}`: UTM zone {1:02} is not between 01 and 60")]
    Zone(String, u8),
    #[error("tile code `{0}`: `{1}` is not a latitude band (C to X, without I and O)")]
    Band(String, char),
    #[error("tile code `{0}`: `{1}` is not a 100 km column letter of zone {2:02} (one of {3})")]
    Column(String, char, u8, &'static str),
    #[error("tile code `{0}`: `{1}` is not a 100 km row letter (A to V, without I and O)")]
    Row(String, char),
}

/// A syntactically valid MGRS tile code, stored as its five ASCII bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileCode([u8; 5]);

impl TileCode {
    /// Parses a tile code such as `31UFQ` (no `T` prefix), explaining what is
    /// wrong when it is not a valid MGRS 100 km square.
    ///
    /// ```
    /// use multisenge::model::TileCode;
    /// assert_eq!(TileCode::parse("31UFQ").unwrap().utm_zone(), 31);
    /// assert!(TileCode::parse("31UIQ").is_err()); // I is never a column letter
    /// ```
    pub fn parse(code: &str) -> Result<TileCode, TileCodeError> {
        // Owned only on the error paths: names are parsed by the million.
        let code_s = || code.to_string();
        let b = code.as_bytes();
        if b.len() != 5 {
            return Err(TileCodeError::Length(code_s()));
        }
        if !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
            return Err(TileCodeError::NoZone(code_s()));
        }
        let zone = (b[0] - b'0') * 10 + (b[1] - b'0');
        if !(1..=60).contains(&zone) {
            return Err(TileCodeError::Zone(code_s(), zone));
        }
        let band = b[2] as char;
        if !BANDS.contains(band) {
            return Err(TileCodeError::Band(code_s(), band));
        }
        let column = b[3] as char;
        let set = COLUMN_SETS[usize::from(zone - 1) % 3];
        if !set.contains(column) {
            return Err(TileCodeError::Column(code_s(), column, zone, set));
        }
        let row = b[4] as char;
        if !ROW_LETTERS.contains(row) {
            return Err(TileCodeError::Row(code_s(), row));
        }
        Ok(TileCode([b[0], b[1], b[2], b[3], b[4]]))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("?????")
    }

    /// The UTM zone number, 1 to 60.
    pub fn utm_zone(&self) -> u8 {
        (self.0[0] - b'0') * 10 + (self.0[1] - b'0')
    }

    /// Whether the tile lies north of the equator (bands N to X).
    pub fn is_northern(&self) -> bool {
        self.0[2] >= b'N'
    }

    /// EPSG code of the tile's WGS 84 / UTM zone (326ZZ north, 327ZZ south).
    pub fn utm_epsg(&self) -> u32 {
        let base = if self.is_northern() { 32600 } else { 32700 };
        base + u32::from(self.utm_zone())
    }
}

impl fmt::Display for TileCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TileCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TileCode({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_published_tiles() {
        for code in [
            "31UER", "32UMU", "31UFQ", "31TGM", "32ULV", "01CCV", "60XWK",
        ] {
            assert!(TileCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn explains_each_kind_of_error() {
        let cases = [
            ("31UE", "5 characters"),
            ("3AUER", "two-digit UTM zone"),
            ("61UER", "zone 61"),
            ("00UER", "zone 00"),
            ("31IER", "latitude band"),
            ("31YER", "latitude band"),
            ("31UJR", "column letter of zone 31"), // zone 31 uses A..H
            ("32USU", "column letter of zone 32"), // zone 32 uses J..R
            ("33UAU", "column letter of zone 33"), // zone 33 uses S..Z
            ("31UEW", "row letter"),
            ("31UEO", "row letter"),
            ("31uer", "latitude band"),
        ];
        for (code, expected) in cases {
            let err = TileCode::parse(code).unwrap_err();
            assert!(err.to_string().contains(expected), "{code}: {err}");
        }
    }

    #[test]
    fn zone_and_epsg() {
        let t = TileCode::parse("32UMU").unwrap();
        assert_eq!((t.utm_zone(), t.utm_epsg()), (32, 32632));
        let s = TileCode::parse("01CCV").unwrap();
        assert_eq!(s.utm_epsg(), 32701);
    }
}
