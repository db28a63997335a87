//! Helpers for the data-driven tests: finding test files, golden comparison (rewritten
//! with `UPDATE_EXPECT=1`), and tolerant array comparison (the
//! `for`⇄`loop` rewrite is the library's `arrayc::rewrite_scopes`).

use std::path::{Path, PathBuf};

/// The repository root (the parent of this package).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn data_dir(stage: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(stage)
}

/// The `.arr` files of a directory, sorted by name.
pub fn arr_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "arr"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Compares `actual` with the golden file; with `UPDATE_EXPECT=1` rewrites it instead.
pub fn check_golden(golden: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(golden, actual)
            .map_err(|e| format!("cannot write {}: {e}", golden.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(golden).map_err(|_| {
        format!(
            "{}: golden file missing (run with UPDATE_EXPECT=1 to create it)",
            golden.display()
        )
    })?;
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs (run with UPDATE_EXPECT=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}",
            golden.display()
        ))
    }
}

/// How closely outputs must match their fixtures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// Bit for bit (NaN matches NaN).
    Exact,
    /// SPEC.md's bound for arithmetic, stencils and reductions: 1e-12 relative.
    Arithmetic,
    /// SPEC.md's bound for transcendental functions: 1e-13 absolute plus 1e-10 relative.
    Transcendental,
    /// SPEC.md's bound for float32 transcendental functions: 1e-6 relative.
    Float32,
}

/// Reads `# tolerance: exact|arithmetic|transcendental|float32` from a test's source (default
/// arithmetic). Any other value, or a second `# tolerance:` line, is an error: a typo must
/// not loosen a test.
pub fn tolerance_of(source: &str) -> Result<Tolerance, String> {
    let mut found = None;
    for line in source.lines() {
        if let Some(rest) = line.trim().strip_prefix("# tolerance:") {
            let tolerance = match rest.trim() {
                "exact" => Tolerance::Exact,
                "arithmetic" => Tolerance::Arithmetic,
                "transcendental" => Tolerance::Transcendental,
                "float32" => Tolerance::Float32,
                other => {
                    return Err(format!(
                    "unknown `# tolerance: {other}` (exact, arithmetic, transcendental or float32)"
                ))
                }
            };
            if found.replace(tolerance).is_some() {
                return Err("more than one `# tolerance:` line".to_string());
            }
        }
    }
    Ok(found.unwrap_or(Tolerance::Arithmetic))
}

/// An output against the `.npy` file NumPy saved: the same shape, the same dtype, and values
/// within `tolerance`.
pub fn compare_with_npy(
    name: &str,
    array: &arrayc::Array,
    file: &std::path::Path,
    tolerance: Tolerance,
) -> Result<(), String> {
    let fixture = arrayc_npy::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    if fixture.shape != array.shape {
        return Err(format!(
            "{name}: shape {:?}, NumPy's {:?}",
            array.shape, fixture.shape
        ));
    }
    let dtype = fixture.data.dtype();
    if dtype != array.dtype() {
        return Err(format!(
            "{name}: dtype {}, NumPy's {}",
            array.dtype().numpy_name(),
            dtype.numpy_name()
        ));
    }
    let values = arrayc::ArrayView::new(&fixture.shape, fixture.data.view())
        .data
        .to_f64();
    compare(name, &values, &array.to_f64(), tolerance)
}

pub fn compare(
    name: &str,
    expected: &[f64],
    actual: &[f64],
    tolerance: Tolerance,
) -> Result<(), String> {
    if expected.len() != actual.len() {
        return Err(format!(
            "{name}: {} elements expected, {} given",
            expected.len(),
            actual.len()
        ));
    }
    for (k, (&e, &a)) in expected.iter().zip(actual).enumerate() {
        let ok = if e.is_nan() || a.is_nan() {
            e.is_nan() && a.is_nan()
        } else {
            match tolerance {
                Tolerance::Exact => e.to_bits() == a.to_bits() || (e == 0.0 && a == 0.0),
                Tolerance::Arithmetic => e == a || (e - a).abs() <= 1e-12 * e.abs(),
                Tolerance::Transcendental => e == a || (e - a).abs() <= 1e-13 + 1e-10 * e.abs(),
                Tolerance::Float32 => e == a || (e - a).abs() <= 1e-6 * e.abs(),
            }
        };
        if !ok {
            return Err(format!(
                "{name}: element {k} is {a:?}, expected {e:?} ({tolerance:?})"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_lines() {
        assert_eq!(tolerance_of("out a = 1"), Ok(Tolerance::Arithmetic));
        assert_eq!(
            tolerance_of("# tolerance: exact\nout a = 1"),
            Ok(Tolerance::Exact)
        );
        assert_eq!(
            tolerance_of("  # tolerance: transcendental"),
            Ok(Tolerance::Transcendental)
        );
        assert!(tolerance_of("# tolerance: exactly").is_err());
        assert!(tolerance_of("# tolerance:").is_err());
        assert!(tolerance_of("# tolerance: exact\n# tolerance: arithmetic").is_err());
    }
}
