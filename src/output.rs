//! Writing output files atomically.
//!
//! Output goes to a temporary file in the destination's directory, which is
//! renamed over the destination only once everything has been written and
//! flushed. A failed run leaves the destination as it was.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Writes a file atomically: `fill` writes the content; on success the
/// temporary file replaces `path`, on failure it is removed. The new file
/// keeps the permissions of the file it replaces; a new file gets the
/// process's default (0666 less the umask), as any other tool would create.
/// I/O errors while writing name `path`.
pub fn write_atomic<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let mut file = AtomicFile::create(path)?;
    let value = fill(file.writer()).map_err(|e| e.with_output_path(path))?;
    file.commit()?;
    Ok(value)
}

/// An output file being written: a temporary file beside the destination
/// that [`AtomicFile::commit`] renames over it. Dropped without a commit,
/// the temporary file is removed and the destination is untouched. Several
/// `AtomicFile`s written together and committed one after the other keep a
/// failed run from leaving any of them half written.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<File>,
    guard: TempGuard,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (whose directory must exist).
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // The directory's own error says plainly what is wrong ("No such file
        // or directory").
        std::fs::metadata(dir).map_err(|e| Error::io(path, e))?;
        let (file, tmp) = create_temp(dir, path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            writer: BufWriter::new(file),
            guard: TempGuard(Some(tmp)),
        })
    }

    /// Where the content goes.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Flushes the content to disk and renames the temporary file over the
    /// destination.
    pub fn commit(self) -> Result<()> {
        let AtomicFile {
            path,
            writer,
            mut guard,
        } = self;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        if let Ok(old) = std::fs::metadata(&path) {
            file.set_permissions(old.permissions())
                .map_err(|e| Error::io(&path, e))?;
        }
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        drop(file);
        if let Some(tmp) = guard.0.as_ref() {
            std::fs::rename(tmp, &path).map_err(|e| Error::io(&path, e))?;
        }
        guard.0 = None;
        Ok(())
    }
}

/// Creates a new hidden file beside the destination.
fn create_temp(dir: &Path, path: &Path) -> Result<(File, PathBuf)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    loop {
        let k = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.bitext-{}-{k}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && k < 10_000 => continue,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
}

/// Removes the temporary file unless the write completed.
#[derive(Debug)]
struct TempGuard(Option<PathBuf>);

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn permissions_of_the_replaced_file_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tmx");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, |w| {
            w.write_all(b"new").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn failure_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let r: Result<()> = write_atomic(&path, |w| {
            w.write_all(b"partial").unwrap();
            Err(Error::Config("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&path, |w| {
            w.write_all(b"new").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }
}
