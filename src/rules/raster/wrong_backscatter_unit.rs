use crate::model::FileKind;
use crate::rules::declare::declare_rule;
use crate::rules::input::{BackscatterUnit, BandFacts, Out};
use crate::rules::record::Record;

declare_rule! {
    /// ## What it checks
    /// The values of each Sentinel-1 band are in the unit the profile
    /// names (`[rasters.s1] unit`, `dB` by default): the rule tells the
    /// unit from the distribution of the band's values, never from one
    /// pixel, and reports a band whose values are plainly in the other
    /// unit. Nodata pixels, NaN and infinities are left out.
    ///
    /// The decision, from the share of values in three ranges:
    /// * **linear σ0**: at most 1 % of the values are negative and at
    ///   least half of them lie in [0, 1] (the median is at most 1). σ0 is
    ///   a ratio of powers, never negative; land, water and vegetation sit
    ///   well below 1 (0 dB), only the brightest targets above it.
    /// * **dB**: at least 10 % of the values are negative and at least
    ///   95 % lie in [−40, 20]. 10 · log10 σ0 is negative wherever σ0 < 1,
    ///   i.e. almost everywhere (VH always, VV but in dense urban areas),
    ///   and Sentinel-1 backscatter spans about −30 to 5 dB, so
    ///   [−40, 20] holds a real band with margin for dark water and bright
    ///   corners.
    /// * otherwise the band is **not judged**: a constant band (R007's), a
    ///   band with fewer than 100 valid values, and values in neither shape
    ///   (a scaled integer encoding, a patch of bright city whose dB values
    ///   are mostly positive) give no finding. The two signatures exclude
    ///   each other (at most 1 % against at least 10 % negative values).
    ///
    /// The thresholds are ours: the paper does not state the unit of its
    /// Sentinel-1 files, and S1-Tiling writes linear σ0 by default. They
    /// leave a wide gap between the two units' typical values, so that a
    /// finding is never a matter of a few pixels. Files of every band
    /// count are judged band by band (one finding a band).
    ///
    /// ## Why it matters
    /// A dataset mixing linear σ0 and dB feeds a model two scales for the
    /// same physical quantity: 0.05 in one file is −13 in the next. Both
    /// pass the type check, and linear values even pass a dB range check
    /// (0 to 1 lies within −50 to 20), so nothing else catches it.
    ///
    /// ## Example
    /// ```text
    /// s1/31UGQ_20200105_S1_7710_2570.tif: band 1 holds linear values, expected dB (0.0% of 65536 values negative, median 0.07941)
    /// ```
    ///
    /// ## How to fix
    /// Convert the file (dB = 10 · log10 σ0, e.g. `gdal_calc.py
    /// --calc="10*log10(A)"`; σ0 = 10^(dB/10)), or, if the whole dataset is
    /// in the other unit on purpose, set `[rasters.s1] unit` (and `min`,
    /// `max`) in the profile.
    pub struct WrongBackscatterUnit {
        code: "R012",
        name: "wrong-backscatter-unit",
        family: Raster,
        severity: Error,
        summary: "A Sentinel-1 band whose values are in the other unit than the profile's (linear σ0 or dB)",
        reads: [Band(&[FileKind::S1], check)],
    }
    data {
        /// The band, 1-based.
        band: u16,
        /// The unit the values show: `linear` or `dB`.
        unit: String,
        /// The profile's `[rasters.s1] unit`.
        expected_unit: String,
        /// Values judged (nodata, NaN and infinities left out).
        valid_values: u64,
        /// Share of those values below 0, percent.
        negative_percent: f64,
        /// Their median.
        median: f64,
    }
}

impl Record for WrongBackscatterUnit {
    fn message(&self) -> String {
        format!(
            "band {} holds {} values, expected {} ({:.1}% of {} values negative, median {})",
            self.band,
            self.unit,
            self.expected_unit,
            self.negative_percent,
            self.valid_values,
            significant(self.median)
        )
    }
}

/// A value with four significant digits (`0.0794`, `-13.21`).
fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let decimals = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{v:.decimals$}")
}

/// Fewer valid values than this and a band is not judged.
pub const MIN_VALUES: usize = 100;

/// What a band's values say of their unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitEvidence {
    /// Values counted (finite, not nodata).
    pub valid: usize,
    /// Of them, below 0, in [0, 1], in [−40, 20].
    pub negative: usize,
    pub unit_interval: usize,
    pub db_span: usize,
}

impl UnitEvidence {
    /// One pass over `values`, leaving out `nodata`, NaN and infinities.
    // `&` of comparisons rather than `RangeInclusive::contains` (`&&`):
    // the loop as measured.
    #[allow(clippy::manual_range_contains)]
    pub fn of(values: &[f64], nodata: Option<f64>) -> UnitEvidence {
        // Runs on every Sentinel-1 pixel: four sums of comparisons and no
        // branch, which the compiler vectorises (a NaN nodata compares
        // unequal to everything, so it excludes nothing here; NaN values
        // are not finite). Measured in docs/performance.md.
        let nodata = nodata.unwrap_or(f64::NAN);
        let (mut valid, mut negative, mut unit_interval, mut db_span) = (0, 0, 0, 0);
        for &v in values {
            let ok = v.is_finite() & (v != nodata);
            valid += usize::from(ok);
            negative += usize::from(ok & (v < 0.0));
            unit_interval += usize::from(ok & (v >= 0.0) & (v <= 1.0));
            db_span += usize::from(ok & (v >= -40.0) & (v <= 20.0));
        }
        UnitEvidence {
            valid,
            negative,
            unit_interval,
            db_span,
        }
    }

    /// The unit the values show, `None` when they do not show one clearly
    /// (see the rule's documentation); `varies`: whether two valid values
    /// differ (a constant band is not judged).
    pub fn unit(&self, varies: bool) -> Option<BackscatterUnit> {
        if self.valid < MIN_VALUES || !varies {
            return None;
        }
        let n = self.valid as f64;
        let share = |k: usize| k as f64 / n;
        if share(self.negative) <= 0.01 && share(self.unit_interval) >= 0.5 {
            Some(BackscatterUnit::Linear)
        } else if share(self.negative) >= 0.10 && share(self.db_span) >= 0.95 {
            Some(BackscatterUnit::Db)
        } else {
            None
        }
    }
}

/// The median of the finite values other than `nodata` (computed only for
/// a finding).
fn median(values: &[f64], nodata: Option<f64>) -> f64 {
    let mut valid: Vec<f64> = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && nodata != Some(*v))
        .collect();
    if valid.is_empty() {
        return f64::NAN;
    }
    let mid = valid.len() / 2;
    let (_, m, _) = valid.select_nth_unstable_by(mid, f64::total_cmp);
    *m
}

/// R012: a band whose values show the other unit than the profile's.
fn check(facts: &BandFacts, out: &mut Out) {
    let Some(expected) = facts.unit else { return };
    let evidence = UnitEvidence::of(facts.values, facts.nodata);
    // The band's extremes, nodata and non-finite values aside, as its
    // statistics found them.
    let varies = matches!((facts.stats.min, facts.stats.max), (Some(a), Some(b)) if a < b);
    let Some(found) = evidence.unit(varies).filter(|u| *u != expected) else {
        return;
    };
    out.push(WrongBackscatterUnit {
        band: super::band_number(facts.band),
        unit: found.name().into(),
        expected_unit: expected.name().into(),
        valid_values: evidence.valid as u64,
        negative_percent: 100.0 * evidence.negative as f64 / evidence.valid as f64,
        median: median(facts.values, facts.nodata),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::input::{messages, BandStats};
    use BackscatterUnit::{Db, Linear};

    fn judge(values: &[f64], nodata: Option<f64>, expected: BackscatterUnit) -> Vec<String> {
        let stats = BandStats::of(values, nodata, (None, None));
        let facts = BandFacts {
            kind: FileKind::S1,
            band: 1,
            stats: &stats,
            nodata,
            is_float: true,
            range: (None, None),
            values,
            unit: Some(expected),
        };
        messages(check, &facts)
    }

    /// splitmix64 and Box-Muller: a standard normal deviate per call.
    struct Normal(u64);
    impl Normal {
        fn uniform(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
        fn next(&mut self) -> f64 {
            let (u, v) = (self.uniform().max(1e-300), self.uniform());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        }
    }

    /// Speckle-filtered linear σ0 of a 256 × 256 patch: land-cover parcels
    /// of typical mean backscatter (water, field, grassland, forest,
    /// built-up), each value log-normal around its parcel's mean (about
    /// 1.3 dB of residual speckle after multitemporal filtering).
    fn patch(seed: u64, means: &[f64]) -> Vec<f64> {
        let mut rng = Normal(seed);
        (0..256 * 256)
            .map(|i| {
                let parcel = (i / 256 / 32 * 8 + i % 256 / 32) % means.len();
                means[parcel] * (0.3 * rng.next()).exp()
            })
            .collect()
    }

    /// Mean σ0 of water, field, grassland, forest and built-up, VV and VH
    /// (C-band, orders of magnitude of the literature: VV −22 to −3 dB,
    /// VH −28 to −10 dB).
    const VV: [f64; 5] = [0.006, 0.04, 0.06, 0.1, 0.5];
    const VH: [f64; 5] = [0.0015, 0.008, 0.012, 0.025, 0.1];

    fn db(values: &[f64]) -> Vec<f64> {
        values.iter().map(|v| 10.0 * v.log10()).collect()
    }

    #[test]
    fn both_units_on_realistic_bands() {
        for (seed, means) in [(1, &VV[..]), (2, &VH[..]), (3, &VV[..1]), (4, &VH[3..])] {
            let linear = patch(seed, means);
            let decibels = db(&linear);
            assert!(judge(&linear, None, Linear).is_empty());
            assert!(judge(&decibels, None, Db).is_empty());
            let got = judge(&linear, None, Db);
            assert_eq!(got.len(), 1, "{means:?}");
            assert!(
                got[0].starts_with("band 1 holds linear values, expected dB (0.0% of 65536 values negative, median 0."),
                "{}",
                got[0]
            );
            let got = judge(&decibels, None, Linear);
            assert_eq!(got.len(), 1, "{means:?}");
            assert!(
                got[0].starts_with("band 1 holds dB values, expected linear (")
                    && got[0].contains("% of 65536 values negative, median -"),
                "{}",
                got[0]
            );
        }
        assert_eq!(
            UnitEvidence::of(&db(&patch(5, &VV)), None).unit(true),
            Some(Db),
            "urban parcels included"
        );
    }

    #[test]
    fn bright_city_in_db_is_not_judged_as_linear() {
        // Dense built-up VV around +4 dB: hardly a negative value, but most
        // beyond [0, 1].
        let city = db(&patch(6, &[2.5, 3.2, 2.0]));
        assert!(judge(&city, None, Db).is_empty());
        assert!(judge(&city, None, Linear).is_empty(), "neither shape");
    }

    #[test]
    fn constant_sparse_and_encoded_bands_are_not_judged() {
        assert!(judge(&vec![0.05; 65_536], None, Db).is_empty(), "constant");
        assert!(
            judge(&vec![-12.0; 65_536], None, Linear).is_empty(),
            "constant"
        );
        let mut mostly_nodata = vec![-9999.0; 65_536];
        mostly_nodata[..99].copy_from_slice(&patch(7, &VV)[..99]);
        assert!(
            judge(&mostly_nodata, Some(-9999.0), Db).is_empty(),
            "99 values"
        );
        mostly_nodata[99] = 0.07;
        assert_eq!(
            judge(&mostly_nodata, Some(-9999.0), Db).len(),
            1,
            "100 values"
        );
        // dB × 100 stored as integers: neither unit's shape.
        let scaled: Vec<f64> = db(&patch(8, &VV))
            .iter()
            .map(|v| (v * 100.0).round())
            .collect();
        assert!(judge(&scaled, None, Linear).is_empty());
        assert!(judge(&scaled, None, Db).is_empty());
    }

    #[test]
    fn nodata_and_non_finite_values_are_left_out() {
        let mut linear = patch(9, &VV);
        for v in linear.iter_mut().step_by(3) {
            *v = -9999.0;
        }
        linear[1] = f64::NAN;
        linear[2] = f64::NEG_INFINITY;
        let got = judge(&linear, Some(-9999.0), Db);
        assert_eq!(got.len(), 1);
        assert!(
            got[0].contains("0.0% of 43688 values negative"),
            "{}",
            got[0]
        );
        assert!(judge(&linear, Some(-9999.0), Linear).is_empty());
    }

    #[test]
    fn a_few_pixels_do_not_decide() {
        // A dB band with 5 % of its pixels replaced by linear-looking
        // values is still dB; a linear band with 5 % negative glitches is
        // neither linear (over 1 %) nor dB (under 10 %).
        let mut decibels = db(&patch(10, &VH));
        for v in decibels.iter_mut().step_by(20) {
            *v = 0.05;
        }
        assert!(judge(&decibels, None, Db).is_empty());
        assert_eq!(judge(&decibels, None, Linear).len(), 1);
        let mut linear = patch(11, &VV);
        for v in linear.iter_mut().step_by(20) {
            *v = -0.01;
        }
        assert!(judge(&linear, None, Db).is_empty());
        assert!(judge(&linear, None, Linear).is_empty());
    }

    #[test]
    fn medians_are_shown_with_four_significant_digits() {
        assert_eq!(significant(0.079_412), "0.07941");
        assert_eq!(significant(-13.2149), "-13.21");
        assert_eq!(significant(1234.4), "1234");
    }
}
