//! Splits a dataset's patches into shards: deterministic, each patch (with
//! its whole triplet and label file) in exactly one shard, shards balanced
//! by file count.

/// The shard (`0..shards`) of each patch, given the patches' file counts in
/// index order (tile, then position): the patches are cut into `shards`
/// contiguous runs of about equal file count, so neighbouring patches of a
/// tile stay together. A patch goes to shard `⌊before × shards / total⌋`,
/// `before` being the files of the patches ahead of it; each shard holds
/// `total / shards` files give or take one patch. A patch counts at least
/// one file; `shards` 0 is taken as 1.
///
/// ```
/// use multisenge::engine::partition::partition;
/// assert_eq!(partition(&[1, 1, 1, 1], 2), vec![0, 0, 1, 1]);
/// // A big patch fills its shard on its own.
/// assert_eq!(partition(&[6, 1, 1, 1, 1, 1, 1], 2), vec![0, 1, 1, 1, 1, 1, 1]);
/// assert_eq!(partition(&[3, 3], 5), vec![0, 2]);
/// ```
pub fn partition(files: &[u64], shards: u32) -> Vec<u32> {
    let shards = u128::from(shards.max(1));
    let total: u128 = files.iter().map(|&n| u128::from(n.max(1))).sum();
    let mut before = 0u128;
    files
        .iter()
        .map(|&n| {
            let shard = (before * shards / total.max(1)) as u32;
            before += u128::from(n.max(1));
            shard
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force oracle: shard `k` holds the patches whose first file, in
    /// a flat numbering of all files, falls in `[k·total/N, (k+1)·total/N)`.
    fn oracle(files: &[u64], shards: u32) -> Vec<u32> {
        let total: u64 = files.iter().map(|&n| n.max(1)).sum();
        let mut first = 0u64;
        let mut out = Vec::new();
        for &n in files {
            let shard = (0..shards)
                .find(|&k| {
                    let lo = u64::from(k) * total;
                    let hi = u64::from(k + 1) * total;
                    first * u64::from(shards) >= lo && first * u64::from(shards) < hi
                })
                .unwrap();
            out.push(shard);
            first += n.max(1);
        }
        out
    }

    #[test]
    fn matches_the_oracle_and_balances() {
        let mut seed = 7u64;
        for case in 0..200 {
            let len = case % 40;
            let files: Vec<u64> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (seed >> 33) % 9
                })
                .collect();
            for shards in [1, 2, 3, 7] {
                let got = partition(&files, shards);
                assert_eq!(got, oracle(&files, shards), "{files:?} / {shards}");
                assert!(got.windows(2).all(|w| w[0] <= w[1]), "contiguous");
                // Balanced: each shard within one patch of total / shards.
                let total: u64 = files.iter().map(|&n| n.max(1)).sum();
                let biggest = files.iter().map(|&n| n.max(1)).max().unwrap_or(0);
                for k in 0..shards {
                    let held: u64 = files
                        .iter()
                        .zip(&got)
                        .filter(|(_, &s)| s == k)
                        .map(|(&n, _)| n.max(1))
                        .sum();
                    let fair = total as f64 / f64::from(shards);
                    assert!((held as f64 - fair).abs() <= biggest as f64, "{files:?}");
                }
            }
        }
    }

    #[test]
    fn degenerate_counts() {
        assert_eq!(partition(&[], 3), Vec::<u32>::new());
        assert_eq!(partition(&[0, 0], 0), vec![0, 0]);
        assert_eq!(partition(&[u64::MAX, u64::MAX], 2), vec![0, 1]);
    }
}
