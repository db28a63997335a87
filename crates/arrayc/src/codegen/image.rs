//! A program's machine code as one relocatable image, and loading it without Cranelift:
//! takes the functions Cranelift compiled (bytes and relocations, exactly what the JIT
//! module is given) and produces an `Image` — every function laid out in build order, each
//! relocation naming another function of the image or a host function by symbol — which
//! the compile cache stores; `Image::load` maps it into executable memory and applies the
//! relocations itself (`cranelift-jit`'s module cannot be reloaded). Knows no program and no
//! file format.
//!
//! Only x86-64 Linux code with the relocations the non-PIC JIT settings produce (absolute
//! 64-bit addresses of host functions, PC-relative calls between the program's functions)
//! is made into an image; anything else is reported, and the program is not cached.

use super::abi::{EntryFn, Import, Runtime};
use super::MachineCode;
use cranelift_codegen::binemit::Reloc;
use cranelift_module::{FuncId, ModuleRelocTarget};
use std::collections::HashMap;

/// The machine code of every function, laid out as one block.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The code, functions at their offsets, relocated places left as Cranelift wrote them.
    pub bytes: Vec<u8>,
    /// The alignment the block needs (the largest of its functions').
    pub alignment: u64,
    /// The entry function's offset.
    pub entry: u64,
    pub relocations: Vec<Relocation>,
}

/// One place in the image to patch with an address.
#[derive(Debug, Clone, PartialEq)]
pub struct Relocation {
    /// Where, from the start of the image.
    pub offset: u64,
    pub kind: RelocationKind,
    pub target: Target,
    pub addend: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelocationKind {
    /// The target's 64-bit address.
    Absolute8,
    /// The target's address minus the place's, as 32 bits (x86-64 calls and loads).
    Relative4,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A function of the image, by its offset.
    Function(u64),
    /// A host function, by its symbol (`Import::symbol`).
    Host(String),
}

impl RelocationKind {
    pub fn code(self) -> u8 {
        match self {
            RelocationKind::Absolute8 => 0,
            RelocationKind::Relative4 => 1,
        }
    }

    pub fn from_code(code: u8) -> Option<RelocationKind> {
        match code {
            0 => Some(RelocationKind::Absolute8),
            1 => Some(RelocationKind::Relative4),
            _ => None,
        }
    }
}

/// Lays out `functions` (in build order) as an image, or says why it cannot be made.
pub(super) fn build(
    functions: &[MachineCode],
    entry: FuncId,
    imports: &HashMap<Import, FuncId>,
) -> Result<Image, String> {
    if !cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        return Err("code is cached on x86-64 Linux only".to_string());
    }
    let mut bytes = Vec::new();
    let mut alignment = 16u64;
    let mut offsets = HashMap::new();
    for function in functions {
        let align = function.alignment.max(1);
        alignment = alignment.max(align);
        bytes.resize((bytes.len() as u64).next_multiple_of(align) as usize, 0);
        offsets.insert(function.id, bytes.len() as u64);
        bytes.extend_from_slice(&function.bytes);
    }
    let hosts: HashMap<FuncId, Import> = imports.iter().map(|(&i, &id)| (id, i)).collect();
    let mut relocations = Vec::new();
    for function in functions {
        let start = offsets[&function.id];
        for reloc in &function.relocs {
            let kind = match reloc.kind {
                Reloc::Abs8 => RelocationKind::Absolute8,
                Reloc::X86PCRel4 | Reloc::X86CallPCRel4 => RelocationKind::Relative4,
                other => return Err(format!("the code has a relocation of kind {other}")),
            };
            let target = match &reloc.name {
                ModuleRelocTarget::User {
                    namespace: 0,
                    index,
                } => {
                    let id = FuncId::from_u32(*index);
                    match (offsets.get(&id), hosts.get(&id)) {
                        (Some(&offset), _) => Target::Function(offset),
                        (None, Some(import)) => Target::Host(import.symbol().to_string()),
                        (None, None) => return Err(format!("the code calls an unknown {id}")),
                    }
                }
                other => return Err(format!("the code refers to {other}")),
            };
            relocations.push(Relocation {
                offset: start + u64::from(reloc.offset),
                kind,
                target,
                addend: reloc.addend,
            });
        }
    }
    let entry = *offsets
        .get(&entry)
        .ok_or("the entry function has no code")?;
    Ok(Image {
        bytes,
        alignment,
        entry,
        relocations,
    })
}

impl Image {
    /// Maps the image into executable memory with every relocation applied; the host
    /// functions are `runtime`'s and the library's own, as a compile would link them.
    pub fn load(&self, runtime: &Runtime) -> Result<Mapped, String> {
        let entry = usize::try_from(self.entry).map_err(|_| "entry out of range")?;
        if entry >= self.bytes.len() || self.alignment > PAGE || self.bytes.is_empty() {
            return Err("the image's entry or alignment is out of range".to_string());
        }
        let mut memory = Mapped::writable(self.bytes.len())?;
        let base = memory.pointer as usize;
        // SAFETY: `memory` is a fresh private mapping of at least `bytes.len()` bytes.
        let code = unsafe { std::slice::from_raw_parts_mut(memory.pointer, self.bytes.len()) };
        code.copy_from_slice(&self.bytes);
        for relocation in &self.relocations {
            let at = usize::try_from(relocation.offset).map_err(|_| "relocation out of range")?;
            let target = match &relocation.target {
                Target::Function(offset) => {
                    let offset = usize::try_from(*offset).map_err(|_| "target out of range")?;
                    if offset >= code.len() {
                        return Err("a relocation's target is outside the image".to_string());
                    }
                    base + offset
                }
                Target::Host(symbol) => Import::ALL
                    .into_iter()
                    .find(|import| import.symbol() == symbol)
                    .ok_or_else(|| format!("no host function `{symbol}`"))?
                    .address(runtime) as usize,
            };
            let value = (target as i64).wrapping_add(relocation.addend);
            match relocation.kind {
                RelocationKind::Absolute8 => {
                    let place = code.get_mut(at..at + 8).ok_or("relocation out of range")?;
                    place.copy_from_slice(&value.to_le_bytes());
                }
                RelocationKind::Relative4 => {
                    let place = code.get_mut(at..at + 4).ok_or("relocation out of range")?;
                    let relative = i32::try_from(value.wrapping_sub((base + at) as i64))
                        .map_err(|_| "a relative relocation does not fit in 32 bits")?;
                    place.copy_from_slice(&relative.to_le_bytes());
                }
            }
        }
        memory.make_executable()?;
        memory.entry = entry;
        Ok(memory)
    }
}

/// The assumed page size; mappings are rounded up to it (Linux on x86-64: 4 KiB; a larger
/// page still works, `mmap` rounds further itself).
const PAGE: u64 = 4096;

/// Executable memory holding a loaded image, unmapped when dropped.
pub struct Mapped {
    pointer: *mut u8,
    length: usize,
    entry: usize,
}

// SAFETY: the memory is only read and executed after `load` returns; generated code keeps no
// state of its own (every run passes its own context).
unsafe impl Send for Mapped {}
// SAFETY: as above.
unsafe impl Sync for Mapped {}

impl Mapped {
    /// The entry function.
    pub fn entry(&self) -> EntryFn {
        // SAFETY: `entry` is the offset of the function compiled with the signature
        // `fn(*mut RunContext) -> i32`, relocated for this address.
        unsafe { std::mem::transmute::<*mut u8, EntryFn>(self.pointer.add(self.entry)) }
    }
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
mod system {
    pub const PROT_READ: i32 = 1;
    pub const PROT_WRITE: i32 = 2;
    pub const PROT_EXEC: i32 = 4;
    pub const MAP_PRIVATE: i32 = 2;
    pub const MAP_ANONYMOUS: i32 = 0x20;
    pub const MAP_POPULATE: i32 = 0x8000;

    // SAFETY: the C library's memory-mapping calls, with their Linux signatures.
    unsafe extern "C" {
        pub fn mmap(
            address: *mut u8,
            length: usize,
            protection: i32,
            flags: i32,
            descriptor: i32,
            offset: i64,
        ) -> *mut u8;
        pub fn mprotect(address: *mut u8, length: usize, protection: i32) -> i32;
        pub fn munmap(address: *mut u8, length: usize) -> i32;
    }
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
impl Mapped {
    fn writable(size: usize) -> Result<Mapped, String> {
        use system::*;
        let length = size.next_multiple_of(PAGE as usize);
        // SAFETY: an anonymous private mapping at an address the system picks.
        let pointer = unsafe {
            mmap(
                std::ptr::null_mut(),
                length,
                PROT_READ | PROT_WRITE,
                // Its pages are all written at once: one fault-in rather than one per page.
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
                -1,
                0,
            )
        };
        if pointer as isize == -1 || pointer.is_null() {
            return Err("the system refused memory for the code".to_string());
        }
        Ok(Mapped {
            pointer,
            length,
            entry: 0,
        })
    }

    fn make_executable(&mut self) -> Result<(), String> {
        use system::*;
        // SAFETY: the whole mapping made by `writable`.
        let status = unsafe { mprotect(self.pointer, self.length, PROT_READ | PROT_EXEC) };
        if status != 0 {
            return Err("the system refused to make the code executable".to_string());
        }
        Ok(())
    }
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: the mapping made by `writable`; no function in it can be running, as the
        // program that owns it is borrowed for the whole of every run.
        unsafe { system::munmap(self.pointer, self.length) };
    }
}

#[cfg(not(all(target_arch = "x86_64", target_os = "linux")))]
impl Mapped {
    fn writable(_size: usize) -> Result<Mapped, String> {
        Err("code is cached on x86-64 Linux only".to_string())
    }

    fn make_executable(&mut self) -> Result<(), String> {
        Err("code is cached on x86-64 Linux only".to_string())
    }
}
