//! Pairing a date with the nearest date of another series.

use crate::model::naming::Date;

/// The date of `candidates` (sorted) nearest to `target` in days; of two
/// equally near, the earlier. `None` when there is no candidate.
///
/// ```
/// use multisenge::model::naming::Date;
/// use multisenge::select::nearest::nearest;
/// let d = |s: &str| Date::parse(s).unwrap();
/// let s1 = [d("20200303"), d("20200309"), d("20200315")];
/// assert_eq!(nearest(&s1, d("20200308")), Some(d("20200309")));
/// // 12 March is 3 days from both 9 and 15 March: the earlier wins.
/// assert_eq!(nearest(&s1, d("20200312")), Some(d("20200309")));
/// assert_eq!(nearest(&[], d("20200312")), None);
/// ```
pub fn nearest(candidates: &[Date], target: Date) -> Option<Date> {
    // First candidate not before the target, and the one before it.
    let i = candidates.partition_point(|&c| c < target);
    let after = candidates.get(i).copied();
    let before = i.checked_sub(1).map(|j| candidates[j]);
    match (before, after) {
        (Some(b), Some(a)) => {
            let t = target.day_number();
            if t - b.day_number() <= a.day_number() - t {
                Some(b)
            } else {
                Some(a)
            }
        }
        (b, a) => b.or(a),
    }
}
