//! Writing output files atomically.
//!
//! Output goes to a temporary file in the destination's directory, which is
//! renamed over the destination only once everything has been written and
//! flushed. A failed run leaves the destination as it was. A symbolic link
//! is followed (the file it names is replaced, the link kept); a
//! destination that is not a regular file (a pipe, `/dev/null`, a terminal)
//! is written directly, since it cannot be replaced. Temporary files are
//! registered so that [`remove_temporaries`] can delete them when the
//! process is interrupted.
//!
//! The temporary file of `DIR/NAME` is `DIR/.NAME.bitext-PID-K.tmp` (PID the
//! writing process's id, K a counter). A process killed outright (SIGKILL,
//! a power cut) cannot remove its own: the next write of the same `NAME`
//! removes those whose process is gone, and only files of exactly that
//! pattern; a live process's file is left alone. "Gone" needs two proofs,
//! checked just before the removal: no `/proc/PID` (Linux; elsewhere
//! nothing is removed), and no lock on the file (each writer holds an
//! exclusive lock on its temporary file while it writes). The lock keeps
//! the file of a writer whose process this one cannot see (another PID
//! namespace, another host on a shared file system, `/proc` mounted with
//! `hidepid`) from looking abandoned.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
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
    /// The file named (for messages).
    path: PathBuf,
    /// The file replaced: `path`, or what the symbolic link `path` names.
    target: PathBuf,
    writer: BufWriter<File>,
    /// The temporary file; `None` when writing directly to a special file.
    guard: TempGuard,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (whose directory must exist).
    pub fn create(path: &Path) -> Result<Self> {
        if let Some(fd) = descriptor_named(path) {
            // `/dev/stdout` and the like: what the caller opened (a pipe, a
            // terminal, a file the shell truncated or appends to) is
            // written as it was opened.
            let file = open_descriptor(fd).map_err(|e| Error::io(path, e))?;
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                target: path.to_path_buf(),
                writer: BufWriter::new(file),
                guard: TempGuard(None),
            });
        }
        let target = resolve(path)?;
        if let Ok(meta) = std::fs::metadata(&target)
            && !meta.is_file()
        {
            if meta.is_dir() {
                return Err(Error::io(
                    path,
                    std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a directory"),
                ));
            }
            // A pipe, a device, a socket: there is nothing to replace.
            let file = OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| Error::io(path, e))?;
            return Ok(AtomicFile {
                path: path.to_path_buf(),
                target,
                writer: BufWriter::new(file),
                guard: TempGuard(None),
            });
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // The directory's own error says plainly what is wrong ("No such file
        // or directory").
        std::fs::metadata(dir).map_err(|e| Error::io(path, e))?;
        let (file, tmp) = create_temp(dir, &target, path)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            target,
            writer: BufWriter::new(file),
            guard: TempGuard::new(tmp),
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
            target,
            writer,
            mut guard,
        } = self;
        let file = writer
            .into_inner()
            .map_err(|e| Error::io(&path, e.into_error()))?;
        let Some(tmp) = guard.0.clone() else {
            // Written directly to a special file: nothing to rename.
            return Ok(());
        };
        if let Ok(old) = std::fs::metadata(&target) {
            file.set_permissions(old.permissions())
                .map_err(|e| Error::io(&path, e))?;
        }
        file.sync_all().map_err(|e| Error::io(&path, e))?;
        drop(file);
        std::fs::rename(&tmp, &target).map_err(|e| Error::io(&path, e))?;
        guard.disarm();
        Ok(())
    }
}

/// The standard output or standard error of this process (1 or 2) when
/// `path` names it, through links: `/dev/stdout`, `/dev/stderr`,
/// `/dev/fd/1`, `/proc/self/fd/2` (Linux). Such a name is a link to what the
/// descriptor holds, which need not be a path at all (`pipe:[N]`), and is
/// written as the descriptor, never replaced: the caller opened it, for
/// writing. `None` for any other path (another descriptor may have been
/// opened for reading only, or by this process itself), and where `/proc`
/// does not list descriptors.
pub fn descriptor_named(path: &Path) -> Option<u32> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        if !std::fs::symlink_metadata(&target)
            .ok()?
            .file_type()
            .is_symlink()
        {
            return None;
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Some(fd) = target
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|fd| (1..=2).contains(fd))
            && is_descriptor_directory(dir)
        {
            return Some(fd);
        }
        let link = std::fs::read_link(&target).ok()?;
        target = if link.is_relative() {
            dir.join(link)
        } else {
            link
        };
    }
    None
}

/// Whether `dir` is this process's (or this thread's) directory of
/// descriptors in `/proc`.
fn is_descriptor_directory(dir: &Path) -> bool {
    let Ok(dir) = std::fs::canonicalize(dir) else {
        return false;
    };
    ["/proc/self/fd", "/proc/thread-self/fd"]
        .iter()
        .any(|d| std::fs::canonicalize(d).is_ok_and(|d| d == dir))
}

/// A new handle on standard output (1) or standard error (2), the numbers
/// [`descriptor_named`] gives: the descriptor duplicated (the same open
/// file, its offset and mode shared, as `2>&1` does).
#[cfg(unix)]
fn open_descriptor(fd: u32) -> std::io::Result<File> {
    use std::os::fd::AsFd;
    let owned = if fd == 1 {
        std::io::stdout().as_fd().try_clone_to_owned()
    } else {
        std::io::stderr().as_fd().try_clone_to_owned()
    };
    Ok(File::from(owned?))
}

/// Without `/proc`, [`descriptor_named`] names no descriptor.
#[cfg(not(unix))]
fn open_descriptor(_fd: u32) -> std::io::Result<File> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The file a write to `path` replaces: `path` itself, or the file a
/// symbolic link at `path` names (through any chain of links).
fn resolve(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&target).map_err(|e| Error::io(path, e))?;
                target = match target.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other("too many levels of symbolic links"),
    ))
}

/// Creates a new hidden file beside the destination and registers it for
/// [`remove_temporaries`]. The file is created and registered under the
/// registry's lock, so a signal that arrives meanwhile either finds it
/// registered or stops the process before it is created.
fn create_temp(dir: &Path, target: &Path, path: &Path) -> Result<(File, PathBuf)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_temporaries(dir, &name);
    let mut registry = TEMPORARIES.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        let k = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.bitext-{}-{k}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => {
                // Held while this process writes (released when the file
                // is closed, or the process ends however it ends); where
                // the file system has no locks, the process check alone
                // decides (see the module's documentation).
                let _ = f.try_lock();
                registry.push(tmp.clone());
                return Ok((f, tmp));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && k < 10_000 => continue,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
}

/// The output name and the process id of a temporary file name
/// `.NAME.bitext-PID-K.tmp`, or `None` for any other name.
fn parse_temp_name(file_name: &str) -> Option<(&str, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (rest, k) = rest.rsplit_once('-')?;
    let (name, pid) = rest.rsplit_once(".bitext-")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if name.is_empty() || !digits(k) || !digits(pid) {
        return None;
    }
    Some((name, pid.parse().ok()?))
}

/// Whether process `pid` is known to have ended: no `/proc/PID` where
/// `/proc` lists this process (Linux). Elsewhere nothing is known, and
/// nothing is removed.
fn process_is_gone(pid: u32) -> bool {
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Temporary files of dead processes, by directory (each read once per
/// process, so that a batch writing thousands of outputs into one
/// directory does not list it for each) and output name.
type Stale =
    std::collections::HashMap<PathBuf, std::collections::HashMap<String, Vec<(PathBuf, u32)>>>;
static STALE: Mutex<Option<Stale>> = Mutex::new(None);

/// Whether no process holds a lock on the file at `path` (and it can be
/// opened for writing: another user's file is left alone).
fn unlocked(path: &Path) -> bool {
    OpenOptions::new()
        .write(true)
        .open(path)
        .is_ok_and(|f| f.try_lock().is_ok())
}

/// Removes the temporary files of `dir/name` that a killed process left
/// (see the module's documentation): only names of the exact pattern, only
/// when their process is gone and nothing holds their lock, both checked
/// again just before the removal.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let mut stale = STALE.lock().unwrap_or_else(|p| p.into_inner());
    let by_dir = stale.get_or_insert_with(Default::default);
    let by_name = by_dir.entry(dir.to_path_buf()).or_insert_with(|| {
        let mut found: std::collections::HashMap<String, Vec<(PathBuf, u32)>> = Default::default();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let file_name = entry.file_name();
            let Some((name, pid)) = file_name.to_str().and_then(parse_temp_name) else {
                continue;
            };
            if entry.file_type().is_ok_and(|t| t.is_file()) && process_is_gone(pid) {
                found
                    .entry(name.to_string())
                    .or_default()
                    .push((entry.path(), pid));
            }
        }
        found
    });
    for (path, pid) in by_name.remove(name).unwrap_or_default() {
        if process_is_gone(pid) && unlocked(&path) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Temporary files not yet renamed or removed.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary output file this process has not yet renamed
/// into place. For a signal handler: `bitext` calls it on Ctrl-C or
/// SIGTERM, so an interrupted run leaves nothing behind.
///
/// The registry stays locked afterwards, so that no temporary file can be
/// created between this call and the process's exit: call it only when
/// the process is about to end.
pub fn remove_temporaries() {
    let mut list = TEMPORARIES.lock().unwrap_or_else(|p| p.into_inner());
    for p in list.drain(..) {
        let _ = std::fs::remove_file(p);
    }
    // Held until exit: a thread about to create a temporary file waits.
    std::mem::forget(list);
}

/// Removes the temporary file unless the write completed.
#[derive(Debug)]
struct TempGuard(Option<PathBuf>);

impl TempGuard {
    /// Guards `tmp`, which [`create_temp`] has registered.
    fn new(tmp: PathBuf) -> Self {
        TempGuard(Some(tmp))
    }

    /// The file was renamed into place: nothing to remove any more.
    fn disarm(&mut self) {
        if let Some(p) = self.0.take() {
            TEMPORARIES
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|t| t != &p);
        }
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.clone() {
            let _ = std::fs::remove_file(&p);
            self.disarm();
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

    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_special_files_written_directly() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tsv");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.tsv");
        std::os::unix::fs::symlink("real.tsv", &link).unwrap();
        write_atomic(&link, |w| {
            w.write_all(b"new").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // /dev/null stays a device.
        write_atomic(Path::new("/dev/null"), |w| {
            w.write_all(b"gone").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(left, ["link.tsv", "real.tsv"], "no temporary file left");
    }

    /// A temporary file left by a killed process (SIGKILL: no handler
    /// runs) is removed by the next write of the same output; a live
    /// process's, another output's and a name of another pattern stay.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_process_temporary_file_is_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        // No process has this id (pid_max is at most 2^22).
        let dead = 99_999_999;
        let live = std::os::unix::process::parent_id();
        let names = [
            format!(".out.tsv.bitext-{dead}-0.tmp"),
            format!(".out.tsv.bitext-{dead}-17.tmp"),
            format!(".out.tsv.bitext-{live}-0.tmp"),
            // A writer this process cannot see in /proc (another PID
            // namespace or host) holds its file's lock.
            format!(".out.tsv.bitext-{dead}-5.tmp"),
            format!(".other.tsv.bitext-{dead}-0.tmp"),
            format!(".out.tsv.bitext-{dead}-x.tmp"),
            format!("out.tsv.bitext-{dead}-0.tmp"),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), "partial").unwrap();
        }
        let held = File::open(dir.path().join(&names[3])).unwrap();
        held.lock().unwrap();
        write_atomic(&dir.path().join("out.tsv"), |w| {
            w.write_all(b"new").map_err(|e| Error::io("x", e))
        })
        .unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut expected = vec!["out.tsv".to_string()];
        expected.extend(names[2..].iter().cloned());
        expected.sort();
        assert_eq!(left, expected);
    }

    /// `/dev/stdout`, `/proc/self/fd/N` and a link to them name a
    /// descriptor; a file, a link to one and `/dev/null` do not.
    #[cfg(target_os = "linux")]
    #[test]
    fn names_of_descriptors_are_known() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.tsv");
        std::fs::write(&file, "x").unwrap();
        let to_file = dir.path().join("to-file.tsv");
        std::os::unix::fs::symlink(&file, &to_file).unwrap();
        let to_stderr = dir.path().join("to-stderr.tsv");
        std::os::unix::fs::symlink("/dev/stderr", &to_stderr).unwrap();
        assert_eq!(descriptor_named(Path::new("/dev/stdout")), Some(1));
        assert_eq!(descriptor_named(Path::new("/dev/fd/1")), Some(1));
        assert_eq!(descriptor_named(Path::new("/proc/self/fd/2")), Some(2));
        let own = format!("/proc/{}/fd/2", std::process::id());
        assert_eq!(descriptor_named(Path::new(&own)), Some(2));
        assert_eq!(descriptor_named(&to_stderr), Some(2));
        for other in [
            &file,
            &to_file,
            Path::new("/dev/null"),
            Path::new("/proc/self/fd"),
        ] {
            assert_eq!(descriptor_named(other), None, "{}", other.display());
        }
        assert_eq!(descriptor_named(&dir.path().join("missing")), None);
        // Standard input, and a descriptor past the standard ones (opened
        // for reading here), are not written through.
        use std::os::fd::AsRawFd;
        let opened = std::fs::File::open(&file).unwrap();
        let own_fd = format!("/proc/self/fd/{}", opened.as_raw_fd());
        assert_eq!(descriptor_named(Path::new(&own_fd)), None);
        assert_eq!(descriptor_named(Path::new("/dev/stdin")), None);
    }

    #[test]
    fn temporary_file_names_are_parsed_exactly() {
        assert_eq!(
            parse_temp_name(".a.b.tmx.bitext-12-3.tmp"),
            Some(("a.b.tmx", 12))
        );
        assert_eq!(
            parse_temp_name(".x.bitext-1.tmx.bitext-12-3.tmp"),
            Some(("x.bitext-1.tmx", 12))
        );
        for other in [
            "a.tmx.bitext-12-3.tmp",
            ".a.tmx.bitext-12-3",
            ".a.tmx.bitext--3.tmp",
            ".a.tmx.bitext-12-.tmp",
            "..bitext-12-3.tmp",
            ".a.tmx.bitext-1a-3.tmp",
        ] {
            assert_eq!(parse_temp_name(other), None, "{other}");
        }
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
