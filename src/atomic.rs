//! Writing files the way a user can trust: all or nothing (a temporary file in the same
//! folder, then a rename), never over an existing file unless asked, and every target checked
//! before the first is written, so a bad target leaves nothing half done.

use std::fs::Permissions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::display_path;
use crate::error::Error;

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

fn failed(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: display_path(path),
        source,
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
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scopecheck-");
    // tempfile's default is 0600; a document should be as readable as any file the user makes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut temporary = builder
        .tempfile_in(folder)
        .map_err(|error| failed(path, error))?;
    temporary
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
