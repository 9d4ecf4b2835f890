//! Output handling shared by the `evaluate` and `throughput` examples: lines are collected in a
//! buffer and written once at the end, so that a closed pipe is reported as an error line rather
//! than a panic inside `println!`.

pub mod chain;

use std::io::Write;
use std::process::ExitCode;

/// Appends a line to the output buffer.
macro_rules! say {
    ($o:expr) => {
        $o.push('\n')
    };
    ($o:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($o, $($arg)*);
    }};
}

/// Writes the buffered output, then turns the run's result into the exit code: every failure is
/// one line on stderr, prefixed with the example's name, and exit code 2.
pub fn finish(name: &str, out: &str, result: Result<(), String>) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        eprintln!("{name}: standard output: {e}");
        return ExitCode::from(2);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::from(2)
        }
    }
}
