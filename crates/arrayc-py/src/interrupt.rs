//! Ctrl-C for running programs: a SIGINT handler, installed by the first run (and again by
//! a run that finds it replaced), raises the `arrayc::Interrupt` of every run in progress
//! and then calls the handler it replaced (Python's, which schedules `KeyboardInterrupt`). Knows nothing of Python objects or of
//! arrayc's programs.
//!
//! Each run has a handle of its own, taken from a fixed table of slots so that the signal
//! handler reaches every run without locks or allocation: an interrupt stops the runs in
//! progress when it comes and never one started after it. A child made by `fork` starts with
//! no run in progress and Python's handler back in place (`pthread_atfork`), whatever its
//! parent's other threads were doing.
//!
//! At interpreter exit (`stop_for_exit`, an `atexit` hook) the calls still in progress in
//! daemon threads are stopped and their threads put to sleep for good before Python
//! finalises: a thread that took the GIL back after that would be ended by `pthread_exit`,
//! whose unwinding through our frames aborts the process.

use arrayc::Interrupt;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, Once, OnceLock, PoisonError};

/// How many runs Ctrl-C can stop at once; a run beyond that many at once (each needs its
/// own Python thread) runs to its end.
const SLOTS: usize = 1024;

/// Slot `k`'s handle, made on first use and never dropped, so `FLAGS[k]` stays valid.
static HANDLES: [OnceLock<Interrupt>; SLOTS] = [const { OnceLock::new() }; SLOTS];
/// What the signal handler needs, readable without locks (atomics are async-signal-safe):
/// each slot's flag, and whether a run holds the slot.
static FLAGS: [AtomicPtr<AtomicBool>; SLOTS] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
static TAKEN: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
static PREVIOUS_HANDLER: AtomicUsize = AtomicUsize::new(0);
static PREVIOUS_FLAGS: AtomicI32 = AtomicI32::new(0);

/// Runs in progress and the action ours replaced (`None` when the handler was not
/// installed, because SIGINT was not handled by a function before); calls
/// that released the GIL (compiles and runs) and whether the interpreter is exiting.
struct State {
    active: usize,
    previous: Option<libc::sigaction>,
    in_flight: usize,
    exiting: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    active: 0,
    previous: None,
    in_flight: 0,
    exiting: false,
});
/// Notified when the last call in flight ends.
static CALLS_ENDED: Condvar = Condvar::new();

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

extern "C" fn on_interrupt(
    signal: libc::c_int,
    info: *mut libc::siginfo_t,
    data: *mut libc::c_void,
) {
    interrupt_every_run();
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

/// Raises the handle of every run in progress (async-signal-safe: atomics only).
fn interrupt_every_run() {
    for slot in 0..SLOTS {
        if TAKEN[slot].load(Ordering::SeqCst) {
            let flag = FLAGS[slot].load(Ordering::SeqCst);
            if !flag.is_null() {
                // SAFETY: FLAGS points into a handle that is never dropped.
                unsafe { (*flag).store(true, Ordering::SeqCst) };
            }
        }
    }
}

/// One call that releases the GIL (a compile or a run), from before it releases the GIL
/// until after it has taken it back.
pub struct InFlight(());

impl InFlight {
    /// `None` once the interpreter is exiting: no call starts then.
    pub fn enter() -> Option<InFlight> {
        let mut state = state();
        if state.exiting {
            return None;
        }
        state.in_flight += 1;
        Some(InFlight(()))
    }

    /// Called without the GIL when the call's work is done: at interpreter exit the thread
    /// sleeps here for good instead of taking the GIL back (see the module's comment).
    pub fn before_taking_the_gil_back(&self) {
        let mut state = state();
        if state.exiting {
            state.in_flight -= 1;
            CALLS_ENDED.notify_all();
            drop(state);
            loop {
                std::thread::park();
            }
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut state = state();
        state.in_flight = state.in_flight.saturating_sub(1);
        // Only `stop_for_exit` waits, and only once `exiting` is set: a notification costs
        // a system call, which every call would otherwise pay.
        if state.in_flight == 0 && state.exiting {
            CALLS_ENDED.notify_all();
        }
    }
}

/// At interpreter exit, called without the GIL: stops every run in progress (as Ctrl-C
/// does) and waits until every call in flight has stopped; none starts after.
pub fn stop_for_exit() {
    let mut state = state();
    state.exiting = true;
    interrupt_every_run();
    while state.in_flight > 0 {
        state = CALLS_ENDED
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// One run in progress: its own handle, raised by Ctrl-C while the guard lives.
pub struct Guard {
    handle: Handle,
}

enum Handle {
    Slot(usize),
    /// The handle of a run that found no free slot: nothing raises it.
    Unregistered(Interrupt),
}

impl Guard {
    /// Takes a slot for a run, and installs the handler if this is the only run in progress
    /// and SIGINT is handled by a function (Python's handler, normally); otherwise leaves
    /// signals alone.
    pub fn install() -> Guard {
        static AT_FORK: Once = Once::new();
        AT_FORK.call_once(|| {
            // SAFETY: registers three functions that only lock, reset and unlock our state.
            unsafe { libc::pthread_atfork(Some(before_fork), Some(in_parent), Some(in_child)) };
        });
        let slot = (0..SLOTS).find(|&slot| {
            TAKEN[slot]
                .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
        });
        let handle = match slot {
            Some(slot) => {
                let handle = HANDLES[slot].get_or_init(Interrupt::new);
                handle.reset();
                FLAGS[slot].store(
                    (handle.flag() as *const AtomicBool).cast_mut(),
                    Ordering::SeqCst,
                );
                Handle::Slot(slot)
            }
            None => Handle::Unregistered(Interrupt::new()),
        };
        let guard = Guard { handle };
        let mut state = state();
        if state.exiting {
            // Started as `stop_for_exit` raised every run's handle: stopped too.
            guard.interrupt().interrupt();
        }
        state.active += 1;
        if state.active == 1 && !(state.previous.is_some() && handler_is_ours()) {
            state.previous = install_handler();
        }
        drop(state);
        guard
    }

    /// This run's handle.
    pub fn interrupt(&self) -> &Interrupt {
        match &self.handle {
            Handle::Slot(slot) => HANDLES[*slot].get_or_init(Interrupt::new),
            Handle::Unregistered(handle) => handle,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Handle::Slot(slot) = self.handle {
            TAKEN[slot].store(false, Ordering::SeqCst);
        }
        // The handler stays in place when the last run ends: with no run in progress it
        // only calls the one it replaced. Putting that back and ours again cost four system
        // calls a run, most of a cached `arrayc.jit` call; now the next run checks with one
        // that ours is still the handler (Python's `signal.signal` may have replaced it).
        let mut state = state();
        state.active = state.active.saturating_sub(1);
    }
}

thread_local! {
    /// The state, locked by `before_fork` across a `fork` in the thread that forks.
    static LOCKED_FOR_FORK: RefCell<Option<MutexGuard<'static, State>>> =
        const { RefCell::new(None) };
}

/// Holds the state still across `fork`, so the child gets it whole (no half-done update).
extern "C" fn before_fork() {
    let guard = state();
    LOCKED_FOR_FORK.with(|locked| *locked.borrow_mut() = Some(guard));
}

extern "C" fn in_parent() {
    LOCKED_FOR_FORK.with(|locked| drop(locked.borrow_mut().take()));
}

/// The child has only the thread that forked, which runs no program: no run is in
/// progress, and the handler the runs installed goes back to the one it replaced.
extern "C" fn in_child() {
    for taken in &TAKEN {
        taken.store(false, Ordering::SeqCst);
    }
    LOCKED_FOR_FORK.with(|locked| {
        if let Some(mut state) = locked.borrow_mut().take() {
            state.active = 0;
            state.in_flight = 0;
            if let Some(previous) = state.previous.take() {
                restore_handler(&previous);
            }
        }
    });
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

/// Whether SIGINT's action is `on_interrupt` (one system call).
fn handler_is_ours() -> bool {
    // SAFETY: reads the current action only.
    let mut current: libc::sigaction = unsafe { std::mem::zeroed() };
    if unsafe { libc::sigaction(libc::SIGINT, std::ptr::null(), &mut current) } != 0 {
        return false;
    }
    current.sa_sigaction == on_interrupt as *const () as usize
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
