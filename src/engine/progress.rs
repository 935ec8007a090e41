//! Progress of a validation: a bar on a terminal, and for front ends
//! (`multisenge run validate`) a percentage handed to a callback.
//!
//! Phases share the 0–100 range: scanning 0–5, label files 5–30, rasters
//! 30–100. The callback is called at most about once per percent, with
//! values that never decrease, from any thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Receives the percentage done.
pub type ProgressHook<'a> = &'a (dyn Fn(f64) + Sync);

/// One phase's meter: `inc` and `finish_and_clear` as a progress bar.
pub(crate) struct Meter<'a> {
    bar: indicatif::ProgressBar,
    hook: Option<ProgressHook<'a>>,
    len: u64,
    done: AtomicU64,
    from: f64,
    to: f64,
    /// Last percentage reported (serialises the calls, keeps them ordered).
    last: Mutex<f64>,
    /// The whole percent below which nothing is reported.
    next: AtomicU64,
}

impl<'a> Meter<'a> {
    pub(crate) fn new(
        bar: indicatif::ProgressBar,
        hook: Option<ProgressHook<'a>>,
        len: u64,
        (from, to): (f64, f64),
    ) -> Meter<'a> {
        Meter {
            bar,
            hook,
            len,
            done: AtomicU64::new(0),
            from,
            to,
            last: Mutex::new(-1.0),
            next: AtomicU64::new(0),
        }
    }

    fn report(&self, percent: f64) {
        // Most increments do not reach the next percent: no lock for them.
        if percent < self.next.load(Ordering::Relaxed) as f64 && percent != self.to {
            return;
        }
        if let Some(hook) = self.hook {
            let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
            if percent >= *last + 1.0 || (percent == self.to && percent > *last) {
                *last = percent;
                self.next.store(percent as u64 + 1, Ordering::Relaxed);
                hook(percent);
            }
        }
    }

    pub(crate) fn inc(&self, n: u64) {
        self.bar.inc(n);
        if self.hook.is_some() && self.len > 0 {
            let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
            let share = done.min(self.len) as f64 / self.len as f64;
            self.report(((self.from + (self.to - self.from) * share) * 10.0).floor() / 10.0);
        }
    }

    pub(crate) fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
        self.report(self.to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_about_once_per_percent_in_order_and_ends_at_the_phase_end() {
        let seen = Mutex::new(Vec::new());
        let hook = |p: f64| seen.lock().unwrap().push(p);
        let meter = Meter::new(
            indicatif::ProgressBar::hidden(),
            Some(&hook),
            1000,
            (30.0, 100.0),
        );
        rayon::scope(|s| {
            for _ in 0..4 {
                s.spawn(|_| (0..250).for_each(|_| meter.inc(1)));
            }
        });
        meter.finish_and_clear();
        let seen = seen.into_inner().unwrap();
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&100.0));
        assert!(
            seen[0] >= 30.0 && seen.len() <= 71 && seen.len() >= 60,
            "{seen:?}"
        );
    }
}
