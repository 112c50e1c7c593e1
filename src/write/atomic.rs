//! Writing outputs so that a reader never sees half a file: write to a temporary file
//! in the same folder, then rename it into place.

use std::io::Write;
use std::path::Path;

/// Write `bytes` to `path` atomically, creating its folder if needed.
///
/// # Errors
/// Any I/O error creating the folder, writing, or renaming.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".golden-thread-")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|e| e.error)?;
    Ok(())
}
