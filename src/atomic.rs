//! Writing files the way a user can trust: all or nothing (a temporary file in the same
//! folder, then a rename), and never over an existing file unless asked.

use std::io::Write;
use std::path::Path;

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

/// Writes `bytes` to `path` atomically. An existing file with other content is replaced
/// only when `overwrite` is set.
pub fn write(path: &Path, bytes: &[u8], overwrite: bool) -> Result<Written, Error> {
    let failed = |source| Error::Write {
        path: display_path(path),
        source,
    };
    let existing = match std::fs::read(path) {
        Ok(existing) => Some(existing),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(failed(error)),
    };
    match &existing {
        Some(existing) if existing == bytes => return Ok(Written::Unchanged),
        Some(_) if !overwrite => return Ok(Written::Kept),
        _ => {}
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(failed)?;
    temporary.write_all(bytes).map_err(failed)?;
    temporary.as_file().sync_all().map_err(failed)?;
    if existing.is_some() {
        temporary
            .persist(path)
            .map_err(|error| failed(error.error))?;
        return Ok(Written::Replaced);
    }
    // Another process may have created the file since it was read: never clobber it.
    match temporary.persist_noclobber(path) {
        Ok(_) => Ok(Written::Created),
        Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists && !overwrite => {
            Ok(Written::Kept)
        }
        Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
            error
                .file
                .persist(path)
                .map_err(|error| failed(error.error))?;
            Ok(Written::Replaced)
        }
        Err(error) => Err(failed(error.error)),
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
}
