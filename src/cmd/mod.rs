//! One file per subcommand: its `run` reads the options, calls the library and says
//! whether findings were found. Errors here mean the command could not run at all.

pub mod check;
pub mod consolidate;
pub mod demo;
pub mod diff;
pub mod spotcheck;
pub mod template;

use crate::cli::Common;
use golden_thread::schema::{Schema, SchemaError};
use std::path::PathBuf;
use thiserror::Error;

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing that fails the run.
    Clean,
    /// Error findings (or warnings with --deny-warnings).
    Findings,
}

/// Why a command could not run.
#[derive(Debug, Error)]
pub enum CommandError {
    /// The schema could not be loaded.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// An input path could not be used.
    #[error(transparent)]
    Inputs(#[from] golden_thread::read::DiscoverError),
    /// The officer directory could not be read.
    #[error("cannot read the officer directory {path}: {message}")]
    Owners {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The output would replace an input.
    #[error("refusing to write {out}: it is one of the inputs ({input})")]
    WouldOverwriteInput {
        /// The output asked for.
        out: PathBuf,
        /// The input it resolves to.
        input: PathBuf,
    },
    /// The command line was incomplete for what was asked.
    #[error("{0}")]
    Usage(String),
    /// A spot-check workbook could not be read.
    #[error("cannot read the spot-check workbook {path}: {message}")]
    SpotCheck {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Writing output failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Print to standard output. A closed pipe (`| head`) only means the reader has seen
/// enough: the command's outputs are already written, so it is not an error.
pub fn say(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Load the officer directory, where one was given.
pub fn load_owners(
    path: Option<&std::path::Path>,
    schema: &Schema,
) -> Result<Option<golden_thread::check::OwnerDirectory>, CommandError> {
    path.map(|path| {
        golden_thread::check::OwnerDirectory::load(path, schema).map_err(|message| {
            CommandError::Owners {
                path: path.to_path_buf(),
                message,
            }
        })
    })
    .transpose()
}

/// The schema and reporting date every command starts from.
pub fn setup(
    common: &Common,
    default_as_of: Option<chrono::NaiveDate>,
) -> Result<(Schema, chrono::NaiveDate), CommandError> {
    let schema = Schema::load(common.schema.as_deref())?;
    let as_of = common
        .as_of
        .or(default_as_of)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    Ok((schema, as_of))
}
