//! Where a long run is, for a front end's progress bar (`multisenge run`'s
//! `{"phase": ..., "progress": ...}` lines): the run's phases in order,
//! each with its share of the run's time, reported as each one starts.
//!
//! The shares are the wall times of the phases on a full tile
//! (docs/performance.md), so the bar moves about evenly; within a phase it
//! stands still.
//!
//! ```
//! use std::sync::Mutex;
//! use multisenge::generalize::progress::Phases;
//!
//! let seen = Mutex::new(Vec::new());
//! let report = |name: &str, done: f64| seen.lock().unwrap().push((name.to_string(), done));
//! let mut phases = Phases::new(&[("read", 1.0), ("fill", 3.0)], &report);
//! phases.begin();
//! phases.finish("read");
//! phases.finish("fill");
//! assert_eq!(
//!     *seen.lock().unwrap(),
//!     [("read".to_string(), 0.0), ("fill".to_string(), 0.25), ("done".to_string(), 1.0)]
//! );
//! ```

/// Receives the name of the phase that starts (`done` after the last) and
/// the share of the run done before it, from 0 to 1.
pub type Report<'a> = &'a (dyn Fn(&str, f64) + Sync);

/// A report that goes nowhere.
pub fn silent() -> Report<'static> {
    &|_, _| {}
}

/// The phases of one run and how far it is.
pub struct Phases<'a> {
    /// Name and weight, in order.
    phases: Vec<(&'static str, f64)>,
    report: Report<'a>,
}

impl<'a> Phases<'a> {
    /// The phases of a run, in order, with their weights (any positive
    /// unit: seconds on a full tile).
    pub fn new(phases: &[(&'static str, f64)], report: Report<'a>) -> Phases<'a> {
        Phases {
            phases: phases.to_vec(),
            report,
        }
    }

    /// Reports the start of the first phase.
    pub fn begin(&self) {
        if let Some((name, _)) = self.phases.first() {
            (self.report)(name, 0.0);
        }
    }

    /// Reports the end of phase `name`: the next phase starts (`done` after
    /// the last). A name not among the phases reports nothing.
    pub fn finish(&self, name: &str) {
        let Some(i) = self.phases.iter().position(|(n, _)| *n == name) else {
            return;
        };
        let total: f64 = self.phases.iter().map(|(_, w)| w).sum();
        let done: f64 = self.phases[..=i].iter().map(|(_, w)| w).sum();
        let next = self.phases.get(i + 1).map_or("done", |(n, _)| n);
        (self.report)(next, if total > 0.0 { done / total } else { 1.0 });
    }
}

/// The phases of a `generalize` run and their weights: the wall seconds of
/// a full tile's run (docs/performance.md, issue 11; patches measured with
/// `--patches`): reading the inputs (unless given), each step, writing the
/// output, writing the patches.
pub fn generalize_phases(
    steps: &[super::pipeline::Step],
    read: bool,
    output: bool,
    patches: bool,
) -> Vec<(&'static str, f64)> {
    use super::pipeline::Step;
    let mut out = Vec::new();
    if read {
        out.push(("read", 1.1));
    }
    for step in steps {
        let weight = match step {
            Step::Rasterize => 0.8,
            Step::Sieve => 0.15,
            Step::Fill => 1.4,
            Step::Close => 0.25,
            Step::Roads => 0.15,
            Step::FinalMmu => 0.2,
        };
        out.push((step.name(), weight));
    }
    if output {
        out.push(("write", 0.6));
    }
    if patches {
        out.push(("patches", 2.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn shares_follow_the_weights_and_unknown_names_are_ignored() {
        let seen = Mutex::new(Vec::new());
        let report = |name: &str, done: f64| seen.lock().unwrap().push((name.to_string(), done));
        let phases = Phases::new(&[("a", 1.0), ("b", 1.0), ("c", 2.0)], &report);
        phases.begin();
        phases.finish("a");
        phases.finish("nope");
        phases.finish("b");
        phases.finish("c");
        // No phase: nothing to report.
        let empty = Phases::new(&[], &report);
        empty.begin();
        empty.finish("a");
        let seen = seen.into_inner().unwrap();
        assert_eq!(
            seen,
            [
                ("a".to_string(), 0.0),
                ("b".to_string(), 0.25),
                ("c".to_string(), 0.5),
                ("done".to_string(), 1.0)
            ]
        );
    }
}
