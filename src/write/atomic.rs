//! Writing outputs so that a reader never sees half a file: write to a temporary file
//! in the same folder, then rename it into place. Temporary files in progress are
//! remembered, so an interrupted run (Ctrl-C) can remove them.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written now.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove every temporary file still being written: for an interrupted run.
pub fn remove_in_progress() {
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        for path in paths.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The temporary files being written now.
pub fn in_progress() -> Vec<PathBuf> {
    IN_PROGRESS
        .lock()
        .map(|paths| paths.clone())
        .unwrap_or_default()
}

fn track(path: &Path, on: bool) {
    if let Ok(mut paths) = IN_PROGRESS.lock() {
        if on {
            paths.push(path.to_path_buf());
        } else {
            paths.retain(|p| p != path);
        }
    }
}

/// Write `bytes` to `path` atomically, creating its folder if needed.
///
/// # Errors
/// Any I/O error creating the folder, writing, or renaming.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_with(path, |temporary| std::fs::write(temporary, bytes))
}

/// Let `save` write the file at a temporary path in `path`'s folder, then rename it
/// into place: for writers that want a path rather than bytes (a large workbook need
/// not sit in memory whole).
///
/// # Errors
/// Any I/O error, or the error `save` returns (as `std::io::Error::other`).
pub fn write_with<E: std::fmt::Display>(
    path: &Path,
    save: impl FnOnce(&Path) -> Result<(), E>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let temporary = tempfile::Builder::new()
        .prefix(".golden-thread-")
        .tempfile_in(dir)?;
    track(temporary.path(), true);
    let outcome = (|| {
        save(temporary.path()).map_err(|e| std::io::Error::other(e.to_string()))?;
        // A temporary file is private to its owner; the output should be readable as any
        // other file there: keep the permissions of the file it replaces, else the usual ones.
        let permissions = match std::fs::metadata(path) {
            Ok(existing) => existing.permissions(),
            Err(_) => default_permissions(temporary.as_file())?,
        };
        std::fs::set_permissions(temporary.path(), permissions)?;
        std::fs::File::open(temporary.path())?.sync_all()
    })();
    let temporary_path = temporary.path().to_path_buf();
    let persisted = outcome.and_then(|()| temporary.persist(path).map(|_| ()).map_err(|e| e.error));
    track(&temporary_path, false);
    persisted
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interrupted-write test removes every temporary file in progress, as the
    /// Ctrl-C handler does: the tests here take turns, or it would remove the other's.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

    fn take_turn() -> std::sync::MutexGuard<'static, ()> {
        ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[test]
    fn replaces_whole_files_and_leaves_no_temporary_behind() {
        let _turn = take_turn();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xlsx");
        write_bytes(&path, b"first").unwrap();
        write_bytes(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o644,
                "readable by colleagues, like any file saved there"
            );
        }
    }

    #[test]
    fn an_interrupted_write_leaves_neither_output_nor_temporary() {
        let _turn = take_turn();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xlsx");
        let outcome = write_with(&path, |temporary| {
            std::fs::write(temporary, b"half a workbook")?;
            assert!(
                in_progress().contains(&temporary.to_path_buf()),
                "the temporary file is known while written"
            );
            // What the Ctrl-C handler does.
            remove_in_progress();
            Err::<(), std::io::Error>(std::io::Error::other("interrupted"))
        });
        assert!(outcome.is_err());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing left behind"
        );
        assert!(!in_progress().iter().any(|p| p.starts_with(dir.path())));
    }
}
