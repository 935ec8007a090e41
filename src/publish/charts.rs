//! The report's charts, drawn as SVG by `plotters` (static pictures that
//! show without scripts and print): class frequencies, acquisition dates
//! per tile and sensor on a time axis (as the paper's figures show the
//! time series), and the number of dates per patch.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::model::naming::Date;

/// Why a chart could not be drawn (plotters' drawing errors, as text).
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the {chart} chart: {message}")]
pub struct ChartError {
    pub chart: &'static str,
    pub message: String,
}

fn fail<E: std::fmt::Debug>(chart: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError {
        chart,
        message: format!("{e:?}"),
    }
}

const FONT: &str = "sans-serif";
const S2_COLOR: RGBColor = RGBColor(31, 119, 180);
const S1_COLOR: RGBColor = RGBColor(214, 96, 39);

/// A class's bar: its label, colour and value.
pub struct ClassBar {
    pub label: String,
    pub color: [u8; 3],
    pub value: f64,
}

/// Horizontal bars of class shares (percent), one panel per series (e.g.
/// patches and pixels); a series without values is drawn as "no data".
pub fn class_frequencies(series: &[(&str, Vec<ClassBar>)]) -> Result<String, ChartError> {
    let rows = series
        .iter()
        .map(|(_, b)| b.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = 60 + 22 * rows as u32;
    let width = 460 * series.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail("class"))?;
        let panels = root.split_evenly((1, series.len().max(1)));
        for ((title, bars), panel) in series.iter().zip(panels) {
            class_panel(&panel, title, bars)?;
        }
        root.present().map_err(fail("class"))?;
    }
    Ok(svg)
}

fn class_panel(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    bars: &[ClassBar],
) -> Result<(), ChartError> {
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0, f64::max)
        .clamp(1.0, 100.0);
    let n = bars.len().max(1);
    let labels: Vec<&str> = bars.iter().map(|b| b.label.as_str()).collect();
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(26)
        .y_label_area_size(190)
        .build_cartesian_2d(0.0..max * 1.05, (0..n).into_segmented())
        .map_err(fail("class"))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i).map_or(String::new(), |s| s.to_string()),
            _ => String::new(),
        })
        .x_desc("%")
        .label_style((FONT, 11))
        .draw()
        .map_err(fail("class"))?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let c = RGBColor(b.color[0], b.color[1], b.color[2]);
            let mut r = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (b.value, SegmentValue::Exact(i + 1)),
                ],
                c.filled(),
            );
            r.set_margin(2, 2, 0, 0);
            r
        }))
        .map_err(fail("class"))?;
    if bars.is_empty() {
        area.draw(&Text::new(
            "no data (no ground-reference pixels were read)",
            (200, 60),
            (FONT, 13),
        ))
        .map_err(fail("class"))?;
    }
    Ok(())
}

/// The acquisition dates of one tile and sensor.
pub struct DateRow {
    pub label: String,
    /// `true` for Sentinel-2 (circles), `false` for Sentinel-1 (bars).
    pub s2: bool,
    /// `YYYYMMDD`.
    pub dates: Vec<u32>,
}

fn day(date: u32) -> Option<i64> {
    Date::parse(&format!("{date:08}"))
        .ok()
        .map(Date::day_number)
}

/// `YYYY-MM` of a day number (days since 1970-01-01).
fn month_label(days: i64) -> String {
    // Civil from days (proleptic Gregorian), the inverse of day_number.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}")
}

/// Every acquisition date on a time axis, one row per tile and sensor.
pub fn dates_per_tile(rows: &[DateRow]) -> Result<String, ChartError> {
    let days: Vec<i64> = rows
        .iter()
        .flat_map(|r| r.dates.iter().filter_map(|&d| day(d)))
        .collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        return Ok(String::new());
    };
    let (lo, hi) = (first - 3, last.max(first + 1) + 3);
    let n = rows.len().max(1);
    let height = 70 + 18 * n as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (920, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail("dates"))?;
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Acquisition dates per tile and sensor (● Sentinel-2, | Sentinel-1)",
                (FONT, 15),
            )
            .margin(8)
            .x_label_area_size(26)
            .y_label_area_size(90)
            .build_cartesian_2d(lo..hi, (0..n).into_segmented())
            .map_err(fail("dates"))?;
        chart
            .configure_mesh()
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    labels.get(*i).map_or(String::new(), |s| s.to_string())
                }
                _ => String::new(),
            })
            .x_labels(12)
            .x_label_formatter(&|d| month_label(*d))
            .label_style((FONT, 11))
            .light_line_style(WHITE)
            .draw()
            .map_err(fail("dates"))?;
        for (i, row) in rows.iter().enumerate() {
            let points = row.dates.iter().filter_map(|&d| day(d));
            if row.s2 {
                chart
                    .draw_series(
                        points.map(|x| {
                            Circle::new((x, SegmentValue::CenterOf(i)), 4, S2_COLOR.filled())
                        }),
                    )
                    .map_err(fail("dates"))?;
            } else {
                chart
                    .draw_series(points.map(|x| {
                        PathElement::new(
                            vec![(x, SegmentValue::Exact(i)), (x, SegmentValue::Exact(i + 1))],
                            S1_COLOR.stroke_width(1),
                        )
                    }))
                    .map_err(fail("dates"))?;
            }
        }
        root.present().map_err(fail("dates"))?;
    }
    Ok(svg)
}

/// How many patches have each number of dates, per sensor: two
/// histograms side by side.
pub fn dates_per_patch(s2: &[usize], s1: &[usize]) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (920, 260)).into_drawing_area();
        root.fill(&WHITE).map_err(fail("dates per patch"))?;
        let panels = root.split_evenly((1, 2));
        for ((title, counts, color), panel) in [
            ("Sentinel-2 dates per patch", s2, S2_COLOR),
            ("Sentinel-1 dates per patch", s1, S1_COLOR),
        ]
        .into_iter()
        .zip(panels)
        {
            histogram(&panel, title, counts, color)?;
        }
        root.present().map_err(fail("dates per patch"))?;
    }
    Ok(svg)
}

fn histogram(
    area: &DrawingArea<SVGBackend, Shift>,
    title: &str,
    counts: &[usize],
    color: RGBColor,
) -> Result<(), ChartError> {
    let max_dates = counts.iter().copied().max().unwrap_or(0);
    let mut freq = vec![0u32; max_dates + 1];
    for &c in counts {
        freq[c] += 1;
    }
    let top = freq.iter().copied().max().unwrap_or(0).max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 15))
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d((0..max_dates).into_segmented(), 0..top + top / 10 + 1)
        .map_err(fail("dates per patch"))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("dates")
        .y_desc("patches")
        .label_style((FONT, 11))
        .draw()
        .map_err(fail("dates per patch"))?;
    chart
        .draw_series(
            Histogram::vertical(&chart)
                .style(color.filled())
                .margin(1)
                .data(counts.iter().map(|&c| (c, 1u32))),
        )
        .map_err(fail("dates per patch"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_invert_day_numbers() {
        for (date, want) in [
            (20200101, "2020-01"),
            (20200229, "2020-02"),
            (19991231, "1999-12"),
        ] {
            assert_eq!(month_label(day(date).unwrap()), want);
        }
    }

    #[test]
    fn charts_are_svg_with_their_labels() {
        let bars = vec![
            ClassBar {
                label: "6 Arable lands".into(),
                color: [255, 255, 168],
                value: 40.0,
            },
            ClassBar {
                label: "11 Forests".into(),
                color: [0, 140, 0],
                value: 12.5,
            },
        ];
        let svg = class_frequencies(&[("patches", bars), ("pixels", Vec::new())]).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("6 Arable lands") && svg.contains("11 Forests"));
        assert!(svg.contains("no data"));
        let rows = [
            DateRow {
                label: "31UER S2".into(),
                s2: true,
                dates: vec![20200105, 20200612],
            },
            DateRow {
                label: "31UER S1".into(),
                s2: false,
                dates: vec![20200101],
            },
        ];
        let svg = dates_per_tile(&rows).unwrap();
        assert!(svg.contains("31UER S2") && svg.contains("2020-0"));
        assert_eq!(svg.matches("<circle").count(), 2, "one mark per S2 date");
        assert!(dates_per_tile(&[]).unwrap().is_empty());
        let svg = dates_per_patch(&[2, 3, 3], &[90, 91]).unwrap();
        assert!(svg.contains("Sentinel-1 dates per patch"));
    }
}
