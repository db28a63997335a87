//! `arrayc repl`: an interactive session. Takes entries (statements or `:` commands),
//! compiles and runs each one alone, and keeps the values it leaves as arrays.
//!
//! An entry's program is the entry, preceded by declarations of the session's names it
//! mentions (and of the names the session's functions it calls mention): a `param` as
//! `param NAME = VALUE` (a compile-time constant must be source), an `input` as itself, a
//! `let` or `var` value as an input `__repl_NAME` given the kept array and bound by
//! `let NAME = __repl_NAME` (or `var`, when the entry assigns it), so that it keeps every bit
//! and its dtype, floats above all; a function as its source text. Only an int64 scalar up to
//! 2^53 or a bool scalar, exact in decimal text, is declared as a literal, so that it stays a
//! compile-time constant (an extent, a `for` bound) as it was in its own entry. The entry's bare expressions run as
//! `print EXPR`; `out NAME` lines after it give back what it declared or assigned, which
//! replaces the session's values once the run succeeded. An entry that fails to parse,
//! compile or run is reported and changes nothing; no error ends the session, but a
//! session read from a pipe or file that had any error exits with code 1, as a script
//! should. Knows the program only through `arrayc::outline`, never its syntax tree.

//!
//! One file per job: `terminal` reads entries (the line editor, prompts, when an entry is
//! complete), `session` keeps the session's names and answers `:` commands, `entry` builds
//! an entry's program, runs it and keeps what it gives back.

mod entry;
mod session;
mod terminal;

use crate::output::Failure;
use session::{Flow, Session};
use std::io::{BufRead, IsTerminal, Read};
use terminal::{interactive, is_incomplete};

const HELP: &str = "\
Type statements (`var x = linspace(0, 1, 5)`, `loop i in 0..3 { x = x * 2 }`) or an
expression to print its value. Input goes on while a bracket or brace is open.
  :timings      toggle the compile-cost report after each entry
  :ir           the last entry's program after lowering and unrolling
  :clif         the last entry's program as Cranelift IR
  :asm          the last entry's program as machine code
  :load FILE    run a file's statements as one entry (its prints run once)
  :input NAME=FILE.npy|NUMBER
                supply the data of `input NAME[...]` for every later entry
  :vars         the session's names: kind, dtype and shape (or value)
  :reset        forget every binding
  :help         this text
  :quit         end the session (or Ctrl-D)
";

/// The longest entry (all its lines) read, in bytes: bounds what `repl < /dev/zero` reads.
const MAX_ENTRY_BYTES: usize = 16 << 20;

pub fn repl() -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut session = Session::default();
    if std::io::stdin().is_terminal() {
        return interactive(&mut session);
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = String::new();
    let mut entry = String::new();
    loop {
        line.clear();
        let room = (MAX_ENTRY_BYTES + 1).saturating_sub(entry.len()) as u64;
        let read = (&mut input)
            .take(room)
            .read_line(&mut line)
            .map_err(|e| Failure(format!("error: cannot read standard input: {e}")))?;
        if entry.len() + line.len() > MAX_ENTRY_BYTES {
            return Err(Failure(format!(
                "error: an entry of more than {} MiB; that is not a program",
                MAX_ENTRY_BYTES >> 20
            )));
        }
        if read == 0 {
            if !entry.trim().is_empty() {
                session.submit(&entry, &mut stdout.lock(), &mut stderr.lock());
            }
            break;
        }
        entry.push_str(&line);
        if is_incomplete(&entry) {
            continue;
        }
        let text = std::mem::take(&mut entry);
        let flow = session.submit(&text, &mut stdout.lock(), &mut stderr.lock());
        if flow == Flow::Quit {
            break;
        }
    }
    match session.failures {
        0 => Ok(()),
        failures => Err(Failure(format!(
            "error: {failures} entr{} of the session failed",
            if failures == 1 { "y" } else { "ies" }
        ))),
    }
}

#[cfg(test)]
mod tests;
