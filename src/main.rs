//! `golden-thread`: parse the command line, dispatch, and map the outcome to an exit
//! status: 0 no errors, 1 error findings, 2 the command could not run.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

// Reading and merging make many small strings on several threads at once; mimalloc
// serves them faster and holds less memory at peak than the system allocator. It is
// built without transparent huge pages (Cargo.toml says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A hostile file can make calamine panic; the reader catches that and reports the
    // file as damaged, so the officer should not see a panic message for it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !golden_thread::read::open::is_reader_panic(info.location()) {
            default_hook(info);
        }
    }));
    // Ctrl-C mid-write: remove the temporary file, so no half-written output is left.
    let _ = ctrlc::set_handler(|| {
        golden_thread::write::atomic::remove_in_progress();
        std::process::exit(130);
    });
    let cli = cli::Cli::parse();
    let outcome = match &cli.command {
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Consolidate(args) => cmd::consolidate::run(args),
        cli::Command::SpotCheck(args) => cmd::spotcheck::run(args),
        cli::Command::Template(args) => cmd::template::run(args),
        cli::Command::Diff(args) => cmd::diff::run(args),
        cli::Command::Demo(args) => cmd::demo::run(args),
    };
    match outcome {
        Ok(cmd::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cmd::Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            eprintln!("golden-thread: {error}");
            ExitCode::from(2)
        }
    }
}
