//! Text a pull-request author controls (manifest text, file names, scanned code, recorded URLs)
//! reaches CI logs, annotations, Markdown comments and HTML pages. Nothing in it may steer the
//! CI that runs scopecheck or the reader's terminal, so every output escapes it for where it
//! goes:
//!
//! - standard output, standard error and written reports pass through a [`Guard`]: control
//!   characters and bidirectional overrides become visible `\u{..}` escapes (colour sequences
//!   survive only when scopecheck adds colour itself), and nothing can form a GitHub Actions
//!   workflow command: a line that would start with `::` and any `##[` (the runner's older
//!   syntax, honoured anywhere in a line) get one character escaped;
//! - in JSON the same characters become `\uXXXX`, which any JSON reader decodes to the text
//!   as written;
//! - Markdown gets [`markdown`], and HTML minijinja's own escaping.
//!
//! Escapes are visible on purpose: the runner compares text culture-sensitively, which may
//! ignore zero-width characters, and a reviewer should see that something odd was there.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// What a stream carries, which decides how it is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Text for a person (terminal, CI log, Markdown, HTML). `colour`: scopecheck's own colour
    /// (SGR) sequences are kept; any other escape sequence is escaped.
    Text { colour: bool },
    /// JSON (the JSON report, SARIF, GitLab code quality).
    Json,
    /// GitHub workflow commands: scopecheck's own lines start with `::`; their data is escaped
    /// by the renderer.
    GithubCommands,
    /// Shell completions and manual pages: no user text, passed through.
    Raw,
}

/// A writer that escapes what passes through it for its [`Stream`]. Whole lines are escaped as
/// they complete; `flush` also writes a partial line, except a tail that a later write could
/// turn into something to escape (half a character, `#`, `::` at a line's start).
pub struct Guard<W: Write> {
    inner: W,
    stream: Stream,
    pending: Vec<u8>,
    /// Whether the line `pending` continues is blank so far (a `::` there would start a
    /// command, since the runner trims leading space).
    blank_so_far: bool,
}

impl<W: Write> Guard<W> {
    pub fn new(inner: W, stream: Stream) -> Guard<W> {
        Guard {
            inner,
            stream,
            pending: Vec::new(),
            blank_so_far: true,
        }
    }

    /// Writes what is left and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        let end = self.pending.len();
        self.write_up_to(end)?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    /// Escapes and writes `pending[..end]`.
    fn write_up_to(&mut self, end: usize) -> io::Result<()> {
        if end == 0 {
            return Ok(());
        }
        let bytes = &self.pending[..end];
        let escaped = match self.stream {
            Stream::Raw => Cow::Borrowed(bytes),
            Stream::Text { colour } => {
                let text = text_lines(&decode(bytes), colour, true, &mut self.blank_so_far);
                Cow::Owned(text.into_bytes())
            }
            Stream::GithubCommands => {
                Cow::Owned(text_lines(&decode(bytes), false, false, &mut false).into_bytes())
            }
            Stream::Json => Cow::Owned(json(&decode(bytes)).into_bytes()),
        };
        self.inner.write_all(&escaped)?;
        self.pending.drain(..end);
        Ok(())
    }

    /// How much of `pending` can be written now, before more is known: all but a tail that
    /// later bytes could complete into something to escape.
    fn safe_end(&self) -> usize {
        let bytes = &self.pending;
        let mut end = complete_characters(bytes);
        // A colon after nothing but blank space may become `::`.
        if matches!(self.stream, Stream::Text { .. }) && bytes[..end].ends_with(b":") {
            let line_start = match memchr::memrchr(b'\n', &bytes[..end]) {
                Some(newline) => Some(newline + 1),
                None => self.blank_so_far.then_some(0),
            };
            if let Some(line_start) = line_start
                && String::from_utf8_lossy(&bytes[line_start..end - 1])
                    .chars()
                    .all(|c| c.is_whitespace() && !is_dangerous(c))
            {
                return end - 1;
            }
        }
        // `#` or `##`, which may become `##[`.
        let hashes = bytes[..end]
            .iter()
            .rev()
            .take(2)
            .take_while(|&&b| b == b'#')
            .count();
        end -= hashes;
        // An escape sequence not finished yet.
        if let Some(escape) = memchr::memrchr(0x1b, &bytes[..end])
            && bytes[escape + 1..end]
                .iter()
                .all(|&b| b == b'[' || b.is_ascii_digit() || b == b';' || b == b':')
        {
            end = escape;
        }
        end
    }
}

impl<W: Write> Write for Guard<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if memchr::memchr(b'\n', bytes).is_some() {
            let end = memchr::memrchr(b'\n', &self.pending).map_or(0, |newline| newline + 1);
            self.write_up_to(end)?;
        }
        // A long line is written in pieces rather than held whole.
        if self.pending.len() > 64 * 1024 {
            let end = self.safe_end();
            self.write_up_to(end)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let end = self.safe_end();
        self.write_up_to(end)?;
        self.inner.flush()
    }
}

/// The length of `bytes` without a character cut short at its end.
fn complete_characters(bytes: &[u8]) -> usize {
    let tail = bytes.len().saturating_sub(3);
    for at in (tail..bytes.len()).rev() {
        let byte = bytes[at];
        if byte & 0xc0 == 0x80 {
            continue;
        }
        let needed = match byte {
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => 1,
        };
        return if bytes.len() - at < needed {
            at
        } else {
            bytes.len()
        };
    }
    bytes.len()
}

/// Bytes as text, each byte that is not UTF-8 shown as `\x{..}`.
fn decode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(text, "\\x{{{byte:02x}}}");
        }
    }
    text
}

/// Escapes text for a person. `defuse_commands`: a `::` after nothing but blank space on its
/// line is escaped (off for GitHub commands, whose lines are scopecheck's own);
/// `blank_so_far`: whether the line the text continues is blank so far, updated.
fn text_lines(text: &str, colour: bool, defuse_commands: bool, blank_so_far: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let rest = &text[at..];
        if *blank_so_far && defuse_commands {
            if c != '\n' && c.is_whitespace() && !is_dangerous(c) {
                out.push(c);
                continue;
            }
            if rest.starts_with("::") {
                *blank_so_far = false;
                out.push_str("\\u{3a}");
                continue;
            }
        }
        *blank_so_far = false;
        match c {
            '\n' => {
                out.push('\n');
                *blank_so_far = true;
            }
            '#' if rest.starts_with("##[") => {
                out.push_str("##\\u{5b}");
                chars.next();
                chars.next();
            }
            '\u{1b}' if colour => match sgr_len(rest) {
                Some(len) => {
                    out.push_str(&rest[..len]);
                    while chars.peek().is_some_and(|&(next, _)| next < at + len) {
                        chars.next();
                    }
                }
                None => push_escaped(&mut out, c),
            },
            c if is_dangerous(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// The length of a colour (SGR) sequence at the start of `text`: ESC `[` digits `m`.
fn sgr_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix("\u{1b}[")?;
    let params = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';' || *b == b':')
        .count();
    (body.as_bytes().get(params) == Some(&b'm')).then_some(2 + params + 1)
}

/// Characters that move the cursor, start escape sequences, reorder text or end lines in some
/// readers: C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
/// bidirectional embeddings, overrides and isolates ("Trojan Source").
pub fn is_dangerous(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Escapes JSON text: dangerous characters (only possible inside strings) become `\uXXXX`,
/// and `##[` becomes `##\u005b`: the same string to any JSON reader, inert in a CI log.
fn json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, c)) = rest
        .char_indices()
        .find(|&(at, c)| (c == '#' && rest[at..].starts_with("##[")) || is_dangerous(c))
    {
        out.push_str(&rest[..at]);
        if c == '#' {
            out.push_str("##\\u005b");
            rest = &rest[at + 3..];
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
            rest = &rest[at + c.len_utf8()..];
        }
    }
    out.push_str(rest);
    out
}

/// Escapes a whole text at once (an error message, a file's content) for `stream`.
pub fn text(text: &str, stream: Stream) -> String {
    let mut guard = Guard::new(Vec::new(), stream);
    let _ = guard.write_all(text.as_bytes());
    let bytes = guard.finish().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// Text for Markdown, as words and nothing else: no HTML, link, image, table cell break or
/// block (heading, quote, list, fence) can come of it. Spans between backticks stay code,
/// fenced so that they cannot end early; line breaks become spaces.
pub fn markdown(text: &str) -> String {
    let text = line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut parts = text.split('`').peekable();
    let mut in_code = false;
    let mut first = true;
    while let Some(part) = parts.next() {
        if in_code {
            if part.is_empty() && parts.peek().is_some() {
                // An empty pair is two backticks, not code.
                out.push_str("\\`\\`");
            } else if parts.peek().is_some() {
                out.push_str(&code_of_line(part));
            } else {
                // An unmatched backtick: the rest is text, the backtick shown as one.
                out.push_str("\\`");
                push_markdown_text(&mut out, part, false);
            }
        } else {
            push_markdown_text(&mut out, part, first);
        }
        first = false;
        in_code = !in_code;
    }
    out
}

/// Text on one line: line breaks (and runs of them) as single spaces, other dangerous
/// characters shown as `\u{..}`.
pub fn line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_was_break = false;
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            if !last_was_break {
                out.push(' ');
            }
            last_was_break = true;
            continue;
        }
        last_was_break = false;
        if is_dangerous(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn push_markdown_text(out: &mut String, text: &str, starts_value: bool) {
    // A value may start a line in a template: no block marker may begin it.
    let leading = text.len() - text.trim_start().len();
    let mut body = &text[leading..];
    out.push_str(&text[..leading]);
    if starts_value {
        let marker = block_marker_len(body);
        if marker > 0 {
            out.push_str(&body[..marker - 1]);
            out.push('\\');
            body = &body[marker - 1..];
        }
    }
    for c in body.chars() {
        if matches!(c, '\\' | '<' | '>' | '[' | ']' | '|' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Text for a table cell: Markdown text ([`markdown`]) in which no `|`, not even one
/// inside code, ends the cell.
pub fn markdown_cell(text: &str) -> String {
    let text = markdown(text);
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(c);
    }
    out
}

/// The length of a block marker (`# `, `- `, `1. `, `---`, `~~~`) at the start of a
/// value, up to and including the character to escape; 0 for none.
fn block_marker_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let ends_marker = |at: usize| matches!(bytes.get(at), None | Some(b' ' | b'\t'));
    let first = match bytes.first() {
        Some(&first) => first,
        None => return 0,
    };
    let run = bytes.iter().take_while(|&&b| b == first).count();
    let only_run = bytes.iter().all(|&b| b == first || b == b' ' || b == b'\t');
    // `>` needs nothing here: it is escaped wherever it is.
    match first {
        b'#' if run <= 6 && ends_marker(run) => 1,
        b'-' | b'+' | b'*' if ends_marker(1) => 1,
        b'-' | b'*' | b'_' | b'=' if only_run => 1,
        b'~' if run >= 3 => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let ordered = digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && ends_marker(digits + 1);
            if ordered { digits + 1 } else { 0 }
        }
        _ => 0,
    }
}

/// Text as one Markdown code span, whatever backticks it holds.
pub fn code(text: &str) -> String {
    code_of_line(&line(text))
}

/// [`code`] of text already on one line.
fn code_of_line(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty());
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Text for one line inside a fenced code block: shown as written, one line, and unable to
/// close the fence.
pub fn fenced_line(text: &str) -> String {
    let text = line(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
        format!("    {text}")
    } else {
        text
    }
}

/// Paragraphs (separated by blank lines) each as [`markdown`] text, a blank line between.
pub fn markdown_paragraphs(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in normalised.split('\n') {
        if line.trim().is_empty() {
            if !current.trim().is_empty() {
                paragraphs.push(markdown(current.trim()));
            }
            current.clear();
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.trim().is_empty() {
        paragraphs.push(markdown(current.trim()));
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guarded(pieces: &[&[u8]], stream: Stream) -> String {
        let mut guard = Guard::new(Vec::new(), stream);
        for piece in pieces {
            guard.write_all(piece).unwrap();
            guard.flush().unwrap();
        }
        String::from_utf8(guard.finish().unwrap()).unwrap()
    }

    const PLAIN: Stream = Stream::Text { colour: false };

    #[test]
    fn terminal_controls_become_visible() {
        assert_eq!(
            text("a\u{1b}[2Jb\rc\u{7}", PLAIN),
            "a\\u{1b}[2Jb\\u{d}c\\u{7}"
        );
        assert_eq!(
            text("x\u{202e}y\u{2028}z\u{9b}", PLAIN),
            "x\\u{202e}y\\u{2028}z\\u{9b}"
        );
        // Tabs, line ends and ordinary non-ASCII text are left alone.
        assert_eq!(text("é\tü\n", PLAIN), "é\tü\n");
        // Bytes that are not UTF-8 are shown, not dropped.
        assert_eq!(guarded(&[b"a\xffb\n"], PLAIN), "a\\x{ff}b\n");
    }

    #[test]
    fn colour_is_kept_only_when_scopecheck_colours() {
        let coloured = "\u{1b}[1;31merror\u{1b}[0m \u{1b}]0;title\u{7} \u{1b}[2J";
        assert_eq!(
            text(coloured, Stream::Text { colour: true }),
            "\u{1b}[1;31merror\u{1b}[0m \\u{1b}]0;title\\u{7} \\u{1b}[2J"
        );
        assert!(!text(coloured, PLAIN).contains('\u{1b}'));
    }

    #[test]
    fn no_line_can_start_a_workflow_command() {
        let hostile = "purpose\n::error file=x::pwned\n  \u{a0}::add-mask::x\nkeep a::b\n";
        assert_eq!(
            text(hostile, PLAIN),
            "purpose\n\\u{3a}:error file=x::pwned\n  \u{a0}\\u{3a}:add-mask::x\nkeep a::b\n"
        );
        // The runner's older syntax counts anywhere in a line.
        assert_eq!(text("see ###[warning]x", PLAIN), "see ###\\u{5b}warning]x");
        // A carriage return does not start a new line for the escape to miss.
        assert_eq!(text("a\r::set-output", PLAIN), "a\\u{d}::set-output");
        // GitHub commands keep their own `::` lines.
        assert_eq!(text("::error::x\n", Stream::GithubCommands), "::error::x\n");
    }

    #[test]
    fn patterns_split_across_writes_are_still_found() {
        let pieces: [&[u8]; 6] = [
            b"a\n",
            b" :",
            b":error::x\n#",
            b"#",
            b"[y \xc3",
            b"\xa9\x1b[2",
        ];
        assert_eq!(
            guarded(&pieces, PLAIN),
            "a\n \\u{3a}:error::x\n##\\u{5b}y é\\u{1b}[2"
        );
        // Blank space already written does not hide a later `::`.
        let blank = " ".repeat(70 * 1024);
        let written = guarded(&[blank.as_bytes(), b"::error::x\n"], PLAIN);
        assert!(
            written.ends_with(" \\u{3a}:error::x\n"),
            "{}",
            &written[written.len() - 20..]
        );
        // What is safe is written at each flush, not held to the end.
        let mut guard = Guard::new(Vec::new(), PLAIN);
        guard.write_all(b"progress 1/3").unwrap();
        guard.flush().unwrap();
        assert_eq!(guard.inner, b"progress 1/3");
    }

    #[test]
    fn json_stays_the_same_json() {
        let value = serde_json::json!({"purpose": "x\u{202e}y ##[error]z \u{85} \u{1b}"});
        let written = serde_json::to_string_pretty(&value).unwrap();
        let escaped = text(&written, Stream::Json);
        assert!(
            !escaped.contains("##[") && !escaped.contains('\u{202e}'),
            "{escaped}"
        );
        assert!(
            escaped.contains("##\\u005b") && escaped.contains("\\u202e"),
            "{escaped}"
        );
        let read: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(read, value);
    }

    #[test]
    fn markdown_text_is_only_text() {
        assert_eq!(
            markdown("<script>alert(1)</script> [x](https://evil) ![i](y) a|b \\"),
            "\\<script\\>alert(1)\\</script\\> \\[x\\](https://evil) !\\[i\\](y) a\\|b \\\\"
        );
        // No block can start: headings, quotes, lists, numbered lists; lines join.
        assert_eq!(markdown("# title"), "\\# title");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("a\n> quote\n\n- item"), "a \\> quote - item");
        assert_eq!(markdown("---"), "\\---");
        // What only looks like a marker is left alone.
        assert_eq!(markdown("2.16 and -x, #5, 3.5 s"), "2.16 and -x, #5, 3.5 s");
        // Backticks keep making code, fenced so the code cannot end early.
        assert_eq!(markdown("calls `GET /x` first"), "calls `GET /x` first");
        assert_eq!(markdown("one ` tick <b>"), "one \\` tick \\<b\\>");
        assert_eq!(markdown("a``b"), "a\\`\\`b");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("GET /x"), "`GET /x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn a_fenced_line_cannot_close_its_fence() {
        assert_eq!(fenced_line("read: <b>[x]"), "read: <b>[x]");
        assert_eq!(fenced_line("```\n# pwned"), "    ``` # pwned");
    }

    #[test]
    fn paragraphs_stay_paragraphs() {
        assert_eq!(
            markdown_paragraphs("First line\nsame paragraph.\r\n\r\n<b>Second</b>"),
            "First line same paragraph.\n\n\\<b\\>Second\\</b\\>"
        );
    }
}
