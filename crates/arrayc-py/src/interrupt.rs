//! Ctrl-C for running programs: while any run is in progress, a SIGINT handler raises the
//! process-wide `arrayc::Interrupt` and then calls the handler it replaced (Python's, which
//! schedules `KeyboardInterrupt`). Knows nothing of Python objects or of arrayc's programs.

use arrayc::Interrupt;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The handle every run shares: Ctrl-C stops all of them.
fn shared() -> &'static Interrupt {
    static SHARED: OnceLock<Interrupt> = OnceLock::new();
    SHARED.get_or_init(Interrupt::new)
}

/// What the signal handler needs, readable without locks (atomics are async-signal-safe).
static FLAG: AtomicPtr<AtomicBool> = AtomicPtr::new(std::ptr::null_mut());
static PREVIOUS_HANDLER: AtomicUsize = AtomicUsize::new(0);
static PREVIOUS_FLAGS: AtomicI32 = AtomicI32::new(0);

/// Runs in progress and the action to put back when the last one ends (`None` when the
/// handler was not installed, because SIGINT was not handled by a function before).
struct State {
    active: usize,
    previous: Option<libc::sigaction>,
}

static STATE: Mutex<State> = Mutex::new(State {
    active: 0,
    previous: None,
});

extern "C" fn on_interrupt(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    data: *mut libc::c_void,
) {
    let flag = FLAG.load(Ordering::SeqCst);
    if !flag.is_null() {
        // SAFETY: FLAG points into the shared handle, which lives for the whole process.
        unsafe { (*flag).store(true, Ordering::SeqCst) };
    }
    let handler = PREVIOUS_HANDLER.load(Ordering::SeqCst);
    if handler == libc::SIG_DFL || handler == libc::SIG_IGN {
        return;
    }
    if PREVIOUS_FLAGS.load(Ordering::SeqCst) & libc::SA_SIGINFO != 0 {
        type Action = extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void);
        // SAFETY: with SA_SIGINFO the previous action is a three-argument handler.
        let action: Action = unsafe { std::mem::transmute::<usize, Action>(handler) };
        action(signal, info, data);
    } else {
        type Handler = extern "C" fn(libc::c_int);
        // SAFETY: without SA_SIGINFO the previous action is a one-argument handler.
        let action: Handler = unsafe { std::mem::transmute::<usize, Handler>(handler) };
        action(signal);
    }
}

/// Keeps the handler installed while a run is in progress.
pub struct Guard;

impl Guard {
    /// Installs the handler if this is the only run in progress and SIGINT is handled by
    /// a function (Python's handler, normally); otherwise leaves signals alone.
    pub fn install() -> Guard {
        let interrupt = shared();
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        state.active += 1;
        if state.active == 1 {
            FLAG.store(
                (interrupt.flag() as *const AtomicBool).cast_mut(),
                Ordering::SeqCst,
            );
            state.previous = install_handler();
        }
        Guard
    }

    pub fn interrupt(&self) -> &'static Interrupt {
        shared()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        state.active -= 1;
        if state.active == 0 {
            if let Some(previous) = state.previous.take() {
                restore_handler(&previous);
            }
            shared().reset();
        }
    }
}

fn install_handler() -> Option<libc::sigaction> {
    // SAFETY: sigaction with a null new action only reads the current one.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigaction(libc::SIGINT, std::ptr::null(), &mut current) } != 0 {
        return None;
    }
    if current.sa_sigaction == libc::SIG_DFL || current.sa_sigaction == libc::SIG_IGN {
        return None;
    }
    PREVIOUS_HANDLER.store(current.sa_sigaction, Ordering::SeqCst);
    PREVIOUS_FLAGS.store(current.sa_flags, Ordering::SeqCst);
    // SAFETY: a zeroed sigaction is valid; the fields set below make it ours.
    let mut ours: libc::sigaction = unsafe { std::mem::zeroed() };
    ours.sa_sigaction = on_interrupt as *const () as usize;
    ours.sa_flags = libc::SA_SIGINFO | (current.sa_flags & libc::SA_ONSTACK);
    ours.sa_mask = current.sa_mask;
    // SAFETY: installs a handler that only uses atomics and calls the previous handler.
    if unsafe { libc::sigaction(libc::SIGINT, &ours, std::ptr::null_mut()) } != 0 {
        return None;
    }
    Some(current)
}

/// Puts the previous action back, unless someone replaced ours in the meantime.
fn restore_handler(previous: &libc::sigaction) {
    // SAFETY: reads the current action only.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigaction(libc::SIGINT, std::ptr::null(), &mut current) } != 0 {
        return;
    }
    if current.sa_sigaction == on_interrupt as *const () as usize {
        // SAFETY: `previous` was read from the kernel by `install_handler`.
        unsafe { libc::sigaction(libc::SIGINT, previous, std::ptr::null_mut()) };
    }
}
