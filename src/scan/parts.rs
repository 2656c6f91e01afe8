//! Generated code (a bundle, a file over a megabyte, a line longer than a person writes) is
//! not parsed whole: only the parts around each match of the byte search are, so time stays
//! linear in the file's size however the file is shaped.

/// Source files larger than this, or with a line longer than a person writes, are generated:
/// they are read around each match of the byte search, not parsed whole.
pub(crate) const PARSE_WHOLE_BYTES: usize = 1024 * 1024;
/// How much is read on each side of a match in a generated file.
const WINDOW_BYTES: usize = 2048;
/// At most this many windows are read in one file; a note says when more were left.
pub(crate) const MAX_WINDOWS: usize = 1000;

/// Whether a file is read in parts rather than parsed whole.
pub(crate) fn is_generated(bytes: &[u8]) -> bool {
    bytes.len() > PARSE_WHOLE_BYTES || super::role::is_minified(bytes)
}

/// A part of a file read on its own.
pub(crate) struct Window {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The line it starts on, and the characters before it on that line.
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// A generated file's parts, copied out of the buffer it was read into.
pub(crate) struct Parts {
    /// The text of each part, with its window (offsets in the file, line and column).
    pub(crate) parts: Vec<(Vec<u8>, Window)>,
    /// How many windows the file has (only the first `MAX_WINDOWS` are kept).
    pub(crate) windows: usize,
}

impl Parts {
    pub(crate) fn cut(bytes: &[u8], matches: &[usize]) -> Parts {
        let windows = windows(bytes, matches);
        let count = windows.len();
        Parts {
            parts: windows
                .into_iter()
                .take(MAX_WINDOWS)
                .map(|window| (bytes[window.start..window.end].to_vec(), window))
                .collect(),
            windows: count,
        }
    }

    /// What to say about a file read in parts.
    pub(crate) fn note(&self, path: &str) -> String {
        if self.windows > MAX_WINDOWS {
            format!(
                "{path}: generated or minified; read around the first {MAX_WINDOWS} of {} matches only",
                self.windows
            )
        } else {
            format!(
                "{path}: generated or minified; read around its {} matches, not parsed whole",
                self.windows
            )
        }
    }
}

/// The parts of a file around `matches`, merged where they overlap, starting at a line
/// start where the line is not too long.
pub(crate) fn windows(bytes: &[u8], matches: &[usize]) -> Vec<Window> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &at in matches {
        let mut start = at.saturating_sub(WINDOW_BYTES);
        if let Some(newline) = bytes[start..at].iter().position(|&b| b == b'\n') {
            start += newline + 1;
        }
        let mut end = (at + WINDOW_BYTES).min(bytes.len());
        if let Some(newline) = bytes[at..end].iter().rposition(|&b| b == b'\n') {
            end = at + newline;
        }
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => ranges.push((start, end)),
        }
    }
    // Lines and columns, counted once from the start of the file.
    let mut windows = Vec::new();
    let (mut line, mut line_start, mut counted) = (1, 0, 0);
    for (start, end) in ranges {
        // Counted with a vectorised search: a 50 MB file is counted in milliseconds.
        let between = &bytes[counted..start];
        line += between.iter().filter(|&&b| b == b'\n').count();
        if let Some(last) = between.iter().rposition(|&b| b == b'\n') {
            line_start = counted + last + 1;
        }
        counted = start;
        let column = String::from_utf8_lossy(&bytes[line_start..start])
            .chars()
            .count();
        windows.push(Window {
            start,
            end,
            line,
            column,
        });
    }
    windows
}
