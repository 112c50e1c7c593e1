//! Any bytes, as a workbook or CSV: read, check and consolidate must never panic.
#![no_main]

use golden_thread::check::{CheckOptions, check_inputs, library_of};
use golden_thread::merge::{Level, consolidate};
use golden_thread::read::discover;
use golden_thread::schema::Schema;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::embedded().expect("embedded schema"))
}

/// Panics inside calamine are caught by the reader and reported as a damaged file
/// (tests/fixtures/bad has one); any other panic is a bug of ours and aborts.
fn hook() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        std::panic::set_hook(Box::new(|info| {
            if !golden_thread::read::open::is_reader_panic(info.location()) {
                eprintln!("{info}");
                std::process::abort();
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    hook();
    // The first byte picks the extension, so CSV and every workbook format are tried.
    let Some((pick, bytes)) = data.split_first() else { return };
    let extension = ["xlsx", "csv", "xls", "ods", "xlsb"][usize::from(*pick) % 5];
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(format!("return.{extension}"));
    std::fs::write(&path, bytes).expect("written");
    let schema = schema();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 31).expect("date");
    let inputs = discover(&[dir.path().to_path_buf()]).expect("inputs");
    let options = CheckOptions { as_of, year: None, owners: None };
    // check_inputs catches panics per file; fuzzing wants to see them, so read directly too.
    let read = golden_thread::read::read_workbook(&path, "return", &inputs[0].placement, schema, golden_thread::read::period::ReturnYear::given(2026));
    let library = library_of(std::iter::once(&read), schema);
    let ctx = golden_thread::check::CheckContext { framework: &schema.framework, as_of, year: golden_thread::read::period::ReturnYear::given(2026), owners: None, library: &library };
    let _ = golden_thread::check::check_workbook(&read, &ctx);
    let reports = check_inputs(&inputs, schema, &options);
    let _ = consolidate(reports, Level::Corporate, &schema.framework, &library, as_of);
});
