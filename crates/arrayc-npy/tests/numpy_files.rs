//! Reads the files NumPy saved in `tests/fixtures` (every element type arrayc uses plus a
//! few it converts, both byte orders, C and Fortran order; `make.py` wrote them) and checks
//! the values against the formula `make.py` documents; checks that the writer's bytes are
//! exactly NumPy's, and that an independent reader (`npyz`) reads them back.

use arrayc_npy::{ArrayData, DType, DataView};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `make.py`'s values in C order, in the element type they are read as.
fn expected(kind: &str) -> ArrayData {
    let n = 0..24i64;
    match kind {
        "f8" => ArrayData::F64(n.map(|n| n as f64 * 0.1 - 1.25).collect()),
        "f4" => ArrayData::F32(n.map(|n| (n as f64 * 0.1 - 1.25) as f32).collect()),
        "f2" => ArrayData::F32(n.map(|n| n as f32 * 0.25 - 3.0).collect()),
        "i8" => ArrayData::I64(n.map(|n| (n - 12) * 1_000_000_007 * 1_000_003).collect()),
        "i4" => ArrayData::I64(n.map(|n| (n - 12) * 100_003).collect()),
        "u1" => ArrayData::I64(n.map(|n| n * 10).collect()),
        "b1" => ArrayData::Bool(n.map(|n| n % 3 == 0).collect()),
        _ => panic!("no fixture kind {kind}"),
    }
}

/// Every fixture of the 2 x 3 x 4 array: kind, file name.
fn files() -> Vec<(&'static str, String)> {
    let mut files = Vec::new();
    for kind in ["f8", "f4", "f2", "i8", "i4", "u1", "b1"] {
        let orders: &[&str] = if matches!(kind, "u1" | "b1") {
            &["little"]
        } else {
            &["little", "big"]
        };
        for order in orders {
            for layout in ["C", "F"] {
                files.push((kind, format!("{kind}-{order}-{layout}.npy")));
            }
        }
    }
    files
}

/// Bit patterns, so that float comparisons are exact and NaN-safe.
fn bits(values: DataView<'_>) -> (DType, Vec<u64>) {
    let bits = match values {
        DataView::F64(v) => v.iter().map(|x| x.to_bits()).collect(),
        DataView::F32(v) => v.iter().map(|x| u64::from(x.to_bits())).collect(),
        DataView::I64(v) => v.iter().map(|&x| x as u64).collect(),
        DataView::Bool(v) => v.iter().map(|&x| u64::from(x)).collect(),
    };
    (values.dtype(), bits)
}

#[test]
fn every_type_order_and_layout_reads_as_numpy_saved_it() {
    for (kind, name) in files() {
        let array = arrayc_npy::read(&fixture(&name)).expect(&name);
        assert_eq!(array.shape, [2, 3, 4], "{name}");
        assert_eq!(
            bits(array.data.view()),
            bits(expected(kind).view()),
            "{name}"
        );
        // In place exactly when the file holds the type it is read as, little-endian, in C order.
        let in_place = matches!(kind, "f8" | "f4" | "i8") && name.ends_with("little-C.npy");
        assert_eq!(array.data.is_zero_copy(), in_place, "{name}");
        let bytes = std::fs::read(fixture(&name)).expect(&name);
        let (shape, values) = arrayc_npy::parse(&bytes).expect(&name);
        assert_eq!(shape, [2, 3, 4]);
        assert_eq!(bits(values.view()), bits(expected(kind).view()));
    }
}

/// `expected(kind)` converted to `element` as NumPy's `astype` does.
fn converted(kind: &str, element: DType) -> ArrayData {
    let exact_f64 = |values: &ArrayData| -> Vec<f64> {
        match values {
            ArrayData::F64(v) => v.clone(),
            ArrayData::F32(v) => v.iter().map(|&x| f64::from(x)).collect(),
            ArrayData::I64(v) => v.iter().map(|&x| x as f64).collect(),
            ArrayData::Bool(v) => v.iter().map(|&x| f64::from(u8::from(x))).collect(),
        }
    };
    let values = expected(kind);
    match element {
        DType::F64 => ArrayData::F64(exact_f64(&values)),
        DType::F32 => ArrayData::F32(match &values {
            // Integers round once, directly to float32.
            ArrayData::I64(v) => v.iter().map(|&x| x as f32).collect(),
            other => exact_f64(other).iter().map(|&x| x as f32).collect(),
        }),
        DType::I64 => ArrayData::I64(match &values {
            ArrayData::I64(v) => v.clone(),
            ArrayData::Bool(v) => v.iter().map(|&x| i64::from(x)).collect(),
            ArrayData::F64(_) | ArrayData::F32(_) => panic!("floats do not convert to int64"),
        }),
        DType::Bool => match values {
            ArrayData::Bool(v) => ArrayData::Bool(v),
            ArrayData::F64(_) | ArrayData::F32(_) | ArrayData::I64(_) => {
                panic!("only bools are bools")
            }
        },
    }
}

#[test]
fn conversions_follow_same_kind_casting_and_refusals_say_why() {
    let elements = [DType::F64, DType::F32, DType::I64, DType::Bool];
    for (kind, name) in files() {
        for element in elements {
            // numpy.can_cast(kind, element, "same_kind")
            let allowed = match kind {
                "b1" => true,
                "f8" | "f4" | "f2" => matches!(element, DType::F64 | DType::F32),
                _ => element != DType::Bool,
            };
            let read = arrayc_npy::read_as(&fixture(&name), element);
            match read {
                Ok(array) => {
                    assert!(allowed, "{name} as {element:?} must be refused");
                    assert_eq!(array.data.dtype(), element);
                    assert_eq!(
                        bits(array.data.view()),
                        bits(converted(kind, element).view()),
                        "{name} as {element:?}"
                    );
                }
                Err(error) => {
                    assert!(!allowed, "{name} as {element:?}: {error}");
                    assert!(
                        error.message.ends_with(&format!(
                            "data, which cannot be converted to {} (NumPy's `same_kind` \
                             casting refuses it)",
                            element.numpy_name()
                        )),
                        "{error}"
                    );
                }
            }
        }
    }
    let error = arrayc_npy::read_as(&fixture("i4-big-F.npy"), DType::Bool).unwrap_err();
    assert!(
        error.message.starts_with("the file holds int32 data"),
        "{error}"
    );
}

#[test]
fn integers_convert_to_float32_in_one_rounding_and_uint64_wraps() {
    // 2^24 + 1 is no float32; rounding through float64 first would not change that, but
    // 2^53 + 2^29 + 1 rounds up directly and down through float64 (ties to even).
    let values: [i64; 2] = [(1 << 24) + 1, (1 << 53) + (1 << 29) + 1];
    let bytes = arrayc_npy::to_bytes(&[2], &values).unwrap();
    let (_, as_f32) = arrayc_npy::parse_as(&bytes, DType::F32).unwrap();
    assert_eq!(
        as_f32,
        ArrayData::F32(vec![16777216.0, ((1u64 << 53) + (1 << 30)) as f32])
    );
    // numpy.array([2**64 - 1, 5], dtype="u8").astype("i8") is [-1, 5].
    let mut file =
        b"\x93NUMPY\x01\x00\x76\x00{'descr': '<u8', 'fortran_order': False, 'shape': (2,), }"
            .to_vec();
    file.resize(127, b' ');
    file.push(b'\n');
    file.extend(u64::MAX.to_le_bytes());
    file.extend(5u64.to_le_bytes());
    assert_eq!(
        arrayc_npy::parse(&file).unwrap().1,
        ArrayData::I64(vec![-1, 5])
    );
}

#[test]
fn written_files_are_byte_for_byte_numpys() {
    let cases: [(&str, ArrayData); 4] = [
        ("f8", expected("f8")),
        ("f4", expected("f4")),
        ("i8", expected("i8")),
        ("b1", expected("b1")),
    ];
    for (kind, values) in cases {
        let numpy = std::fs::read(fixture(&format!("{kind}-little-C.npy"))).unwrap();
        assert_eq!(
            arrayc_npy::to_bytes(&[2, 3, 4], values.view()).unwrap(),
            numpy,
            "{kind}"
        );
    }
    let scalars: [(&str, DataView<'_>); 4] = [
        ("f8", DataView::F64(&[2.5])),
        ("f4", DataView::F32(&[0.1])),
        ("i8", DataView::I64(&[-7])),
        ("b1", DataView::Bool(&[true])),
    ];
    for (kind, value) in scalars {
        let numpy = std::fs::read(fixture(&format!("{kind}-scalar.npy"))).unwrap();
        assert_eq!(arrayc_npy::to_bytes(&[], value).unwrap(), numpy, "{kind}");
        let empty = std::fs::read(fixture(&format!("{kind}-empty.npy"))).unwrap();
        let none = match value {
            DataView::F64(_) => DataView::F64(&[]),
            DataView::F32(_) => DataView::F32(&[]),
            DataView::I64(_) => DataView::I64(&[]),
            DataView::Bool(_) => DataView::Bool(&[]),
        };
        assert_eq!(
            arrayc_npy::to_bytes(&[0, 3], none).unwrap(),
            empty,
            "{kind}"
        );
    }
}

#[test]
fn an_independent_reader_reads_every_written_type() {
    let dir = std::env::temp_dir().join(format!("npy-written-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("x.npy");
    let read = |path: &Path| npyz::NpyFile::new(std::fs::File::open(path).unwrap()).unwrap();

    arrayc_npy::write(&path, &[3], &[1.5f32, -0.0, f32::MAX]).unwrap();
    let file = read(&path);
    assert_eq!(file.shape(), [3]);
    let values: Vec<f32> = file.into_vec().unwrap();
    assert_eq!(values, [1.5, -0.0, f32::MAX]);

    arrayc_npy::write(&path, &[2, 2], &[i64::MIN, -1, 0, i64::MAX]).unwrap();
    let values: Vec<i64> = read(&path).into_vec().unwrap();
    assert_eq!(values, [i64::MIN, -1, 0, i64::MAX]);

    arrayc_npy::write(&path, &[4], &[true, false, false, true]).unwrap();
    let values: Vec<bool> = read(&path).into_vec().unwrap();
    assert_eq!(values, [true, false, false, true]);

    arrayc_npy::write(&path, &[2], &[0.1f64, 1e300]).unwrap();
    let values: Vec<f64> = read(&path).into_vec().unwrap();
    assert_eq!(values, [0.1, 1e300]);
    // And back through our own reader, in place.
    let array = arrayc_npy::read(&path).unwrap();
    assert!(array.data.is_zero_copy());
    assert_eq!(array.data.as_f64(), Some(&[0.1, 1e300][..]));
    std::fs::remove_dir_all(&dir).unwrap();
}
