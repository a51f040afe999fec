//! The `bitext` command line: a thin layer over the library.

/// Writes a line to standard error as `eprintln!` does, but never panics:
/// when standard error is closed or a pipe whose reader went away (`2>&1 |
/// head -1`), the line is lost and the run goes on to its own exit status.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    bitext::memory::tune_allocator();
    // Ctrl-C, SIGTERM or SIGHUP during a run: remove the temporary output
    // files (the destinations are untouched until a write completes), then
    // exit as an interrupted process does.
    let _ = ctrlc::set_handler(|| {
        bitext::output::remove_temporaries();
        // A batch says how far it got (even with -q: its outputs are what
        // a rerun with --skip-existing goes on from).
        if let Some(line) = cmd::interrupted_batch() {
            say!("{line}");
        }
        std::process::exit(130);
    });
    let cli = match cmd::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(1),
            };
        }
    };
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if cmd::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            say!("bitext: error: {}", message(&err));
            ExitCode::from(cmd::exit_code(&err))
        }
    }
}

/// The error and its causes, each cause shown only if the message before it
/// does not already include it.
fn message(err: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}
