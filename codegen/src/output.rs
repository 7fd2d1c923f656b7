//! Writing the generated file atomically, or comparing it with the committed one.

use std::io::Write as _;
use std::path::Path;

use crate::render::Header;
use crate::{Error, GeneratedCode};

/// Result of comparing the committed file with freshly generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// The committed file equals the generated code, ignoring CRLF line endings.
    UpToDate,
    /// The committed file does not exist.
    Missing,
    /// The committed file differs from the generated code.
    Stale {
        /// Reason the file differs.
        cause: StaleCause,
        /// Unified diff from the committed file to the generated code.
        diff: String,
    },
}

/// Reason a committed generated file differs from what the spec produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaleCause {
    /// The spec changed since the file was generated.
    SpecChanged {
        /// Hash recorded in the committed file's header.
        committed: String,
        /// Hash of the spec now.
        current: String,
    },
    /// The header hash matches the spec, so the file body was edited by hand
    /// or the generator itself changed (a dependency bump, say).
    EditedOrGeneratorChanged,
    /// The committed file has no dws-codegen header at all.
    NoHeader,
}

impl std::fmt::Display for StaleCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StaleCause::SpecChanged { committed, current } => write!(
                f,
                "the spec changed since the file was generated (spec SHA-256 {committed} in the file, {current} now)"
            ),
            StaleCause::EditedOrGeneratorChanged => f.write_str(
                "the spec is unchanged, so the file was edited by hand or the generator's dependencies changed",
            ),
            StaleCause::NoHeader => f.write_str(
                "the file has no dws-codegen header, so it was not written by this generator",
            ),
        }
    }
}

/// Writes `code` to `path` through a temporary file in the same folder and a
/// rename, so a failed run leaves the previous file untouched.
///
/// Returns `false` and writes nothing when the file already has these bytes.
///
/// # Errors
///
/// [`Error::Write`] when the temporary file cannot be created, written or
/// renamed over `path`.
pub fn write_atomic(code: &GeneratedCode, path: &Path) -> Result<bool, Error> {
    if let Ok(existing) = std::fs::read_to_string(path)
        && existing == code.source
    {
        return Ok(false);
    }

    let write_error = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::NamedTempFile::new_in(folder).map_err(write_error)?;
    temporary
        .write_all(code.source.as_bytes())
        .map_err(write_error)?;
    let permissions = permissions_for(path, temporary.as_file()).map_err(write_error)?;
    temporary
        .as_file()
        .set_permissions(permissions)
        .map_err(write_error)?;
    temporary.as_file().sync_all().map_err(write_error)?;
    temporary
        .persist(path)
        .map_err(|error| write_error(error.error))?;
    Ok(true)
}

/// Returns the permissions the written file gets: those of the file it
/// replaces, or else those of a new file. The temporary file starts as
/// `rw-------` on Unix, which would otherwise replace the committed mode.
fn permissions_for(
    path: &Path,
    temporary: &std::fs::File,
) -> std::io::Result<std::fs::Permissions> {
    match std::fs::metadata(path) {
        Ok(metadata) => Ok(metadata.permissions()),
        Err(_) => new_file_permissions(temporary),
    }
}

#[cfg(unix)]
fn new_file_permissions(_temporary: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;

    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(temporary: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(temporary.metadata()?.permissions())
}

/// Compares the file at `path` with `code` without writing anything.
///
/// # Errors
///
/// [`Error::ReadOutput`] when the file exists but cannot be read.
pub fn check(code: &GeneratedCode, path: &Path) -> Result<CheckOutcome, Error> {
    let committed = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).replace("\r\n", "\n"),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(CheckOutcome::Missing);
        }
        Err(source) => {
            return Err(Error::ReadOutput {
                path: path.to_owned(),
                source,
            });
        }
    };
    if committed == code.source {
        return Ok(CheckOutcome::UpToDate);
    }

    let cause = match Header::parse_sha256(&committed) {
        None => StaleCause::NoHeader,
        Some(hash) if hash != code.header.spec_sha256 => StaleCause::SpecChanged {
            committed: hash.to_owned(),
            current: code.header.spec_sha256.clone(),
        },
        Some(_) => StaleCause::EditedOrGeneratorChanged,
    };
    let label = path.display().to_string();
    let diff = similar::TextDiff::from_lines(committed.as_str(), code.source.as_str())
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{label} (committed)"),
            &format!("{label} (generated)"),
        )
        .to_string();
    Ok(CheckOutcome::Stale { cause, diff })
}
