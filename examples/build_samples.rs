//! Rebuild `samples/`: the sample council's returns and officer directory.
//!
//! `cargo run --example build_samples -- samples`
//!
//! The .xlsx and .csv returns are written directly. The housing and education
//! registers are written as .xlsx and saved as .xls and .ods by LibreOffice (`soffice`
//! must be on the PATH), as a council's older or open-source office suite would.

use golden_thread::write::samples::{self, paths};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "samples".into()));
    let written = match samples::build(&dir, true) {
        Ok(written) => written,
        Err(error) => {
            eprintln!("build_samples: {error}");
            std::process::exit(1);
        }
    };
    for path in &written {
        println!("wrote {}", path.display());
    }
    for (target, filter) in [
        (paths::HOUSING, "xls:MS Excel 97"),
        (paths::EDUCATION, "ods"),
    ] {
        let target = dir.join(target);
        let source = target.with_extension("xlsx");
        if let Err(error) = convert(&source, &target, filter) {
            eprintln!("build_samples: cannot make {}: {error}", target.display());
            std::process::exit(1);
        }
        let _ = std::fs::remove_file(&source);
        println!("wrote {} (LibreOffice)", target.display());
    }
}

fn convert(source: &Path, target: &Path, filter: &str) -> Result<(), String> {
    let out_dir = target.parent().ok_or("no folder")?;
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(out_dir)
        .arg(source)
        .status()
        .map_err(|e| format!("cannot run soffice ({e}); install LibreOffice"))?;
    if !status.success() || !target.exists() {
        return Err(format!("soffice failed ({status})"));
    }
    Ok(())
}
