//! Ctrl-C while a program runs: a SIGINT handler, installed only for the length of a run,
//! that raises the library's `Interrupt`, so the running `loop` or `while` stops at its next
//! iteration with the run-time error "interrupted" (pointing at the loop) and `arrayc run`
//! exits with 130, as a shell expects of a command stopped by Ctrl-C. A second Ctrl-C in the
//! same run (a long kernel outside any loop) ends the process at once. Outside runs — while
//! compiling, or in the REPL's line editor — SIGINT keeps its usual meaning.

use arrayc::Interrupt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

/// The handle every run of this process is given; the signal handler only reads it.
static HANDLE: OnceLock<Interrupt> = OnceLock::new();
/// Whether any run of this process was stopped by Ctrl-C (for the exit code).
static WAS_INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The exit code of a command stopped by SIGINT (128 + 2).
pub const EXIT_INTERRUPTED: u8 = 130;

extern "C" fn on_sigint(_signal: libc::c_int) {
    // Only async-signal-safe work here: atomic stores and `_exit`.
    match HANDLE.get() {
        Some(handle) if !handle.flag().swap(true, Ordering::SeqCst) => {}
        // SAFETY: `_exit` is async-signal-safe and ends the process without unwinding.
        _ => unsafe { libc::_exit(i32::from(EXIT_INTERRUPTED)) },
    }
}

/// While alive, Ctrl-C interrupts the runs given `handle()`; dropping it restores the
/// previous SIGINT disposition and remembers whether Ctrl-C came.
pub struct DuringRun {
    previous: libc::sigaction,
}

impl DuringRun {
    pub fn start() -> DuringRun {
        let handle = HANDLE.get_or_init(Interrupt::new);
        handle.reset();
        // SAFETY: a zeroed `sigaction` is a valid value to fill in; the handler only does
        // async-signal-safe work; `previous` receives the disposition to restore.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut action.sa_mask);
            let mut previous: libc::sigaction = std::mem::zeroed();
            libc::sigaction(libc::SIGINT, &action, &mut previous);
            DuringRun { previous }
        }
    }

    /// The handle to give the run.
    pub fn handle(&self) -> &'static Interrupt {
        HANDLE.get_or_init(Interrupt::new)
    }
}

impl Drop for DuringRun {
    fn drop(&mut self) {
        // SAFETY: restores the disposition saved by `start`.
        unsafe {
            libc::sigaction(libc::SIGINT, &self.previous, std::ptr::null_mut());
        }
        if let Some(handle) = HANDLE.get() {
            if handle.is_interrupted() {
                WAS_INTERRUPTED.store(true, Ordering::SeqCst);
            }
            handle.reset();
        }
    }
}

/// Whether a run of this process was stopped by Ctrl-C.
pub fn was_interrupted() -> bool {
    WAS_INTERRUPTED.load(Ordering::SeqCst)
}
