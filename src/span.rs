//! Byte spans in a source file and their 1-based line:column positions.

use serde::Serialize;

/// A byte range in a source text, as toml reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A sub-span, `offset` bytes into this one and `len` bytes long, clamped to this span.
    pub fn slice(self, offset: usize, len: usize) -> Span {
        let start = (self.start + offset).min(self.end);
        Span::new(start, (start + len).min(self.end))
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A source file as the user named it, with its text and a line index built once.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown in output: relative and `/`-separated where possible.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let line_start = self.line_starts[line];
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |prefix| prefix.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The whole lines a span touches: the 1-based number of the first and their byte range
    /// (line endings included). A snippet shows only these, so rendering one message costs
    /// the lines it is about, not the whole file.
    pub fn lines_of(&self, span: Span) -> (usize, std::ops::Range<usize>) {
        let first = self.line_index(span.start.min(self.text.len()));
        let last = self.line_index(span.end.min(self.text.len()));
        let end = self
            .line_starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        (first + 1, self.line_starts[first]..end)
    }

    /// The 0-based line an offset (within the text) falls on.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The span of a 1-based line's text, without its line ending.
    pub fn line_span(&self, line: usize) -> Option<Span> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        Some(Span::new(start, start + self.line_text(line).len()))
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let file = SourceFile::new("m.toml", "a = 1\nnamé = \"x\"\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(6), Position { line: 2, column: 1 });
        // "namé = " is 8 bytes but 7 characters.
        assert_eq!(file.position(14), Position { line: 2, column: 8 });
        assert_eq!(file.line_text(2), "namé = \"x\"");
    }

    #[test]
    fn lines_of_a_span_are_whole_lines() {
        let file = SourceFile::new("m.toml", "a = 1\nb = 2\nc = 3");
        assert_eq!(file.lines_of(Span::new(8, 9)), (2, 6..12));
        assert_eq!(file.lines_of(Span::new(2, 9)), (1, 0..12));
        assert_eq!(file.lines_of(Span::new(14, 99)), (3, 12..17));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let file = SourceFile::new("m.toml", "a");
        assert_eq!(file.position(99), Position { line: 1, column: 2 });
    }
}
