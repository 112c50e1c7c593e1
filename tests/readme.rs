//! The README's examples are what the commands print: each is run as the README shows
//! it, on the bundled samples, and its output compared with the README's block.

mod common;

use common::golden_thread;
use std::path::Path;

const README: &str = include_str!("../README.md");

/// The text block the README shows after the shell block that runs `command`.
fn shown_after(command: &str) -> &'static str {
    let after = README
        .split(&format!("{command}\n```\n\n```text\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("the README shows `{command}` and its output"));
    after.split("```").next().expect("the block closes")
}

/// What `command` (the README's, less `golden-thread`) prints when run in `dir`.
fn printed(dir: &Path, command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().skip(1).collect();
    let output = golden_thread()
        .args(&words)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let mut text = String::from_utf8(output.stdout).expect("UTF-8");
    text.push_str(&String::from_utf8(output.stderr).expect("UTF-8"));
    text
}

/// A folder holding a copy of the bundled samples' `returns` and definitions library.
fn samples_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for entry in walkdir::WalkDir::new(samples.join("returns")) {
        let entry = entry.expect("readable");
        let relative = entry.path().strip_prefix(&samples).expect("under samples");
        let to = dir.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("folder made");
        } else {
            std::fs::copy(entry.path(), &to).expect("copied");
        }
    }
    std::fs::copy(
        samples.join("definitions.xlsx"),
        dir.path().join("definitions.xlsx"),
    )
    .expect("copied");
    dir
}

#[test]
fn the_check_example_is_what_check_prints() {
    let command = "golden-thread check samples/returns/economy-and-environment --definitions samples/definitions.xlsx --as-of 2026-10-31";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(printed(root, command), shown_after(command));
}

#[test]
fn the_consolidate_example_is_what_consolidate_prints() {
    let command = "golden-thread consolidate returns --definitions definitions.xlsx --level directorate --out directorate.xlsx --as-of 2026-10-31 --csv directorate-csv";
    let dir = samples_copy();
    assert_eq!(printed(dir.path(), command), shown_after(command));
}

#[test]
fn the_demo_example_is_what_demo_prints() {
    let command = "golden-thread demo --out demo-output";
    let dir = tempfile::tempdir().expect("temporary folder");
    assert_eq!(printed(dir.path(), command), shown_after(command));
}
