//! The compile cache: takes a source, its options and a way to compile them, and produces a
//! `Program` — the one compiled earlier for the same source and options when there is one.
//! Two levels:
//! - in memory (`Options::reuse`, on by default): the programs compiled in this process,
//!   their code and tables shared with every `Program` handed out for them (an `Arc`),
//!   bounded by count and size and evicted least recently used first;
//! - on disk (`Options::cache_dir`, off by default): one file per source, options, build of
//!   the library and CPU (`disk`), loaded by a later process without Cranelift.
//!
//! Entries are found by a 128-bit digest (`hash::digest`) of their key and then compared
//! with the whole key, so a collision can only ever be a miss. Knows nothing of the stages:
//! the pipeline hands it the compiler as a closure.

mod disk;

use crate::codegen;
use crate::diagnostic::Error;
use crate::hash::digest;
use crate::ir::DType;
use crate::options::{EntryValue, Language, Options};
use crate::pipeline::micros;
use crate::program::{Loaded, Program};
use crate::report::{CompileReport, Origin};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Instant;

/// What a compile without the cache gives: the program, and with `image` asked for, its code
/// as an image for the disk cache (or why there is none).
pub(crate) type Compiled = (Program, Option<Result<codegen::image::Image, String>>);

/// The most programs kept in memory, and the most bytes of code, constants, source and
/// listings they may hold together (an estimate), whichever is reached first.
pub const MEMORY_ENTRIES: usize = 64;
pub const MEMORY_BYTES: usize = 256 << 20;

/// Compiles `source` with `options` through the cache: from memory, else from the cache
/// directory, else by `compile` (`true`: also make the image the directory needs), keeping
/// the result in both.
pub(crate) fn compile(
    source: &str,
    options: &Options,
    runtime: &codegen::Runtime,
    compile: impl FnOnce(bool) -> Result<Compiled, Error>,
) -> Result<Program, Error> {
    let started = Instant::now();
    let key = Key::new(source, options);
    if options.reuse {
        if let Some(program) = memory().get(&key, started) {
            return Ok(program);
        }
    }
    let directory = options.cache_dir.as_deref();
    let mut note = None;
    if let Some(directory) = directory {
        match disk::load(directory, &key, options, runtime) {
            Ok(Some((loaded, mut report))) => {
                let loaded = Arc::new(loaded);
                if options.reuse {
                    memory().insert(&key, &loaded, &report);
                }
                report.origin = Origin::Disk;
                report.total_us = micros(started);
                return Ok(Program { loaded, report });
            }
            Ok(None) => {}
            Err(problem) => note = Some(problem),
        }
    }
    let (mut program, image) = compile(directory.is_some() && note.is_none())?;
    if let (Some(directory), None) = (directory, &note) {
        let stored = match image {
            Some(Ok(image)) => disk::store(directory, &key, &program, &image),
            Some(Err(reason)) => Err(format!("the program was not cached: {reason}")),
            None => Ok(()),
        };
        note = stored.err();
    }
    program.report.cache_note = note.and_then(|note| once_per_directory(directory, note));
    if options.reuse {
        memory().insert(&key, &program.loaded, &program.report);
    }
    Ok(program)
}

/// `note`, unless one was given for this directory before in this process.
fn once_per_directory(directory: Option<&std::path::Path>, note: String) -> Option<String> {
    static NOTED: Mutex<Vec<std::path::PathBuf>> = Mutex::new(Vec::new());
    let directory = directory?.to_path_buf();
    let mut noted = NOTED.lock().unwrap_or_else(PoisonError::into_inner);
    if noted.contains(&directory) {
        return None;
    }
    noted.push(directory);
    Some(note)
}

/// What identifies a program: the options that change it (encoded by `options_key`) and
/// the source.
pub(crate) struct Key {
    options: Vec<u8>,
    source: String,
    digest: u128,
}

impl Key {
    fn new(source: &str, options: &Options) -> Key {
        let options = options_key(options);
        let digest = digest(&[&options, source.as_bytes()]);
        Key {
            options,
            source: source.to_string(),
            digest,
        }
    }
}

/// Every option that can change the program or its report, as bytes: each field in a fixed
/// order, integers and floats as their 64-bit patterns, texts and lists after their lengths,
/// so two different sets of options never give the same bytes. Listed by name (a new option
/// must be placed here or among those that change nothing). Bytes rather than text: a fresh
/// process's first cached compile would otherwise spend tens of microseconds in the
/// formatting machinery.
fn options_key(options: &Options) -> Vec<u8> {
    let Options {
        params,
        unroll_budget,
        max_memory_bytes,
        file_name,
        keep_clif,
        keep_asm,
        verify,
        threads,
        parallel_min_elements,
        compile_threads,
        language,
        input_specs,
        entry,
        // Where the program is kept changes nothing in it.
        reuse: _,
        cache_dir: _,
    } = options;
    let mut out = KeyWriter(Vec::with_capacity(128 + file_name.len()));
    out.number(params.len() as u64);
    for (name, value) in params {
        out.text(name);
        out.number(value.to_bits());
    }
    for count in [
        *unroll_budget,
        *max_memory_bytes,
        *threads,
        *parallel_min_elements,
        *compile_threads,
    ] {
        out.number(count as u64);
    }
    out.text(file_name);
    out.0
        .extend([u8::from(*keep_clif), u8::from(*keep_asm), u8::from(*verify)]);
    out.0.push(match language {
        Language::Arr => 0,
        Language::Python => 1,
    });
    out.number(input_specs.len() as u64);
    for spec in input_specs {
        out.text(&spec.name);
        out.shape(&spec.shape);
        out.dtype(spec.dtype);
    }
    match entry {
        None => out.0.push(0),
        Some(crate::options::Entry {
            function,
            arguments,
            globals,
        }) => {
            out.0.push(1);
            out.text(function);
            for values in [arguments, globals] {
                out.number(values.len() as u64);
                for (name, value) in values {
                    out.text(name);
                    out.entry_value(value);
                }
            }
        }
    }
    out.0
}

/// Writes the parts of `options_key`.
struct KeyWriter(Vec<u8>);

impl KeyWriter {
    fn number(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn shape(&mut self, shape: &[usize]) {
        self.number(shape.len() as u64);
        for &extent in shape {
            self.number(extent as u64);
        }
    }

    fn dtype(&mut self, dtype: DType) {
        self.0.push(match dtype {
            DType::F64 => 0,
            DType::F32 => 1,
            DType::I64 => 2,
            DType::Bool => 3,
        });
    }

    fn entry_value(&mut self, value: &EntryValue) {
        match value {
            EntryValue::Array { shape, dtype } => {
                self.0.push(0);
                self.shape(shape);
                self.dtype(*dtype);
            }
            EntryValue::Scalar(dtype) => {
                self.0.push(1);
                self.dtype(*dtype);
            }
            EntryValue::Int(value) => {
                self.0.push(2);
                self.number(*value as u64);
            }
            EntryValue::Float(value) => {
                self.0.push(3);
                self.number(value.to_bits());
            }
            EntryValue::Bool(value) => {
                self.0.push(4);
                self.0.push(u8::from(*value));
            }
            EntryValue::SameAs(name) => {
                self.0.push(5);
                self.text(name);
            }
            EntryValue::Module(name) => {
                self.0.push(6);
                self.text(name);
            }
            EntryValue::Imported(module, name) => {
                self.0.push(7);
                self.text(module);
                self.text(name);
            }
        }
    }
}

/// Hashes the entries' keys, which are digests already, by taking their low bits: no
/// random seed to ask the system for in a fresh process.
#[derive(Default)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u128(&mut self, value: u128) {
        self.0 ^= value as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The programs compiled in this process.
struct Memory {
    entries: HashMap<u128, Entry, BuildHasherDefault<DigestHasher>>,
    /// Uses so far: an entry's `used` is the count at its last use.
    clock: u64,
    bytes: usize,
}

struct Entry {
    options: Vec<u8>,
    source: String,
    loaded: Arc<Loaded>,
    report: CompileReport,
    bytes: usize,
    used: u64,
}

fn memory() -> std::sync::MutexGuard<'static, Memory> {
    static MEMORY: OnceLock<Mutex<Memory>> = OnceLock::new();
    let memory = MEMORY.get_or_init(|| {
        Mutex::new(Memory {
            entries: HashMap::default(),
            clock: 0,
            bytes: 0,
        })
    });
    // A panic while the lock was held cannot leave an entry half-made: recover the map.
    memory.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Memory {
    fn get(&mut self, key: &Key, started: Instant) -> Option<Program> {
        self.clock += 1;
        let entry = self.entries.get_mut(&key.digest)?;
        if entry.options != key.options || entry.source != key.source {
            return None;
        }
        entry.used = self.clock;
        let mut report = entry.report.clone();
        report.origin = Origin::Memory;
        report.cache_note = None;
        let loaded = Arc::clone(&entry.loaded);
        report.total_us = micros(started);
        Some(Program { loaded, report })
    }

    fn insert(&mut self, key: &Key, loaded: &Arc<Loaded>, report: &CompileReport) {
        let bytes = size_estimate(loaded, report, key);
        if bytes > MEMORY_BYTES / 4 {
            return;
        }
        self.clock += 1;
        let mut report = report.clone();
        report.cache_note = None;
        let entry = Entry {
            options: key.options.clone(),
            source: key.source.clone(),
            loaded: Arc::clone(loaded),
            report,
            bytes,
            used: self.clock,
        };
        if let Some(old) = self.entries.insert(key.digest, entry) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        while self.entries.len() > MEMORY_ENTRIES || self.bytes > MEMORY_BYTES {
            let Some((&oldest, _)) = self.entries.iter().min_by_key(|(_, entry)| entry.used) else {
                break;
            };
            if let Some(old) = self.entries.remove(&oldest) {
                self.bytes -= old.bytes;
            }
        }
    }
}

/// About how many bytes a program keeps alive: its code, constants, text and IR.
fn size_estimate(loaded: &Loaded, report: &CompileReport, key: &Key) -> usize {
    let constants: usize = loaded
        .ir
        .buffers
        .iter()
        .filter(|buffer| matches!(buffer.init, crate::ir::BufferInit::Constant(_)))
        .map(|buffer| buffer.len().saturating_mul(buffer.dtype.size_bytes()))
        .sum();
    // An IR operation takes a few dozen bytes as a tree.
    let ir = report.ir_ops.saturating_mul(64);
    [
        report.code_bytes,
        constants,
        ir,
        key.source.len() * 2 + key.options.len(),
        loaded.clif.len() + loaded.asm.len(),
        loaded.ir_text.as_ref().map_or(0, String::len),
    ]
    .iter()
    .fold(0usize, |total, &part| total.saturating_add(part))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Entry;

    #[test]
    fn options_that_change_a_program_give_different_keys() {
        let entry = |value: EntryValue| Entry {
            function: "f".to_string(),
            arguments: vec![("n".to_string(), value)],
            globals: Vec::new(),
        };
        let variants = [
            Options::default(),
            Options::default().param("steps", 10.0),
            Options::default().param("steps", 11.0),
            Options::default().param("step", 10.0),
            Options {
                threads: 2,
                ..Options::default()
            },
            Options {
                file_name: "a.arr".to_string(),
                ..Options::default()
            },
            Options {
                language: Language::Python,
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Int(3))),
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Int(4))),
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Float(3.0))),
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Array {
                    shape: vec![3, 4],
                    dtype: DType::F64,
                })),
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Array {
                    shape: vec![34],
                    dtype: DType::F64,
                })),
                ..Options::default()
            },
            Options {
                entry: Some(entry(EntryValue::Array {
                    shape: vec![3, 4],
                    dtype: DType::F32,
                })),
                ..Options::default()
            },
        ];
        let keys: Vec<Vec<u8>> = variants.iter().map(options_key).collect();
        for (i, first) in keys.iter().enumerate() {
            for (j, second) in keys.iter().enumerate().skip(i + 1) {
                assert_ne!(first, second, "options {i} and {j} give one key");
            }
        }
        // Where the program is kept is not part of it.
        let kept = Options {
            reuse: false,
            cache_dir: Some("/tmp/elsewhere".into()),
            ..Options::default()
        };
        assert_eq!(options_key(&kept), keys[0]);
    }
}
