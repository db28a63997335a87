//! Pictures: a PNG per program output (`run --plot DIR`) and the sweep chart
//! (`sweep --plot FILE.svg|FILE.png`), drawn with plotters and the embedded DejaVu font,
//! so no system font is needed.

use crate::output::Failure;
use arrayc::{Array, RunResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;
use std::fs::OpenOptions;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 600;
const FONT: &str = "sans-serif";

/// plotters looks fonts up by family name; without one, drawing text panics.
fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        // The embedded font is valid; if registration ever failed, text would be missing,
        // which the drawing calls below report as an error rather than a panic.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
    });
}

fn drawing_error(path: &Path, error: impl std::fmt::Display) -> Failure {
    Failure(format!("error: cannot draw `{}`: {error}", path.display()))
}

/// A picture drawn under a temporary name beside its target (same directory, so the rename
/// cannot cross file systems; created exclusively, so it never follows a planted link; with
/// the target's extension, by which the drawing backends choose a format). `commit` renames
/// it into place; dropping it uncommitted removes it. Readers of the target see the old
/// picture or the new one, never a part.
#[derive(Debug)]
pub struct StagedPlot {
    temporary: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl StagedPlot {
    fn create(target: &Path) -> io::Result<StagedPlot> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let directory = target.parent().unwrap_or(Path::new(""));
        let name = target
            .file_name()
            .map_or_else(|| "plot".into(), |n| n.to_string_lossy().into_owned());
        let extension = target
            .extension()
            .map_or(String::new(), |e| format!(".{}", e.to_string_lossy()));
        loop {
            let unique = format!(
                ".{name}.{}-{}.tmp{extension}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let temporary = directory.join(unique);
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(_) => {
                    return Ok(StagedPlot {
                        temporary,
                        target: target.to_path_buf(),
                        committed: false,
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Where the picture goes on `commit`.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the picture into place.
    pub fn commit(mut self) -> Result<(), Failure> {
        std::fs::rename(&self.temporary, &self.target).map_err(|e| {
            Failure(format!(
                "error: cannot write `{}`: {e}",
                self.target.display()
            ))
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for StagedPlot {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing to report if it is already gone.
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// A new temporary file for a picture at `path`.
fn stage(path: &Path) -> Result<StagedPlot, Failure> {
    StagedPlot::create(path)
        .map_err(|e| Failure(format!("error: cannot write `{}`: {e}", path.display())))
}

/// Draws `DIR/NAME.png` for every output of rank 1 or 2 under a temporary name, returned
/// for the caller to commit once every file is ready; other ranks get a note on stderr.
pub fn plot_outputs(dir: &Path, result: &RunResult) -> Result<Vec<StagedPlot>, Failure> {
    register_font();
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure(format!("error: cannot create `{}`: {e}", dir.display())))?;
    let mut staged = Vec::new();
    for (name, array) in &result.outputs {
        let path = dir.join(format!("{name}.png"));
        if !matches!(array.shape.len(), 1 | 2) {
            crate::output::warn(&format!(
                "note: output `{name}` has rank {}; only rank 1 and 2 are plotted",
                array.shape.len()
            ));
            continue;
        }
        let file = stage(&path)?;
        let area = BitMapBackend::new(&file.temporary, (WIDTH, HEIGHT)).into_drawing_area();
        let drawn = if array.shape.len() == 1 {
            line_plot(&area, name, array)
        } else {
            heat_map(&area, name, array)
        };
        drawn
            .and_then(|()| present(&area))
            .map_err(|e| drawing_error(&path, e))?;
        drop(area);
        staged.push(file);
    }
    Ok(staged)
}

/// How many labels an index axis from 0 to `extent` may have: one per whole number at
/// most, so that the ticks plotters picks are whole numbers (a [3, 8] heat map used to
/// label axis 0 `0, 0, 1, 2, 2, 2, 3`).
fn index_labels(extent: usize) -> usize {
    (extent + 1).min(10)
}

/// An index tick's label; a fractional tick (should one be chosen) gets none.
fn index_label(value: &f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        String::new()
    }
}

fn present<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> Result<(), String> {
    area.present().map_err(|e| e.to_string())
}

/// The finite range of the data, widened when it is a single value so axes are never empty.
fn finite_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in values.filter(|v| v.is_finite()) {
        low = low.min(value);
        high = high.max(value);
    }
    if low > high {
        return (0.0, 1.0);
    }
    if high - low <= f64::EPSILON * high.abs().max(low.abs()).max(1e-300) {
        let pad = if low == 0.0 { 1.0 } else { low.abs() * 0.1 };
        return (low - pad, high + pad);
    }
    (low, high)
}

fn line_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    array: &Array,
) -> Result<(), String> {
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let values = array.to_f64();
    let (low, high) = finite_range(values.iter().copied());
    let pad = (high - low) * 0.05;
    let count = values.len();
    let mut chart = ChartBuilder::on(area)
        .caption(format!("{name}  {:?}", array.shape), (FONT, 24))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..(count.max(2) - 1) as f64, (low - pad)..(high + pad))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("index")
        .y_desc(name)
        .x_labels(index_labels(count.max(2) - 1))
        .x_label_formatter(&index_label)
        .label_style((FONT, 14))
        .draw()
        .map_err(|e| e.to_string())?;
    // Non-finite values break the line instead of bending the axes.
    let mut segment = Vec::new();
    let mut segments = Vec::new();
    for (index, &value) in values.iter().enumerate() {
        if value.is_finite() {
            segment.push((index as f64, value));
        } else if !segment.is_empty() {
            segments.push(std::mem::take(&mut segment));
        }
    }
    segments.push(segment);
    for segment in segments {
        if segment.len() == 1 {
            chart
                .draw_series(segment.iter().map(|&p| Circle::new(p, 3, BLUE.filled())))
                .map_err(|e| e.to_string())?;
        } else {
            chart
                .draw_series(LineSeries::new(segment, BLUE.stroke_width(2)))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// Axis 0 runs down (row 0 at the top, as NumPy prints it), axis 1 across; a viridis colour
/// bar on the right. Each pixel takes the cell under it, so the cost does not grow with the
/// array.
fn heat_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    name: &str,
    array: &Array,
) -> Result<(), String> {
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let (rows, columns) = (array.shape[0], array.shape[1]);
    let values = array.to_f64();
    let (low, high) = finite_range(values.iter().copied());
    let (main, bar) = area.split_horizontally(WIDTH - 130);
    let mut chart = ChartBuilder::on(&main)
        .caption(format!("{name}  {:?}", array.shape), (FONT, 24))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..columns.max(1) as f64, rows.max(1) as f64..0f64)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("axis 1")
        .y_desc("axis 0")
        .x_labels(index_labels(columns.max(1)))
        .y_labels(index_labels(rows.max(1)))
        .x_label_formatter(&index_label)
        .y_label_formatter(&index_label)
        .label_style((FONT, 14))
        .draw()
        .map_err(|e| e.to_string())?;
    let pixels = chart.plotting_area().strip_coord_spec();
    let (width, height) = pixels.dim_in_pixel();
    if rows > 0 && columns > 0 {
        for y in 0..height {
            let row = (y as usize * rows / height.max(1) as usize).min(rows - 1);
            for x in 0..width {
                let column = (x as usize * columns / width.max(1) as usize).min(columns - 1);
                let value = values[row * columns + column];
                let color = if value.is_finite() {
                    ViridisRGB::get_color_normalized(value, low, high)
                } else {
                    RGBColor(128, 128, 128)
                };
                pixels
                    .draw_pixel((x as i32, y as i32), &color)
                    .map_err(|e| e.to_string())?;
            }
        }
    }
    color_bar(&bar, low, high)
}

fn color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    low: f64,
    high: f64,
) -> Result<(), String> {
    let mut chart = ChartBuilder::on(area)
        .margin_top(55)
        .margin_bottom(55)
        .margin_right(10)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..1f64, low..high)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style((FONT, 13))
        .draw()
        .map_err(|e| e.to_string())?;
    let steps = 256;
    let step = (high - low) / steps as f64;
    chart
        .draw_series((0..steps).map(|index| {
            let from = low + step * index as f64;
            let color = ViridisRGB::get_color_normalized(from + step / 2.0, low, high);
            Rectangle::new([(0.0, from), (1.0, from + step)], color.filled())
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// One measured point of a sweep line.
#[derive(Clone, Copy)]
pub struct Point {
    pub x: f64,
    pub compile_us: f64,
    pub run_us: f64,
}

/// One line pair (compile and run time) of the sweep chart.
pub struct Series {
    pub label: String,
    pub points: Vec<Point>,
}

/// Where the total times of the `for` and `loop` forms cross.
pub struct Crossing {
    pub label: String,
    pub x: f64,
}

pub struct SweepChart {
    pub title: String,
    pub x_name: String,
    pub series: Vec<Series>,
    pub crossings: Vec<Crossing>,
}

/// Draws the chart to `path`, atomically (see `StagedPlot`); the extension picks SVG or PNG.
pub fn plot_sweep(path: &Path, chart: &SweepChart) -> Result<(), Failure> {
    register_font();
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let svg = match extension.as_deref() {
        Some("svg") => true,
        Some("png") => false,
        _ => {
            return Err(Failure(format!(
                "error: --plot `{}`: the file name must end in .svg or .png",
                path.display()
            )))
        }
    };
    let file = stage(path)?;
    let drawn = if svg {
        let area = SVGBackend::new(&file.temporary, (WIDTH, HEIGHT)).into_drawing_area();
        sweep_chart(&area, chart).and_then(|()| present(&area))
    } else {
        let area = BitMapBackend::new(&file.temporary, (WIDTH, HEIGHT)).into_drawing_area();
        sweep_chart(&area, chart).and_then(|()| present(&area))
    };
    drawn.map_err(|e| drawing_error(path, e))?;
    file.commit()
}

fn log_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in values.filter(|v| v.is_finite() && *v > 0.0) {
        low = low.min(value);
        high = high.max(value);
    }
    if low > high {
        return 1.0..10.0;
    }
    (low / 1.5)..(high * 1.5)
}

fn sweep_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    sweep: &SweepChart,
) -> Result<(), String> {
    area.fill(&WHITE).map_err(|e| e.to_string())?;
    let points = || sweep.series.iter().flat_map(|s| s.points.iter());
    let x_range = log_range(points().map(|p| p.x));
    let y_range = log_range(points().flat_map(|p| [p.compile_us, p.run_us]));
    // Room above the data for the legend.
    let y_range = y_range.start..y_range.end * 8.0;
    let mut chart = ChartBuilder::on(area)
        .caption(&sweep.title, (FONT, 22))
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d(x_range.clone().log_scale(), y_range.clone().log_scale())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(&sweep.x_name)
        .y_desc("time (µs)")
        .x_label_formatter(&|v| round(*v))
        .y_label_formatter(&|v| round(*v))
        .label_style((FONT, 14))
        .draw()
        .map_err(|e| e.to_string())?;
    let positive = |v: f64| v.is_finite() && v > 0.0;
    for (index, series) in sweep.series.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        let compile: Vec<(f64, f64)> = series
            .points
            .iter()
            .filter(|p| positive(p.x) && positive(p.compile_us))
            .map(|p| (p.x, p.compile_us))
            .collect();
        let run: Vec<(f64, f64)> = series
            .points
            .iter()
            .filter(|p| positive(p.x) && positive(p.run_us))
            .map(|p| (p.x, p.run_us))
            .collect();
        chart
            .draw_series(LineSeries::new(compile.clone(), color.stroke_width(2)))
            .map_err(|e| e.to_string())?
            .label(format!("{} compile", series.label))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
            });
        chart
            .draw_series(compile.iter().map(|&p| Circle::new(p, 4, color.filled())))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(DashedLineSeries::new(
                run.clone(),
                6,
                4,
                color.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?
            .label(format!("{} run", series.label))
            .legend(move |(x, y)| {
                // Dashed like the line it names: two dashes.
                EmptyElement::at((x, y))
                    + PathElement::new(vec![(0, 0), (8, 0)], color.stroke_width(2))
                    + PathElement::new(vec![(12, 0), (20, 0)], color.stroke_width(2))
            });
        chart
            .draw_series(
                run.iter()
                    .map(|&p| TriangleMarker::new(p, 5, color.filled())),
            )
            .map_err(|e| e.to_string())?;
    }
    for crossing in &sweep.crossings {
        let x = crossing.x;
        chart
            .draw_series(LineSeries::new(
                vec![(x, y_range.start), (x, y_range.end)],
                BLACK.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?
            .label(format!(
                "{}: {} ≈ {}",
                crossing.label,
                sweep.x_name,
                round(x)
            ))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(1)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Three significant digits, for labels.
pub fn round(value: f64) -> String {
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let digits = 2 - value.abs().log10().floor() as i32;
    if digits <= 0 || (value.fract() == 0.0 && value.abs() < 1e15) {
        format!("{value:.0}")
    } else {
        format!("{value:.*}", digits as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every `<text>` element of an SVG document.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|part| {
                let body = part.split_once('>')?.1;
                Some(body.split_once("</text>")?.0.trim().to_string())
            })
            .collect()
    }

    #[test]
    fn a_short_axis_has_no_duplicate_tick_labels() {
        register_font();
        let array = Array {
            shape: vec![3, 8],
            data: arrayc::ArrayData::F64((0..24).map(f64::from).collect()),
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            heat_map(&area, "h", &array).unwrap();
            area.present().unwrap();
        }
        let labels: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.parse::<u32>().is_ok())
            .collect();
        // Axis 0 (rows 0..3) and axis 1 (columns 0..8): every whole number once per axis.
        for expected in ["0", "1", "2", "3"] {
            assert!(
                labels.iter().filter(|l| *l == expected).count() <= 2,
                "{expected} appears on one axis more than once: {labels:?}"
            );
        }
        let threes = labels.iter().filter(|l| *l == "3").count();
        assert_eq!(threes, 2, "3 labels both axes once: {labels:?}");
        assert!(labels.contains(&"8".to_string()), "{labels:?}");
    }

    #[test]
    fn the_legend_draws_run_dashed() {
        register_font();
        let chart = SweepChart {
            title: "t".to_string(),
            x_name: "steps".to_string(),
            series: vec![Series {
                label: "for".to_string(),
                points: vec![
                    Point {
                        x: 1.0,
                        compile_us: 10.0,
                        run_us: 5.0,
                    },
                    Point {
                        x: 10.0,
                        compile_us: 100.0,
                        run_us: 50.0,
                    },
                ],
            }],
            crossings: Vec::new(),
        };
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
            sweep_chart(&area, &chart).unwrap();
            area.present().unwrap();
        }
        // Legend entries are short horizontal paths (tick marks are shorter): one for the
        // solid compile line, two dashes for the run line.
        let short_horizontal = svg
            .split("<polyline")
            .skip(1)
            .filter_map(|part| part.split_once("points=\"")?.1.split_once('"'))
            .map(|(points, _)| points.to_string())
            .filter(|points| {
                let pairs: Vec<(i32, i32)> = points
                    .split_whitespace()
                    .filter_map(|pair| {
                        let (x, y) = pair.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect();
                pairs.len() == 2
                    && pairs[0].1 == pairs[1].1
                    && (8..=20).contains(&(pairs[1].0 - pairs[0].0))
            })
            .count();
        assert_eq!(short_horizontal, 3, "{svg}");
    }
}
