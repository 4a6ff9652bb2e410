//! Standard output and standard error, written without ever panicking (`println!` and
//! `eprintln!` panic when the stream is closed or full, which once turned `| head -1`
//! into exit 101 and lost the manifest):
//!
//! - standard error carries messages only: a closed or full stderr is ignored and the
//!   run goes on (its outputs are the product);
//! - standard output carries the product (`-o -`, `inspect`, completions): a reader that
//!   closed the pipe (`| head -1`) ends the command quietly with exit 0, as ripgrep does;
//!   any other failure (`>/dev/full`) is an error, because nothing was delivered.

use super::ExitCode;
use std::io::Write;

/// Prints one line on standard error; a closed or full stderr is ignored.
pub fn err_line(text: impl std::fmt::Display) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Writes `bytes` to standard output and flushes.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush())
}

/// The exit code for a failed write to standard output, after saying why (a closed
/// pipe is the reader's choice and says nothing).
pub fn stdout_failed(e: &std::io::Error) -> ExitCode {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::Success;
    }
    err_line(format!("error: cannot write to standard output: {e}"));
    ExitCode::SomeFailed
}

/// Writes `bytes` to standard output and gives the command's exit code.
pub fn deliver(bytes: &[u8]) -> ExitCode {
    match write_stdout(bytes) {
        Ok(()) => ExitCode::Success,
        Err(e) => stdout_failed(&e),
    }
}
