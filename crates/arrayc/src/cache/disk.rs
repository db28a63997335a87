//! The compile cache's files: one per program in the cache directory, named by the digest of
//! its key (the options, the source, this build of the library and the CPU features the code
//! may use), holding the whole key, the report, the IR's tables and text, and the code as a
//! relocatable image. A file is trusted only when its checksum (XXH64 of everything after
//! it) and its whole key match; anything else — truncated, corrupt, another build's or
//! another CPU's — is ignored, and the compile that follows replaces it. Files are written
//! to a temporary name and renamed, so a reader never sees half of one and concurrent
//! writers each leave a whole file.
//!
//! The format (integers little-endian; texts and byte strings as a `u64` length and bytes):
//! `MAGIC`, the checksum (`hash::checksum` of the rest, 8 bytes), then the key (options as
//! `options_key` bytes, source, build, CPU), the report,
//! whether the program starts threads, the listings (Cranelift IR, disassembly), the IR's
//! tables as text (buffers, outputs, sites, scopes, prints, draws; no body, constants
//! declared as scratch), the constants' elements raw, the IR's whole text, and the image.

use super::Key;
use crate::codegen::{self, image};
use crate::hash::{checksum, digest};
use crate::ir::{self, BufferInit, ConstData, DType};
use crate::options::Options;
use crate::program::{Code, CodeMemory, Loaded, Pool, Program};
use crate::report::{CompileReport, ScopeReport};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The first bytes of every file; the last digit is the format's version.
const MAGIC: &[u8; 16] = b"arrayc-cache-v03";

/// This build of the library and this CPU, as the key's last parts.
struct Host {
    build: String,
    features: String,
}

/// `Err` when this process cannot tell its build or its CPU apart from others: then nothing
/// is cached on disk.
fn host() -> Result<&'static Host, String> {
    static HOST: OnceLock<Result<Host, String>> = OnceLock::new();
    HOST.get_or_init(|| {
        Ok(Host {
            build: build_identity()?,
            features: codegen::host_features()?,
        })
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The library's version and the file it was loaded from, with that file's size and
/// modification time: a rebuilt library (or another copy) never reads this one's files,
/// even at the same version.
fn build_identity() -> Result<String, String> {
    let path = library_file().ok_or("cannot tell which file holds the arrayc library")?;
    let metadata = std::fs::metadata(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let modified = metadata
        .modified()
        .ok()
        .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
        .ok_or_else(|| format!("{} has no modification time", path.display()))?;
    Ok(format!(
        "arrayc {} {} {} bytes modified {}.{:09}",
        env!("CARGO_PKG_VERSION"),
        path.display(),
        metadata.len(),
        modified.as_secs(),
        modified.subsec_nanos()
    ))
}

/// The executable or shared library this code is part of (the `arrayc` command, the Python
/// extension, a test binary).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn library_file() -> Option<PathBuf> {
    use std::ffi::{c_char, c_void, CStr};
    use std::os::unix::ffi::OsStrExt;
    #[repr(C)]
    struct DlInfo {
        file_name: *const c_char,
        base: *mut c_void,
        symbol_name: *const c_char,
        symbol_address: *mut c_void,
    }
    // SAFETY: glibc's `dladdr`, with its Linux signature.
    unsafe extern "C" {
        fn dladdr(address: *const c_void, info: *mut DlInfo) -> i32;
    }
    let mut info = DlInfo {
        file_name: std::ptr::null(),
        base: std::ptr::null_mut(),
        symbol_name: std::ptr::null(),
        symbol_address: std::ptr::null_mut(),
    };
    let address = library_file as fn() -> Option<PathBuf> as *const c_void;
    // SAFETY: `info` is a valid, writable `Dl_info`; `address` is one of this library's.
    let found = unsafe { dladdr(address, &mut info) };
    if found == 0 || info.file_name.is_null() {
        return None;
    }
    // SAFETY: `dladdr` set it to a NUL-terminated string that lives as long as the mapping.
    let name = unsafe { CStr::from_ptr(info.file_name) };
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(name.to_bytes()));
    // The main program is named as it was started (possibly by a relative path or none).
    if path.as_os_str().is_empty() || !path.is_absolute() {
        return std::env::current_exe().ok();
    }
    Some(path)
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
fn library_file() -> Option<PathBuf> {
    None
}

/// The file of `key` in `directory`, and the digest it is named by.
fn file_of(directory: &Path, key: &Key, host: &Host) -> PathBuf {
    let name = digest(&[
        &key.digest.to_le_bytes(),
        host.build.as_bytes(),
        host.features.as_bytes(),
    ]);
    directory.join(format!("{name:032x}.arrayc"))
}

/// The program of `key` from `directory`: `Ok(None)` when there is no file or it cannot be
/// trusted; `Err` only when this process cannot use a disk cache at all.
pub(super) fn load(
    directory: &Path,
    key: &Key,
    options: &Options,
    runtime: &codegen::Runtime,
) -> Result<Option<(Loaded, CompileReport)>, String> {
    let host = host()?;
    let Some(bytes) = read(&file_of(directory, key, host)) else {
        return Ok(None);
    };
    Ok(decode(&bytes, key, host, options, runtime))
}

/// The bytes of the file at `path`, or `None` if it cannot be read. Unlike `std::fs::read`,
/// asks for no metadata first: reads into a buffer larger than most entries (its untouched
/// pages cost nothing), growing it only if it fills.
fn read(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::with_capacity(64 << 10);
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Writes `program` (just compiled for `key`, its code laid out as `image`) to `directory`.
pub(super) fn store(
    directory: &Path,
    key: &Key,
    program: &Program,
    image: &image::Image,
) -> Result<(), String> {
    let host = host()?;
    let bytes = encode(key, host, program, image);
    let path = file_of(directory, key, host);
    let failed = |error: std::io::Error| {
        format!(
            "cannot write the compile cache in {} ({error}): compiled without caching",
            directory.display()
        )
    };
    std::fs::create_dir_all(directory).map_err(failed)?;
    // A name no other writer uses: this process's id and a count.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let count = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temporary = directory.join(format!(
        ".{}.{}.{count}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("entry"),
        std::process::id()
    ));
    let written =
        std::fs::write(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, &path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(error));
    }
    Ok(())
}

fn encode(key: &Key, host: &Host, program: &Program, image: &image::Image) -> Vec<u8> {
    let loaded = &program.loaded;
    let mut out = Writer(Vec::with_capacity(
        image.bytes.len() * 2 + key.source.len() + 4096,
    ));
    out.bytes(&key.options);
    out.text(&key.source);
    out.text(&host.build);
    out.text(&host.features);
    report(&mut out, &program.report);
    out.u64(u64::from(loaded.pool.is_some()));
    out.text(&loaded.clif);
    out.text(&loaded.asm);
    // The tables: the IR without its body, its constants' elements written raw below.
    let mut tables = ir::Program {
        body: Vec::new(),
        ..loaded.ir.clone()
    };
    let mut constants = Vec::new();
    for (id, buffer) in tables.buffers.iter_mut().enumerate() {
        if let BufferInit::Constant(data) = &buffer.init {
            constants.push((id, data.clone()));
            buffer.init = BufferInit::Scratch;
        }
    }
    out.text(&tables.to_text());
    out.u64(constants.len() as u64);
    for (id, data) in &constants {
        out.u64(*id as u64);
        match data {
            ConstData::F64(values) => out.elements(0, values, |v| v.to_le_bytes().to_vec()),
            ConstData::F32(values) => out.elements(1, values, |v| v.to_le_bytes().to_vec()),
            ConstData::I64(values) => out.elements(2, values, |v| v.to_le_bytes().to_vec()),
            ConstData::Bool(values) => out.elements(3, values, |&v| vec![u8::from(v)]),
        }
    }
    out.text(&program.ir_text());
    out.u64(image.alignment);
    out.u64(image.entry);
    out.bytes(&image.bytes);
    out.u64(image.relocations.len() as u64);
    for relocation in &image.relocations {
        out.u64(relocation.offset);
        out.0.push(relocation.kind.code());
        match &relocation.target {
            image::Target::Function(offset) => {
                out.0.push(0);
                out.u64(*offset);
            }
            image::Target::Host(symbol) => {
                out.0.push(1);
                out.text(symbol);
            }
        }
        out.u64(relocation.addend as u64);
    }
    let mut file = Vec::with_capacity(out.0.len() + 24);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&checksum(&out.0).to_le_bytes());
    file.extend_from_slice(&out.0);
    file
}

fn report(out: &mut Writer, report: &CompileReport) {
    for micros in [
        report.parse_us,
        report.check_us,
        report.lower_us,
        report.codegen_us,
        report.finalize_us,
        report.total_us,
    ] {
        out.u64(micros.to_bits());
    }
    for count in [
        report.codegen_threads,
        report.ir_ops,
        report.code_bytes,
        report.functions,
    ] {
        out.u64(count as u64);
    }
    out.u64(report.scopes.len() as u64);
    for scope in &report.scopes {
        out.text(scope.kind);
        out.u64(scope.line as u64);
        out.u64(u64::from(scope.trips.is_some()));
        out.u64(scope.trips.unwrap_or(0));
        out.u64(u64::from(scope.unroll));
        out.u64(scope.ir_ops as u64);
    }
}

/// The program in `bytes` if the file is whole, is `key`'s, and loads; else `None`.
fn decode(
    bytes: &[u8],
    key: &Key,
    host: &Host,
    options: &Options,
    runtime: &codegen::Runtime,
) -> Option<(Loaded, CompileReport)> {
    let body = bytes.strip_prefix(MAGIC.as_slice())?;
    let (sum, body) = body.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*sum) != checksum(body) {
        return None;
    }
    let mut input = Reader(body);
    let same = input.bytes()? == key.options.as_slice()
        && input.text()? == key.source
        && input.text()? == host.build
        && input.text()? == host.features;
    if !same {
        return None;
    }
    let report = read_report(&mut input)?;
    let threads = input.u64()? == 1;
    let clif = input.text()?.to_string();
    let asm = input.text()?.to_string();
    let mut ir = ir::parse(input.text()?).ok()?;
    for _ in 0..input.u64()? {
        let buffer = ir.buffers.get_mut(usize::try_from(input.u64()?).ok()?)?;
        let (dtype, raw) = input.elements()?;
        let data = match dtype {
            DType::F64 => ConstData::F64(
                raw.chunks_exact(8)
                    .map(|b| f64::from_le_bytes(b.try_into().unwrap_or_default()))
                    .collect(),
            ),
            DType::F32 => ConstData::F32(
                raw.chunks_exact(4)
                    .map(|b| f32::from_le_bytes(b.try_into().unwrap_or_default()))
                    .collect(),
            ),
            DType::I64 => ConstData::I64(
                raw.chunks_exact(8)
                    .map(|b| i64::from_le_bytes(b.try_into().unwrap_or_default()))
                    .collect(),
            ),
            DType::Bool => ConstData::Bool(raw.iter().map(|&b| b != 0).collect()),
        };
        if dtype != buffer.dtype || data.len() != buffer.len() {
            return None;
        }
        buffer.init = BufferInit::Constant(data);
    }
    let ir_text = input.text()?.to_string();
    let alignment = input.u64()?;
    let entry = input.u64()?;
    let code = input.bytes()?.to_vec();
    let mut relocations = Vec::new();
    for _ in 0..input.u64()? {
        let offset = input.u64()?;
        let kind = image::RelocationKind::from_code(input.byte()?)?;
        let target = match input.byte()? {
            0 => image::Target::Function(input.u64()?),
            1 => image::Target::Host(input.text()?.to_string()),
            _ => return None,
        };
        let addend = input.u64()? as i64;
        relocations.push(image::Relocation {
            offset,
            kind,
            target,
            addend,
        });
    }
    if !input.0.is_empty() {
        return None;
    }
    let image = image::Image {
        bytes: code,
        alignment,
        entry,
        relocations,
    };
    let mapped = image.load(runtime).ok()?;
    let pool = if threads {
        Pool::new(options.thread_count())
    } else {
        None
    };
    let entry = mapped.entry();
    let loaded = Loaded {
        pool,
        ir,
        ir_text: Some(ir_text),
        body: OnceLock::new(),
        code: Code {
            memory: CodeMemory::Image(mapped),
            entry,
        },
        source: key.source.clone(),
        file_name: options.file_name.clone(),
        clif,
        asm,
    };
    Some((loaded, report))
}

fn read_report(input: &mut Reader<'_>) -> Option<CompileReport> {
    let mut micros = [0.0; 6];
    for value in &mut micros {
        *value = f64::from_bits(input.u64()?);
    }
    let mut counts = [0usize; 4];
    for value in &mut counts {
        *value = usize::try_from(input.u64()?).ok()?;
    }
    let mut scopes = Vec::new();
    for _ in 0..input.u64()? {
        let kind = match input.text()? {
            "for" => "for",
            "loop" => "loop",
            "while" => "while",
            _ => return None,
        };
        let line = usize::try_from(input.u64()?).ok()?;
        let known = input.u64()? == 1;
        let trips = input.u64()?;
        scopes.push(ScopeReport {
            kind,
            line,
            trips: known.then_some(trips),
            unroll: u32::try_from(input.u64()?).ok()?,
            ir_ops: usize::try_from(input.u64()?).ok()?,
        });
    }
    let [parse_us, check_us, lower_us, codegen_us, finalize_us, total_us] = micros;
    let [codegen_threads, ir_ops, code_bytes, functions] = counts;
    Some(CompileReport {
        parse_us,
        check_us,
        lower_us,
        codegen_us,
        codegen_threads,
        finalize_us,
        total_us,
        ir_ops,
        code_bytes,
        functions,
        scopes,
        origin: Default::default(),
        cache_note: None,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.u64(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }

    fn text(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    /// A constant's dtype (`DType::ALL`'s index), then its elements' bytes.
    fn elements<T>(&mut self, dtype: u8, values: &Arc<[T]>, each: impl Fn(&T) -> Vec<u8>) {
        self.0.push(dtype);
        let raw: Vec<u8> = values.iter().flat_map(each).collect();
        self.bytes(&raw);
    }
}

/// Reads what `Writer` wrote; `None` at any byte missing.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    fn u64(&mut self) -> Option<u64> {
        let (value, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*value))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let length = usize::try_from(self.u64()?).ok()?;
        if length > self.0.len() {
            return None;
        }
        let (bytes, rest) = self.0.split_at(length);
        self.0 = rest;
        Some(bytes)
    }

    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn elements(&mut self) -> Option<(DType, &'a [u8])> {
        let dtype = *DType::ALL.get(usize::from(self.byte()?))?;
        Some((dtype, self.bytes()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offset just after the text that starts at `at`, and the text's bytes' range.
    fn text_at(bytes: &[u8], at: usize) -> (usize, std::ops::Range<usize>) {
        let length = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
        (at + 8 + length, at + 8..at + 8 + length)
    }

    #[test]
    fn a_file_of_another_build_is_ignored_and_rewritten() {
        let dir = std::env::temp_dir().join(format!("arrayc-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let options = Options {
            reuse: false,
            cache_dir: Some(dir.clone()),
            ..Options::default()
        };
        let source = "var x = linspace(0, 1, 5)\nout y = x * 3";
        let program = crate::compile(source, &options).expect("compiles");
        assert_eq!(program.report().cache_note, None);
        let key = Key::new(source, &options);
        let path = file_of(&dir, &key, host().expect("a host"));
        let whole = std::fs::read(&path).expect("the file was written");
        // The key's third text is the build: claim another version, with a valid checksum.
        let (after_options, _) = text_at(&whole, 24);
        let (after_source, _) = text_at(&whole, after_options);
        let (_, build) = text_at(&whole, after_source);
        let version = format!("arrayc {} ", env!("CARGO_PKG_VERSION"));
        assert!(whole[build.clone()].starts_with(version.as_bytes()));
        let mut stale = whole.clone();
        stale[build.start + 7] = b'9';
        let sum = checksum(&stale[24..]);
        stale[16..24].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(&path, &stale).expect("write the stale file");
        let program = crate::compile(source, &options).expect("compiles");
        assert_eq!(program.report().origin, crate::report::Origin::Compiled);
        let rewritten = std::fs::read(&path).expect("read");
        assert!(rewritten != stale, "not rewritten");
        let program = crate::compile(source, &options).expect("compiles");
        assert_eq!(program.report().origin, crate::report::Origin::Disk);
        // The same edit with the version put back is trusted: only the build differed.
        stale[build.start + 7] = whole[build.start + 7];
        let sum = checksum(&stale[24..]);
        stale[16..24].copy_from_slice(&sum.to_le_bytes());
        std::fs::write(&path, &stale).expect("write the file back");
        let program = crate::compile(source, &options).expect("compiles");
        assert_eq!(program.report().origin, crate::report::Origin::Disk);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
