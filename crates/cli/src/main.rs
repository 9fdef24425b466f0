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

fn main() -> ExitCode {
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
