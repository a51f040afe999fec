//! Writing output files atomically.
//!
//! Output goes to a temporary file in the destination's directory, which is
//! renamed over the destination only once everything has been written and
//! flushed. A failed run leaves the destination as it was.

use crate::error::{Error, Result};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes a file atomically: `fill` writes the content; on success the
/// temporary file replaces `path`, on failure it is removed.
pub fn write_atomic<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The directory's own error says plainly what is wrong ("No such file or
    // directory"); tempfile's would name its random file instead.
    std::fs::metadata(dir).map_err(|e| Error::io(path, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".bitext-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            // tempfile's message names its random file; say what matters.
            let cause = e.kind();
            let why = format!("cannot create a file in {}: {cause}", dir.display());
            Error::io(path, std::io::Error::new(e.kind(), why))
        })?;
    let mut w = BufWriter::new(tmp);
    let value = fill(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io(path, e.into_error()))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

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
