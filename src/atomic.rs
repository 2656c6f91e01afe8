//! Writing files the way a user can trust: all or nothing (a temporary file in the same
//! folder, then a rename), never over an existing file unless asked, and every target checked
//! before the first is written, so a bad target leaves nothing half done. A run killed while
//! writing leaves its temporary file behind, named with its process id: the next write into
//! that folder removes it.

use std::collections::BTreeSet;
use std::fs::Permissions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::paths::display_path;

/// What became of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    /// An existing file was replaced (`--force`).
    Replaced,
    /// The file already held exactly these bytes.
    Unchanged,
    /// The file exists with other content and was left alone.
    Kept,
}

impl Written {
    pub fn as_str(self) -> &'static str {
        match self {
            Written::Created => "wrote",
            Written::Replaced => "replaced",
            Written::Unchanged => "unchanged",
            Written::Kept => "kept",
        }
    }
}

/// Writes one file atomically; see [`write_all`].
pub fn write(path: &Path, bytes: &[u8], overwrite: bool) -> Result<Written, Error> {
    let written = write_all(&[(path.to_path_buf(), bytes.to_vec())], overwrite)?;
    Ok(written[0].1)
}

/// Writes every file atomically. An existing file with other content is replaced only when
/// `overwrite` is set, and keeps its permissions; a new file gets the umask's. Every target is
/// checked first: one that is not a regular file, or cannot be read, fails the run before any
/// file is written.
pub fn write_all(
    files: &[(PathBuf, Vec<u8>)],
    overwrite: bool,
) -> Result<Vec<(PathBuf, Written)>, Error> {
    let plans = files
        .iter()
        .map(|(path, bytes)| plan(path, bytes, overwrite))
        .collect::<Result<Vec<_>, Error>>()?;
    let folders: BTreeSet<&Path> = files.iter().map(|(path, _)| folder_of(path)).collect();
    folders.into_iter().for_each(remove_abandoned);
    files
        .iter()
        .zip(plans)
        .map(|((path, bytes), plan)| {
            let written = match plan {
                Plan::Leave(written) => written,
                Plan::Create => commit(path, bytes, None)?,
                Plan::Replace(permissions) => commit(path, bytes, Some(permissions))?,
            };
            Ok((path.clone(), written))
        })
        .collect()
}

enum Plan {
    Leave(Written),
    Create,
    /// Replace the file, keeping its permissions.
    Replace(Permissions),
}

/// The temporary files' names: `.scopecheck-<pid>-<random>.tmp`.
const TEMPORARY_PREFIX: &str = ".scopecheck-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// A write that failed: the target was left as it was, which the message says.
fn failed(path: &Path, source: std::io::Error) -> Error {
    let hint = match source.raw_os_error() {
        // EFBIG: `ulimit -f` or the file system's largest file.
        Some(27) => "; the file-size limit (ulimit -f) is smaller than the file",
        _ => "",
    };
    Error::Write {
        path: display_path(path),
        source: std::io::Error::new(
            source.kind(),
            format!("{source}{hint}; {} was left as it was", display_path(path)),
        ),
    }
}

fn plan(path: &Path, bytes: &[u8], overwrite: bool) -> Result<Plan, Error> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Plan::Create),
        Err(error) => return Err(failed(path, error)),
    };
    if !metadata.is_file() {
        return Err(failed(
            path,
            std::io::Error::other("it exists and is not a regular file"),
        ));
    }
    let existing = std::fs::read(path).map_err(|error| failed(path, error))?;
    Ok(if existing == bytes {
        Plan::Leave(Written::Unchanged)
    } else if overwrite {
        Plan::Replace(metadata.permissions())
    } else {
        Plan::Leave(Written::Kept)
    })
}

fn commit(path: &Path, bytes: &[u8], replacing: Option<Permissions>) -> Result<Written, Error> {
    let folder = folder_of(path);
    let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    // tempfile's default is 0600; a document should be as readable as any file the user makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    // tempfile's own errors name the temporary file, which the user never chose: they are
    // said in the words of the folder and the file the user asked for.
    let mut temporary = builder.tempfile_in(folder).map_err(|error| {
        let kind = error.kind();
        failed(
            path,
            std::io::Error::new(
                kind,
                format!("cannot create a file in {}: {kind}", display_path(folder)),
            ),
        )
    })?;
    temporary
        .as_file_mut()
        .write_all(bytes)
        .map_err(|error| failed(path, error))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|error| failed(path, error))?;
    if let Some(permissions) = replacing {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(|error| failed(path, error))?;
        temporary
            .persist(path)
            .map_err(|error| failed(path, error.error))?;
        return Ok(Written::Replaced);
    }
    // Another process may have created the file since it was checked: never clobber it.
    match temporary.persist_noclobber(path) {
        Ok(_) => Ok(Written::Created),
        Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(Written::Kept),
        Err(error) => Err(failed(path, error.error)),
    }
}

/// The folder a file is written in ("." for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Removes the temporary files that killed runs left in `folder`: those whose process is gone
/// (or, where processes cannot be looked up, that are over an hour old). Best effort: a file
/// that cannot be removed is left.
fn remove_abandoned(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(TEMPORARY_PREFIX))
            .filter(|rest| rest.ends_with(TEMPORARY_SUFFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_is_running(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_is_running(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let processes = Path::new("/proc");
    if processes.join("self").exists() {
        return processes.join(pid.to_string()).exists();
    }
    // No /proc (macOS, BSD): a file an hour old belongs to no running write.
    entry
        .metadata()
        .and_then(|metadata| metadata.modified())
        .ok()
        .and_then(|modified| modified.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn existing_files_are_kept_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        assert_eq!(write(&path, b"one", false).unwrap(), Written::Created);
        assert_eq!(write(&path, b"one", false).unwrap(), Written::Unchanged);
        assert_eq!(write(&path, b"two", false).unwrap(), Written::Kept);
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        assert_eq!(write(&path, b"two", true).unwrap(), Written::Replaced);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn temporary_files_of_killed_runs_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process id no process has (above Linux's largest), and this process's own.
        let abandoned = dir.path().join(".scopecheck-4294967290-abc123.tmp");
        let ours = dir
            .path()
            .join(format!(".scopecheck-{}-def456.tmp", std::process::id()));
        let unrelated = dir.path().join(".scopecheck-notes.txt");
        for path in [&abandoned, &ours, &unrelated] {
            std::fs::write(path, b"half").unwrap();
        }
        write(&dir.path().join("out.md"), b"new", false).unwrap();
        assert!(!abandoned.exists() || !Path::new("/proc/self").exists());
        assert!(ours.exists() && unrelated.exists());
    }

    #[test]
    fn a_bad_target_fails_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("a.md");
        let bad = dir.path().join("b.md");
        std::fs::create_dir(&bad).unwrap();
        let files = [(good.clone(), b"a".to_vec()), (bad, b"b".to_vec())];
        let error = write_all(&files, true).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        assert!(!good.exists());
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_the_umasks_or_the_replaced_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        // What the umask gives a file any program creates.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, b"").unwrap();
        let umask_mode = std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777;
        write(&path, b"one", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, umask_mode, "{mode:o}");
        std::fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write(&path, b"two", true).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
