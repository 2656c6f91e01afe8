//! A lexer just good enough to split JavaScript and TypeScript into top-level statements
//! and to tell what each one names.

use super::vocabulary::{known_name, names_intercom};
use super::{Statement, Statements, hash, is_word_byte, push_words};

/// Words the grammar reserves: never a name, so they link nothing (unless used as a
/// property, `x.default`, `{ delete: f }`).
const RESERVED: [&str; 45] = [
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
];

/// Keywords after which a `/` starts a regular expression, not a division.
const BEFORE_EXPRESSION: [&str; 14] = [
    "await",
    "case",
    "delete",
    "do",
    "else",
    "in",
    "instanceof",
    "new",
    "of",
    "return",
    "throw",
    "typeof",
    "void",
    "yield",
];

/// Line starts that begin a new statement after a block's `}`, and (the first six, which no
/// expression can continue with and no `if (x)` can take as its body) after any complete line.
const STARTS: [&str; 14] = [
    "export",
    "import",
    "class",
    "const",
    "interface",
    "enum",
    "let",
    "type",
    "declare",
    "namespace",
    "abstract",
    "function",
    "async",
    "var",
];
const STARTS_AFTER_VALUE: usize = 6;

/// What came last before a `/`, a `<` or a line start.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet, an operator, an opening bracket, or a keyword such as `return`: an
    /// expression may start here.
    Operator,
    /// A name, number, string or closing `)` / `]`: a value ended here.
    Value,
    Semicolon,
    /// A `}`.
    Block,
}

/// How the last line of code began.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineHead {
    /// `@decorator`: the statement goes on below it.
    Decorator,
    /// `if`, `for`, `while`, `else`, `do`, `with`: may take the next line as its body.
    Control,
    Other,
}

/// An open bracket, and what closing it means for a `/` after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bracket {
    /// `(`; `control` when it holds the head of `if`, `for`, `while` or `with`, after which
    /// a statement (and so a regular expression) may start.
    Paren {
        control: bool,
    },
    Square,
    Brace,
    /// A template's `${`: its `}` goes back into the template's text.
    Template,
}

/// Splits JavaScript or TypeScript into its top-level statements, or `None` when the text
/// is not plainly lexable (JSX, a `<T>` cast, an unterminated string, mismatched brackets, a
/// `/` after `}` that may be a division or a regular expression, line breaks and spaces other
/// than ASCII ones, HTML-like comments): such a file is parsed whole.
pub(super) fn split(text: &str) -> Option<Statements> {
    if !plain_layout(text) {
        return None;
    }
    Splitter::new(text.as_bytes()).run()
}

/// Whether the text breaks lines and spaces words only as this lexer does: every `\r` is
/// part of a `\r\n`, no Unicode space or line separator (which JavaScript counts as
/// whitespace, so a name glued to one is still a name), no `<!--` or `-->` comment.
fn plain_layout(text: &str) -> bool {
    let bytes = text.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'));
    let unicode_space = !text.is_ascii()
        && text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .chars()
            .any(|c| !c.is_ascii() && (c.is_whitespace() || c == '\u{feff}'));
    let html_comment = memchr::memmem::find(bytes, b"<!--").is_some()
        || memchr::memmem::find(bytes, b"-->").is_some();
    !(lone_cr || unicode_space || html_comment)
}

struct Splitter<'t> {
    text: &'t [u8],
    at: usize,
    row: usize,
    line_start: usize,
    /// The brackets open at `at`, innermost last.
    brackets: Vec<Bracket>,
    /// The last token was `if`, `for`, `while` or `with` (or `for await`): a `(` now opens
    /// its head.
    control_head_next: bool,
    last: Last,
    line_head: LineHead,
    /// The current line has had a token.
    line_has_code: bool,
    statements: Vec<Statement>,
    current: Statement,
    /// The current statement has had a token.
    current_has_code: bool,
}

impl<'t> Splitter<'t> {
    fn new(text: &'t [u8]) -> Splitter<'t> {
        Splitter {
            text,
            at: 0,
            row: 0,
            line_start: 0,
            brackets: Vec::new(),
            control_head_next: false,
            last: Last::Operator,
            line_head: LineHead::Other,
            line_has_code: false,
            statements: Vec::new(),
            current: Statement {
                start: 0,
                end: 0,
                point: (0, 0),
                seed: false,
                words: Vec::new(),
            },
            current_has_code: false,
        }
    }

    fn run(mut self) -> Option<Statements> {
        let text = self.text;
        if text.starts_with(b"#!") {
            while self.at < text.len() && text[self.at] != b'\n' {
                self.at += 1;
            }
        }
        while self.at < text.len() {
            let byte = text[self.at];
            match byte {
                b'\n' => {
                    self.newline();
                    self.at += 1;
                    self.maybe_split_at_line();
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'/' if text.get(self.at + 1) == Some(&b'/') => {
                    let start = self.at;
                    while self.at < text.len() && text[self.at] != b'\n' {
                        self.at += 1;
                    }
                    self.comment(start);
                }
                b'/' if text.get(self.at + 1) == Some(&b'*') => {
                    let start = self.at;
                    self.at += 2;
                    while self.at < text.len() && !text[self.at..].starts_with(b"*/") {
                        self.step();
                    }
                    if self.at >= text.len() {
                        return None;
                    }
                    self.at += 2;
                    self.comment(start);
                }
                // After a block, a regular expression; after an object literal, a division:
                // this lexer does not tell the two apart.
                b'/' if self.last == Last::Block => return None,
                b'/' if self.last == Last::Operator || self.last == Last::Semicolon => {
                    self.code();
                    self.regex()?;
                    self.last = Last::Value;
                }
                b'<' if self.last == Last::Operator || self.last == Last::Semicolon => {
                    // JSX, or a `<T>` cast or generic arrow: text this lexer cannot follow.
                    return None;
                }
                b'\'' | b'"' => {
                    self.code();
                    self.string(byte)?;
                    self.last = Last::Value;
                }
                b'`' => {
                    self.code();
                    self.at += 1;
                    self.template()?;
                }
                b'(' | b'[' | b'{' => {
                    let control = self.control_head_next;
                    self.code();
                    self.brackets.push(match byte {
                        b'(' => Bracket::Paren { control },
                        b'[' => Bracket::Square,
                        _ => Bracket::Brace,
                    });
                    self.at += 1;
                    self.last = Last::Operator;
                }
                b')' | b']' | b'}' => {
                    self.code();
                    let open = self.brackets.pop()?;
                    self.at += 1;
                    self.last = match (byte, open) {
                        (b')', Bracket::Paren { control: true }) => Last::Operator,
                        (b')', Bracket::Paren { control: false }) | (b']', Bracket::Square) => {
                            Last::Value
                        }
                        (b'}', Bracket::Brace) => Last::Block,
                        (b'}', Bracket::Template) => {
                            self.template()?;
                            self.last
                        }
                        _ => return None,
                    };
                }
                b';' => {
                    self.code();
                    self.at += 1;
                    self.last = Last::Semicolon;
                    if self.brackets.is_empty() {
                        self.split_here();
                    }
                }
                _ if is_word_byte(byte) => {
                    let first_on_line = !self.line_has_code;
                    self.code();
                    self.word(first_on_line);
                }
                b'@' => {
                    if !self.line_has_code {
                        self.line_head = LineHead::Decorator;
                    }
                    self.code();
                    self.at += 1;
                    self.last = Last::Operator;
                }
                // `n++ / 2` divides; a prefix `++` is followed by a name, never a `/`.
                b'+' | b'-' if text.get(self.at + 1) == Some(&byte) => {
                    self.code();
                    self.at += 2;
                    if self.last != Last::Value {
                        self.last = Last::Operator;
                    }
                }
                // TypeScript's `x! / 2` divides; JavaScript's `!/re/` tests.
                b'!' if self.last == Last::Value && text.get(self.at + 1) != Some(&b'=') => {
                    self.code();
                    self.at += 1;
                }
                _ => {
                    self.code();
                    self.at += 1;
                    self.last = Last::Operator;
                }
            }
        }
        if !self.brackets.is_empty() {
            return None;
        }
        self.current.end = text.len();
        self.statements.push(self.current);
        for statement in &mut self.statements {
            statement.words.sort_unstable();
            statement.words.dedup();
        }
        Some(Statements {
            list: self.statements,
            end_point: (self.row, text.len() - self.line_start),
        })
    }

    /// One byte forward inside a comment, string or template, counting lines.
    fn step(&mut self) {
        if self.text[self.at] == b'\n' {
            self.newline();
        }
        self.at += 1;
    }

    fn newline(&mut self) {
        self.row += 1;
        self.line_start = self.at + 1;
        self.line_has_code = false;
    }

    /// A token of code starts at `self.at`.
    fn code(&mut self) {
        self.control_head_next = false;
        if !self.line_has_code && self.text[self.at] != b'@' {
            self.line_head = LineHead::Other;
        }
        self.line_has_code = true;
        self.current_has_code = true;
    }

    fn comment(&mut self, start: usize) {
        if names_intercom(&self.text[start..self.at]) {
            self.current.seed = true;
        }
    }

    fn split_here(&mut self) {
        let next = Statement {
            start: self.at,
            end: 0,
            point: (self.row, self.at - self.line_start),
            seed: false,
            words: Vec::new(),
        };
        let mut done = std::mem::replace(&mut self.current, next);
        done.end = self.at;
        self.statements.push(done);
        self.current_has_code = false;
    }

    /// At a line start at the top level: a new statement when the line begins with a
    /// declaration nothing before it can continue.
    fn maybe_split_at_line(&mut self) {
        if !self.brackets.is_empty() || !self.current_has_code {
            return;
        }
        let text = self.text;
        let mut i = self.at;
        while i < text.len() && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        let start = i;
        while i < text.len() && is_word_byte(text[i]) {
            i += 1;
        }
        let word = std::str::from_utf8(&text[start..i]).unwrap_or("");
        let Some(position) = STARTS.iter().position(|start| *start == word) else {
            return;
        };
        if text.get(i).is_some_and(|next| is_word_byte(*next)) {
            return;
        }
        if word == "import" && matches!(text.get(i), Some(b'(' | b'.')) {
            return;
        }
        let splits = match (self.last, self.line_head) {
            (_, LineHead::Decorator) => false,
            (Last::Block, _) => true,
            (Last::Value, LineHead::Other) => position < STARTS_AFTER_VALUE,
            _ => false,
        };
        if splits {
            self.split_here();
        }
    }

    fn word(&mut self, first_on_line: bool) {
        let text = self.text;
        let start = self.at;
        while self.at < text.len() && is_word_byte(text[self.at]) {
            self.at += 1;
        }
        let end = self.at;
        if text[start].is_ascii_digit() {
            self.last = Last::Value;
            return;
        }
        let word = std::str::from_utf8(&text[start..end]).unwrap_or("");
        if first_on_line {
            self.line_head = if matches!(word, "if" | "for" | "while" | "else" | "do" | "with") {
                LineHead::Control
            } else {
                LineHead::Other
            };
        }
        let before = text[..start]
            .iter()
            .rev()
            .find(|byte| !byte.is_ascii_whitespace())
            .copied();
        let after = text[end..]
            .iter()
            .find(|byte| !byte.is_ascii_whitespace())
            .copied();
        let member = before == Some(b'.');
        let reserved = RESERVED.binary_search(&word).is_ok();
        if !reserved || member || (after == Some(b':') && text.get(end + 1) != Some(&b':')) {
            self.current.words.push(hash(word.as_bytes()));
        }
        let called_or_read = member
            || self.previous_word_is(start, b"new")
            || matches!(after, Some(b'(' | b'.' | b'?' | b'`' | b'<' | b'!'));
        if names_intercom(word.as_bytes())
            || matches!(word, "default" | "exports")
            || (called_or_read && !reserved && known_name(word))
        {
            self.current.seed = true;
        }
        // `x.in / 2` divides: a keyword read as a member is a value.
        self.last = if !member && BEFORE_EXPRESSION.contains(&word) {
            Last::Operator
        } else {
            Last::Value
        };
        self.control_head_next = !member
            && (matches!(word, "if" | "for" | "while" | "with")
                || (word == "await" && self.previous_word_is(start, b"for")));
    }

    /// Whether the word before the one at `start` (across whitespace) is `word`.
    fn previous_word_is(&self, start: usize, word: &[u8]) -> bool {
        let before = &self.text[..start];
        let trimmed = before.trim_ascii_end();
        trimmed.ends_with(word)
            && trimmed.len() < before.len()
            && !trimmed[..trimmed.len() - word.len()]
                .last()
                .is_some_and(|byte| is_word_byte(*byte))
    }

    /// A `'` or `"` string; its words link, and it makes the statement matter.
    fn string(&mut self, quote: u8) -> Option<()> {
        let text = self.text;
        self.current.seed = true;
        let start = self.at + 1;
        self.at += 1;
        loop {
            match text.get(self.at)? {
                b'\\' => {
                    if text.get(self.at + 1) == Some(&b'\n') {
                        self.newline();
                    }
                    self.at += 2;
                }
                b'\n' => return None,
                byte if *byte == quote => break,
                _ => self.at += 1,
            }
        }
        push_words(&text[start..self.at], &mut self.current.words);
        self.at += 1;
        Some(())
    }

    /// Template text from `self.at` to its closing `` ` `` or to a `${`, which opens code.
    fn template(&mut self) -> Option<()> {
        let text = self.text;
        self.current.seed = true;
        let start = self.at;
        loop {
            match text.get(self.at)? {
                b'\\' => {
                    self.step();
                    if self.at < text.len() {
                        self.step();
                    }
                }
                b'`' => {
                    push_words(&text[start..self.at], &mut self.current.words);
                    self.at += 1;
                    self.last = Last::Value;
                    return Some(());
                }
                b'$' if text.get(self.at + 1) == Some(&b'{') => {
                    push_words(&text[start..self.at], &mut self.current.words);
                    self.at += 2;
                    self.brackets.push(Bracket::Template);
                    self.last = Last::Operator;
                    return Some(());
                }
                _ => self.step(),
            }
        }
    }

    /// A regular expression literal, from its opening `/` past its flags.
    fn regex(&mut self) -> Option<()> {
        let text = self.text;
        self.at += 1;
        let mut in_class = false;
        loop {
            match text.get(self.at)? {
                b'\\' => self.at += 2,
                b'\n' => return None,
                b'[' => {
                    in_class = true;
                    self.at += 1;
                }
                b']' => {
                    in_class = false;
                    self.at += 1;
                }
                b'/' if !in_class => break,
                _ => self.at += 1,
            }
        }
        self.at += 1;
        while self.at < text.len() && is_word_byte(text[self.at]) {
            self.at += 1;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests;
