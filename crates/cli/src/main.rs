//! The `khabar` binary: parse the command line, resolve it into a
//! configuration, run one command, and turn its outcome into an exit status.

mod commands;
mod hiargs;
mod lowargs;
mod output;
mod settings;

use std::process::ExitCode;

use clap::Parser;

/// Exit status when the command finished but some input records were rejected.
const EXIT_RECORDS_REJECTED: u8 = 3;

/// Like other Unix filters, `khabar … | head` ends quietly when the reader
/// goes away: the default SIGPIPE action ends the process instead of every
/// later write failing (Rust ignores SIGPIPE by default, and `println!` then
/// panics).
#[cfg(unix)]
fn end_quietly_on_closed_pipe() {
    // SAFETY: restoring a signal's default disposition at start-up, before
    // any other thread exists, has no memory-safety preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_closed_pipe() {}

fn main() -> ExitCode {
    end_quietly_on_closed_pipe();
    let raw_arguments = lowargs::RawArguments::parse();
    let resolved = match hiargs::ResolvedArguments::resolve(raw_arguments) {
        Ok(resolved) => resolved,
        Err(error) => {
            eprintln!("khabar: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match commands::run(resolved) {
        Ok(commands::Outcome::Success) => ExitCode::SUCCESS,
        Ok(commands::Outcome::RecordsRejected) => ExitCode::from(EXIT_RECORDS_REJECTED),
        Err(error) => {
            if output::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("khabar: {error:#}");
            ExitCode::FAILURE
        }
    }
}
