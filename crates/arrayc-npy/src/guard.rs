//! Takes memory-mapped file ranges and keeps a process alive when such a file shrinks under
//! it: the SIGBUS that reading a vanished page raises is turned into a fresh zero page plus
//! a flag the owner checks after use. Knows nothing of the .npy format.
//!
//! Why a handler and not a copy: inputs stay zero-copy (a 1 GB input costs no memory and no
//! read time), and a file truncated while a program reads it becomes an error the caller
//! reports ("changed while it was read") instead of a crash. Faults outside every guarded
//! range go to the handler that was installed before ours (by default: the process dies of
//! SIGBUS as it would have without us).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

/// How many mappings can be guarded at once; beyond that `Guard::new` returns `None` and the
/// caller copies the file instead.
const SLOTS: usize = 64;

/// Start and end address of each guarded range; 0..0 is a free slot.
static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static ENDS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
/// Set by the handler when a page of the slot's range vanished.
static FAULTED: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
/// Slots taken (a claimed slot may still have an empty range while it is being filled).
static CLAIMED: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
static PAGE_SIZE: AtomicUsize = AtomicUsize::new(4096);
static INSTALL: Once = Once::new();
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The handler that was in place before ours, called for faults that are not ours.
struct Previous(std::cell::UnsafeCell<std::mem::MaybeUninit<libc::sigaction>>);
// SAFETY: written once inside `INSTALL` before the handler can run, read-only afterwards.
unsafe impl Sync for Previous {}
static PREVIOUS: Previous = Previous(std::cell::UnsafeCell::new(std::mem::MaybeUninit::zeroed()));

/// A guarded range; the range is released when the guard is dropped (before the unmap).
#[derive(Debug)]
pub struct Guard {
    slot: usize,
}

impl Guard {
    /// Guards `len` bytes at `start`, or returns `None` when no slot is free or the handler
    /// could not be installed.
    pub fn new(start: *const u8, len: usize) -> Option<Guard> {
        install();
        if !INSTALLED.load(Ordering::Acquire) || len == 0 {
            return None;
        }
        let slot = (0..SLOTS).find(|&slot| {
            CLAIMED[slot]
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        })?;
        FAULTED[slot].store(false, Ordering::Release);
        STARTS[slot].store(start as usize, Ordering::Release);
        ENDS[slot].store(start as usize + len, Ordering::Release);
        Some(Guard { slot })
    }

    /// True once a page of the range vanished (the file shrank) and read as zeros.
    pub fn faulted(&self) -> bool {
        FAULTED[self.slot].load(Ordering::Acquire)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        ENDS[self.slot].store(0, Ordering::Release);
        STARTS[self.slot].store(0, Ordering::Release);
        CLAIMED[self.slot].store(false, Ordering::Release);
    }
}

fn install() {
    INSTALL.call_once(|| {
        // SAFETY: plain libc calls with valid arguments; `PREVIOUS` is written before the
        // new handler is installed, and only here.
        unsafe {
            let page = libc::sysconf(libc::_SC_PAGESIZE);
            if page > 0 {
                PAGE_SIZE.store(page as usize, Ordering::Release);
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            let previous = (*PREVIOUS.0.get()).as_mut_ptr();
            if libc::sigaction(libc::SIGBUS, &action, previous) == 0 {
                INSTALLED.store(true, Ordering::Release);
            }
        }
    });
}

/// Async-signal-safe: atomics, `mmap` and `sigaction` only.
extern "C" fn on_sigbus(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    context: *mut libc::c_void,
) {
    // SAFETY: the kernel passes a valid `siginfo_t` for an SA_SIGINFO handler.
    let address = unsafe { (*info).si_addr() } as usize;
    let page_size = PAGE_SIZE.load(Ordering::Acquire);
    for slot in 0..SLOTS {
        let start = STARTS[slot].load(Ordering::Acquire);
        let end = ENDS[slot].load(Ordering::Acquire);
        if start <= address && address < end {
            let page = address & !(page_size - 1);
            // SAFETY: the page lies inside a mapping this process owns (the guarded range);
            // replacing it with an anonymous zero page is what makes the retried read succeed.
            let mapped = unsafe {
                libc::mmap(
                    page as *mut libc::c_void,
                    page_size,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if mapped != libc::MAP_FAILED {
                FAULTED[slot].store(true, Ordering::Release);
                return;
            }
        }
    }
    // Not ours: hand the fault to the previous handler, or restore the default action so
    // that the retried access ends the process as it would have without us.
    // SAFETY: `PREVIOUS` was initialised before this handler was installed.
    unsafe {
        let previous = &*(*PREVIOUS.0.get()).as_ptr();
        let handler = previous.sa_sigaction;
        if handler == libc::SIG_DFL || handler == libc::SIG_IGN {
            libc::sigaction(signal, previous, std::ptr::null_mut());
        } else if previous.sa_flags & libc::SA_SIGINFO != 0 {
            let function: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                std::mem::transmute(handler);
            function(signal, info, context);
        } else {
            let function: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
            function(signal);
        }
    }
}
