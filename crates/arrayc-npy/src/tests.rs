//! The crate's unit tests: hand-built headers and files, every accepted and refused shape of input.

use super::*;
use crate::header::MAGIC;
use std::io;
use std::path::PathBuf;

/// Builds a version 1.0 file around a literal header dict, padding the data to offset 64.
fn file(dict: &str, data: &[u8]) -> Vec<u8> {
    file_at(dict, data, (10 + dict.len() + 1).next_multiple_of(64))
}

/// Like `file` but with the data at byte `offset`, which may be unaligned.
fn file_at(dict: &str, data: &[u8], offset: usize) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend([1, 0]);
    out.extend(((offset - 10) as u16).to_le_bytes());
    out.extend(dict.as_bytes());
    out.resize(offset - 1, b' ');
    out.push(b'\n');
    out.extend(data);
    out
}

fn dict(shape: &str, descr: &str, fortran: bool) -> String {
    let order = if fortran { "True" } else { "False" };
    format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}")
}

fn le(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[track_caller]
fn assert_err(bytes: &[u8], needle: &str) {
    let message = parse(bytes).expect_err("input should be rejected").message;
    assert!(
        message.contains(needle),
        "{message:?} should contain {needle:?}"
    );
}

#[track_caller]
fn assert_parses(bytes: &[u8], shape: &[usize], values: &[f64]) {
    let (got_shape, got) = parse_as(bytes, DType::F64).expect("input should parse");
    assert_eq!(got_shape, shape);
    let got = got.as_f64().expect("float64 values").to_vec();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&got), bits(values));
}

fn temp(name: &str) -> PathBuf {
    let pid = std::process::id();
    std::env::temp_dir().join(format!("npyscratch-{pid}-{name}.npy"))
}

fn read_bytes(name: &str, bytes: &[u8]) -> NpyArray {
    let path = temp(name);
    std::fs::write(&path, bytes).unwrap();
    let array = read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    array
}

#[test]
fn round_trip_ranks_0_to_4_and_empty() {
    let shapes: [&[usize]; 7] = [&[], &[5], &[2, 3], &[2, 3, 4], &[2, 1, 3, 2], &[0], &[3, 0]];
    for (i, shape) in shapes.iter().enumerate() {
        let n = shape.iter().product::<usize>();
        let data: Vec<f64> = (0..n).map(|k| k as f64 * 0.75 - 3.0).collect();
        let path = temp(&format!("round-trip-{i}"));
        write(&path, shape, &data).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes, to_bytes(shape, &data).unwrap());
        assert_eq!(
            (bytes.len() - n * 8) % 64,
            0,
            "data offset must be a multiple of 64"
        );
        let array = read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(array.shape, *shape);
        assert_eq!(array.data.as_f64().unwrap(), &data[..]);
        assert!(array.data.is_zero_copy());
        assert_parses(&bytes, shape, &data);
    }
}

#[test]
fn written_header_matches_numpy_layout() {
    let bytes = to_bytes(&[3], &[1.0, 2.0, 3.0]).unwrap();
    assert_eq!(&bytes[..10], b"\x93NUMPY\x01\x00\x76\x00");
    assert!(bytes[10..].starts_with(b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"));
    assert_eq!(bytes[127], b'\n');
    let scalar = to_bytes(&[], &[4.5]).unwrap();
    assert!(scalar[10..].starts_with(b"{'descr': '<f8', 'fortran_order': False, 'shape': (), }"));
    assert_parses(&scalar, &[], &[4.5]);
}

#[test]
fn write_rejects_mismatched_data() {
    let e = write(&temp("mismatch"), &[2, 2], &[1.0]).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidInput);
    assert!(e
        .to_string()
        .contains("shape (2, 2) does not hold the 1 values given"));
    assert!(!temp("mismatch").exists());
}

#[test]
fn to_bytes_refuses_mismatched_data() {
    let error = to_bytes(&[3], &[1.0, 2.0]).unwrap_err();
    assert!(error.message.contains("does not hold the 2 values given"));
}

#[test]
fn zero_copy_only_for_aligned_little_endian_c_order_f8() {
    let values = [1.0, -2.0, 3.5, 4.25, 5.0, 6.0];
    let aligned = read_bytes(
        "aligned",
        &file(&dict("(2, 3)", "<f8", false), &le(&values)),
    );
    assert!(aligned.data.is_zero_copy());
    // A 4-byte-aligned data offset cannot be viewed as f64 in place, so it must be copied.
    let header = dict("(2, 3)", "<f8", false);
    let odd = file_at(
        &header,
        &le(&values),
        (header.len() + 11).next_multiple_of(8) + 4,
    );
    let unaligned = read_bytes("unaligned", &odd);
    assert!(!unaligned.data.is_zero_copy());
    assert_eq!(unaligned.data.as_f64().unwrap(), &values);
    let be: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
    let big = read_bytes("big", &file(&dict("(6,)", ">f8", false), &be));
    assert!(!big.data.is_zero_copy());
    assert_eq!(big.data.as_f64().unwrap(), &values);
    let fortran = read_bytes("fortran", &file(&dict("(2, 3)", "<f8", true), &le(&values)));
    assert!(!fortran.data.is_zero_copy());
    // With a single non-trivial dimension, Fortran and C order are the same bytes.
    let row = read_bytes("row", &file(&dict("(1, 6, 1)", "<f8", true), &le(&values)));
    assert!(row.data.is_zero_copy());
    assert_eq!(row.data.as_f64().unwrap(), &values);
    let f4: Vec<u8> = values
        .iter()
        .flat_map(|&v| (v as f32).to_le_bytes())
        .collect();
    // A float32 file is read as float32 in place, and converted when float64 is asked for.
    let single = read_bytes("single", &file(&dict("(6,)", "<f4", false), &f4));
    assert!(single.data.is_zero_copy());
    let f32s: Vec<f32> = values.iter().map(|&v| v as f32).collect();
    assert_eq!(single.data.view(), DataView::F32(&f32s));
    let path = temp("single-as-f64");
    std::fs::write(&path, file(&dict("(6,)", "<f4", false), &f4)).unwrap();
    let widened = read_as(&path, DType::F64).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(!widened.data.is_zero_copy());
    assert_eq!(widened.data.as_f64().unwrap(), &values);
    // Bools are never read in place: a mapped byte other than 0 or 1 is no `bool`.
    let bools = read_bytes("bools", &file(&dict("(3,)", "|b1", false), &[0, 2, 1]));
    assert!(!bools.data.is_zero_copy());
    assert_eq!(bools.data.view(), DataView::Bool(&[false, true, true]));
}

#[test]
fn hand_built_mapped_with_bad_range_reads_as_empty() {
    let map = memmap2::MmapMut::map_anon(16)
        .unwrap()
        .make_read_only()
        .unwrap();
    let guard = guard::Guard::new(map.as_ptr(), map.len()).unwrap();
    let data = NpyData::Mapped {
        map,
        offset: 3,
        len: 1,
        dtype: DType::F64,
        guard,
    };
    assert!(data.view().is_empty());
}

#[test]
fn truncating_a_mapped_file_reads_zeros_and_reports_the_change() {
    let values: Vec<f64> = (0..100_000).map(|k| k as f64 + 1.0).collect();
    let path = temp("truncated-while-mapped");
    write(&path, &[values.len()], &values).unwrap();
    let array = read(&path).unwrap();
    assert!(array.data.is_zero_copy());
    assert!(!array.changed());
    // Another process cuts the file to its first page while we hold the mapping.
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(4096)
        .unwrap();
    let data = array.data.as_f64().unwrap();
    assert_eq!(data.len(), values.len());
    // Without the guard this read dies of SIGBUS.
    let tail_sum: f64 = data[values.len() - 1000..].iter().sum();
    assert_eq!(tail_sum, 0.0);
    assert_eq!(data[0], 1.0, "the page still in the file keeps its data");
    assert!(array.changed());
    drop(array);
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let path = temp("fifo");
    let _ = std::fs::remove_file(&path);
    let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let message = read(&path).expect_err("a FIFO is not a .npy file").message;
    std::fs::remove_file(&path).unwrap();
    assert!(message.contains("not a regular file"), "{message}");
}

#[test]
fn writes_replace_a_symbolic_link_and_leave_no_temporary() {
    let dir = std::env::temp_dir().join(format!("npyscratch-{}-link", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let outside = dir.join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    let target = dir.join("x.npy");
    std::os::unix::fs::symlink(&outside, &target).unwrap();
    write(&target, &[2], &[1.0, 2.0]).unwrap();
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    assert!(!std::fs::symlink_metadata(&target).unwrap().is_symlink());
    assert_eq!(read(&target).unwrap().data.as_f64().unwrap(), &[1.0, 2.0]);
    // An uncommitted stage leaves nothing behind.
    drop(stage(&dir.join("y.npy"), &[1], &[3.0]).unwrap());
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["outside.txt", "x.npy"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn converts_integers_of_every_size_and_order() {
    macro_rules! check {
        ($t:ty, $code:literal) => {{
            let values = [<$t>::MIN, <$t>::MIN / 3, 0, 1, <$t>::MAX / 7, <$t>::MAX];
            let expect: Vec<f64> = values.iter().map(|&v| v as f64).collect();
            for big in [false, true] {
                let bytes = |v: &$t| {
                    if big {
                        v.to_be_bytes()
                    } else {
                        v.to_le_bytes()
                    }
                };
                let data: Vec<u8> = values.iter().flat_map(bytes).collect();
                let descr = format!("{}{}", if big { ">" } else { "<" }, $code);
                assert_parses(&file(&dict("(6,)", &descr, false), &data), &[6], &expect);
            }
        }};
    }
    check!(i8, "i1");
    check!(i16, "i2");
    check!(i32, "i4");
    check!(i64, "i8");
    check!(u8, "u1");
    check!(u16, "u2");
    check!(u32, "u4");
    check!(u64, "u8");
    assert_parses(
        &file(&dict("(2,)", "|i1", false), &[0xff, 0x7f]),
        &[2],
        &[-1.0, 127.0],
    );
    assert_parses(
        &file(&dict("(2,)", "|u1", false), &[0xff, 0x7f]),
        &[2],
        &[255.0, 127.0],
    );
}

#[test]
fn converts_floats_and_bools() {
    let values = [1.5f32, -0.0, f32::INFINITY, f32::MIN_POSITIVE, 3.4e38];
    let expect: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
    let lit: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    let big: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_parses(&file(&dict("(5,)", "<f4", false), &lit), &[5], &expect);
    assert_parses(&file(&dict("(5,)", ">f4", false), &big), &[5], &expect);
    let bools = [0, 1, 1, 0, 2, 0];
    let expect = [0.0, 1.0, 1.0, 0.0, 1.0, 0.0];
    assert_parses(
        &file(&dict("(2, 3)", "|b1", false), &bools),
        &[2, 3],
        &expect,
    );
    // NumPy itself never writes these native spellings for f8, but hand-made files may.
    for descr in ["=f8", "|f8", "f8"] {
        assert_parses(
            &file(&dict("(2,)", descr, false), &le(&[1.0, 2.0])),
            &[2],
            &[1.0, 2.0],
        );
    }
}

#[test]
fn converts_half_floats_exactly() {
    // Bit patterns and their values, as `numpy.frombuffer(..., '<f2').astype('f8')` gives.
    let cases: [(u16, f64); 9] = [
        (0x3e00, 1.5),
        (0x8000, -0.0),
        (0x0001, 2f64.powi(-24)),
        (0x03ff, 1023.0 * 2f64.powi(-24)),
        (0x0400, 2f64.powi(-14)),
        (0x7bff, 65504.0),
        (0xfc00, f64::NEG_INFINITY),
        (0xc500, -5.0),
        (0x3555, 0.333251953125),
    ];
    let expect: Vec<f64> = cases.iter().map(|&(_, v)| v).collect();
    for big in [false, true] {
        let data: Vec<u8> = cases
            .iter()
            .flat_map(|&(bits, _)| {
                if big {
                    bits.to_be_bytes()
                } else {
                    bits.to_le_bytes()
                }
            })
            .collect();
        let descr = if big { ">f2" } else { "<f2" };
        assert_parses(&file(&dict("(9,)", descr, false), &data), &[9], &expect);
    }
    let nan = read_bytes(
        "half-nan",
        &file(&dict("(1,)", "<f2", false), &[0x01, 0x7e]),
    );
    assert!(matches!(nan.data.view(), DataView::F32([v]) if v.is_nan()));
}

#[test]
fn big_endian_f8() {
    let values = [1.0, -2.5, 1e300, f64::MIN_POSITIVE, -0.0];
    let data: Vec<u8> = values.iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_parses(&file(&dict("(5,)", ">f8", false), &data), &[5], &values);
}

#[test]
fn fortran_order_2x3() {
    // Column-major storage of [[0, 1, 2], [3, 4, 5]] lists each column in turn.
    let data = le(&[0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let expect = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    assert_parses(&file(&dict("(2, 3)", "<f8", true), &data), &[2, 3], &expect);
    let array = read_bytes("fortran-2x3", &file(&dict("(2, 3)", "<f8", true), &data));
    assert_eq!(array.data.as_f64().unwrap(), &expect);
}

#[test]
fn fortran_order_2x3x4() {
    let value = |i: usize, j: usize, k: usize| (100 * i + 10 * j + k) as f64;
    let mut fortran = Vec::new();
    for k in 0..4 {
        for j in 0..3 {
            for i in 0..2 {
                fortran.push(value(i, j, k));
            }
        }
    }
    let mut c = Vec::new();
    for i in 0..2 {
        for j in 0..3 {
            for k in 0..4 {
                c.push(value(i, j, k));
            }
        }
    }
    let bytes = file(&dict("(2, 3, 4)", "<f8", true), &le(&fortran));
    assert_parses(&bytes, &[2, 3, 4], &c);
    let ints: Vec<u8> = fortran
        .iter()
        .flat_map(|&v| (v as i16).to_be_bytes())
        .collect();
    assert_parses(
        &file(&dict("(2, 3, 4)", ">i2", true), &ints),
        &[2, 3, 4],
        &c,
    );
}

#[test]
fn tolerates_header_variations() {
    let two = le(&[1.0, 2.0]);
    let variants = [
        "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}",
        "{'shape': (2,), 'descr': '<f8', 'fortran_order': False}",
        "  {  'descr' :'<f8' ,'fortran_order':False,'shape':( 2 , ) , }  ",
        "{'descr': '<f8',\n\t'fortran_order': False, 'shape': (2L,), }",
    ];
    for header in variants {
        assert_parses(&file(header, &two), &[2], &[1.0, 2.0]);
    }
    assert_parses(&file(&dict("()", "<f8", false), &le(&[7.0])), &[], &[7.0]);
    assert_parses(
        &file(&dict("(1, 2)", "<f8", false), &two),
        &[1, 2],
        &[1.0, 2.0],
    );
}

#[test]
fn reads_versions_2_and_3() {
    for major in [2u8, 3] {
        let header = format!("{}\n", dict("(2,)", "<f8", false));
        let mut bytes = MAGIC.to_vec();
        bytes.extend([major, 0]);
        bytes.extend((header.len() as u32).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend(le(&[1.0, 2.0]));
        assert_parses(&bytes, &[2], &[1.0, 2.0]);
    }
}

fn good() -> Vec<u8> {
    file(
        &dict("(2, 3)", "<f8", false),
        &le(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
    )
}

#[test]
fn rejects_bad_magic() {
    let mut bytes = good();
    bytes[5] = b'X';
    assert_err(
        &bytes,
        "not a .npy file: missing the \\x93NUMPY magic string",
    );
    assert_err(b"PK\x03\x04", "missing the \\x93NUMPY magic string");
    assert_err(
        b"\x93NUM",
        "truncated after 4 bytes, inside the magic string",
    );
}

#[test]
fn rejects_bad_version() {
    let mut bytes = good();
    bytes[6] = 2;
    bytes[7] = 1;
    assert_err(&bytes, "unsupported .npy format version 2.1");
    bytes[6] = 4;
    bytes[7] = 0;
    assert_err(&bytes, "unsupported .npy format version 4.0");
}

#[test]
fn rejects_truncated_header() {
    assert_err(&good()[..7], "truncated inside the format version");
    assert_err(&good()[..9], "truncated inside the header length field");
    assert_err(
        &good()[..40],
        "header length 118 extends past the end of the file (40 bytes)",
    );
}

#[test]
fn rejects_header_length_past_end_or_over_limit() {
    let mut bytes = good();
    bytes[8] = 0xff;
    bytes[9] = 0xff;
    assert_err(
        &bytes,
        "header length 65535 extends past the end of the file (176 bytes)",
    );
    let mut v2 = b"\x93NUMPY\x02\x00".to_vec();
    v2.extend((2u32 << 20).to_le_bytes());
    assert_err(
        &v2,
        "header length 2097152 exceeds the limit of 1048576 bytes",
    );
}

#[test]
fn rejects_truncated_data() {
    let bytes = file(&dict("(100, 100)", "<f8", false), &[0; 800]);
    let message = parse(&bytes).unwrap_err().message;
    assert_eq!(
        message,
        "header declares shape (100, 100) = 10000 elements of 8 bytes \
         but the file holds 800 bytes of data"
    );
}

#[test]
fn rejects_trailing_data() {
    let mut bytes = good();
    bytes.extend([0, 0, 0]);
    assert_err(
        &bytes,
        "file has 3 bytes of trailing data after the 48 bytes declared by shape (2, 3)",
    );
}

#[test]
fn rejects_shape_overflow() {
    let huge = file(&dict("(1099511627776, 1099511627776)", "<f8", false), &[]);
    assert_err(
        &huge,
        "shape (1099511627776, 1099511627776) overflows the element count",
    );
    if usize::BITS == 64 {
        let bytes = file(&dict("(2305843009213693952, 4)", "<f8", false), &[]);
        assert_err(&bytes, "of 8-byte elements overflows the byte size");
    }
    let wide = file(&dict("(18446744073709551616,)", "<f8", false), &[]);
    assert_err(&wide, "dimension 18446744073709551616 is too large");
    let digits = "9".repeat(60);
    assert_err(
        &file(&dict(&format!("({digits},)"), "<f8", false), &[]),
        "integer in header is too large",
    );
    // A zero dimension makes the array empty however large the other dimensions are.
    let empty = file(&dict("(1099511627776, 1099511627776, 0)", "<f8", true), &[]);
    assert_parses(&empty, &[1 << 40, 1 << 40, 0], &[]);
}

#[test]
fn rejects_negative_shape() {
    assert_err(
        &file(&dict("(-1, 3)", "<f8", false), &[]),
        "negative dimension -1 in shape",
    );
}

#[test]
fn rejects_unsupported_dtypes() {
    let cases = [
        ("<q9", "unsupported dtype '<q9' (expected a float"),
        ("|O", "unsupported dtype '|O' (python objects"),
        ("<c16", "unsupported dtype '<c16' (complex"),
        ("<U5", "unsupported dtype '<U5' (strings"),
        ("<M8[ns]", "unsupported dtype '<M8[ns]' (dates"),
        ("|V8", "unsupported dtype '|V8' (raw void"),
        ("<f3", "unsupported dtype '<f3'"),
        ("", "unsupported dtype ''"),
    ];
    for (descr, needle) in cases {
        assert_err(&file(&dict("(1,)", descr, false), &[0; 8]), needle);
    }
    let fields = "[('a', '<f8'), ('b', '<i4', (2,))]";
    let structured = format!("{{'descr': {fields}, 'fortran_order': False, 'shape': (1,), }}");
    assert_err(&file(&structured, &[0; 16]), "unsupported structured dtype");
}

#[test]
fn rejects_missing_duplicate_and_unknown_keys() {
    let missing = "{'descr': '<f8', 'shape': (1,), }";
    assert_err(
        &file(missing, &[0; 8]),
        "header dict is missing the 'fortran_order' key",
    );
    let dup = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'shape': (1,)}";
    assert_err(&file(dup, &[0; 8]), "duplicate key 'shape' in header dict");
    let extra = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}";
    assert_err(&file(extra, &[0; 8]), "unexpected key 'x' in header dict");
}

#[test]
fn rejects_ill_typed_values() {
    let cases = [
        (
            dict("(6)", "<f8", false),
            "'shape' must be a tuple of integers, found 6",
        ),
        (
            dict("[2, 3]", "<f8", false),
            "'shape' must be a tuple of integers, found a list",
        ),
        (dict("(2, 'x')", "<f8", false), "found element 'x'"),
        (
            "{'descr': 8, 'fortran_order': False, 'shape': (1,)}".into(),
            "'descr' must be a string",
        ),
        (
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}".into(),
            "must be True or False, found 0",
        ),
        (
            "{'descr': '<f8', 'fortran_order': None, 'shape': (1,)}".into(),
            "unexpected name 'None'",
        ),
        ("{1: 2}".into(), "header dict keys must be strings, found 1"),
    ];
    for (header, needle) in cases {
        assert_err(&file(&header, &[0; 8]), needle);
    }
    let rank = format!("({})", "1, ".repeat(65));
    assert_err(
        &file(&dict(&rank, "<f8", false), &[0; 8]),
        "shape has rank 65, more than",
    );
    let deep = format!("{}1{}", "(".repeat(20), ",)".repeat(20));
    assert_err(
        &file(&dict(&deep, "<f8", false), &[0; 8]),
        "nested more than 8 levels",
    );
}

#[test]
fn rejects_garbage_dicts() {
    let cases = [
        (
            "hello",
            "malformed header dict: expected '{' at byte 0 but found 'h'",
        ),
        ("", "malformed header dict: it ends where '{' was expected"),
        ("{'descr' '<f8'}", "expected ':' at byte 9"),
        ("{'descr': '<f8", "unterminated string"),
        ("{'descr': '<\\x66'}", "escape sequences"),
        (
            "{'descr': '<f8',, }",
            "expected a value at byte 16 but found ','",
        ),
        ("{'shape': (1 2)}", "expected ',' or ')'"),
        ("{'shape': (1,)} x", "unexpected 'x' after the header dict"),
        ("{'shape': -}", "expected a digit"),
        (
            "{'shape': (1,)}\0",
            "unexpected byte 0x00 after the header dict",
        ),
    ];
    for (header, needle) in cases {
        assert_err(&file(header, &[]), needle);
    }
}

#[test]
fn rejects_empty_input_and_reports_paths() {
    assert_err(&[], "empty input");
    let path = temp("empty");
    std::fs::write(&path, b"").unwrap();
    let message = read(&path).unwrap_err().message;
    std::fs::remove_file(&path).unwrap();
    assert!(
        message.contains("is empty (0 bytes)") && message.contains("npyscratch-"),
        "{message}"
    );
    let missing = temp("does-not-exist");
    let message = read(&missing).unwrap_err().message;
    assert!(
        message.starts_with(&format!("cannot open {}", missing.display())),
        "{message}"
    );
    let message = read(&std::env::temp_dir()).unwrap_err().message;
    assert!(message.contains("is not a regular file"), "{message}");
}

#[test]
fn every_prefix_is_rejected_without_panicking() {
    let fortran = file(&dict("(2, 3)", ">i2", true), &[1; 12]);
    for bytes in [good(), fortran, to_bytes(&[], &[1.0]).unwrap()] {
        for len in 0..bytes.len() {
            assert!(
                parse(&bytes[..len]).is_err(),
                "prefix of {len} bytes was accepted"
            );
        }
        assert!(parse(&bytes).is_ok());
    }
}

#[test]
fn single_byte_mutations_never_panic() {
    let bytes = file(&dict("(2, 3)", "<i2", true), &[1; 12]);
    for i in 0..bytes.len() {
        for b in [
            0, b' ', b'(', b')', b',', b'-', b'9', b'\'', b'{', b'}', 0xff,
        ] {
            let mut mutated = bytes.clone();
            mutated[i] = b;
            let _ = parse(&mutated);
        }
    }
}
