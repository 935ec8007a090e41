//! Accuracy figures from a confusion matrix (rows: reference = vector
//! classes; columns: raster values).
//!
//! * overall accuracy = Σ diagonal / total;
//! * Cohen's kappa = (p_o − p_e) / (1 − p_e), p_e = Σ_c row_c · col_c / total²;
//! * per class c ≥ 1: precision = n_cc / col_c, recall = n_cc / row_c,
//!   F1 = 2PR / (P + R), IoU = n_cc / (row_c + col_c − n_cc); a ratio with a
//!   zero denominator is 0;
//! * weighted F1 = Σ_c F1_c · row_c / total (weights = reference support, as
//!   the weighted F1 of the paper's tables).
//!
//! ```
//! use multisenge::compare::coverage::ConfusionMatrix;
//! use multisenge::compare::metrics::Metrics;
//!
//! let mut m = ConfusionMatrix::default();
//! m.add(6, 6, 80);
//! m.add(6, 9, 20);
//! m.add(9, 9, 100);
//! let s = Metrics::from_matrix(&m);
//! assert!((s.overall_accuracy - 0.9).abs() < 1e-12);
//! assert!((s.kappa - 0.8).abs() < 1e-12);
//! let c6 = s.classes.iter().find(|c| c.class == 6).unwrap();
//! assert!((c6.precision - 1.0).abs() < 1e-12 && (c6.recall - 0.8).abs() < 1e-12);
//! ```

use serde::Serialize;

use super::coverage::ConfusionMatrix;

/// Figures of one class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassMetrics {
    pub class: u8,
    /// Reference count (row sum).
    pub reference: u64,
    /// Predicted count (column sum).
    pub predicted: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub iou: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Metrics {
    pub overall_accuracy: f64,
    pub kappa: f64,
    pub weighted_f1: f64,
    pub classes: Vec<ClassMetrics>,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

impl Metrics {
    pub fn from_matrix(m: &ConfusionMatrix) -> Metrics {
        let total = m.total() as f64;
        let classes = m.classes();
        let diag: f64 = classes.iter().map(|&c| m.get(c, c) as f64).sum();
        let po = ratio(diag, total);
        let pe = ratio(
            classes
                .iter()
                .map(|&c| m.row_sum(c) as f64 * m.col_sum(c) as f64)
                .sum(),
            total * total,
        );
        let kappa = if (1.0 - pe).abs() < 1e-15 {
            if po == 1.0 {
                1.0
            } else {
                0.0
            }
        } else {
            (po - pe) / (1.0 - pe)
        };
        let mut out = Vec::new();
        let mut wf1 = 0.0;
        for &c in classes.iter().filter(|&&c| c != 0) {
            let (row, col, n) = (m.row_sum(c) as f64, m.col_sum(c) as f64, m.get(c, c) as f64);
            let precision = ratio(n, col);
            let recall = ratio(n, row);
            let f1 = ratio(2.0 * precision * recall, precision + recall);
            wf1 += f1 * ratio(row, total);
            out.push(ClassMetrics {
                class: c,
                reference: row as u64,
                predicted: col as u64,
                precision,
                recall,
                f1,
                iou: ratio(n, row + col - n),
            });
        }
        Metrics {
            overall_accuracy: po,
            kappa,
            weighted_f1: wf1,
            classes: out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_empty_matrices() {
        let mut m = ConfusionMatrix::default();
        m.add(3, 3, 5);
        let s = Metrics::from_matrix(&m);
        assert_eq!(
            (s.overall_accuracy, s.kappa, s.weighted_f1),
            (1.0, 1.0, 1.0)
        );
        let s = Metrics::from_matrix(&ConfusionMatrix::default());
        assert_eq!(s.overall_accuracy, 0.0);
        assert!(s.classes.is_empty());
    }

    #[test]
    fn agrees_with_hand_computed_three_class_case() {
        // rows = reference, columns = predicted
        let t = [[50u64, 3, 2], [5, 40, 5], [0, 10, 35]];
        let mut m = ConfusionMatrix::default();
        for (i, r) in t.iter().enumerate() {
            for (j, &n) in r.iter().enumerate() {
                m.add(i as u8 + 1, j as u8 + 1, n);
            }
        }
        let s = Metrics::from_matrix(&m);
        let total = 150.0;
        assert!((s.overall_accuracy - 125.0 / total).abs() < 1e-12);
        let pe = (55.0 * 55.0 + 50.0 * 53.0 + 45.0 * 42.0) / (total * total);
        assert!((s.kappa - (125.0 / total - pe) / (1.0 - pe)).abs() < 1e-12);
        let c2 = &s.classes[1];
        assert!((c2.precision - 40.0 / 53.0).abs() < 1e-12);
        assert!((c2.recall - 40.0 / 50.0).abs() < 1e-12);
        assert!((c2.iou - 40.0 / 63.0).abs() < 1e-12);
    }
}
