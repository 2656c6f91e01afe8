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
        if let Some(newline) = memchr::memchr(b'\n', &bytes[start..at]) {
            start += newline + 1;
        }
        let mut end = (at + WINDOW_BYTES).min(bytes.len());
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[at..end]) {
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
        line += bytecount::count(between, b'\n');
        if let Some(last) = memchr::memrchr(b'\n', between) {
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

/// A match found while streaming a file: where, and the line and column (in characters) it
/// is on.
struct Found {
    at: usize,
    line: usize,
    column: usize,
}

/// How much of a large file is read at a time: a buffer that stays in cache, reused.
const CHUNK_BYTES: usize = 256 * 1024;
/// Kept from the end of one chunk for the next, so a match across the seam is found.
const SEAM_BYTES: usize = 256;

/// What streaming a large file gave.
pub(crate) struct Streamed {
    pub(crate) parts: Parts,
    /// A NUL byte early on: not source.
    pub(crate) binary: bool,
    /// `about` matched somewhere in the text.
    pub(crate) about: bool,
}

/// Reads a large file through a small reused buffer, finding `matcher`'s matches and
/// counting lines as it goes, then reads only the windows around the matches: a file of any
/// size costs one pass over its bytes and no allocation of its size.
pub(crate) fn stream(
    file: &mut std::fs::File,
    find: &dyn Fn(&[u8]) -> Vec<usize>,
    about: &dyn Fn(&[u8]) -> bool,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Streamed> {
    use std::io::{Read, Seek, SeekFrom};
    let mut found: Vec<Found> = Vec::new();
    let (mut line, mut column) = (1usize, 0usize);
    // `buffer[0]` is at `offset` in the file; lines and columns are counted up to `counted`.
    let (mut offset, mut counted, mut next_match) = (0usize, 0usize, 0usize);
    let mut about_found = false;
    let mut first = true;
    buffer.clear();
    loop {
        let kept = buffer.len();
        buffer.resize(kept + CHUNK_BYTES, 0);
        let read = file.read(&mut buffer[kept..])?;
        buffer.truncate(kept + read);
        if first {
            first = false;
            if buffer[..buffer.len().min(8192)].contains(&0) {
                return Ok(Streamed {
                    parts: Parts {
                        parts: Vec::new(),
                        windows: 0,
                    },
                    binary: true,
                    about: false,
                });
            }
        }
        about_found = about_found || about(buffer);
        for start in find(buffer) {
            let at = offset + start;
            if at < next_match {
                continue;
            }
            next_match = at + 1;
            count(
                &buffer[counted - offset..at - offset],
                &mut line,
                &mut column,
            );
            counted = at;
            found.push(Found { at, line, column });
        }
        if read == 0 {
            break;
        }
        // The seam goes on to the next chunk; what is before it is counted now.
        let seam_start = buffer.len().saturating_sub(SEAM_BYTES);
        let next_offset = offset + seam_start;
        if next_offset > counted {
            count(
                &buffer[counted - offset..seam_start],
                &mut line,
                &mut column,
            );
            counted = next_offset;
        }
        buffer.drain(..seam_start);
        offset = next_offset;
    }
    let size = offset + buffer.len();
    // The windows: around each match, from a line start where one is near, merged.
    let mut windows: Vec<Window> = Vec::new();
    for hit in &found {
        let from = hit.at.saturating_sub(WINDOW_BYTES);
        let to = (hit.at + WINDOW_BYTES).min(size);
        let mut around = vec![0; to - from];
        file.seek(SeekFrom::Start(from as u64))?;
        file.read_exact(&mut around)?;
        let before = &around[..hit.at - from];
        let (start, line, column) = match memchr::memchr(b'\n', before) {
            Some(newline) => {
                let start = from + newline + 1;
                let lines = bytecount::count(&before[newline + 1..], b'\n');
                (start, hit.line - lines, 0)
            }
            None => (from, hit.line, hit.column - chars(before)),
        };
        let after = &around[hit.at - from..];
        let end = match memchr::memrchr(b'\n', after) {
            Some(newline) => hit.at + newline,
            None => to,
        };
        match windows.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => windows.push(Window {
                start,
                end,
                line,
                column,
            }),
        }
    }
    let count = windows.len();
    let mut parts = Vec::new();
    for window in windows.into_iter().take(MAX_WINDOWS) {
        let mut text = vec![0; window.end - window.start];
        file.seek(SeekFrom::Start(window.start as u64))?;
        file.read_exact(&mut text)?;
        parts.push((text, window));
    }
    Ok(Streamed {
        parts: Parts {
            parts,
            windows: count,
        },
        binary: false,
        about: about_found,
    })
}

/// Moves `line` and `column` (characters since the last line break) over `bytes`.
fn count(bytes: &[u8], line: &mut usize, column: &mut usize) {
    match memchr::memrchr(b'\n', bytes) {
        Some(last) => {
            *line += bytecount::count(bytes, b'\n');
            *column = chars(&bytes[last + 1..]);
        }
        None => *column += chars(bytes),
    }
}

/// Characters in UTF-8 text: the bytes that start one.
fn chars(bytes: &[u8]) -> usize {
    bytecount::num_chars(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streaming a file gives the windows reading it whole gives: across chunk seams, on
    /// lines longer than a window, after multi-byte characters.
    #[test]
    fn streaming_a_file_finds_the_windows_reading_it_whole_finds() {
        let matcher = regex::bytes::Regex::new("(?i-u)intercom").expect("regex");
        let mut cases: Vec<Vec<u8>> = Vec::new();
        // Matches cut by each seam, lines of code around them.
        let mut text = Vec::new();
        let mut n = 0;
        while text.len() < 3 * CHUNK_BYTES {
            text.extend_from_slice(format!("const é{n} = compute({n}); // naïve\n").as_bytes());
            n += 1;
        }
        for seam in 1..3 {
            let at = seam * CHUNK_BYTES - SEAM_BYTES - 4;
            text[at..at + 8].copy_from_slice(b"InterCom");
        }
        cases.push(text);
        // One long line (a minified bundle) with matches far from any line break.
        let mut long = "é".repeat(CHUNK_BYTES).into_bytes();
        // (At even offsets: on character boundaries, the text stays UTF-8.)
        for at in [
            5_000,
            CHUNK_BYTES - SEAM_BYTES + 100,
            CHUNK_BYTES + 8,
            2 * CHUNK_BYTES - 10,
        ] {
            long[at..at + 8].copy_from_slice(b"intercom");
        }
        long.extend_from_slice(b"\nfetch('https://api.intercom.io/admins');\n");
        cases.push(long);
        for bytes in cases {
            let mut file = tempfile::tempfile().expect("temp file");
            std::io::Write::write_all(&mut file, &bytes).expect("write");
            std::io::Seek::rewind(&mut file).expect("rewind");
            let mut buffer = Vec::new();
            let find = |chunk: &[u8]| matcher.find_iter(chunk).map(|m| m.start()).collect();
            let about = |chunk: &[u8]| matcher.is_match(chunk);
            let streamed = stream(&mut file, &find, &about, &mut buffer).expect("stream");
            let matches: Vec<usize> = matcher.find_iter(&bytes).map(|m| m.start()).collect();
            let whole = Parts::cut(&bytes, &matches);
            assert!(!streamed.binary && streamed.about);
            assert_eq!(streamed.parts.windows, whole.windows);
            assert!(whole.windows > 1);
            for ((text, window), (expected_text, expected)) in
                streamed.parts.parts.iter().zip(&whole.parts)
            {
                assert_eq!(
                    (window.start, window.end, window.line, window.column),
                    (expected.start, expected.end, expected.line, expected.column)
                );
                assert_eq!(text, expected_text);
            }
        }
    }
}
